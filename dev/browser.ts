import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { type Browser, chromium } from "playwright-core";
import { createWalletClient, defineChain, type Hex, http, type LocalAccount } from "viem";

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

/** What a test does with the injected wallet: the chain it says it is on, and requests the "user" rejects. */
export interface TestWallet {
  /** The chain id the wallet reports (hex); `wallet_switchEthereumChain` changes it, as a wallet does. */
  chainId?: string;
  /** Methods rejected once each, with EIP-1193's 4001 "User rejected the request." */
  rejectNext: Set<string>;
  /** Every method the page asked, in order (a test counts signature prompts with it). */
  asked: string[];
}

/**
 * A page with a wallet injected as an EIP-1193 provider: `account` answers for accounts and signs;
 * every other request goes to the chain. The wallet may report another chain until the page asks it to
 * switch (then it emits `chainChanged`), and may reject requests as a user would. (A string script: the
 * test runner's transpiler may add helpers to a function's source that do not exist in the page.)
 */
export async function walletPage({ browser, url, account, rpcUrl, wallet = { rejectNext: new Set(), asked: [] } }: { browser: Browser; url: string; account: LocalAccount; rpcUrl: string; wallet?: TestWallet }) {
  const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
  const page = await context.newPage();
  await page.exposeFunction("__wallet", async (method: string, params: unknown[]) => {
    wallet.asked.push(method);
    if (wallet.rejectNext.delete(method)) return { __rpcError: { code: 4001, message: "User rejected the request." } };
    if (method === "eth_requestAccounts" || method === "eth_accounts") return [account.address];
    if (method === "eth_chainId" && wallet.chainId) return wallet.chainId;
    if (method === "wallet_switchEthereumChain") {
      wallet.chainId = (params[0] as { chainId: string }).chainId;
      return { __emit: ["chainChanged", wallet.chainId] };
    }
    if (method === "personal_sign") return account.signMessage({ message: { raw: params[0] as Hex } });
    // Typed data and transactions are signed here, with the account's key, as a wallet does (the node
    // need not know the account).
    if (method === "eth_signTypedData_v4") {
      const { types, domain, primaryType, message } = JSON.parse(params[1] as string);
      delete types.EIP712Domain;
      return account.signTypedData({ types, domain, primaryType, message });
    }
    if (method === "eth_sendTransaction") {
      const tx = params[0] as { to: Hex; data?: Hex; value?: Hex; gas?: Hex };
      const client = createWalletClient({ account, transport: http(rpcUrl) });
      const chainId = await client.getChainId();
      return client.sendTransaction({ chain: defineChain({ id: chainId, name: "local", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } }), to: tx.to, data: tx.data, value: tx.value ? BigInt(tx.value) : undefined, gas: tx.gas ? BigInt(tx.gas) : undefined }).catch((error: Error & { cause?: unknown }) => {
        const rpc = error as unknown as { walk?: (fn: (e: unknown) => boolean) => { code?: number; message?: string; data?: unknown } | null };
        const inner = rpc.walk?.((e) => typeof (e as { code?: unknown }).code === "number");
        return { __rpcError: { code: inner?.code ?? -32603, message: inner?.message ?? error.message, data: inner?.data } };
      });
    }
    const answer = await fetch(rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    const { result, error } = (await answer.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    // The node's error goes back whole (code and revert data), as a wallet passes it on: the dapp decodes it.
    return error ? { __rpcError: error } : result;
  });
  // An EIP-1193 provider with the events wallet libraries subscribe to.
  await page.addInitScript(
    `(() => {
      const listeners = {};
      window.ethereum = {
        async request({ method, params = [] }) {
          const answer = await window.__wallet(method, params);
          if (answer && answer.__rpcError) throw Object.assign(new Error(answer.__rpcError.message), answer.__rpcError);
          if (answer && answer.__emit) {
            const [event, data] = answer.__emit;
            setTimeout(() => (listeners[event] || []).forEach((listener) => listener(data)));
            return null;
          }
          return answer;
        },
        on(event, listener) { (listeners[event] = listeners[event] || []).push(listener); return this; },
        removeListener(event, listener) { listeners[event] = (listeners[event] || []).filter((l) => l !== listener); return this; },
      };
    })();`,
  );
  await page.goto(url);
  return { context, page, wallet };
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
