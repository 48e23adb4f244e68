import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createDecipheriv } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { parseEther, parseEventLogs } from "viem";

import { rawCidV1 } from "@streamspace/core/cid";
import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import type { FilmMetadata } from "@streamspace/core/film-metadata";

import { type startBackend, startPlatformWithBackend } from "../dev/backend.js";
import { FUNCTIONS_DIST } from "../dev/functions-build.js";
import { makeSubtitles, makeTestFilm, makeTestPoster } from "../dev/media.js";
import type { accountsByRole, Connection, deployPlatform } from "../dev/platform.js";
import { localKeyOf, mined } from "../dev/platform.js";
import { sessionFor } from "../dev/sign-in.js";

const DETAILS = {
  title: "The Last Lighthouse",
  synopsis: "A keeper on a Jeju island refuses to leave the light that no ship needs any more.",
  releaseYear: 2026,
  genres: ["drama"],
  languages: ["ko", "en"],
  countries: ["KR"],
  credits: { directors: ["Ada Park"], writers: ["Ada Park"], cast: [{ name: "Min Lee", character: "The keeper" }], crew: [{ name: "Sam Cho", job: "Composer" }] },
};

/**
 * A film from the filmmaker's upload to a fan's key, through every real part: the functions under
 * serverless-offline, object storage (s3rver) fed by presigned part URLs, the media worker (ffmpeg),
 * the IPFS node and its gateway, the chain. Then deletion.
 */
describe("publishing a film", () => {
  let dir: string;
  let local: Awaited<ReturnType<typeof startPlatformWithBackend>>;
  let connection: Connection;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let roles: Awaited<ReturnType<typeof accountsByRole>>;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let chainId: number;
  let master: Buffer;
  let ada: string;
  let uploadId: string;
  let metadata: FilmMetadata;
  let filmId: bigint;

  before(async () => {
    local = await startPlatformWithBackend({
      name: "ingest-test",
      runWorker: false,
      log: process.env.DEBUG_FUNCTIONS ? (line) => console.log(line) : undefined,
      workerLeaseMs: 1_500,
    });
    ({ connection, platform, roles, chainId, backend, dir } = local);
    // A 9-second 720p film at a high bitrate: over one 16 MiB part, so it uploads in two.
    master = await readFile(await makeTestFilm({ dir, width: 1280, height: 720, seconds: 9, bitrateKbps: 20_000 }));
    ada = await sessionFor({ api: backend.api, account: localKeyOf("filmmakerAda"), domain: backend.siweDomain, chainId });
  });
  after(async () => {
    await local?.close();
  });

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${backend.api}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async <T,>(response: Response, status = 200): Promise<T> => {
    const text = await response.text();
    assert.equal(response.status, status, text);
    return JSON.parse(text) as T;
  };
  type Parts = { partSize: number; parts: { partNumber: number; url: string }[] };
  /** As the dapp sends a part: PUT to its presigned URL, then report the ETag storage answered. */
  const putPart = async (id: string, partNumber: number, url: string, bytes: Buffer, file = "master") => {
    const answer = await fetch(url, { method: "PUT", body: new Uint8Array(bytes) });
    assert.equal(answer.status, 200, await answer.text());
    const etag = answer.headers.get("etag");
    assert.ok(etag);
    await json(await call("POST", `/uploads/${id}/parts`, ada, { file, partNumber, etag }));
  };

  it("uploads a master in parts straight to object storage, resuming after an interruption", async () => {
    const subtitles = [{ language: "en", name: "English", text: await readFile(await makeSubtitles({ dir, language: "en", seconds: 9, text: "The light" }), "utf8") }];
    const started = await json<{ uploadId: string; files: { master: Parts } }>(
      await call("POST", "/uploads", ada, { details: DETAILS, files: { master: { size: master.length, contentType: "video/mp4" } }, subtitles }),
      201,
    );
    uploadId = started.uploadId;
    const { partSize, parts } = started.files.master;
    assert.equal(parts.length, 2);
    await putPart(uploadId, 1, parts[0]!.url, master.subarray(0, partSize));

    // The connection drops; later the page asks where the upload is and sends only what is missing.
    assert.equal((await call("POST", `/uploads/${uploadId}/complete`, ada)).status, 409, "part 2 is missing");
    const resumed = await json<{ status: string; files: { master: { uploadedParts: number[]; uploadedBytes: number; parts: Parts["parts"] } } }>(await call("GET", `/uploads/${uploadId}`, ada));
    assert.equal(resumed.status, "uploading");
    assert.deepEqual(resumed.files.master.uploadedParts, [1]);
    assert.equal(resumed.files.master.uploadedBytes, partSize);
    assert.deepEqual(resumed.files.master.parts.map((p) => p.partNumber), [2]);
    await putPart(uploadId, 2, resumed.files.master.parts[0]!.url, master.subarray(partSize));
    assert.equal((await json<{ status: string }>(await call("POST", `/uploads/${uploadId}/complete`, ada))).status, "queued");
    assert.equal((await json<{ status: string }>(await call("POST", `/uploads/${uploadId}/complete`, ada))).status, "queued", "again: harmless");
    // Nobody else sees it.
    const fan = await sessionFor({ api: backend.api, account: localKeyOf("fan"), domain: backend.siweDomain, chainId });
    assert.equal((await call("GET", `/uploads/${uploadId}`, fan)).status, 404);
  });

  it("packages it with progress; a worker killed mid-transcode is replaced, the job restarts cleanly with the same key", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const doomed = backend.newWorker({ onProgress: (_, stage, progress) => (seen.push(progress), stage === "transcoding" && progress > 0.3 && controller.abort()) });
    assert.equal(await doomed.runOnce(controller.signal), uploadId);
    const interrupted = await backend.uploads.get(uploadId);
    assert.equal(interrupted?.status, "packaging", "left for another worker");
    assert.equal(interrupted?.attempt, 1);
    assert.ok(interrupted?.keyId);
    assert.equal(interrupted?.pinned, undefined, "nothing was published");
    assert.ok(seen.some((p) => p > 0.3));

    // Its lease runs out; another worker takes the job from the start.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const progress: number[] = [];
    assert.equal(await backend.newWorker({ onProgress: (_, __, p) => progress.push(p) }).runOnce(), uploadId);
    const packaged = await json<{ status: string; attempt: number; progress: number; metadataUri: string; runtimeSeconds: number }>(await call("GET", `/uploads/${uploadId}`, ada));
    assert.equal(packaged.status, "packaged");
    assert.equal(packaged.attempt, 2);
    assert.equal(packaged.progress, 1);
    assert.equal(packaged.runtimeSeconds, 9);
    assert.ok(progress.every((p, i) => i === 0 || p >= progress[i - 1]!), "progress only goes forward");
    const done = await backend.uploads.get(uploadId);
    assert.equal(done?.keyId, interrupted?.keyId, "the same film key");
    assert.equal(done?.pinned?.length, 2, "one package and one metadata document");

    metadata = (await (await fetch(backend.ipfs.toGatewayUrl(packaged.metadataUri))).json()) as FilmMetadata;
    assert.equal(metadata.schema, "streamspace/film@1");
    assert.equal(metadata.title, DETAILS.title);
    assert.deepEqual(metadata.credits.cast, DETAILS.credits.cast);
    assert.deepEqual(metadata.video.renditions.map((r) => r.name), ["720p", "480p", "360p"]);
    assert.deepEqual(metadata.video.subtitles.map((s) => s.language), ["en"]);
    assert.equal(metadata.video.keyId, done?.keyId);
    const poster = await fetch(backend.ipfs.toGatewayUrl(metadata.poster));
    assert.equal(poster.headers.get("content-type"), "image/jpeg");
  });

  it("replaces a packaged upload's details and poster before registration; bad posters and details are refused and change nothing", async () => {
    const before = (await backend.uploads.get(uploadId))!;
    const jpeg = await readFile(await makeTestPoster({ dir, name: "poster.jpg", width: 400, height: 600 }));
    const png = await readFile(await makeTestPoster({ dir, name: "poster.png", width: 300, height: 450 }));
    const tiny = await readFile(await makeTestPoster({ dir, name: "tiny.jpg", width: 120, height: 80 }));
    const edit = (body: unknown, token = ada) => call("PUT", `/uploads/${uploadId}/metadata`, token, body);
    const refusal = async (response: Response, status: number, message: RegExp) => {
      const body = await json<{ message: string }>(response, status);
      assert.match(body.message, message);
    };
    const details = { ...DETAILS, title: "The Last Lighthouse (director's cut)" };
    await refusal(await edit({ details, poster: { contentType: "image/png", data: jpeg.toString("base64") } }), 415, /not a PNG image/);
    await refusal(await edit({ details, poster: { contentType: "image/gif", data: jpeg.toString("base64") } }), 415, /not a JPEG or PNG/);
    await refusal(await edit({ details, poster: { contentType: "image/jpeg", data: "not base64!" } }), 400, /base64/);
    await refusal(await edit({ details, poster: { contentType: "image/jpeg", data: jpeg.subarray(0, 10).toString("base64") } }), 415, /not a JPEG/);
    await refusal(await edit({ details, poster: { contentType: "image/jpeg", data: tiny.toString("base64") } }), 400, /120×80 pixels/);
    await refusal(await edit({ details: { ...details, title: " " } }), 400, /title: is required/);
    await refusal(await edit({ details: { ...details, genres: ["telenovela"] } }), 400, /genres/);
    const luis = await sessionFor({ api: backend.api, account: localKeyOf("filmmakerLuis"), domain: backend.siweDomain, chainId });
    assert.equal((await edit({ details }, luis)).status, 404, "not Luis's upload");
    assert.deepEqual(await backend.uploads.get(uploadId), before, "nothing changed");

    const { metadataUri } = await json<{ metadataUri: string }>(await edit({ details, poster: { contentType: "image/png", data: png.toString("base64") } }));
    assert.notEqual(metadataUri, before.metadataUri);
    const document = (await (await fetch(backend.ipfs.toGatewayUrl(metadataUri))).json()) as FilmMetadata;
    assert.equal(document.title, details.title);
    assert.deepEqual({ ...document, title: DETAILS.title, poster: metadata.poster }, metadata, "the package, runtime and everything else kept");
    assert.deepEqual(Buffer.from(await (await fetch(backend.ipfs.toGatewayUrl(document.poster))).arrayBuffer()), png, "the poster as given");
    // The same bytes make the same CID through the functions (Kubo RPC) as through the worker's store.
    assert.equal(`ipfs://${await backend.ipfs.store.addBytes(new TextEncoder().encode(JSON.stringify(document, null, 2)))}`, metadataUri);
    const after = (await backend.uploads.get(uploadId))!;
    assert.equal(after.metadataUri, metadataUri, "the URI to register with");
    assert.equal(after.pinned?.length, 4, "package, first document, poster, new document: all unpinned on deletion");

    // Again with the same details: the same document. Without a poster: the current poster is kept.
    assert.equal((await json<{ metadataUri: string }>(await edit({ details }))).metadataUri, metadataUri);
    metadata = document;
  });

  it("publishes the film once it is registered with that metadata; then a fan who rents it gets the key that decrypts it", async () => {
    const bogus = await mined(connection, platform.filmRegistry.write.registerFilm(["ipfs://bafkreisomethingelse", parseEther("1"), 86_400n, [roles.filmmakerAda], [10_000], 0n], { account: roles.filmmakerAda }));
    const [wrong] = parseEventLogs({ abi: platform.filmRegistry.abi, eventName: "FilmRegistered", logs: bogus.logs });
    const mismatch = await call("POST", `/uploads/${uploadId}/publish`, ada, { filmId: String(wrong!.args.filmId) });
    assert.equal(mismatch.status, 409);
    assert.match(((await mismatch.json()) as { message: string }).message, /points to ipfs:\/\/bafkreisomethingelse/);

    const { metadataUri } = (await backend.uploads.get(uploadId))!;
    const registered = await mined(connection, platform.filmRegistry.write.registerFilm([metadataUri!, parseEther("3"), 86_400n, [roles.filmmakerAda, roles.composer], [9_000, 1_000], 0n], { account: roles.filmmakerAda }));
    const [event] = parseEventLogs({ abi: platform.filmRegistry.abi, eventName: "FilmRegistered", logs: registered.logs });
    filmId = event!.args.filmId;
    const luis = await sessionFor({ api: backend.api, account: localKeyOf("filmmakerLuis"), domain: backend.siweDomain, chainId });
    assert.equal((await call("POST", `/uploads/${uploadId}/publish`, luis, { filmId: String(filmId) })).status, 404, "not Luis's upload");
    assert.equal((await json<{ status: string }>(await call("POST", `/uploads/${uploadId}/publish`, ada, { filmId: String(filmId) }))).status, "published");

    // A fan rents it, signs in, and decrypts the first segment with the key the server gives.
    const price = parseEther("3");
    await mined(connection, platform.ssh.write.transfer([roles.fan, price], { account: roles.treasury }));
    await mined(connection, platform.ssh.write.approve([platform.payPerView.address, price], { account: roles.fan }));
    await mined(connection, platform.payPerView.write.purchase([filmId, price], { account: roles.fan }));
    const fan = await sessionFor({ api: backend.api, account: localKeyOf("fan"), domain: backend.siweDomain, chainId });
    const { url } = await json<{ url: string }>(await call("GET", `/films/${filmId}/key`, fan));
    const key = Buffer.from(await (await fetch(url)).arrayBuffer());
    const playlistUrl = backend.ipfs.toGatewayUrl(metadata.video.playlist).replace("master.m3u8", "360p/index.m3u8");
    const playlist = await (await fetch(playlistUrl)).text();
    const [, keyUri, iv] = playlist.match(/#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)",IV=0x([0-9a-f]{32})/)!;
    assert.equal(keyUri, `${backend.api}/keys/${metadata.video.keyId}`);
    const segment = Buffer.from(await (await fetch(new URL("segment00000.ts", playlistUrl))).arrayBuffer());
    const decipher = createDecipheriv("aes-128-cbc", key, Buffer.from(iv!, "hex"));
    const plain = Buffer.concat([decipher.update(segment), decipher.final()]);
    assert.equal(plain[0], 0x47, "MPEG-TS once decrypted");
  });

  it("stores a review's text on IPFS only for a wallet that watched the film (a settled purchase); its CID goes on-chain with the rating", async () => {
    const fan = await sessionFor({ api: backend.api, account: localKeyOf("fan"), domain: backend.siweDomain, chainId });
    const text = "A keeper, a light, an island.\nQuiet and true. 등대지기의 이야기.";
    const store = (body: unknown, token = fan) => call("POST", "/reviews/texts", token, body);
    const refusal = async (response: Response, status: number, message: RegExp) => assert.match((await json<{ message: string }>(response, status)).message, message);
    // Rented, not yet delivered: not a verified view.
    await refusal(await store({ filmId: String(filmId), text }), 403, /no settled purchase/);
    const rental = await platform.payPerView.read.rentalOf([filmId, roles.fan]);
    const receipt = { purchaseId: BigInt(rental.purchaseId), viewer: roles.fan, filmId, deadline: 2n ** 40n };
    const signature = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: platform.payPerView.address, receipt });
    await mined(connection, platform.payPerView.write.settle([receipt, signature], { account: roles.deliverySigner }));

    await refusal(await store({ filmId: String(filmId), text: "  " }), 400, /empty/);
    await refusal(await store({ filmId: String(filmId), text: "x".repeat(2_001) }), 413, /over 2000 characters/);
    await refusal(await store({ filmId: String(filmId), text: "bell\u0007" }), 400, /control characters/);
    await refusal(await store({ filmId: "0", text }), 400, /not an id/);
    await refusal(await store({ filmId: String(filmId), text: 42 }), 400, /must be a string/);
    const luis = await sessionFor({ api: backend.api, account: localKeyOf("filmmakerLuis"), domain: backend.siweDomain, chainId });
    await refusal(await store({ filmId: String(filmId), text }, luis), 403, /only its viewers/);
    const { cid } = await json<{ cid: string }>(await store({ filmId: String(filmId), text: ` ${text} ` }));
    assert.equal(cid, rawCidV1(new TextEncoder().encode(text)), "the trimmed text's own content address");
    assert.equal(await (await fetch(backend.ipfs.toGatewayUrl(`ipfs://${cid}`))).text(), text);
    await mined(connection, platform.filmReviews.write.review([filmId, 5, cid], { account: roles.fan }));
    assert.equal((await platform.filmReviews.read.reviewOf([filmId, roles.fan])).rating, 5);
  });

  it("refuses bad uploads with the reason, and publishes nothing of them", async () => {
    const start = (files: unknown, details: unknown = DETAILS) => call("POST", "/uploads", ada, { details, files });
    const refusal = async (response: Response, status: number, error: string) => {
      const body = await json<{ error: string; message: string }>(response, status);
      assert.equal(body.error, error, body.message);
      return body.message;
    };
    await refusal(await start({ master: { size: 0, contentType: "video/mp4" } }), 400, "invalid_file");
    await refusal(await start({ master: { size: 3 * 1024 ** 3, contentType: "video/mp4" } }), 413, "file_too_large");
    await refusal(await start({ master: { size: 100, contentType: "application/pdf" } }), 415, "not_a_video");
    assert.match(await refusal(await start({ master: { size: 100, contentType: "video/mp4" } }, { ...DETAILS, title: "" }), 400, "invalid_details"), /^title: is required$/);
    assert.match(await refusal(await start({ master: { size: 100, contentType: "video/mp4" } }, { ...DETAILS, genres: ["noir"] }), 400, "invalid_details"), /^genres\[0\]: is not one of/);
    assert.equal((await call("POST", "/uploads", undefined, { details: DETAILS })).status, 401);

    // Announced as a film, but a text file: it uploads, and the worker refuses it with the reason.
    const text = Buffer.from("INT. LIGHTHOUSE - NIGHT\n".repeat(2_000));
    const notVideo = await json<{ uploadId: string; files: { master: Parts } }>(await start({ master: { size: text.length, contentType: "video/mp4" } }), 201);
    await putPart(notVideo.uploadId, 1, notVideo.files.master.parts[0]!.url, text);
    await json(await call("POST", `/uploads/${notVideo.uploadId}/complete`, ada));
    await backend.newWorker().runOnce();
    const failed = await json<{ status: string; error: string }>(await call("GET", `/uploads/${notVideo.uploadId}`, ada));
    assert.equal(failed.status, "failed");
    assert.match(failed.error, /^not a video file ffmpeg can read/);
    const record = await backend.uploads.get(notVideo.uploadId);
    assert.equal(record?.pinned, undefined, "nothing on IPFS");
    assert.equal((await backend.filmKeys.record(record!.keyId!))?.status, "destroyed", "its key is destroyed");

    // Truncated in transit: fewer bytes arrive than were announced.
    const cut = await json<{ uploadId: string; files: { master: Parts } }>(await start({ master: { size: 1_000_000, contentType: "video/mp4" } }), 201);
    await putPart(cut.uploadId, 1, cut.files.master.parts[0]!.url, master.subarray(0, 600_000));
    assert.match(await refusal(await call("POST", `/uploads/${cut.uploadId}/complete`, ada), 409, "size_mismatch"), /600000 bytes arrived, 1000000 were announced/);
    const cutRecord = await backend.uploads.get(cut.uploadId);
    assert.equal(cutRecord?.status, "failed", "nothing queued");
    await assert.rejects(backend.masters.download(cutRecord!.files.master.s3Key, join(dir, "cut")), /NoSuchKey|does not exist/, "the short file is removed");
    // Parts of a finished upload are refused.
    assert.equal((await call("POST", `/uploads/${cut.uploadId}/parts`, ada, { file: "master", partNumber: 1, etag: '"0123456789abcdef0123456789abcdef"' })).status, 409);
  });

  it("packages with the production worker (the bundled container entry point, storing through Kubo's RPC), with a free trailer", async () => {
    const film = await readFile(await makeTestFilm({ dir, name: "second.mp4", seconds: 5 }));
    const trailer = await readFile(await makeTestFilm({ dir, name: "trailer.mp4", seconds: 3, title: "Trailer" }));
    const started = await json<{ uploadId: string; files: { master: Parts; trailer: Parts } }>(
      await call("POST", "/uploads", ada, {
        details: { ...DETAILS, title: "Second Light" },
        files: { master: { size: film.length, contentType: "video/mp4" }, trailer: { size: trailer.length, contentType: "video/mp4" } },
      }),
      201,
    );
    await putPart(started.uploadId, 1, started.files.master.parts[0]!.url, film);
    await putPart(started.uploadId, 1, started.files.trailer.parts[0]!.url, trailer, "trailer");
    await json(await call("POST", `/uploads/${started.uploadId}/complete`, ada));
    const worker = spawn(process.execPath, [join(FUNCTIONS_DIST, "media-worker.mjs")], {
      // As its container gets it: the stage's configuration only (nothing else of this process's environment).
      env: { PATH: process.env.PATH, ...backend.env, IPFS_RPC_URL: backend.ipfs.rpcUrl, WORK_DIR: join(dir, "container-work"), POWERTOOLS_LOG_LEVEL: "ERROR" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    worker.stdout.on("data", (d: Buffer) => (output += d));
    worker.stderr.on("data", (d: Buffer) => (output += d));
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    try {
      let state = { status: "queued", metadataUri: "" };
      for (let i = 0; i < 120 && state.status !== "packaged" && state.status !== "failed" && worker.exitCode === null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        state = await json(await call("GET", `/uploads/${started.uploadId}`, ada));
      }
      assert.equal(state.status, "packaged", output);
      const document = (await (await fetch(backend.ipfs.toGatewayUrl(state.metadataUri))).json()) as FilmMetadata;
      assert.equal(document.title, "Second Light");
      assert.equal((await fetch(backend.ipfs.toGatewayUrl(document.video.playlist))).status, 200, "pinned on the node, served by its gateway");
      // The trailer: anyone may watch it, so nothing in it is encrypted.
      const trailerMaster = backend.ipfs.toGatewayUrl(document.trailer!.playlist);
      const variant = (await (await fetch(trailerMaster)).text()).split("\n").find((l) => l.endsWith(".m3u8"))!;
      const trailerPlaylist = await (await fetch(new URL(variant, trailerMaster))).text();
      assert.doesNotMatch(trailerPlaylist, /EXT-X-KEY/);
      const segment = Buffer.from(await (await fetch(new URL(trailerPlaylist.split("\n").find((l) => l.endsWith(".ts"))!, new URL(variant, trailerMaster)))).arrayBuffer());
      assert.equal(segment[0], 0x47, "plain MPEG-TS");
    } finally {
      worker.kill("SIGTERM");
      await exited;
    }
  });

  it("edits a published film's details for its owner on-chain: a new document to point the film to; the package kept", async () => {
    const edit = (body: unknown, token = ada, id = filmId) => call("PUT", `/films/${id}/metadata`, token, body);
    const luis = await sessionFor({ api: backend.api, account: localKeyOf("filmmakerLuis"), domain: backend.siweDomain, chainId });
    const details = { ...DETAILS, title: "The Last Lighthouse", synopsis: "A keeper stays with a light no ship needs.", genres: ["drama", "family"] };
    assert.equal((await edit({ details }, luis)).status, 403, "only the film's owner");
    assert.equal((await edit({ details }, ada, 999n)).status, 404);
    assert.equal((await edit({ details: { ...details, releaseYear: 1700 } })).status, 400);
    const jpeg = await readFile(join(dir, "poster.jpg"));
    const written = await json<{ metadataUri: string; current: boolean }>(await edit({ details, poster: { contentType: "image/jpeg", data: jpeg.toString("base64") } }));
    assert.equal(written.current, false);
    const onChain = () => platform.filmRegistry.read.metadataURI([filmId]);
    assert.notEqual(await onChain(), written.metadataUri, "nothing changes on-chain until the owner points the film to it");
    const document = (await (await fetch(backend.ipfs.toGatewayUrl(written.metadataUri))).json()) as FilmMetadata;
    assert.deepEqual(document.video, metadata.video);
    assert.deepEqual(document.genres, ["drama", "family"]);
    await mined(connection, platform.filmRegistry.write.setMetadataURI([filmId, written.metadataUri], { account: roles.filmmakerAda }));

    // The next edit starts from what the chain points to: without a poster, that document's poster stays.
    const next = await json<{ metadataUri: string }>(await edit({ details: { ...details, releaseYear: 2025 } }));
    const nextDocument = (await (await fetch(backend.ipfs.toGatewayUrl(next.metadataUri))).json()) as FilmMetadata;
    assert.equal(nextDocument.poster, document.poster);
    assert.equal(nextDocument.releaseYear, 2025);

    // A film pointed elsewhere is not the platform's to rewrite; a new owner may edit.
    await mined(connection, platform.filmRegistry.write.setMetadataURI([filmId, "ipfs://bafkreisomethingelse"], { account: roles.filmmakerAda }));
    assert.equal((await edit({ details })).status, 409);
    await mined(connection, platform.filmRegistry.write.setMetadataURI([filmId, next.metadataUri], { account: roles.filmmakerAda }));
    metadata = nextDocument;
  });

  it("deletes the film: the key is destroyed at once, the package unpinned, the master removed; the fan cannot play any more", async () => {
    const fan = await sessionFor({ api: backend.api, account: localKeyOf("fan"), domain: backend.siweDomain, chainId });
    const { url } = await json<{ url: string }>(await call("GET", `/films/${filmId}/key`, fan));
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await call("DELETE", `/films/${filmId}`, ada)).status, 409, "deleted on-chain first");
    const luis = await sessionFor({ api: backend.api, account: localKeyOf("filmmakerLuis"), domain: backend.siweDomain, chainId });
    assert.equal((await call("DELETE", `/films/${filmId}`, luis)).status, 403);

    await mined(connection, platform.filmRegistry.write.setStatus([filmId, 3], { account: roles.filmmakerAda }));
    await json(await call("DELETE", `/films/${filmId}`, ada));
    assert.equal((await fetch(url)).status, 410, "the key is gone");
    assert.equal((await backend.filmKeys.record(metadata.video.keyId))?.status, "destroyed");

    assert.equal(await backend.newWorker().runOnce(), uploadId);
    assert.equal((await backend.uploads.get(uploadId))?.status, "deleted");
    assert.equal((await fetch(backend.ipfs.toGatewayUrl(metadata.video.playlist))).status, 404, "unpinned from the platform's node");
    assert.equal((await fetch(backend.ipfs.toGatewayUrl(metadata.poster))).status, 404, "the filmmaker's poster too");
    assert.equal((await call("PUT", `/films/${filmId}/metadata`, ada, { details: DETAILS })).status, 410);
    await assert.rejects(backend.masters.download(`masters/${uploadId}/master`, join(dir, "gone")), /NoSuchKey|does not exist/);
    await json(await call("DELETE", `/films/${filmId}`, ada)); // again: harmless
  });
});
