import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { shouldPost, weightedMedian } from "@streamspace/functions/rates/aggregate";
import { collectRate } from "@streamspace/functions/rates/collect";
import { toFixed18 } from "@streamspace/functions/rates/decimal";
import { SSH_MARKETS } from "@streamspace/functions/rates/defaults";
import { fetchQuote, type Quote, type QuoteError, type SourceConfig } from "@streamspace/functions/rates/sources";

import { MARKET_FORMATS, type MarketRoute, type MarketSource, startLocalMarket } from "../dev/market.js";

/**
 * The rates keeper's sources and aggregation against a local HTTP server that answers in each API's
 * documented format (the exchanges themselves cannot be reached from here), including their failures.
 */
const NOW = 1_764_500_000; // unix seconds
const USD = 0.05; // the SSH price in the USD market; Korean venues trade about 3% higher
const json = (value: unknown) => ({ body: JSON.stringify(value) });
const formats = {
  upbit: (krw: number, at = NOW) => MARKET_FORMATS.upbit(krw, at),
  coinbase: (usd: number, at = NOW) => MARKET_FORMATS.coinbase(usd, at),
  coingecko: (usd: number, at = NOW) => MARKET_FORMATS.coingecko(usd, at),
};

let market: Awaited<ReturnType<typeof startLocalMarket>>;
let base: string;
before(async () => {
  market = await startLocalMarket({ usd: () => USD, now: () => NOW });
  base = market.url;
});
after(() => market.close());

/** Every source answers from the price; `override` replaces some sources' answers. */
function serve(override: Partial<Record<MarketSource, MarketRoute>> = {}) {
  market.set(override);
}

const SOURCES: SourceConfig[] = SSH_MARKETS; // as deployed

/** One run of the keeper's collection against the local server. */
function collect(sources = SOURCES) {
  return collectRate(
    {
      sources: sources.map((s) => ({ ...s, baseUrl: `${base}/${s.source}` })),
      fx: [
        { source: "frankfurter", baseUrl: `${base}/fx` },
        { source: "openErApi", baseUrl: `${base}/er` },
      ],
      usdt: { baseUrl: `${base}/usdt` },
      timeoutMs: 300,
    },
    { now: NOW, maxQuoteAge: 300, maxFxAge: 4 * 86_400, quorum: 3 },
  );
}

describe("rates: exchange tickers in their documented formats", () => {
  it("parses prices exactly from decimal strings and JSON numbers, exponent form included", () => {
    assert.equal(toFixed18("42000.5"), 42_000_500_000_000_000_000_000n);
    assert.equal(toFixed18(72.1), 72_100_000_000_000_000_000n);
    assert.equal(toFixed18(1.2e-7), 120_000_000_000n);
    assert.equal(toFixed18(5e21), 5_000_000_000_000_000_000_000n * 10n ** 18n);
    assert.throws(() => toFixed18("-1"), /not a non-negative decimal/);
    assert.throws(() => toFixed18("1,000"), /not a non-negative decimal/);
    assert.throws(() => toFixed18(null), /not a non-negative decimal/);
  });

  it("reads every source: prices from strings and numbers, volumes in SSH, each quote's own time", async () => {
    serve();
    const quotes: Quote[] = [];
    for (const s of SOURCES) quotes.push(await fetchQuote({ ...s, baseUrl: `${base}/${s.source}` }, { timeoutMs: 500 }));
    assert.deepEqual(quotes.map((q) => [q.source, q.currency]), [
      ["upbit", "KRW"], ["bithumb", "KRW"], ["coinone", "KRW"], ["binance", "USDT"], ["coinbase", "USD"], ["coingecko", "USD"],
    ]);
    assert.equal(quotes[0]!.price, toFixed18("72.1"), "Upbit's JSON number (KRW 1,400 x $0.05 x 1.03)");
    assert.equal(quotes[4]!.price, toFixed18("0.05005"), "Coinbase's decimal string");
    assert.equal(quotes[5]!.volume, undefined, "an aggregator's volume is not a venue's");
    assert.ok(quotes.every((q) => q.observedAt === NOW));
  });

  it("turns each failure into a clear reason: timeout, HTTP 500, malformed JSON, an error inside HTTP 200", async () => {
    serve({
      upbit: () => ({ delayMs: 1_000, body: "[]" }),
      coinbase: () => ({ status: 500, body: "{}" }),
      binance: () => ({ body: "{ not json" }),
      bithumb: () => json({ status: "5500", message: "Invalid Parameter" }),
      coinone: () => json({ result: "error", error_code: "107", error_msg: "Parameter error" }),
    });
    const reasons = await Promise.all(
      SOURCES.slice(0, 5).map((s) =>
        fetchQuote({ ...s, baseUrl: `${base}/${s.source}` }, { timeoutMs: 200 }).then(
          () => "ok",
          (e: QuoteError) => e.message,
        ),
      ),
    );
    assert.deepEqual(reasons, [
      "upbit: timed out after 200 ms",
      "bithumb: status 5500: Invalid Parameter",
      "coinone: result error, error_code 107",
      "binance: malformed JSON",
      "coinbase: HTTP 500",
    ]);
  });
});

describe("rates: the aggregate", () => {
  it("posts the USD market's volume-weighted median; KRW venues convert at their own FX and show as a premium", async () => {
    serve();
    const result = await collect();
    assert.equal(result.sources, 6);
    assert.deepEqual(result.dropped, []);
    // Binance at 0.05/0.999 USDT x $0.999 = $0.05; Coinbase $0.05005; CoinGecko $0.05 (median weight).
    assert.equal(result.rate, 5_000_000n, "$0.05000000");
    assert.ok(result.koreaPremiumBps! >= 295 && result.koreaPremiumBps! <= 305, `premium ${result.koreaPremiumBps} bps`);
    assert.ok(result.used.filter((q) => q.market === "korea").every((q) => q.usdPrice > toFixed18("0.0514")), "Korean prices are not averaged in");
  });

  it("ignores a x1000 outlier among five sources", async () => {
    serve({ coinbase: () => formats.coinbase(USD * 1000) });
    const result = await collect(SOURCES.filter((s) => s.source !== "coinone"));
    assert.equal(result.rate, 5_000_000n);
    assert.match(result.dropped.map((d) => `${d.source}: ${d.reason}`).join(), /coinbase: outlier: 99\d{3}\.\d\d% from the global median/);
  });

  it("drops a stale quote by its own time (a ticker repeats its last trade)", async () => {
    serve({ coingecko: () => formats.coingecko(USD * 2, NOW - 3_600) });
    const result = await collect();
    assert.deepEqual(result.dropped, [{ source: "coingecko", reason: "stale: its last trade is 3600 s old" }]);
    assert.equal(result.rate, 5_000_000n);
  });

  it("posts nothing with only two live sources", async () => {
    serve({ upbit: () => ({ status: 500 }), bithumb: () => ({ status: 500 }), coinone: () => ({ status: 500 }), coingecko: () => ({ body: "x" }) });
    const result = await collect();
    assert.equal(result.rate, undefined);
    assert.equal(result.sources, 2);
    assert.equal(result.reason, "only 2 live sources, the quorum is 3");
    assert.equal(result.dropped.length, 4);
  });

  it("posts nothing from the Korean market alone, and drops KRW quotes without a fresh USD/KRW rate", async () => {
    serve({ binance: () => ({ status: 500 }), coinbase: () => ({ status: 500 }), coingecko: () => ({ status: 500 }) });
    assert.match((await collect()).reason!, /no USD venue is live/);
    serve({ fx: () => ({ status: 503 }), er: () => json({ result: "error", "error-type": "unknown-code" }) });
    const result = await collect();
    assert.deepEqual(result.fxFailures.map((f) => f.reason), ["frankfurter: HTTP 503", "open-er-api: result error"]);
    assert.equal(result.dropped.filter((d) => d.reason === "no fresh USD/KRW rate").length, 3);
    assert.equal(result.rate, 5_000_000n, "the three USD venues still make a quorum");
  });

  it("takes the median of agreeing sources exactly", () => {
    const at = (usdPrice: string, weight: bigint) => ({ usdPrice: toFixed18(usdPrice), weight });
    assert.equal(weightedMedian([at("1", 1n), at("2", 1n), at("3", 1n)]), toFixed18("2"));
    assert.equal(weightedMedian([at("1", 10n), at("2", 1n), at("3", 1n)]), toFixed18("1"), "volume weighs");
  });

  it("posts on a 0.5% move or the hourly heartbeat only", () => {
    assert.equal(shouldPost(5_000_000n, undefined, NOW).post, true);
    const last = { answer: 5_000_000n, postedAt: NOW - 60 };
    assert.deepEqual(shouldPost(5_020_000n, last, NOW), { post: false, reason: "moved 0.40%, heartbeat in 3540 s" });
    assert.equal(shouldPost(5_030_000n, last, NOW).post, true);
    assert.equal(shouldPost(5_000_000n, { ...last, postedAt: NOW - 3_600 }, NOW).reason, "heartbeat");
  });
});
