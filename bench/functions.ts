/**
 * `npm run bench` (functions): each bundled handler's size and cold start (a fresh Node process
 * importing the bundle: what a new Lambda container pays before the first invocation), and the rates
 * keeper's collection end to end against the local market (six sources, two FX sources, USDT), as
 * medians of several runs. Timings vary with the machine's load: goals, not assertions (cold start
 * at most 200 ms, bundle at most 1 MB, rates at most 2 s).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { collectRate } from "@streamspace/functions/rates/collect";
import { ratesConfig } from "@streamspace/functions/rates/defaults";

import { buildFunctions, FUNCTIONS_DIST } from "../dev/functions-build.ts";
import { startLocalMarket } from "../dev/market.ts";

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const sizes = await buildFunctions();
console.log("function     bundle     cold start (median of 5, ms)   goals: 1 MB, 200 ms");
for (const [name, bytes] of Object.entries(sizes)) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const url = pathToFileURL(join(FUNCTIONS_DIST, `${name}.mjs`)).href;
    const result = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`],
      { encoding: "utf8" },
    );
    times.push(Number(result.stdout.trim()));
  }
  console.log(`${name.padEnd(12)} ${`${(bytes / 1024).toFixed(0)} KiB`.padStart(8)}   ${median(times).toFixed(0).padStart(6)}`);
}

const market = await startLocalMarket({ usd: () => 0.05 });
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const result = await collectRate(ratesConfig({ RATES_BASE_URL: market.url }), { maxQuoteAge: 300, maxFxAge: 4 * 86_400, quorum: 3 });
  times.push(performance.now() - started);
  if (result.rate !== 5_000_000n) throw new Error(`the local market's rate came out as ${result.rate}`);
}
await market.close();
console.log(`rates end to end (6 sources, FX, USDT): median ${median(times).toFixed(0)} ms of ${RUNS} (goal 2,000 ms)`);
