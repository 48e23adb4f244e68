/**
 * From venues' quotes to one SSH/USD rate, as the whitepaper asks ("the average of public exchanges'
 * prices"), robustly: stale quotes dropped (by the quote's own time), each quote converted to USD with
 * rates from their own sources, the Korean (KRW) venues kept as a market of their own (they trade at a
 * premium, reported as its own figure, never averaged in as if one market with the USD venues),
 * outliers dropped by median absolute deviation within each market, and the volume-weighted median of
 * the USD market's venues posted only with a quorum of live sources.
 */
import { SCALE } from "./decimal.ts";
import type { FxRate } from "./fx.ts";
import type { Quote } from "./sources.ts";

export type Market = "global" | "korea";

export interface AggregateOptions {
  /** Now, unix seconds. */
  now: number;
  /** A quote older than this (seconds, by its own time) is stale. */
  maxQuoteAge: number;
  /** A conversion rate older than this is not used (daily reference rates skip weekends). */
  maxFxAge: number;
  /** Live sources needed to post (the oracle's quorum). */
  quorum: number;
  /** Outlier cut: this many scaled MADs from the market's median (default 3). */
  outlierMads?: number;
  /** ...but never tighter than this, in basis points of the median (default 100: 1%). */
  minOutlierBps?: number;
}

export interface UsedQuote {
  source: string;
  market: Market;
  /** USD per SSH, 18 decimals. */
  usdPrice: bigint;
  weight: bigint;
}

export interface Aggregate {
  /** USD per SSH with 8 decimals (the oracle's), or undefined when nothing may be posted. */
  rate?: bigint;
  /** Live sources after every check (both markets). */
  sources: number;
  used: UsedQuote[];
  dropped: { source: string; reason: string }[];
  /** How far the Korean market trades above (below, if negative) the USD market, in basis points. */
  koreaPremiumBps?: number;
  /** Why no rate, when there is none. */
  reason?: string;
}

/** The median of a sorted list of integers (the lower middle for an even count, exact in integers). */
function median(sorted: bigint[]): bigint {
  return sorted[(sorted.length - 1) >> 1]!;
}
const sortBig = (values: bigint[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The conversion rate to use: the median of the fresh ones (undefined if none is fresh). */
export function freshFx(rates: FxRate[], now: number, maxAge: number): bigint | undefined {
  const fresh = rates.filter((r) => now - r.observedAt <= maxAge && r.usdPerUnit > 0n).map((r) => r.usdPerUnit);
  return fresh.length === 0 ? undefined : median(sortBig(fresh));
}

/** The volume-weighted median price: the lowest price at which half the weight is reached. */
export function weightedMedian(quotes: { usdPrice: bigint; weight: bigint }[]): bigint {
  const sorted = [...quotes].sort((a, b) => (a.usdPrice < b.usdPrice ? -1 : a.usdPrice > b.usdPrice ? 1 : 0));
  const total = sorted.reduce((sum, q) => sum + q.weight, 0n);
  let cumulative = 0n;
  for (const q of sorted) {
    cumulative += q.weight;
    if (cumulative * 2n >= total) return q.usdPrice;
  }
  return sorted[sorted.length - 1]!.usdPrice;
}

export function aggregateRate(
  quotes: Quote[],
  fx: { usdPerKrw: FxRate[]; usdPerUsdt: FxRate[] },
  failures: { source: string; reason: string }[],
  options: AggregateOptions,
): Aggregate {
  const dropped = [...failures];
  const usdPerKrw = freshFx(fx.usdPerKrw, options.now, options.maxFxAge);
  const usdPerUsdt = freshFx(fx.usdPerUsdt, options.now, options.maxQuoteAge);

  // Fresh quotes, in USD, by market.
  const converted: (UsedQuote & { aggregator: boolean })[] = [];
  for (const q of quotes) {
    const age = options.now - q.observedAt;
    if (age > options.maxQuoteAge) {
      dropped.push({ source: q.source, reason: `stale: its last trade is ${age} s old` });
      continue;
    }
    if (age < -60) {
      dropped.push({ source: q.source, reason: "its time is in the future" });
      continue;
    }
    if (q.price === 0n) {
      dropped.push({ source: q.source, reason: "price 0" });
      continue;
    }
    const rate = q.currency === "USD" ? SCALE : q.currency === "USDT" ? usdPerUsdt : usdPerKrw;
    if (rate === undefined) {
      dropped.push({ source: q.source, reason: `no fresh USD/${q.currency} rate` });
      continue;
    }
    converted.push({
      source: q.source,
      market: q.currency === "KRW" ? "korea" : "global",
      usdPrice: (q.price * rate) / SCALE,
      weight: q.volume ?? 0n,
      aggregator: q.volume === undefined,
    });
  }

  // Outliers, within each market (a premium market is not an outlier of the other).
  const mads = BigInt(Math.round((options.outlierMads ?? 3) * 14_826)); // x 1.4826: MAD to standard deviation
  const minBps = BigInt(options.minOutlierBps ?? 100);
  const kept: typeof converted = [];
  for (const market of ["global", "korea"] as const) {
    const inMarket = converted.filter((q) => q.market === market);
    if (inMarket.length === 0) continue;
    const m = median(sortBig(inMarket.map((q) => q.usdPrice)));
    const mad = median(sortBig(inMarket.map((q) => (q.usdPrice > m ? q.usdPrice - m : m - q.usdPrice))));
    const byMad = (mad * mads) / 10_000n;
    const byFloor = (m * minBps) / 10_000n;
    const cut = byMad > byFloor ? byMad : byFloor;
    for (const q of inMarket) {
      const deviation = q.usdPrice > m ? q.usdPrice - m : m - q.usdPrice;
      if (deviation > cut) dropped.push({ source: q.source, reason: `outlier: ${(Number((deviation * 10_000n) / m) / 100).toFixed(2)}% from the ${market} median` });
      else kept.push(q);
    }
  }

  // An aggregator's volume counts the venues again: it weighs as the median venue does.
  const venueWeights = sortBig(kept.filter((q) => !q.aggregator).map((q) => q.weight));
  const aggregatorWeight = venueWeights.length > 0 ? median(venueWeights) : 1n;
  const used: UsedQuote[] = kept.map(({ aggregator, ...q }) => ({ ...q, weight: aggregator || q.weight === 0n ? aggregatorWeight || 1n : q.weight }));

  const global = used.filter((q) => q.market === "global");
  const korea = used.filter((q) => q.market === "korea");
  const result: Aggregate = { sources: used.length, used, dropped };
  if (global.length > 0 && korea.length > 0) {
    const g = weightedMedian(global);
    result.koreaPremiumBps = Number(((weightedMedian(korea) - g) * 10_000n) / g);
  }
  if (used.length < options.quorum) {
    result.reason = `only ${used.length} live sources, the quorum is ${options.quorum}`;
  } else if (global.length === 0) {
    result.reason = "no USD venue is live: a USD rate is not posted from the Korean premium market alone";
  } else {
    // 18 -> 8 decimals, rounded half-up.
    result.rate = (weightedMedian(global) + 5_000_000_000n) / 10_000_000_000n;
  }
  return result;
}

/**
 * Whether to post `rate` now: only on a move beyond `deviationBps` (0.5%) from the last posted rate or
 * once `heartbeat` seconds (1 hour) passed since it, so that the chain is written no more than needed.
 */
export function shouldPost(
  rate: bigint,
  last: { answer: bigint; postedAt: number } | undefined,
  now: number,
  rules: { deviationBps: number; heartbeat: number } = { deviationBps: 50, heartbeat: 3_600 },
): { post: boolean; reason: string } {
  if (last === undefined) return { post: true, reason: "no rate yet" };
  const moveBps = Number((((rate > last.answer ? rate - last.answer : last.answer - rate) * 10_000n) / last.answer));
  if (moveBps > rules.deviationBps) return { post: true, reason: `moved ${(moveBps / 100).toFixed(2)}%` };
  if (now - last.postedAt >= rules.heartbeat) return { post: true, reason: "heartbeat" };
  return { post: false, reason: `moved ${(moveBps / 100).toFixed(2)}%, heartbeat in ${rules.heartbeat - (now - last.postedAt)} s` };
}
