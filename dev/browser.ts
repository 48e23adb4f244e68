import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { type Browser, chromium } from "playwright-core";
import type { Hex, LocalAccount } from "viem";

const ROOT = join(import.meta.dirname, "..");
/** Screenshots of what a person sees, kept for a look after the run (not committed). */
export const SCREENSHOTS = join(ROOT, "test-output", "screenshots");

/** Debian's Chromium, headless, offline-friendly (TOOLCHAIN.md), allowed to autoplay. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

/**
 * The player test page (test/fixtures/player.html: sign in with the injected wallet, get the key URL,
 * play with hls.js) and hls.js, from their own origin, until the dapp has its player.
 */
export async function servePlayerPage() {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url!, "http://x").pathname;
    const file = path === "/hls.min.js" ? join(ROOT, "node_modules", "hls.js", "dist", "hls.min.js") : path === "/" ? join(ROOT, "test", "fixtures", "player.html") : undefined;
    if (!file) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8" });
    response.end(await readFile(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A page with a wallet injected as an EIP-1193 provider: `account` answers for accounts and signs;
 * every other request goes to the chain. (A string script: the test runner's transpiler may add
 * helpers to a function's source that do not exist in the page.)
 */
export async function walletPage({ browser, url, account, rpcUrl }: { browser: Browser; url: string; account: LocalAccount; rpcUrl: string }) {
  const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
  const page = await context.newPage();
  await page.exposeFunction("__wallet", async (method: string, params: unknown[]) => {
    if (method === "eth_requestAccounts" || method === "eth_accounts") return [account.address];
    if (method === "personal_sign") return account.signMessage({ message: { raw: params[0] as Hex } });
    const answer = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    const { result, error } = (await answer.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    // The node's error goes back whole (code and revert data), as a wallet passes it on: the dapp decodes it.
    return error ? { __rpcError: error } : result;
  });
  // An EIP-1193 provider (requests, and the event methods wallets libraries subscribe with: this wallet
  // never changes account or chain by itself, so it emits nothing).
  await page.addInitScript(
    `window.ethereum = {
      async request({ method, params = [] }) {
        const answer = await window.__wallet(method, params);
        if (answer && answer.__rpcError) throw Object.assign(new Error(answer.__rpcError.message), answer.__rpcError);
        return answer;
      },
      on() { return this; },
      removeListener() { return this; },
    };`,
  );
  await page.goto(url);
  return { context, page };
}

/** On the player page: sign in, then play `filmId` from `playlist`; resolves once playing (or rejects with the refusal). */
export async function playOnPage(page: import("playwright-core").Page, filmId: bigint, playlist: string): Promise<string> {
  const token = await page.evaluate(() => (window as unknown as { signIn: () => Promise<string> }).signIn());
  return page.evaluate(
    ([t, f, p]) => (window as unknown as { play: (...a: string[]) => Promise<void> }).play(t!, f!, p!).then(() => "playing", (e: Error) => e.message),
    [token, String(filmId), playlist],
  );
}

/** What the player page's video is doing now. */
export function playback(page: import("playwright-core").Page) {
  return page.evaluate(() => {
    const video = document.querySelector("video")!;
    const hls = (window as unknown as { hls?: { subtitleTracks: { lang: string; name: string }[]; levels: { height: number }[] } }).hls;
    return {
      time: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      errors: (window as unknown as { hlsErrors?: string[] }).hlsErrors ?? [],
      subtitles: hls?.subtitleTracks.map((t) => `${t.lang}:${t.name}`) ?? [],
      levels: hls?.levels.map((l) => l.height) ?? [],
    };
  });
}
