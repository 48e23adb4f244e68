/**
 * `npm run eval:recs -- FILE [--check]`: evaluates the recommendation engine on a ratings file
 * (`user item rating timestamp`, tab-separated: MovieLens' u.data, a ratings.dat with `::`, or
 * bench/data/recs-planted.tsv). Each user's last interaction is held out; the engine, a popularity
 * baseline and EASE are each tuned on a validation split (the interaction before), then tested.
 * Prints NDCG@10, Recall@20 and catalogue coverage, and the engine's ratio to each. With `--check`
 * (npm run bench, on the planted file): fails unless the engine beats popularity by 1.5x NDCG@10.
 */
import { readFileSync } from "node:fs";

import { ease, engine, parseRatings, popularity, type Scores, temporalSplit, tuneAndTest } from "@streamspace/core/recommend/evaluate";

const [file] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: npm run eval:recs -- FILE [--check]   (FILE: user item rating timestamp, tab-separated)");
  process.exit(2);
}
const check = process.argv.includes("--check");
const started = performance.now();
const interactions = parseRatings(readFileSync(file, "utf8"));
const split = temporalSplit(interactions);
const catalogue = new Set(interactions.map((x) => x.item)).size;
const users = new Set(interactions.map((x) => x.user)).size;
console.log(`${file}: ${interactions.length} interactions, ${users} users, ${catalogue} items; ${split.test.size} users tested (last interaction held out)`);

const timed = <T,>(name: string, run: () => T): T => {
  const t = performance.now();
  const result = run();
  console.log(`  ${name} tuned and tested in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return result;
};
const results: Record<string, { scores: Scores; params: string }> = {};
const pop = timed("popularity", () => tuneAndTest(split, catalogue, [null], (train) => popularity(train)));
results.popularity = { scores: pop.test, params: "-" };
// A large file (millions of interactions) gets the grid's centre only, so the run stays in minutes.
const fullGrid = [0.6, 0.8, 1.0].flatMap((alpha) => [0, 0.1, 0.25].flatMap((beta) => [100, 300].flatMap((neighbours) => [0.5, 2].map((coldStart) => ({ alpha, beta, coldStart, neighbours, halfLifeDays: 365 })))));
const engineGrid = interactions.length > 2_000_000 ? fullGrid.filter((p) => p.alpha === 0.8 && p.neighbours === 100 && p.coldStart === 2) : fullGrid;
if (engineGrid.length < fullGrid.length) console.log(`  a large file: the engine is tuned over ${engineGrid.length} of its ${fullGrid.length} settings`);
const eng = timed("engine", () => tuneAndTest(split, catalogue, engineGrid, (train, params) => engine(train, params)));
results.engine = { scores: eng.test, params: JSON.stringify(eng.params) };
// EASE is dense in the items (n² memory, n³ time): above 6,000 items it would take hours here.
if (catalogue <= 6_000) {
  const e = timed("EASE", () => tuneAndTest(split, catalogue, [50, 200, 500, 1_000, 2_000, 5_000], (train, lambda) => ease(train, lambda)));
  results.EASE = { scores: e.test, params: `lambda=${e.params}` };
} else console.log(`  EASE skipped: ${catalogue} items (dense n x n)`);

const pct = (x: number) => x.toFixed(4);
console.log("\nmodel        NDCG@10   Recall@20  coverage  tuned on validation");
for (const [name, { scores, params }] of Object.entries(results)) {
  console.log(`${name.padEnd(12)} ${pct(scores.ndcg10).padStart(7)}   ${pct(scores.recall20).padStart(9)}  ${pct(scores.coverage).padStart(8)}  ${params}`);
}
const ratio = (a: number, b: number) => (b === 0 ? "inf" : (a / b).toFixed(3));
for (const base of ["popularity", "EASE"].filter((b) => results[b])) {
  const b = results[base]!.scores;
  const e = results.engine!.scores;
  console.log(`engine / ${base}: NDCG@10 ${ratio(e.ndcg10, b.ndcg10)}x, Recall@20 ${ratio(e.recall20, b.recall20)}x, coverage ${ratio(e.coverage, b.coverage)}x`);
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (check) {
  const lift = results.engine!.scores.ndcg10 / results.popularity!.scores.ndcg10;
  if (!(lift >= 1.5)) {
    console.error(`FAIL the engine's NDCG@10 is ${lift.toFixed(2)}x popularity's (needs 1.5x)`);
    process.exitCode = 1;
  }
}
