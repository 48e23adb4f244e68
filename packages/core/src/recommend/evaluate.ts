/**
 * Offline evaluation of the recommendation engine (docs/recommendations.md): a ratings file in the
 * common `user item rating timestamp` tab-separated format, split per user by time (each user's last
 * interaction held out, the one before it for validation), and NDCG@10, Recall@20 and catalogue
 * coverage (distinct films in the top 10s over all films) for the engine, a popularity baseline and
 * EASE (Steck 2019), each tuned on the validation split before it is tested.
 */
import { type Interaction, type ItemInfo, type ModelOptions, recommend, train } from "./model.ts";

/** Parses the ratings file; a line that is not four tab- (or space-) separated fields is an error naming it. */
export function parseRatings(text: string): Interaction[] {
  const out: Interaction[] = [];
  text.split(/\r?\n/).forEach((line, n) => {
    if (!line.trim() || line.startsWith("#")) return;
    const fields = line.trim().split(/\t|::|\s+/);
    const [user, item, rating, timestamp] = fields;
    const r = Number(rating);
    const t = Number(timestamp);
    if (fields.length < 4 || !user || !item || !Number.isFinite(r) || !Number.isFinite(t)) throw new Error(`line ${n + 1} is not "user item rating timestamp": ${line.slice(0, 80)}`);
    out.push({ user, item, rating: r, timestamp: t });
  });
  return out;
}

export interface Split {
  train: Interaction[];
  /** Per user, the held-out item(s). */
  test: Map<string, Set<string>>;
}

/**
 * Leave-last-out by time: each user with at least `minHistory` interactions has its last `holdOut`
 * (latest timestamps; ties broken by file order) held out; everything else trains.
 */
export function temporalSplit(interactions: Interaction[], holdOut = 1, minHistory = 3): Split {
  const byUser = new Map<string, { x: Interaction; order: number }[]>();
  interactions.forEach((x, order) => {
    let list = byUser.get(x.user);
    if (!list) byUser.set(x.user, (list = []));
    list.push({ x, order });
  });
  const train: Interaction[] = [];
  const test = new Map<string, Set<string>>();
  for (const [user, list] of byUser) {
    list.sort((a, b) => a.x.timestamp - b.x.timestamp || a.order - b.order);
    // One interaction per item: a film rated twice is one film watched.
    const distinct = new Set(list.map((e) => e.x.item));
    if (distinct.size < minHistory) {
      train.push(...list.map((e) => e.x));
      continue;
    }
    const held = new Set<string>();
    for (let k = list.length - 1; k >= 0 && held.size < holdOut; k--) held.add(list[k]!.x.item);
    for (const e of list) if (!held.has(e.x.item)) train.push(e.x);
    test.set(user, held);
  }
  return { train, test };
}

export interface Scores {
  ndcg10: number;
  recall20: number;
  coverage: number;
}

/** A recommender under test: the top `k` films for a user, never one it trained on. */
export type Recommender = (user: string, k: number) => string[];

export function score(recommender: Recommender, split: Split, catalogueSize: number): Scores {
  let ndcg = 0;
  let recall = 0;
  const shown = new Set<string>();
  for (const [user, held] of split.test) {
    const top = recommender(user, 20);
    top.slice(0, 10).forEach((item) => shown.add(item));
    let dcg = 0;
    top.slice(0, 10).forEach((item, rank) => {
      if (held.has(item)) dcg += 1 / Math.log2(rank + 2);
    });
    let ideal = 0;
    for (let rank = 0; rank < Math.min(10, held.size); rank++) ideal += 1 / Math.log2(rank + 2);
    ndcg += dcg / ideal;
    recall += top.filter((item) => held.has(item)).length / Math.min(20, held.size);
  }
  const users = Math.max(1, split.test.size);
  return { ndcg10: ndcg / users, recall20: recall / users, coverage: shown.size / Math.max(1, catalogueSize) };
}

/** Items and each user's trained items, for the baselines. */
function indexTrain(train: Interaction[]) {
  const items = [...new Set(train.map((x) => x.item))];
  const index = new Map(items.map((id, i) => [id, i]));
  const byUser = new Map<string, Set<number>>();
  for (const x of train) {
    let set = byUser.get(x.user);
    if (!set) byUser.set(x.user, (set = new Set()));
    set.add(index.get(x.item)!);
  }
  return { items, index, byUser };
}

/** The top `k` of `scores` not in `exclude`. */
function topK(scores: Float64Array, exclude: Set<number> | undefined, k: number): number[] {
  const best: number[] = [];
  for (let j = 0; j < scores.length; j++) {
    if (exclude?.has(j) || !(scores[j]! > -Infinity)) continue;
    if (best.length < k) {
      best.push(j);
      if (best.length === k) best.sort((a, b) => scores[b]! - scores[a]!);
    } else if (scores[j]! > scores[best[k - 1]!]!) {
      let at = k - 1;
      while (at > 0 && scores[best[at - 1]!]! < scores[j]!) at--;
      best.splice(at, 0, j);
      best.pop();
    }
  }
  if (best.length < k) best.sort((a, b) => scores[b]! - scores[a]!);
  return best;
}

/** Most-watched first (each user's own films left out). */
export function popularity(train: Interaction[]): Recommender {
  const { items, byUser } = indexTrain(train);
  const counts = new Float64Array(items.length);
  for (const set of byUser.values()) for (const i of set) counts[i]! += 1;
  return (user, k) => topK(counts, byUser.get(user), k).map((j) => items[j]!);
}

/**
 * EASE (Steck 2019): B = I - P diag(1/diag(P)), P = (XᵀX + λI)⁻¹, the diagonal of B zero; a user's
 * scores are its row of X times B. Dense in the number of items (memory n², time n³): for evaluation.
 */
export function ease(train: Interaction[], lambda: number): Recommender {
  const { items, byUser } = indexTrain(train);
  const n = items.length;
  const g = new Float64Array(n * n);
  for (const set of byUser.values()) {
    const list = [...set];
    for (const a of list) for (const b of list) g[a * n + b]! += 1;
  }
  for (let i = 0; i < n; i++) g[i * n + i]! += lambda;
  const p = invertSpd(g, n);
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] = i === j ? 0 : -p[i * n + j]! / p[j * n + j]!;
  return (user, k) => {
    const set = byUser.get(user);
    const scores = new Float64Array(n);
    if (set) for (const i of set) for (let j = 0; j < n; j++) scores[j]! += b[i * n + j]!;
    return topK(scores, set, k).map((j) => items[j]!);
  };
}

/** The inverse of a symmetric positive-definite matrix (Gauss-Jordan, no pivoting needed). */
function invertSpd(matrix: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    const pivot = a[c * n + c]!;
    for (let j = 0; j < n; j++) {
      a[c * n + j]! /= pivot;
      inv[c * n + j]! /= pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c]!;
      if (f === 0) continue;
      const ar = r * n;
      const ac = c * n;
      for (let j = 0; j < n; j++) {
        a[ar + j]! -= f * a[ac + j]!;
        inv[ar + j]! -= f * inv[ac + j]!;
      }
    }
  }
  return inv;
}

/** The engine as a recommender: trained on `train`, every film rentable (a ratings file has no catalogue). */
export function engine(train_: Interaction[], options: Partial<ModelOptions>): Recommender {
  const items = [...new Set(train_.map((x) => x.item))];
  const catalogue: ItemInfo[] = items.map((id) => ({ id, genres: [], languages: [], createdAt: 0, rentable: true }));
  const model = train(train_, catalogue, options);
  return (user, k) => recommend(model, user, { limit: k }).map((r) => r.film);
}

/** Tunes on validation (each user's last training interaction held out), then scores on the test split. */
export function tuneAndTest<P>(split: Split, catalogueSize: number, grid: P[], make: (train: Interaction[], params: P) => Recommender): { params: P; validation: Scores; test: Scores } {
  const validation = temporalSplit(split.train);
  let best: { params: P; validation: Scores } | undefined;
  for (const params of grid) {
    const s = score(make(validation.train, params), validation, catalogueSize);
    if (!best || s.ndcg10 > best.validation.ndcg10) best = { params, validation: s };
  }
  return { ...best!, test: score(make(split.train, best!.params), split, catalogueSize) };
}
