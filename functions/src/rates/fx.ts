/**
 * Conversion rates for quotes not in USD, each from its own sources (never from the SSH venues):
 * USD per KRW from currency-rate APIs (daily reference rates), USD per USDT from a USD venue's
 * USDT-USD ticker (USDT is not USD: it has traded below and above a dollar).
 */
import { SCALE, toFixed18 } from "./decimal.ts";
import { coinbase, type FetchOptions, fetchJson, QuoteError } from "./sources.ts";

/** A conversion rate: USD per one unit of the currency, 18 decimals, and when it was observed. */
export interface FxRate {
  source: string;
  usdPerUnit: bigint;
  observedAt: number;
}

export interface FxSource {
  name: string;
  defaultBaseUrl: string;
  path: string;
  parse(body: unknown): FxRate;
}

const invert = (unitsPerUsd: bigint) => (SCALE * SCALE) / unitsPerUsd;

/** Frankfurter (ECB reference rates): GET /latest?from=USD&to=KRW -> { base: "USD", date, rates: { KRW } }. */
export const frankfurter: FxSource = {
  name: "frankfurter",
  defaultBaseUrl: "https://api.frankfurter.app",
  path: "/latest?from=USD&to=KRW",
  parse(body) {
    const b = body as { base?: string; date?: string; rates?: { KRW?: unknown } };
    if (b.base !== "USD" || b.rates?.KRW === undefined) throw new Error("no USD/KRW rate");
    return { source: "frankfurter", usdPerUnit: invert(toFixed18(b.rates.KRW)), observedAt: Math.floor(Date.parse(`${b.date}T16:00:00Z`) / 1000) };
  },
};

/** ExchangeRate-API open access: GET /v6/latest/USD -> { result: "success", time_last_update_unix, rates: { KRW } }. */
export const openErApi: FxSource = {
  name: "open-er-api",
  defaultBaseUrl: "https://open.er-api.com",
  path: "/v6/latest/USD",
  parse(body) {
    const b = body as { result?: string; time_last_update_unix?: number; rates?: { KRW?: unknown } };
    // Errors come inside HTTP 200 too: { result: "error", "error-type": ... }.
    if (b.result !== "success" || b.rates?.KRW === undefined) throw new Error(`result ${String(b.result)}`);
    return { source: "open-er-api", usdPerUnit: invert(toFixed18(b.rates.KRW)), observedAt: Number(b.time_last_update_unix) };
  },
};

export const FX_SOURCES = { frankfurter, openErApi } as const;

export async function fetchFx(source: FxSource, options: FetchOptions & { baseUrl?: string }): Promise<FxRate> {
  const body = await fetchJson((options.baseUrl ?? source.defaultBaseUrl) + source.path, source.name, options);
  try {
    return source.parse(body);
  } catch (error) {
    throw new QuoteError(source.name, (error as Error).message);
  }
}

/** USD per USDT from a USD venue's ticker (Coinbase's USDT-USD by default). */
export async function fetchUsdPerUsdt(options: FetchOptions & { baseUrl?: string; market?: string }): Promise<FxRate> {
  const body = await fetchJson((options.baseUrl ?? coinbase.defaultBaseUrl) + coinbase.path(options.market ?? "USDT-USD"), "usdt-usd", options);
  try {
    const q = coinbase.parse(body, options.market ?? "USDT-USD");
    return { source: "usdt-usd", usdPerUnit: q.price, observedAt: q.observedAt };
  } catch (error) {
    throw new QuoteError("usdt-usd", (error as Error).message);
  }
}
