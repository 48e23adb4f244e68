import { useQuery } from "@tanstack/react-query";
import { useAccount } from "wagmi";
import { Link } from "wouter";

import { querySubgraph } from "@streamspace/core/subgraph";
import { CAMPAIGNS, POSITIONS_OF } from "@streamspace/core/subgraph-invest";

import type { DappConfig } from "../config.ts";
import { useCatalogueMetadata } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { formatSshAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { timeLeft } from "./words.ts";

/**
 * Every crowdfund, newest first: the film, progress to the goal and the cap, time left, the state; and
 * the connected investor's positions across campaigns (shares, contributed, royalties claimed, payback
 * progress; each campaign's page has what is claimable now and the actions).
 */
export function CampaignsPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const chainNow = useChainNow();
  const { address } = useAccount();
  const list = useQuery({ queryKey: ["campaigns"], queryFn: () => querySubgraph(config.subgraphUrl, CAMPAIGNS), refetchInterval: 15_000 });
  const mine = useQuery({
    queryKey: ["positions", address],
    enabled: Boolean(address),
    queryFn: () => querySubgraph(config.subgraphUrl, POSITIONS_OF, { investor: address!.toLowerCase() }),
    refetchInterval: 15_000,
  });
  const positions = (mine.data?.investorPositions ?? []).filter((p) => BigInt(p.shares) > 0n || BigInt(p.contributed) > 0n);
  const campaigns = list.data?.campaigns ?? [];
  const metadata = useCatalogueMetadata(config, [...campaigns.map((c) => c.film), ...positions.map((p) => p.campaign.film)].map((c) => ({ filmId: BigInt(c.filmId), metadataURI: c.metadataURI, price: 0n, priceInUsd: false, rentalWindow: 0, views: 0, createdAt: 0 })));
  const percent = (x: number) => new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 0 }).format(x);
  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{t("crowdfund.list.title")}</h1>
      <p>{t("crowdfund.list.intro")}</p>
      {positions.length > 0 ? (
        <>
          <h2>{t("crowdfund.mine.title")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("crowdfund.mine.campaign")}</th>
                <th scope="col" className="number">{t("crowdfund.position.shares")}</th>
                <th scope="col" className="number">{t("crowdfund.position.contributed")}</th>
                <th scope="col" className="number">{t("crowdfund.mine.claimed")}</th>
                <th scope="col">{t("crowdfund.position.payback")}</th>
              </tr>
            </thead>
            <tbody>
              {positions.map((p) => {
                const target = (BigInt(p.campaign.raised) * BigInt(p.campaign.paybackMultipleBps)) / 10_000n;
                return (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/campaigns/${p.campaign.id}`}>{metadata.get(p.campaign.film.metadataURI)?.title ?? `#${p.campaign.film.filmId}`}</Link> <span className="meta">{t(`crowdfund.states.${p.campaign.state}`)}</span>
                    </td>
                    <td className="number">{formatSshAmount(BigInt(p.shares), i18n.language)}</td>
                    <td className="number">{formatSshAmount(BigInt(p.contributed), i18n.language)} SSH</td>
                    <td className="number">{formatSshAmount(BigInt(p.royaltiesClaimed), i18n.language)} SSH</td>
                    <td>{target > 0n && (p.campaign.state === "Succeeded" || p.campaign.state === "Stopped") ? t("crowdfund.position.paybackOf", { paid: `${formatSshAmount(BigInt(p.campaign.paidBack), i18n.language)} SSH`, target: `${formatSshAmount(target, i18n.language)} SSH` }) : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2>{t("crowdfund.mine.all")}</h2>
        </>
      ) : null}
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
