import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { BaseError, UserRejectedRequestError } from "viem";
import { useAccount, useConfig } from "wagmi";
import { waitForTransactionReceipt, writeContract } from "wagmi/actions";

import { payPerViewAbi } from "@streamspace/core/generated/contracts";
import { querySubgraph, RENTALS_OF } from "@streamspace/core/subgraph";

import type { DappConfig } from "../config.ts";
import { useCatalogue } from "../data/catalogue.ts";
import { formatSshAmount } from "../data/prices.ts";

/** The fan's rentals: active ones with the time left, past ones, and Refund where a film was not delivered in time. */
export function RentalsPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const wagmi = useConfig();
  const queryClient = useQueryClient();
  const titles = new Map((useCatalogue(config).data ?? []).map((f) => [f.filmId.toString(), f.metadata?.title]));
  const [refunding, setRefunding] = useState<string | undefined>();
  const [message, setMessage] = useState<string>("");
  const rentals = useQuery({
    queryKey: ["rentals", address],
    enabled: Boolean(address),
    queryFn: () => querySubgraph(config.subgraphUrl, RENTALS_OF, { viewer: address!.toLowerCase() }),
    refetchInterval: 15_000,
  });
  if (!address) return <p>{t("rentals.connect")}</p>;
  if (rentals.isPending) return <p aria-busy="true">{t("catalogue.loading")}</p>;
  const now = Date.now() / 1000;
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });

  async function refund(filmId: string, id: string) {
    setRefunding(id);
    setMessage(t("film.signing"));
    try {
      const hash = await writeContract(wagmi, { address: config.contracts.PayPerView, abi: payPerViewAbi, functionName: "refund", args: [BigInt(filmId)] });
      setMessage(t("film.pending"));
      await waitForTransactionReceipt(wagmi, { hash });
      setMessage(t("rentals.refunded"));
      await queryClient.invalidateQueries({ queryKey: ["rentals"] });
    } catch (error) {
      setMessage(error instanceof BaseError && error.walk((e) => e instanceof UserRejectedRequestError) ? t("film.rejected") : t("errors.unknown"));
    } finally {
      setRefunding(undefined);
    }
  }

  const list = rentals.data?.rentals ?? [];
  return (
    <section aria-labelledby="rentals-title">
      <h1 id="rentals-title">{t("rentals.title")}</h1>
      {list.length === 0 ? <p>{t("rentals.none")}</p> : null}
      <ul className="rentals">
        {list.map((r) => {
          const active = r.status !== "Refunded" && Number(r.expiresAt) > now;
          const refundable = r.status === "Open" && Number(r.refundableAt) <= now && r.payer === null;
          const title = titles.get(r.film.filmId) ?? `#${r.film.filmId}`;
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
                <button type="button" disabled={refunding !== undefined} onClick={() => void refund(r.film.filmId, r.id)}>
                  {t("rentals.refund")}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
