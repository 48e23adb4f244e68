import assert from "node:assert/strict";
import { readFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { network } from "hardhat";
import { type Browser, chromium } from "playwright-core";
import type { Hex } from "viem";
import { parseEther, parseEventLogs } from "viem";

import type { FilmMetadata } from "@streamspace/core/film-metadata";

import { startBackend } from "../dev/backend.js";
import { invokeFunction, lambdaClient } from "../dev/functions-offline.js";
import { makeSubtitles, makeTestFilm } from "../dev/media.js";
import { accountsByRole, type Connection, deployPlatform, localKeyOf, mined } from "../dev/platform.js";
import { freePorts } from "../dev/ports.js";
import { publishUpload, uploadFilm } from "../dev/publish.js";
import { sessionFor } from "../dev/sign-in.js";

const ROOT = join(import.meta.dirname, "..");
/** Screenshots of what a person sees, kept for a look after the run (not committed). */
export const SCREENSHOTS = join(ROOT, "test-output", "screenshots");
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];

/**
 * An EIP-1193 provider for the page, forwarding to the test's wallet (a string: the test runner's
 * transpiler may add helpers to a function's source that do not exist in the page).
 */
const INJECTED_WALLET = "window.ethereum = { request: ({ method, params = [] }) => window.__wallet(method, params) };";

/**
 * Playing a film in a real browser (Debian's Chromium through playwright-core): a film made by ffmpeg
 * is uploaded, packaged, stored on IPFS and registered; a fan's wallet rents it on the local chain,
 * signs in from the page, and hls.js plays the encrypted stream from the IPFS gateway with the key
 * from the key server. Then the settle function settles the purchase from the receipt the key server
 * signed.
 */
describe("watching a film in a browser", () => {
  let dir: string;
  let chain: Awaited<ReturnType<typeof network.createServer>>;
  let connection: Connection;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let roles: Awaited<ReturnType<typeof accountsByRole>>;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let browser: Browser;
  let page: Server;
  let pageUrl: string;
  let rpcUrl: string;
  let lambdaPort: number;
  let filmId: bigint;
  let metadata: FilmMetadata;
  let purchaseId: bigint;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "streamspace-player-"));
    const [rpcPort, lambda, httpPort] = await freePorts(3);
    lambdaPort = lambda!;
    rpcUrl = `http://127.0.0.1:${rpcPort}`;
    chain = await network.createServer("default", "127.0.0.1", rpcPort);
    await chain.listen();
    connection = await network.create({ network: "localhost", override: { url: rpcUrl } });
    roles = await accountsByRole(connection);
    const chainId = await (await connection.viem.getPublicClient()).getChainId();
    platform = await deployPlatform(connection, { deploymentId: `player-test-${process.pid}` });
    backend = await startBackend({
      rpcUrl,
      chainId,
      contracts: {
        PayPerView: platform.payPerView.address,
        FilmRegistry: platform.filmRegistry.address,
        CuratorStaking: platform.curatorStaking.address,
        ExchangeRateOracle: platform.oracle.address,
        TokenExchange: platform.tokenExchange.address,
      },
      dir,
      ports: { lambda: lambdaPort, http: httpPort! },
    });

    // The filmmaker publishes a 12-second film with English and Korean subtitles.
    const ada = await sessionFor({ api: backend.api, account: localKeyOf("filmmakerAda"), domain: backend.siweDomain, chainId });
    const uploaded = await uploadFilm({
      api: backend.api,
      token: ada,
      master: await makeTestFilm({ dir, width: 1280, height: 720, seconds: 12, title: "The Last Lighthouse" }),
      details: { title: "The Last Lighthouse", synopsis: "A keeper and a light.", genres: ["drama"], languages: ["ko"], countries: ["KR"], credits: { directors: ["Ada Park"], writers: [], producers: [], cast: [], crew: [] } },
      subtitles: [
        { language: "en", name: "English", path: await makeSubtitles({ dir, language: "en", seconds: 12, text: "The light" }) },
        { language: "ko", name: "한국어", path: await makeSubtitles({ dir, language: "ko", seconds: 12, text: "등대" }) },
      ],
    });
    const registered = await mined(connection, platform.filmRegistry.write.registerFilm([uploaded.metadataUri, parseEther("3"), 86_400n, [roles.filmmakerAda], [10_000], 0n], { account: roles.filmmakerAda }));
    filmId = parseEventLogs({ abi: platform.filmRegistry.abi, eventName: "FilmRegistered", logs: registered.logs })[0]!.args.filmId;
    await publishUpload({ api: backend.api, token: ada, uploadId: uploaded.uploadId, filmId });
    metadata = (await (await fetch(backend.ipfs.toGatewayUrl(uploaded.metadataUri))).json()) as FilmMetadata;

    // The fan rents it.
    await mined(connection, platform.ssh.write.transfer([roles.fan, parseEther("3")], { account: roles.treasury }));
    await mined(connection, platform.ssh.write.approve([platform.payPerView.address, parseEther("3")], { account: roles.fan }));
    await mined(connection, platform.payPerView.write.purchase([filmId, parseEther("3")], { account: roles.fan }));
    purchaseId = BigInt((await platform.payPerView.read.rentalOf([filmId, roles.fan])).purchaseId);

    // The test page and hls.js, from their own origin.
    page = createServer(async (request, response) => {
      const path = new URL(request.url!, "http://x").pathname;
      const file = path === "/hls.min.js" ? join(ROOT, "node_modules", "hls.js", "dist", "hls.min.js") : path === "/" ? join(ROOT, "test", "fixtures", "player.html") : undefined;
      if (!file) return response.writeHead(404).end();
      response.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8" });
      response.end(await readFile(file));
    });
    await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    page?.close();
    await backend?.close();
    await chain?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A page with the fan's wallet injected (EIP-1193): the wallet signs; everything else goes to the chain. */
  async function fanPage() {
    const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
    const tab = await context.newPage();
    const fan = localKeyOf("fan");
    await tab.exposeFunction("__wallet", async (method: string, params: unknown[]) => {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return [fan.address];
      if (method === "personal_sign") return fan.signMessage({ message: { raw: params[0] as Hex } });
      const answer = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
      const { result, error } = (await answer.json()) as { result?: unknown; error?: { message: string } };
      if (error) throw new Error(error.message);
      return result;
    });
    await tab.addInitScript(INJECTED_WALLET);
    await tab.goto(`${pageUrl}?api=${encodeURIComponent(backend.api)}&address=${fan.address}`);
    return { context, tab };
  }

  it("plays the encrypted film for the fan who rented it: frames decode, time advances, seeking works, subtitles are listed", async () => {
    const { context, tab } = await fanPage();
    const playlist = backend.ipfs.toGatewayUrl(metadata.video.playlist);
    const token = await tab.evaluate(() => (window as unknown as { signIn: () => Promise<string> }).signIn());
    await tab.evaluate(([t, f, p]) => (window as unknown as { play: (...a: string[]) => Promise<void> }).play(t!, f!, p!), [token, String(filmId), playlist]);

    const state = () =>
      tab.evaluate(() => {
        const video = document.querySelector("video")!;
        const hls = (window as unknown as { hls: { subtitleTracks: { lang: string; name: string }[]; levels: { height: number }[] } }).hls;
        return {
          time: video.currentTime,
          frames: video.getVideoPlaybackQuality().totalVideoFrames,
          errors: (window as unknown as { hlsErrors: string[] }).hlsErrors,
          subtitles: hls.subtitleTracks.map((t) => `${t.lang}:${t.name}`),
          levels: hls.levels.map((l) => l.height),
        };
      });
    await tab.waitForTimeout(3_000);
    const early = await state();
    await tab.waitForTimeout(1_500);
    const later = await state();
    assert.ok(later.time > early.time && early.time > 1, `time advances: ${early.time} → ${later.time}`);
    assert.ok(later.frames > early.frames && early.frames > 20, `frames decode: ${early.frames} → ${later.frames}`);
    assert.deepEqual(later.subtitles, ["en:English", "ko:한국어"]);
    assert.deepEqual([...later.levels].sort((a, b) => b - a), [720, 480, 360]);
    await tab.screenshot({ path: join(SCREENSHOTS, "player-playing.png") });

    // Seek to 8 s: playback resumes from there.
    await tab.evaluate(() => {
      const video = document.querySelector("video")!;
      video.currentTime = 8;
    });
    await tab.waitForFunction(() => document.querySelector("video")!.currentTime > 8.5, undefined, { timeout: 10_000 });
    const sought = await state();
    assert.ok(sought.time > 8.5);
    assert.deepEqual(sought.errors.filter((e) => e.endsWith(":fatal")), [], "no fatal error");
    // Turn English subtitles on: the cue for this moment shows.
    await tab.evaluate(() => {
      (window as unknown as { hls: { subtitleTrack: number; subtitleDisplay: boolean } }).hls.subtitleTrack = 0;
    });
    const cue = await tab.waitForFunction(
      () => {
        const track = [...document.querySelector("video")!.textTracks].find((t) => t.mode === "showing");
        const active = track?.activeCues?.[0] as VTTCue | undefined;
        return active?.text;
      },
      undefined,
      { timeout: 10_000 },
    );
    assert.match(String(await cue.jsonValue()), /^The light \d+$/);
    await tab.screenshot({ path: join(SCREENSHOTS, "player-subtitles.png") });
    await context.close();
  });

  it("does not play for a wallet that did not rent it", async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const stranger = localKeyOf("fan2");
    await tab.exposeFunction("__wallet", async (method: string, params: unknown[]) => {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return [stranger.address];
      if (method === "eth_chainId") return "0x7a69";
      if (method === "personal_sign") return stranger.signMessage({ message: { raw: params[0] as Hex } });
      throw new Error(`unexpected ${method}`);
    });
    await tab.addInitScript(INJECTED_WALLET);
    await tab.goto(`${pageUrl}?api=${encodeURIComponent(backend.api)}&address=${stranger.address}`);
    const token = await tab.evaluate(() => (window as unknown as { signIn: () => Promise<string> }).signIn());
    const refused = await tab.evaluate(
      ([t, f, p]) => (window as unknown as { play: (...a: string[]) => Promise<void> }).play(t!, f!, p!).then(() => "played", (e: Error) => e.message),
      [token, String(filmId), backend.ipfs.toGatewayUrl(metadata.video.playlist)],
    );
    assert.match(refused, /^key URL: 403 .*no_access/);
    await context.close();
  });

  it("settles the purchase from the receipt the key server signed, through the settle function", async () => {
    const result = (await invokeFunction(lambdaClient(lambdaPort), "settle")) as { settled: string[] };
    assert.deepEqual(result.settled, [String(purchaseId)]);
    assert.equal(await platform.payPerView.read.purchaseState([purchaseId, filmId, roles.fan]), 2, "settled: the filmmaker is paid");
  });
});
