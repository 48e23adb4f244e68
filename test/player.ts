import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import type { Browser } from "playwright-core";
import type { LocalAccount } from "viem";
import { parseEther, parseEventLogs } from "viem";

import type { FilmMetadata } from "@streamspace/core/film-metadata";
import { ReceiptStore } from "@streamspace/functions/receipts/receipt-store";

import { type startBackend, startPlatformWithBackend } from "../dev/backend.js";
import { launchBrowser, playback, playOnPage, SCREENSHOTS, servePlayerPage, walletPage } from "../dev/browser.js";
import { invokeFunction, lambdaClient } from "../dev/functions-offline.js";
import { makeSubtitles, makeTestFilm } from "../dev/media.js";
import type { accountsByRole, Connection, deployPlatform } from "../dev/platform.js";
import { localKeyOf, mined } from "../dev/platform.js";
import { publishUpload, uploadFilm } from "../dev/publish.js";
import { sessionFor } from "../dev/sign-in.js";

/**
 * Playing a film in a real browser (Debian's Chromium through playwright-core): a film made by ffmpeg
 * is uploaded, packaged, stored on IPFS and registered; a fan's wallet rents it on the local chain,
 * signs in from the page, and hls.js plays the encrypted stream from the IPFS gateway with the key
 * from the key server. Then the settle function settles the purchase from the receipt the key server
 * signed.
 */
describe("watching a film in a browser", () => {
  let dir: string;
  let local: Awaited<ReturnType<typeof startPlatformWithBackend>>;
  let connection: Connection;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let roles: Awaited<ReturnType<typeof accountsByRole>>;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let browser: Browser;
  let pageServer: Awaited<ReturnType<typeof servePlayerPage>>;
  let rpcUrl: string;
  let lambdaPort: number;
  let filmId: bigint;
  let metadata: FilmMetadata;
  let purchaseId: bigint;

  before(async () => {
    local = await startPlatformWithBackend({ name: "player-test" });
    ({ connection, platform, roles, rpcUrl, backend, dir, lambdaPort } = local);
    const chainId = local.chainId;

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

    pageServer = await servePlayerPage();
    browser = await launchBrowser();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await pageServer?.close();
    await local?.close();
  });

  const pageFor = (account: LocalAccount) =>
    walletPage({ browser, url: `${pageServer.url}?api=${encodeURIComponent(backend.api)}&address=${account.address}`, account, rpcUrl });

  it("plays the encrypted film for the fan who rented it: frames decode, time advances, seeking works, subtitles are listed", async () => {
    const { context, page: tab } = await pageFor(localKeyOf("fan"));
    assert.equal(await playOnPage(tab, filmId, backend.ipfs.toGatewayUrl(metadata.video.playlist)), "playing");
    const state = () => playback(tab);
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
        const tracks = document.querySelector("video")!.textTracks;
        const track = Array.from({ length: tracks.length }, (_, i) => tracks[i]!).find((t) => t.mode === "showing");
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
    const { context, page: tab } = await pageFor(localKeyOf("fan2"));
    const refused = await playOnPage(tab, filmId, backend.ipfs.toGatewayUrl(metadata.video.playlist));
    assert.match(refused, /^key URL: 403 .*no_access/);
    await context.close();
  });

  it("settles the purchase from the receipt the key server signed, through the settle function", async () => {
    // Now (its every-minute schedule may have got there first during a long run: then it has nothing left).
    const result = (await invokeFunction(lambdaClient(lambdaPort), "settle")) as { settled: string[] };
    assert.ok(result.settled.every((id) => id === String(purchaseId)), `settled ${result.settled}`);
    const [stored] = (await new ReceiptStore(backend.dynamo.client, backend.dynamo.tables.receipts).byStatus("settled")).filter((r) => r.receipt.purchaseId === purchaseId);
    assert.ok(stored, "the key server's receipt, settled");
    assert.equal(await platform.payPerView.read.purchaseState([purchaseId, filmId, roles.fan]), 2, "settled: the filmmaker is paid");
  });
});
