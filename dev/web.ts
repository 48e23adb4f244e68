import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { extname, join, normalize } from "node:path";

import type { DappConfig } from "../web/src/config.ts";

/**
 * The dapp (`web/`) for local runs and tests: its configuration from a deployment, the production
 * build (static files) served as a CDN would serve it, and Vite's development server for `npm start`.
 */
const WEB = join(import.meta.dirname, "..", "web");
export const DAPP_DIST = join(WEB, "dist");
/** Vite's command line, wherever npm placed the package (hoisted or under web/). */
const VITE = join(createRequire(join(WEB, "package.json")).resolve("vite/package.json"), "..", "bin", "vite.js");

export type { DappConfig };

/** The contracts the dapp talks to, from a deployed platform (npm start, the benchmarks). */
export function dappContracts(platform: Record<"ssh" | "filmRegistry" | "payPerView" | "oracle" | "tokenExchange" | "campaignFactory" | "curatorStaking" | "filmReviews", { address: `0x${string}` }>): DappConfig["contracts"] {
  return {
    StreamShare: platform.ssh.address,
    FilmRegistry: platform.filmRegistry.address,
    PayPerView: platform.payPerView.address,
    ExchangeRateOracle: platform.oracle.address,
    TokenExchange: platform.tokenExchange.address,
    CampaignFactory: platform.campaignFactory.address,
    CuratorStaking: platform.curatorStaking.address,
    FilmReviews: platform.filmReviews.address,
  };
}

/** Builds the dapp's static files into web/dist: the app, then WalletConnect's module beside it (seconds). */
export function buildDapp(): string {
  for (const extra of [[], ["--config", "vite.walletconnect.config.ts"]]) {
    // NODE_ENV as a production build has it, whatever the caller's (a test runner sets "test", which
    // would make Vite build React's development code and keep development-only branches).
    const result = spawnSync(process.execPath, [VITE, "build", "--logLevel", "warn", ...extra], { cwd: WEB, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
    if (result.status !== 0) throw new Error(`the dapp's build failed:\n${result.stdout}${result.stderr}`);
  }
  return DAPP_DIST;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json", ".png": "image/png" };

/** Serves the built dapp with its `/config.json`, and index.html for the app's routes (as CloudFront's error page does). */
export async function serveDapp({ config, port = 0, dist = DAPP_DIST }: { config: DappConfig; port?: number; dist?: string }) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/config.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(config));
      return;
    }
    const file = normalize(join(dist, path === "/" || !extname(path) ? "index.html" : path));
    if (!file.startsWith(dist)) {
      res.writeHead(400).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Vite's development server on `port` (what `npm start` runs): the dapp with hot reload. */
export async function startDappDevServer({ config, port, log = () => undefined }: { config: DappConfig; port: number; log?: (line: string) => void }) {
  // Several platforms may run side by side (tests, each on its own ports): each server has its own
  // dependency cache, and Vite's one-server-per-project lock is lifted.
  const child: ChildProcess = spawn(process.execPath, [VITE, "--host", "127.0.0.1", "--port", String(port), "--strictPort", "--clearScreen", "false", "--bypass-lock"], {
    cwd: WEB,
    env: { ...process.env, STREAMSPACE_DAPP_CONFIG: JSON.stringify(config), STREAMSPACE_VITE_CACHE_DIR: join("node_modules", ".vite", `dev-${port}`), NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk: Buffer) => chunk.toString().split("\n").filter(Boolean).forEach((line) => (lines.push(line), log(line))));
  // Ready when it answers (its banner's format and colours vary: CI=true turns colours on).
  let exitCode: number | null = null;
  child.once("exit", (code) => (exitCode = code ?? -1));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== null) throw new Error(`the dapp's development server exited (${exitCode}):\n${lines.slice(-10).join("\n")}`);
    if (await fetch(`${url}/config.json`).then((res) => res.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error("the dapp's development server did not answer within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    close: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")))),
  };
}
