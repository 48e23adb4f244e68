/**
 * `npm run bench` (content), on the local platform as `npm start` runs it (a chain served over JSON-RPC,
 * the functions under serverless-offline, s3rver, the IPFS node, the media worker):
 *
 * - packaging speed: the worker's ladder (1080p source: 1080/720/480/360, encrypted) as a multiple of
 *   real time; and for an already-encoded rendition, AES-128 HLS packaging (ffmpeg, stream copy) and
 *   adding the package to IPFS, in MB/s (goal: at least 100 MB/s);
 * - key request latency through the local key function, p50 and p99 over 200 requests (goal: p99 at
 *   most 100 ms);
 * - time to first frame in Chromium from pressing play, with the playlist, key and first segment
 *   fetched before the press, median and p90 over 20 plays (goal: at most 1.5 s).
 *
 * Timings vary with the machine's load (2 shared cores): goals to read, not assertions.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parseEther, parseEventLogs } from "viem";

import type { FilmMetadata } from "@streamspace/core/film-metadata";
import { packageFilm } from "@streamspace/functions/media/package";

import { startPlatformWithBackend } from "../dev/backend.ts";
import { launchBrowser, servePlayerPage, walletPage } from "../dev/browser.ts";
import { makeTestFilm } from "../dev/media.ts";
import { localKeyOf, mined } from "../dev/platform.ts";
import { publishUpload, uploadFilm } from "../dev/publish.ts";
import { sessionFor } from "../dev/sign-in.ts";

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;
const dir = await mkdtemp(join(tmpdir(), "streamspace-bench-content-"));
const dirSize = async (path: string): Promise<number> => {
  let total = 0;
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  return total;
};

// Packaging: the whole ladder from a 1080p master.
const seconds = 20;
const master1080 = await makeTestFilm({ dir, name: "1080.mp4", width: 1920, height: 1080, seconds, bitrateKbps: 8_000 });
let started = performance.now();
const ladder = await packageFilm({ input: master1080, outDir: join(dir, "ladder"), encryption: { key: randomBytes(16), keyUri: "http://127.0.0.1/keys/x" } });
const ladderSeconds = (performance.now() - started) / 1000;
console.log(`packaging: ${seconds} s of 1080p into ${ladder.renditions.map((r) => r.name).join("/")}, encrypted: ${ladderSeconds.toFixed(1)} s = ${(seconds / ladderSeconds).toFixed(2)}x real time`);

// An already-encoded rendition: encrypted HLS by stream copy, then added to IPFS.
const encoded = await makeTestFilm({ dir, name: "encoded.mp4", width: 1280, height: 720, seconds: 120, bitrateKbps: 12_000 });
const encodedBytes = (await stat(encoded)).size;
await writeFile(join(dir, "film.key"), randomBytes(16));
await writeFile(join(dir, "keyinfo"), `http://127.0.0.1/keys/x\n${join(dir, "film.key")}\n${randomBytes(16).toString("hex")}\n`);
await mkdir(join(dir, "copy"));
started = performance.now();
const copy = spawnSync("ffmpeg", ["-v", "error", "-i", encoded, "-c", "copy", "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod", "-hls_key_info_file", join(dir, "keyinfo"), "-hls_segment_filename", join(dir, "copy", "segment%05d.ts"), join(dir, "copy", "index.m3u8")]);
if (copy.status !== 0) throw new Error(copy.stderr.toString());
const encryptSeconds = (performance.now() - started) / 1000;

const local = await startPlatformWithBackend({ name: "bench-content", env: { POWERTOOLS_LOG_LEVEL: "WARN" } });
const { connection, chainId, platform, roles, rpcUrl, backend } = local;
try {
  const packageBytes = await dirSize(join(dir, "copy"));
  started = performance.now();
  await backend.ipfs.store.addDirectory(join(dir, "copy"));
  const addSeconds = (performance.now() - started) / 1000;
  const mb = (bytes: number, s: number) => (bytes / 1e6 / s).toFixed(0);
  console.log(
    `an encoded rendition (${(encodedBytes / 1e6).toFixed(0)} MB): AES-128 HLS by stream copy ${mb(encodedBytes, encryptSeconds)} MB/s, ` +
      `IPFS add ${mb(packageBytes, addSeconds)} MB/s, both ${mb(encodedBytes, encryptSeconds + addSeconds)} MB/s (goal 100)`,
  );

  const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  const t0 = performance.now();
  // A published film and a fan who rented it.
  const ada = await sessionFor({ api: backend.api, account: localKeyOf("filmmakerAda"), domain: backend.siweDomain, chainId });
  const uploaded = await uploadFilm({
    api: backend.api,
    token: ada,
    master: await makeTestFilm({ dir, name: "film.mp4", width: 1280, height: 720, seconds: 30 }),
    details: { title: "Bench", synopsis: "Timing.", genres: ["short"], languages: ["en"], countries: [], credits: { directors: ["Ada"], writers: [], producers: [], cast: [], crew: [] } },
  });
  const registered = await mined(connection, platform.filmRegistry.write.registerFilm([uploaded.metadataUri, parseEther("1"), 86_400n, [roles.filmmakerAda, roles.composer], [9_000, 1_000], 0n], { account: roles.filmmakerAda }));
  const filmId = parseEventLogs({ abi: platform.filmRegistry.abi, eventName: "FilmRegistered", logs: registered.logs })[0]!.args.filmId;
  await publishUpload({ api: backend.api, token: ada, uploadId: uploaded.uploadId, filmId });
  console.log(`(a film published in ${elapsed(t0)})`);
  for (const fan of ["fan", "fan2"] as const) {
    await mined(connection, platform.ssh.write.transfer([roles[fan], parseEther("1")], { account: roles.treasury }));
    await mined(connection, platform.ssh.write.approve([platform.payPerView.address, parseEther("1")], { account: roles[fan] }));
    await mined(connection, platform.payPerView.write.purchase([filmId, parseEther("1")], { account: roles[fan] }));
  }

  // Key latency: 200 key requests from four wallets (two renters, the owner, a rights holder: 50 each,
  // under the per-session limit), each checked on-chain; a renter's first queues its receipt.
  const keyUrls: string[] = [];
  for (const role of ["fan", "fan2", "filmmakerAda", "composer"] as const) {
    const token = await sessionFor({ api: backend.api, account: localKeyOf(role), domain: backend.siweDomain, chainId });
    const answer = await fetch(`${backend.api}/films/${filmId}/key`, { headers: { authorization: `Bearer ${token}` } });
    if (!answer.ok) throw new Error(`key URL for ${role}: ${answer.status} ${await answer.text()}`);
    keyUrls.push(((await answer.json()) as { url: string }).url);
  }
  const latencies: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const answer = await fetch(keyUrls[i % keyUrls.length]!);
    await answer.arrayBuffer();
    if (answer.status !== 200) throw new Error(`key request ${i}: ${answer.status}`);
    latencies.push(performance.now() - t);
  }
  console.log(`key requests through the local function: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms over 200 (goal: p99 100 ms)`);

  // Time to first frame: the fan signs in on the page, the player prepares, then "presses play" 20 times.
  const metadata = (await (await fetch(backend.ipfs.toGatewayUrl(uploaded.metadataUri))).json()) as FilmMetadata;
  const playlist = backend.ipfs.toGatewayUrl(metadata.video.playlist);
  const browser = await launchBrowser();
  const player = await servePlayerPage();
  const { page } = await walletPage({ browser, url: `${player.url}?api=${encodeURIComponent(backend.api)}&address=${localKeyOf("fan").address}`, account: localKeyOf("fan"), rpcUrl });
  const token = await page.evaluate(() => (window as unknown as { signIn: () => Promise<string> }).signIn());
  const firstFrames: number[] = [];
  for (let i = 0; i < 20; i++) {
    await page.evaluate(([t, f, p]) => (window as unknown as { prepare: (...a: string[]) => Promise<void> }).prepare(t!, f!, p!), [token, String(filmId), playlist]);
    firstFrames.push(await page.evaluate(() => (window as unknown as { pressPlay: () => Promise<number> }).pressPlay()));
  }
  console.log(`first frame after pressing play (Chromium, hls.js, prepared): median ${quantile(firstFrames, 0.5).toFixed(0)} ms, p90 ${quantile(firstFrames, 0.9).toFixed(0)} ms over 20 (goal 1,500 ms)`);
  await browser.close();
  await player.close();
} finally {
  // Whatever happened, nothing is left running.
  await local.close();
  await rm(dir, { recursive: true, force: true });
}
