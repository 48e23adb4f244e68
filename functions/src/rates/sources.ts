/**
 * Public exchange ticker APIs, each read exactly as its documentation describes its response, with the
 * traps of real tickers handled where they arise: numbers as strings, errors inside HTTP 200 bodies,
 * the quote's own time (a ticker repeats its last trade, so its time says how old the price is),
 * volume in base units (an aggregator's volume counts the exchanges again, so it does not weigh).
 * The market symbol of each source is configuration (`market`), as listing symbols differ by venue.
 */
import { toFixed18 } from "./decimal.ts";

/** What a venue quotes the price in: USDT is not USD, and KRW venues are a market of their own. */
export type QuoteCurrency = "USD" | "USDT" | "KRW";

/** One venue's last price for SSH. */
export interface Quote {
  source: string;
  currency: QuoteCurrency;
  /** Price of one SSH in `currency`, 18 decimals. */
  price: bigint;
  /** 24 h volume in SSH (18 decimals); undefined for an aggregator, whose volume counts the venues. */
  volume?: bigint;
  /** When the venue says the price was made (unix seconds), not when it was fetched. */
  observedAt: number;
}

export interface TickerSource {
  name: string;
  currency: QuoteCurrency;
  aggregator?: boolean;
  /** Documented default host (tests and the local market override it). */
  defaultBaseUrl: string;
  path(market: string): string;
  parse(body: unknown, market: string): Omit<Quote, "source" | "currency">;
}

/** A ticker that could not be used, and why (said in the keeper's report). */
export class QuoteError extends Error {
  readonly source: string;

  constructor(source: string, reason: string) {
    super(`${source}: ${reason}`);
    this.source = source;
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown, what: string): Json => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${what} is not an object`);
  return v as Json;
};
const seconds = (ms: unknown, what: string): number => {
  const n = typeof ms === "string" ? Number(ms) : ms;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) throw new Error(`${what} is not a time`);
  return Math.floor(n / 1000);
};

/** Upbit (KRW): GET /v1/ticker?markets=KRW-SSH -> [{ trade_price, acc_trade_volume_24h, trade_timestamp }]. */
export const upbit: TickerSource = {
  name: "upbit",
  currency: "KRW",
  defaultBaseUrl: "https://api.upbit.com",
  path: (market) => `/v1/ticker?markets=${encodeURIComponent(market)}`,
  parse(body, market) {
    if (!Array.isArray(body)) throw new Error(`error body ${JSON.stringify(obj(body, "body").error ?? body)}`);
    const t = obj(body.find((x) => obj(x, "ticker").market === market), `ticker for ${market}`);
    return { price: toFixed18(t.trade_price), volume: toFixed18(t.acc_trade_volume_24h), observedAt: seconds(t.trade_timestamp, "trade_timestamp") };
  },
};

/** Bithumb (KRW): GET /public/ticker/SSH_KRW -> { status: "0000", data: { closing_price, units_traded_24H, date } }. */
export const bithumb: TickerSource = {
  name: "bithumb",
  currency: "KRW",
  defaultBaseUrl: "https://api.bithumb.com",
  path: (market) => `/public/ticker/${encodeURIComponent(market)}`,
  parse(body) {
    const b = obj(body, "body");
    // Bithumb reports errors inside HTTP 200: any status other than "0000".
    if (b.status !== "0000") throw new Error(`status ${String(b.status)}: ${String(b.message ?? "")}`);
    const d = obj(b.data, "data");
    return { price: toFixed18(d.closing_price), volume: toFixed18(d.units_traded_24H), observedAt: seconds(d.date, "date") };
  },
};

/** Coinone (KRW): GET /public/v2/ticker_new/KRW/SSH -> { result, error_code, tickers: [{ last, target_volume, timestamp }] }. */
export const coinone: TickerSource = {
  name: "coinone",
  currency: "KRW",
  defaultBaseUrl: "https://api.coinone.co.kr",
  path: (market) => `/public/v2/ticker_new/${market.split("/").map(encodeURIComponent).join("/")}`,
  parse(body) {
    const b = obj(body, "body");
    if (b.result !== "success" || b.error_code !== "0") throw new Error(`result ${String(b.result)}, error_code ${String(b.error_code)}`);
    if (!Array.isArray(b.tickers) || b.tickers.length === 0) throw new Error("no ticker");
    const t = obj(b.tickers[0], "ticker");
    return { price: toFixed18(t.last), volume: toFixed18(t.target_volume), observedAt: seconds(t.timestamp, "timestamp") };
  },
};

/** Binance (USDT): GET /api/v3/ticker/24hr?symbol=SSHUSDT -> { lastPrice, volume, closeTime }. */
export const binance: TickerSource = {
  name: "binance",
  currency: "USDT",
  defaultBaseUrl: "https://api.binance.com",
  path: (market) => `/api/v3/ticker/24hr?symbol=${encodeURIComponent(market)}`,
  parse(body) {
    const b = obj(body, "body");
    if (typeof b.code === "number") throw new Error(`code ${b.code}: ${String(b.msg ?? "")}`);
    return { price: toFixed18(b.lastPrice), volume: toFixed18(b.volume), observedAt: seconds(b.closeTime, "closeTime") };
  },
};

/** Coinbase Exchange (USD): GET /products/SSH-USD/ticker -> { price, volume, time (ISO 8601) }. */
export const coinbase: TickerSource = {
  name: "coinbase",
  currency: "USD",
  defaultBaseUrl: "https://api.exchange.coinbase.com",
  path: (market) => `/products/${encodeURIComponent(market)}/ticker`,
  parse(body) {
    const b = obj(body, "body");
    if (typeof b.message === "string" && b.price === undefined) throw new Error(`message ${b.message}`);
    const time = Date.parse(String(b.time));
    return { price: toFixed18(b.price), volume: toFixed18(b.volume), observedAt: seconds(time, "time") };
  },
};

/**
 * CoinGecko (USD, an aggregator): GET /api/v3/simple/price?ids=streamshare&vs_currencies=usd&
 * include_24hr_vol=true&include_last_updated_at=true -> { streamshare: { usd, usd_24h_vol, last_updated_at } }.
 */
export const coingecko: TickerSource = {
  name: "coingecko",
  currency: "USD",
  aggregator: true,
  defaultBaseUrl: "https://api.coingecko.com",
  path: (market) =>
    `/api/v3/simple/price?ids=${encodeURIComponent(market)}&vs_currencies=usd&include_24hr_vol=true&include_last_updated_at=true`,
  parse(body, market) {
    const b = obj(body, "body");
    if (b.status !== undefined && b[market] === undefined) throw new Error(`status ${JSON.stringify(b.status)}`);
    const t = obj(b[market], market);
    return { price: toFixed18(t.usd), observedAt: Number(t.last_updated_at) };
  },
};

export const TICKER_SOURCES = { upbit, bithumb, coinone, binance, coinbase, coingecko } as const;
export type SourceName = keyof typeof TICKER_SOURCES;

/** A source as configured: which adapter, which market symbol, and (tests, local market) which host. */
export interface SourceConfig {
  source: SourceName;
  market: string;
  baseUrl?: string;
}

export interface FetchOptions {
  timeoutMs: number;
  fetch?: typeof globalThis.fetch;
}

/**
 * GETs `url` as JSON with a timeout; every failure (timeout, network, HTTP error, a body that is not
 * JSON) is a QuoteError naming `name`. Shared by the tickers and the conversion-rate sources.
 */
export async function fetchJson(url: string, name: string, options: FetchOptions): Promise<unknown> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: "application/json" } });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `timed out after ${options.timeoutMs} ms` : (error as Error).message;
    throw new QuoteError(name, reason);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) throw new QuoteError(name, `HTTP ${response.status}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new QuoteError(name, "malformed JSON");
  }
}

/** Fetches and parses one ticker; every failure (timeout, HTTP error, bad body) is a QuoteError. */
export async function fetchQuote(config: SourceConfig, options: FetchOptions): Promise<Quote> {
  const source = TICKER_SOURCES[config.source];
  const body = await fetchJson((config.baseUrl ?? source.defaultBaseUrl) + source.path(config.market), source.name, options);
  try {
    return { source: source.name, currency: source.currency, ...source.parse(body, config.market) };
  } catch (error) {
    throw new QuoteError(source.name, (error as Error).message);
  }
}
