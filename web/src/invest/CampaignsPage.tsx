import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";

import { querySubgraph } from "@streamspace/core/subgraph";
import { CAMPAIGNS } from "@streamspace/core/subgraph-invest";

import type { DappConfig } from "../config.ts";
import { useCatalogueMetadata } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { formatSshAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { timeLeft } from "./words.ts";

/** Every crowdfund, newest first: the film, progress to the goal and the cap, time left, the state. */
export function CampaignsPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const chainNow = useChainNow();
  const list = useQuery({ queryKey: ["campaigns"], queryFn: () => querySubgraph(config.subgraphUrl, CAMPAIGNS), refetchInterval: 15_000 });
  const campaigns = list.data?.campaigns ?? [];
  const metadata = useCatalogueMetadata(config, campaigns.map((c) => ({ filmId: BigInt(c.film.filmId), metadataURI: c.film.metadataURI, price: 0n, priceInUsd: false, rentalWindow: 0, views: 0, createdAt: 0 })));
  const percent = (x: number) => new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 0 }).format(x);
  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{t("crowdfund.list.title")}</h1>
      <p>{t("crowdfund.list.intro")}</p>
      {list.isPending ? <p aria-busy="true">{t("catalogue.loading")}</p> : null}
      {list.isError ? <p role="alert" className="error">{t("crowdfund.error")}</p> : null}
      {list.data && campaigns.length === 0 ? <p>{t("crowdfund.list.none")}</p> : null}
      <ul className="campaigns">
        {campaigns.map((c) => {
          const raised = BigInt(c.raised);
          const title = metadata.get(c.film.metadataURI)?.title ?? `#${c.film.filmId}`;
          return (
            <li key={c.id} className="campaign-card">
              <h2>
                <Link to={`/campaigns/${c.id}`}>{title}</Link>
              </h2>
              <p className="meta">
                {t(`crowdfund.states.${c.state}`)}
                {c.state === "Funding" ? ` · ${timeLeft(Number(c.deadline) - chainNow(), t)}` : ""}
              </p>
              <progress max={Number(BigInt(c.goal) / 10n ** 15n)} value={Number(raised / 10n ** 15n)} aria-label={t("crowdfund.progressOf", { title })} />
              <p>
                {t("crowdfund.raisedOf", { raised: formatSshAmount(raised, i18n.language), goal: formatSshAmount(BigInt(c.goal), i18n.language), percent: percent(Number((raised * 1000n) / BigInt(c.goal)) / 1000) })}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
