import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useAccount } from "wagmi";
import { Link, useParams } from "wouter";

import { querySubgraph } from "@streamspace/core/subgraph";
import { STUDIO_FILMS_OF } from "@streamspace/core/subgraph-studio";

import type { DappConfig } from "../config.ts";
import { useCatalogueMetadata } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { formatSshAmount, formatUsdAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { averageRating, DAY, dailySeries, fetchFilmDays, toCsv, totals } from "./stats.ts";

const Chart = lazy(() => import("../components/Chart.tsx").then((m) => ({ default: m.Chart })));

const RANGES = { "7": 7, "30": 30, "90": 90, "365": 365 } as const;

/**
 * Statistics, overall (`/studio/stats`) or for one film (`/studio/stats/:filmId`): daily views, revenue in
 * SSH and in USD (valued at each settlement's rate), purchases and refunds from the subgraph's daily
 * entities, over a chosen range (the last 7, 30, 90 or 365 days by the chain's clock, or any two dates),
 * as charts with the hovered day's value, the range's totals, and a CSV export of exactly what is shown.
 */
export function StatsPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const filmId = useParams<{ filmId?: string }>().filmId;
  const chainNow = useChainNow();
  const today = Math.floor(chainNow() / DAY) * DAY;
  const [range, setRange] = useState<{ preset?: keyof typeof RANGES; from?: string; to?: string }>({ preset: "30" });
  const [currency, setCurrency] = useState<"SSH" | "USD">("SSH");
  const from = range.preset ? today - (RANGES[range.preset] - 1) * DAY : range.from ? Date.parse(`${range.from}T00:00:00Z`) / 1000 : today;
  const to = range.preset ? today : range.to ? Date.parse(`${range.to}T00:00:00Z`) / 1000 : today;
  const rangeError = !(from <= to) ? t("studio.stats.badRange") : undefined;

  const studio = useQuery({
    queryKey: ["studio", address],
    enabled: Boolean(address),
    queryFn: () => querySubgraph(config.subgraphUrl, STUDIO_FILMS_OF, { owner: address!.toLowerCase(), pending: address!.toLowerCase() }),
  });
  const films = (studio.data?.films ?? []).filter((f) => !filmId || f.filmId === filmId);
  const ids = films.map((f) => f.filmId);
  const days = useQuery({
    queryKey: ["film-days", ids.join(","), from],
    enabled: ids.length > 0 && !rangeError,
    queryFn: async () => {
      const rows = await fetchFilmDays(config.subgraphUrl, ids, from);
      performance.mark("stats:data"); // bench/stats.ts times the drawing from here
      return rows;
    },
  });
  const metadata = useCatalogueMetadata(config, films.map((f) => ({ filmId: BigInt(f.filmId), metadataURI: f.metadataURI, price: 0n, priceInUsd: false, rentalWindow: 0, views: 0, createdAt: 0 })));
  const series = days.data && !rangeError ? dailySeries(days.data, from, to) : undefined;
  const sum = series ? totals(series) : undefined;
  // The standing verified reviews of the chosen films, now (the range's are in `sum`).
  const standing = films.reduce((r, f) => ({ count: r.count + f.ratingCount, sum: r.sum + f.ratingSum }), { count: 0, sum: 0 });
  const rating = (stars: number, count: number) =>
    count === 0 ? "—" : t("studio.stats.ratingValue", { average: new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(Number(averageRating(stars, count))), count });

  const dateFormat = new Intl.DateTimeFormat(i18n.language, { month: "short", day: "numeric", timeZone: "UTC" });
  const formatDate = (date: number) => dateFormat.format(new Date(date * 1000));
  const count = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const title = filmId ? (films[0] ? (metadata.get(films[0].metadataURI)?.title ?? `#${filmId}`) : `#${filmId}`) : t("studio.stats.allFilms");

  function download() {
    if (!series) return;
    const url = URL.createObjectURL(new Blob([toCsv(series)], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `streamspace-${filmId ? `film-${filmId}` : "films"}-${new Date(from * 1000).toISOString().slice(0, 10)}-${new Date(to * 1000).toISOString().slice(0, 10)}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }

  return (
    <section aria-labelledby="stats-title" className="stats">
      <p>
        <Link to="/studio">← {t("studio.title")}</Link>
      </p>
      <h1 id="stats-title">{t("studio.stats.title", { what: title })}</h1>
      {!address ? <p>{t("studio.connect")}</p> : null}
      <div className="inline" role="group" aria-label={t("studio.stats.range")}>
        {Object.keys(RANGES).map((preset) => (
          <button key={preset} type="button" className={range.preset === preset ? "primary" : "secondary"} aria-pressed={range.preset === preset} onClick={() => setRange({ preset: preset as keyof typeof RANGES })}>
            {t("studio.stats.lastDays", { count: Number(preset) })}
          </button>
        ))}
        <label>
          {t("studio.stats.from")}
          <input type="date" value={range.from ?? new Date(from * 1000).toISOString().slice(0, 10)} onChange={(e) => setRange({ from: e.target.value, to: range.to ?? new Date(to * 1000).toISOString().slice(0, 10) })} />
        </label>
        <label>
          {t("studio.stats.to")}
          <input type="date" value={range.to ?? new Date(to * 1000).toISOString().slice(0, 10)} onChange={(e) => setRange({ to: e.target.value, from: range.from ?? new Date(from * 1000).toISOString().slice(0, 10) })} />
        </label>
        <label>
          {t("studio.publish.currency")}
          <select value={currency} onChange={(e) => setCurrency(e.target.value as "SSH" | "USD")}>
            <option value="SSH">SSH</option>
            <option value="USD">USD</option>
          </select>
        </label>
        <button type="button" className="secondary" disabled={!series} onClick={download}>
          {t("studio.stats.csv")}
        </button>
      </div>
      {rangeError ? <p role="alert" className="field-error">{rangeError}</p> : null}
      {address && (studio.isPending || days.isPending) && !rangeError && (studio.isPending || ids.length > 0) ? <p aria-busy="true">{t("catalogue.loading")}</p> : null}
      {studio.data && ids.length === 0 ? <p>{t("studio.none")}</p> : null}
      {days.isError ? <p role="alert" className="error">{t("studio.error")}</p> : null}
      {series && sum ? (
        <>
          <dl className="totals" aria-label={t("studio.stats.totals")}>
            <dt>{t("studio.views")}</dt>
            <dd data-testid="total-views">{count(sum.views)}</dd>
            <dt>{t("studio.revenue")}</dt>
            <dd data-testid="total-revenue">
              {formatSshAmount(sum.revenue, i18n.language)} SSH · {formatUsdAmount(sum.revenueUsd, i18n.language)}
            </dd>
            <dt>{t("studio.stats.purchases")}</dt>
            <dd>{count(sum.purchases)}</dd>
            <dt>{t("studio.stats.refunds")}</dt>
            <dd>{count(sum.refunds)}</dd>
            <dt>{t("studio.stats.ratingNow")}</dt>
            <dd data-testid="rating-now">{rating(standing.sum, standing.count)}</dd>
            <dt>{t("studio.stats.ratingInRange")}</dt>
            <dd data-testid="rating-in-range">{rating(sum.ratingSum, sum.ratings)}</dd>
          </dl>
          <Suspense fallback={<p aria-busy="true">{t("catalogue.loading")}</p>}>
            <Chart title={t("studio.stats.viewsChart")} days={series} kind="bar" value={(i) => series[i]!.views} format={count} formatDate={formatDate} />
            {currency === "SSH" ? (
              <Chart title={t("studio.stats.revenueChart", { currency: "SSH" })} days={series} kind="line" value={(i) => Number(series[i]!.revenue / 10n ** 14n) / 10_000} format={(v) => formatSshAmount(BigInt(Math.round(v * 10_000)) * 10n ** 14n, i18n.language)} formatDate={formatDate} />
            ) : (
              <Chart title={t("studio.stats.revenueChart", { currency: "USD" })} days={series} kind="line" value={(i) => Number(series[i]!.revenueUsd) / 1e8} format={(v) => formatUsdAmount(BigInt(Math.round(v * 1e8)), i18n.language)} formatDate={formatDate} />
            )}
            <Chart title={t("studio.stats.refundsChart")} days={series} kind="bar" value={(i) => series[i]!.refunds} format={count} formatDate={formatDate} />
            <Chart title={t("studio.stats.ratingsChart")} days={series} kind="bar" value={(i) => series[i]!.ratings} format={count} formatDate={formatDate} />
          </Suspense>
        </>
      ) : null}
      {!filmId && films.length > 1 ? (
        <ul className="inline">
          {films.map((f) => (
            <li key={f.id}>
              <Link to={`/studio/stats/${f.filmId}`}>{metadata.get(f.metadataURI)?.title ?? `#${f.filmId}`}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
