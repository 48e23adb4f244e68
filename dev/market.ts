import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local market for the rates keeper: one HTTP server answering as each exchange and rate API
 * documents its response (the real ones cannot be reached from here), at /<source>/..., for an SSH
 * price that the caller moves. Korean venues quote in KRW at a premium. Tests replace any route's answer
 * to play a timeout, an HTTP error, a malformed body or an error inside HTTP 200.
 */
export type MarketRoute = () => { status?: number; body?: string; delayMs?: number };
export type MarketSource = "upbit" | "bithumb" | "coinone" | "binance" | "coinbase" | "coingecko" | "fx" | "er" | "usdt";

const json = (value: unknown) => ({ body: JSON.stringify(value) });
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Each API's ticker response, as documented, for a price in its currency observed at `at` (unix s). */
export const MARKET_FORMATS = {
  upbit: (krw: number, at: number) =>
    json([{ market: "KRW-SSH", trade_price: krw, acc_trade_volume_24h: 1_200_000.5, trade_timestamp: at * 1000, timestamp: at * 1000 }]),
  bithumb: (krw: number, at: number) =>
    json({ status: "0000", data: { closing_price: String(krw), units_traded_24H: "800000.25", date: String(at * 1000) } }),
  coinone: (krw: number, at: number) =>
    json({
      result: "success",
      error_code: "0",
      server_time: at * 1000,
      tickers: [{ quote_currency: "krw", target_currency: "ssh", timestamp: at * 1000, last: String(krw), target_volume: "300000" }],
    }),
  binance: (usdt: number, at: number) => json({ symbol: "SSHUSDT", lastPrice: usdt.toFixed(8), volume: "2000000.00", closeTime: at * 1000 }),
  coinbase: (usd: number, at: number) =>
    json({ trade_id: 1, price: usd.toFixed(6), size: "10", time: new Date(at * 1000).toISOString(), volume: "900000.5" }),
  coingecko: (usd: number, at: number) => json({ streamshare: { usd, usd_24h_vol: 123456789.5, last_updated_at: at } }),
  fx: (krwPerUsd: number, at: number) =>
    json({ amount: 1.0, base: "USD", date: new Date(at * 1000).toISOString().slice(0, 10), rates: { KRW: krwPerUsd } }),
  er: (krwPerUsd: number, at: number) => json({ result: "success", time_last_update_unix: at - 3600, base_code: "USD", rates: { KRW: krwPerUsd } }),
};

export interface LocalMarketOptions {
  /** The SSH price in USD now. */
  usd: () => number;
  krwPerUsd?: number;
  /** How much higher the Korean venues trade (1.03: 3%). */
  koreaPremium?: number;
  usdtInUsd?: number;
  /** The venues' clock (unix seconds): wall-clock by default. */
  now?: () => number;
}

export async function startLocalMarket(options: LocalMarketOptions, port = 0) {
  const krwPerUsd = options.krwPerUsd ?? 1_400;
  const premium = options.koreaPremium ?? 1.03;
  const usdt = options.usdtInUsd ?? 0.999;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const defaults = (): Record<MarketSource, MarketRoute> => {
    const usd = options.usd();
    const at = now();
    const krw = usd * krwPerUsd * premium;
    return {
      upbit: () => MARKET_FORMATS.upbit(round2(krw), at),
      bithumb: () => MARKET_FORMATS.bithumb(round2(krw * 1.002), at),
      coinone: () => MARKET_FORMATS.coinone(round2(krw * 0.999), at),
      binance: () => MARKET_FORMATS.binance(usd / usdt, at),
      coinbase: () => MARKET_FORMATS.coinbase(usd * 1.001, at),
      coingecko: () => MARKET_FORMATS.coingecko(usd, at),
      fx: () => MARKET_FORMATS.fx(krwPerUsd, at),
      er: () => MARKET_FORMATS.er(krwPerUsd, at),
      usdt: () => MARKET_FORMATS.coinbase(usdt, at),
    };
  };
  let overrides: Partial<Record<MarketSource, MarketRoute>> = {};
  const server = createServer((req, res) => {
    const source = new URL(req.url!, "http://x").pathname.split("/")[1] as MarketSource;
    const route = overrides[source] ?? defaults()[source];
    const reply = route?.() ?? { status: 404, body: "{}" };
    setTimeout(() => {
      res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
      res.end(reply.body ?? "");
    }, reply.delayMs ?? 0).unref();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Replaces some routes' answers (the others answer from the price); `{}` restores them all. */
    set(routes: Partial<Record<MarketSource, MarketRoute>>) {
      overrides = routes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
