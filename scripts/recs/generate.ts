/**
 * `node scripts/recs/generate.ts [FILE] [--users N] [--items N] [--seed N]`: a ratings file
 * (`user item rating timestamp`, tab-separated) with a planted taste structure, so that a metric has a
 * known right answer: films belong to 12 tastes, each viewer to one taste (a third also to a second),
 * and most of a viewer's films, its last one included, come from its tastes (popular ones more often),
 * the rest from the whole catalogue's most popular; films of its taste get 4-5 stars, others 1-3. A
 * recommender that learns tastes from co-watching should beat "most popular" by far on it.
 * The repository ships bench/data/recs-planted.tsv made with the defaults.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const file = args[0] && !args[0].startsWith("--") ? args[0] : join(import.meta.dirname, "..", "..", "bench", "data", "recs-planted.tsv");
const USERS = option("users", 2_000);
const ITEMS = option("items", 600);
const TASTES = 12;

/** mulberry32: a small, fixed, seedable generator (the file is the same on every machine). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const rand = random(option("seed", 20_261_201));
const int = (n: number) => Math.floor(rand() * n);
/** An index below n, Zipf-like (rank r drawn with weight 1/(r+1)^0.8): some films far more watched. */
function zipf(n: number): number {
  const weights = Array.from({ length: n }, (_, r) => 1 / Math.pow(r + 1, 0.8));
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rand() * total;
  for (let r = 0; r < n; r++) if ((x -= weights[r]!) <= 0) return r;
  return n - 1;
}

// Each taste's films, in a shuffled order of popularity.
const tasteOf = Array.from({ length: ITEMS }, (_, i) => i % TASTES);
const byTaste = Array.from({ length: TASTES }, (_, t) => tasteOf.map((x, i) => (x === t ? i : -1)).filter((i) => i >= 0).sort(() => rand() - 0.5));
const global = Array.from({ length: ITEMS }, (_, i) => i).sort(() => rand() - 0.5);

const lines: string[] = [];
const start = 1_700_000_000;
for (let u = 0; u < USERS; u++) {
  const first = int(TASTES);
  const second = rand() < 0.33 ? (first + 1 + int(TASTES - 1)) % TASTES : first;
  const count = 5 + Math.min(45, Math.floor(-Math.log(1 - rand()) * 12));
  const seen = new Set<number>();
  let time = start + int(180 * 86_400);
  for (let k = 0; seen.size < count && k < count * 5; k++) {
    const draw = rand();
    const taste = draw < 0.6 ? first : draw < 0.85 ? second : -1;
    const item = taste >= 0 ? byTaste[taste]![zipf(byTaste[taste]!.length)]! : global[zipf(ITEMS)]!;
    if (seen.has(item)) continue;
    seen.add(item);
    time += 3_600 + int(7 * 86_400);
    const inTaste = tasteOf[item] === first || tasteOf[item] === second;
    const rating = inTaste ? 4 + int(2) : 1 + int(3);
    lines.push(`u${u}\tf${item}\t${rating}\t${time}`);
  }
}
writeFileSync(file, `${lines.join("\n")}\n`);
console.log(`${lines.length} ratings of ${ITEMS} films by ${USERS} viewers written to ${file}`);
