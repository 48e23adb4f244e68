/**
 * One run of the rates keeper's collection: every configured ticker and the conversion rates fetched
 * at once (each with its timeout), then aggregated. Nothing here writes to the chain.
 */
import { type Aggregate, aggregateRate, type AggregateOptions } from "./aggregate.ts";
import { fetchFx, fetchUsdPerUsdt, FX_SOURCES, type FxRate } from "./fx.ts";
import { fetchQuote, QuoteError, type SourceConfig } from "./sources.ts";

export interface RatesConfig {
  sources: SourceConfig[];
  /** USD/KRW sources, by name, with optional hosts (tests and the local market override them). */
  fx: { source: keyof typeof FX_SOURCES; baseUrl?: string }[];
  /** The USD venue's USDT-USD ticker. */
  usdt: { baseUrl?: string; market?: string };
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
}

const settled = <T,>(results: PromiseSettledResult<T>[]) => results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
const failed = (results: PromiseSettledResult<unknown>[]) =>
  results.flatMap((r) =>
    r.status === "rejected"
      ? [{ source: r.reason instanceof QuoteError ? r.reason.source : "unknown", reason: (r.reason as Error).message }]
      : [],
  );

export async function collectRate(
  config: RatesConfig,
  options: Omit<AggregateOptions, "now"> & { now?: number },
): Promise<Aggregate & { fxFailures: { source: string; reason: string }[] }> {
  const fetchOptions = { timeoutMs: config.timeoutMs, fetch: config.fetch };
  const [quotes, krw, usdt] = await Promise.all([
    Promise.allSettled(config.sources.map((s) => fetchQuote(s, fetchOptions))),
    Promise.allSettled(config.fx.map((f) => fetchFx(FX_SOURCES[f.source], { ...fetchOptions, baseUrl: f.baseUrl }))),
    Promise.allSettled([fetchUsdPerUsdt({ ...fetchOptions, ...config.usdt })]),
  ]);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const fx: { usdPerKrw: FxRate[]; usdPerUsdt: FxRate[] } = { usdPerKrw: settled(krw), usdPerUsdt: settled(usdt) };
  return { ...aggregateRate(settled(quotes), fx, failed(quotes), { ...options, now }), fxFailures: [...failed(krw), ...failed(usdt)] };
}
