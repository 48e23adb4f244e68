import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { build } from "esbuild";

const CORE = join(import.meta.dirname, "..", "packages", "core", "src");
/** The browser-safe modules: everything in the core but its Node-only helpers (node/). */
const browserModules = readdirSync(CORE, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts") && !file.startsWith("node/"))
  .map((file) => join(CORE, file));

/** The shared core runs unchanged in a browser bundle (the dapp) and in Node (functions, scripts). */
describe("@streamspace/core in a browser", () => {
  it("bundles for the browser: no Node built-in anywhere in what it imports", async () => {
    assert.ok(browserModules.length >= 8);
    const result = await build({
      entryPoints: browserModules,
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      outdir: "out",
      logLevel: "silent",
    });
    assert.deepEqual(result.errors, []);
    for (const file of result.outputFiles) assert.doesNotMatch(file.text, /\bfrom\s+"node:|require\("node:/);
  });

  it("reads no environment and no file at import time", () => {
    for (const file of browserModules) {
      const source = readFileSync(file, "utf8");
      assert.doesNotMatch(source, /process\.env|import\.meta\.dirname|from "node:/, file);
    }
  });
});
