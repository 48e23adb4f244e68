import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { useAccount } from "wagmi";

import { payPerViewAbi } from "@streamspace/core/generated/contracts";
import { querySubgraph } from "@streamspace/core/subgraph";
import { RENTALS_OF } from "@streamspace/core/subgraph-accounts";

import { TxStatus } from "../components/TxStatus.tsx";
import type { DappConfig } from "../config.ts";
import { useTitles } from "../data/catalogue.ts";
import { useChainNow } from "../data/chain-time.ts";
import { formatSshAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";

/** The fan's rentals: active ones with the time left, past ones, and Refund where a film was not delivered in time. */
export function RentalsPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const chainNow = useChainNow();
  const tx = useTransaction(config);
  const titleOf = useTitles(config);
  const [refunding, setRefunding] = useState<string | undefined>();
  const rentals = useQuery({
    queryKey: ["rentals", address],
    enabled: Boolean(address),
    queryFn: () => querySubgraph(config.subgraphUrl, RENTALS_OF, { viewer: address!.toLowerCase() }),
    refetchInterval: 15_000,
  });
  if (!address || rentals.isPending) {
    return (
      <section aria-labelledby="rentals-title">
        <h1 id="rentals-title">{t("rentals.title")}</h1>
        {address ? <p aria-busy="true">{t("rentals.loading")}</p> : <p>{t("rentals.connect")}</p>}
      </section>
    );
  }
  const now = chainNow();
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });

  async function refund(filmId: string, id: string) {
    setRefunding(id);
    await tx.run(async ({ write }) => void (await write({ address: config.contracts.PayPerView, abi: payPerViewAbi, functionName: "refund", args: [BigInt(filmId)] })));
    setRefunding(undefined);
  }

  const list = rentals.data?.rentals ?? [];
  return (
    <section aria-labelledby="rentals-title">
      <h1 id="rentals-title">{t("rentals.title")}</h1>
      {rentals.isError ? <p role="alert" className="error">{t("rentals.error")}</p> : null}
      {list.length === 0 && !rentals.isError ? <p>{t("rentals.none")}</p> : null}
      <ul className="rentals">
        {list.map((r) => {
          const active = r.status !== "Refunded" && Number(r.expiresAt) > now;
          const refundable = r.status === "Open" && Number(r.refundableAt) <= now && r.payer === null;
          const title = titleOf(r.film.filmId);
          return (
            <li key={r.id} className="card">
              <Link to={`/films/${r.film.filmId}`}>
                <strong>{title}</strong>
              </Link>
              <p className="meta">
                {formatSshAmount(BigInt(r.amount), i18n.language)} SSH · {t(`rentals.status.${r.status}`)}
                {r.payer ? ` · ${t("rentals.paidByCard")}` : ""}
              </p>
              <p>{active ? t("rentals.until", { until: dateTime.format(new Date(Number(r.expiresAt) * 1000)) }) : t("rentals.ended")}</p>
              {active ? (
                <Link className="button primary" to={`/films/${r.film.filmId}/watch`}>
                  {t("watch.watch")}
                </Link>
              ) : null}
              {refundable ? (
                <button type="button" disabled={refunding !== undefined || tx.busy} onClick={() => void refund(r.film.filmId, r.id)}>
                  {t("rentals.refund")}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <TxStatus state={tx.state} config={config} confirmed={t("rentals.refunded")} />
    </section>
  );
}
