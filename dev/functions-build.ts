/**
 * Bundles each Lambda handler (functions/src/handlers/<name>.ts) into one ES module with esbuild:
 * functions/dist/<name>.mjs, what serverless.yml deploys (never committed). The AWS SDK is left out: the
 * nodejs22.x runtime provides it. The media worker's container entry point is bundled whole
 * (functions/dist/media-worker.mjs: its image has no SDK). Returns each bundle's size.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const HANDLERS = join(ROOT, "functions", "src", "handlers");
export const FUNCTIONS_DIST = join(ROOT, "functions", "dist");

export async function buildFunctions(): Promise<Record<string, number>> {
  const names = readdirSync(HANDLERS).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
  const common = {
    outdir: FUNCTIONS_DIST,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    sourcemap: false,
    // Some dependencies still `require` Node built-ins: give the ES module a `require`.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: "warning",
  } as const;
  await build({ ...common, entryPoints: Object.fromEntries(names.map((n) => [n, join(HANDLERS, `${n}.ts`)])), external: ["@aws-sdk/*"] });
  await build({ ...common, entryPoints: { "media-worker": join(ROOT, "functions", "src", "media", "main.ts") } });
  return Object.fromEntries(names.map((n) => [n, statSync(join(FUNCTIONS_DIST, `${n}.mjs`)).size]));
}

