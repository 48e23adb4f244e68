import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useAccount } from "wagmi";

import { querySubgraph } from "@streamspace/core/subgraph";
import { CURATION_FILMS, CURATOR_OF } from "@streamspace/core/subgraph-curation";

import type { DappConfig } from "../config.ts";
import { useCatalogueMetadata } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { formatSshAmount } from "../data/prices.ts";
import { pageStrings, useTranslation } from "../i18n.ts";

const Chart = lazy(() => import("../components/Chart.tsx").then((m) => ({ default: m.Chart })));
// The curator's actions bring the ABIs, the transaction flow and the contracts' errors in words.
const CuratorActions = lazy(async () => ({ default: (await Promise.all([import("./CuratorActions.tsx"), pageStrings("errors")]))[0].CuratorActions }));
const DAY = 86_400;
const ONE = 10n ** 18n;

/**
 * Curation: a curator's storage nodes (register one with the key and signature its node software
 * gives), the fragments its nodes hold as the auditor attested them, each position's stake, its
 * accruing reward by the whitepaper's formula with T (coin-age), V (stake) and P (the film's
 * popularity) shown, and its actions: stake (one permit; not before the holding time, said before
 * anything is signed), claim, request an unstake, withdraw after the unbonding delay; slashes with their
 * reason; the rewards paid over time as a chart; and the films most worth curating (highest P per SSH
 * staked on them).
 */
export function CurationPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const chainNow = useChainNow();
  const me = address?.toLowerCase() ?? "";
  const data = useQuery({
    queryKey: ["curator", me],
    enabled: Boolean(address),
    queryFn: () => querySubgraph(config.subgraphUrl, CURATOR_OF, { id: me, curator: me }),
    refetchInterval: 10_000,
  });
  const films = useQuery({ queryKey: ["curation-films"], queryFn: () => querySubgraph(config.subgraphUrl, CURATION_FILMS), refetchInterval: 60_000 });
  const stakes = data.data?.curator?.stakes ?? [];
  const metadata = useCatalogueMetadata(
    config,
    [...stakes.map((s) => s.fragment.film), ...(data.data?.slashes ?? []).map((sl) => sl.stake.fragment.film), ...(films.data?.films ?? [])].map((f) => ({ filmId: BigInt(f.filmId), metadataURI: f.metadataURI, price: 0n, priceInUsd: false, rentalWindow: 0, views: 0, createdAt: 0 })),
  );
  const titleOf = (f: { filmId: string; metadataURI: string }) => metadata.get(f.metadataURI)?.title ?? `#${f.filmId}`;
  const ssh = (wei: bigint) => `${formatSshAmount(wei, i18n.language)} SSH`;
  const date = (s: number) => new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(s * 1000));
  const number = (x: number, digits = 2) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(x);

  if (!address) {
    return (
      <section aria-labelledby="curation-title">
        <h1 id="curation-title">{t("curation.title")}</h1>
        <p>{t("curation.intro")}</p>
        <p>{t("curation.connect")}</p>
      </section>
    );
  }

  // Rewards paid per day over the last 90 days (by the chain's clock).
  const today = Math.floor(chainNow() / DAY) * DAY;
  const days = Array.from({ length: 90 }, (_, i) => ({ date: today - (89 - i) * DAY, paid: 0 }));
  for (const claim of data.data?.rewardClaims ?? []) {
    const day = days.find((d) => d.date === Math.floor(Number(claim.timestamp) / DAY) * DAY);
    if (day) day.paid += Number(BigInt(claim.paid) / 10n ** 14n) / 10_000;
  }
  // Where curating pays most: the highest popularity per SSH already staked on the film.
  const suggestions = (films.data?.films ?? [])
    .map((f) => {
      const staked = f.fragments.reduce((sum, fr) => sum + fr.stakes.reduce((s2, st) => s2 + BigInt(st.amount), 0n), 0n);
      return { film: f, staked, perSsh: Number(BigInt(f.popularity) * 1_000_000n / (staked + ONE)) / 1_000_000 };
    })
    .filter((x) => BigInt(x.film.popularity) > 0n)
    .sort((a, b) => b.perSsh - a.perSsh)
    .slice(0, 5);
  const curator = data.data?.curator;

  return (
    <section aria-labelledby="curation-title" className="curation publish">
      <h1 id="curation-title">{t("curation.title")}</h1>
      <p>{t("curation.intro")}</p>
      {data.isPending ? <p aria-busy="true">{t("catalogue.loading")}</p> : null}
      {data.isError ? <p role="alert" className="error">{t("curation.error")}</p> : null}
      {curator ? (
        <dl className="totals">
          <dt>{t("curation.staked")}</dt>
          <dd>{ssh(BigInt(curator.staked))}</dd>
          <dt>{t("curation.unbonding")}</dt>
          <dd>{ssh(BigInt(curator.unbonding))}</dd>
          <dt>{t("curation.rewardsPaid")}</dt>
          <dd data-testid="rewards-paid">{ssh(BigInt(curator.rewardsPaid))}</dd>
          <dt>{t("curation.slashed")}</dt>
          <dd>{ssh(BigInt(curator.slashed))}</dd>
        </dl>
      ) : null}

      <h2>{t("curation.nodes.title")}</h2>
      {curator?.nodes.length ? (
        <ul>
          {curator.nodes.map((n) => (
            <li key={n.id}>
              <code>{`${n.id.slice(0, 10)}…${n.id.slice(-6)}`}</code> · {t("curation.nodes.since", { date: date(Number(n.registeredAt)) })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("curation.nodes.none")}</p>
      )}
      <Suspense fallback={<p aria-busy="true">{t("catalogue.loading")}</p>}>
        <CuratorActions config={config} stakes={stakes} titleOf={titleOf} />
      </Suspense>

      <h2>{t("curation.slashes.title")}</h2>
      {(data.data?.slashes ?? []).length === 0 ? <p>{t("curation.slashes.none")}</p> : null}
      <ul>
        {(data.data?.slashes ?? []).map((sl, i) => (
          <li key={i}>
            {t("curation.slashes.reason", { date: date(Number(sl.timestamp)), film: titleOf(sl.stake.fragment.film), slashed: ssh(BigInt(sl.slashed)), forfeited: ssh(BigInt(sl.forfeited)), left: ssh(BigInt(sl.unbonding)) })}
          </li>
        ))}
      </ul>

      <Suspense fallback={<p aria-busy="true">{t("catalogue.loading")}</p>}>
        <Chart
          title={t("curation.chart")}
          days={days}
          kind="bar"
          value={(i) => days[i]!.paid}
          format={(v) => formatSshAmount(BigInt(Math.round(v * 10_000)) * 10n ** 14n, i18n.language)}
          formatDate={(d) => new Intl.DateTimeFormat(i18n.language, { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(d * 1000))}
        />
      </Suspense>

      <h2>{t("curation.suggestions.title")}</h2>
      <p className="meta">{t("curation.suggestions.help")}</p>
      <ol>
        {suggestions.map((x) => (
          <li key={x.film.filmId}>
            {t("curation.suggestions.row", { title: titleOf(x.film), p: number(Number(BigInt(x.film.popularity) / 10n ** 12n) / 1e6, 3), staked: ssh(x.staked) })}
          </li>
        ))}
      </ol>
    </section>
  );
}
