/**
 * Bundles each Lambda handler (functions/src/handlers/<name>.ts) into one ES module with esbuild:
 * functions/dist/<name>.mjs, what serverless.yml deploys (never committed). The AWS SDK is left out: the
 * nodejs22.x runtime provides it. Prints each bundle's size.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const HANDLERS = join(ROOT, "functions", "src", "handlers");
export const FUNCTIONS_DIST = join(ROOT, "functions", "dist");

export async function buildFunctions(): Promise<Record<string, number>> {
  const names = readdirSync(HANDLERS).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
  await build({
    entryPoints: Object.fromEntries(names.map((n) => [n, join(HANDLERS, `${n}.ts`)])),
    outdir: FUNCTIONS_DIST,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "esm",
    minify: true,
    sourcemap: false,
    external: ["@aws-sdk/*"],
    // Some dependencies still `require` Node built-ins: give the ES module a `require`.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: "warning",
  });
  return Object.fromEntries(names.map((n) => [n, statSync(join(FUNCTIONS_DIST, `${n}.mjs`)).size]));
}

