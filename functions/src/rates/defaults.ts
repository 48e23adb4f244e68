/**
 * The rates keeper's sources as deployed: each exchange's SSH market symbol (configuration, as listing
 * symbols differ by venue) and, for a local market or tests, one base URL under which every source is
 * served at /<source>.
 */
import type { RatesConfig } from "./collect.ts";
import type { SourceConfig } from "./sources.ts";

export const SSH_MARKETS: SourceConfig[] = [
  { source: "upbit", market: "KRW-SSH" },
  { source: "bithumb", market: "SSH_KRW" },
  { source: "coinone", market: "KRW/SSH" },
  { source: "binance", market: "SSHUSDT" },
  { source: "coinbase", market: "SSH-USD" },
  { source: "coingecko", market: "streamshare" },
];

export function ratesConfig(env: NodeJS.ProcessEnv = process.env): RatesConfig {
  const base = env.RATES_BASE_URL; // the local market, or unset for the real APIs
  const at = (name: string) => (base ? `${base}/${name}` : undefined);
  const timeoutMs = Number(env.RATES_TIMEOUT_MS || 2_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`RATES_TIMEOUT_MS is not a number of milliseconds: ${env.RATES_TIMEOUT_MS}`);
  return {
    sources: SSH_MARKETS.map((s) => ({ ...s, baseUrl: at(s.source) })),
    fx: [
      { source: "frankfurter", baseUrl: at("fx") },
      { source: "openErApi", baseUrl: at("er") },
    ],
    usdt: { baseUrl: at("usdt") },
    timeoutMs,
  };
}
