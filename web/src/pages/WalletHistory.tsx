import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";

import { querySubgraph } from "@streamspace/core/subgraph";
import { WALLET_HISTORY_OF } from "@streamspace/core/subgraph-accounts";

import type { DappConfig } from "../config.ts";
import { useTitles } from "../data/catalogue.ts";
import { formatSshAmount, formatUsdAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";

interface Entry {
  key: string;
  at: number;
  what: string;
  ssh?: bigint;
  sign: "+" | "−" | "";
  usd?: bigint;
  state?: string;
}

/** The wallet's history from the subgraph, newest first: rentals (with SSH or by card), refunds, card credits, claims, cash-outs. */
export function WalletHistory({ config, address }: { config: DappConfig; address: Address }) {
  const { t, i18n } = useTranslation();
  const title = useTitles(config);
  const history = useQuery({
    queryKey: ["wallet-history", address],
    queryFn: () => querySubgraph(config.subgraphUrl, WALLET_HISTORY_OF, { account: address.toLowerCase() }),
    refetchInterval: 10_000,
  });
  const h = history.data;
  const byCard = new Set(h?.cardRentals.map((c) => c.transactionHash));
  const entries: Entry[] = h
    ? [
        ...h.purchases.filter((p) => !byCard.has(p.transactionHash)).map((p): Entry => ({ key: `p${p.purchaseId}`, at: Number(p.timestamp), what: t("history.rental", { title: title(p.film.filmId) }), ssh: BigInt(p.amount), sign: "−" })),
        ...h.cardRentals.map((c): Entry => ({ key: `c${c.transactionHash}`, at: Number(c.timestamp), what: t("history.cardRental", { title: title(c.film.filmId) }), usd: BigInt(c.usdAmount), sign: "" })),
        ...h.refunds.map((r): Entry => ({
          key: `r${r.transactionHash}`,
          at: Number(r.timestamp),
          what: t(r.paidTo.id === address.toLowerCase() ? "history.refund" : "history.refundToCard", { title: title(r.film.filmId) }),
          ssh: BigInt(r.amount),
          sign: r.paidTo.id === address.toLowerCase() ? "+" : "",
        })),
        ...h.fiatCredits.map((f): Entry => ({ key: `f${f.transactionHash}`, at: Number(f.timestamp), what: t("history.credit"), ssh: BigInt(f.sshAmount), usd: BigInt(f.usdAmount), sign: "" })),
        ...h.creditChanges.map((c, i): Entry => ({ key: `k${i}${c.timestamp}`, at: Number(c.timestamp), what: t(c.kind === "Claimed" ? "history.claimed" : "history.reversed"), ssh: BigInt(c.sshAmount), sign: c.kind === "Claimed" ? "+" : "" })),
        ...h.cashOuts.map((c): Entry => ({ key: `o${c.id}`, at: Number(c.requestedAt), what: t("history.cashOut"), ssh: BigInt(c.sshAmount), usd: BigInt(c.usdAmount), sign: "−", state: t(`history.cashOutStatus.${c.status}`) })),
      ].sort((a, b) => b.at - a.at)
    : [];
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section aria-labelledby="history-title" className="history">
      <h2 id="history-title">{t("history.title")}</h2>
      {history.isPending ? <p aria-busy="true">{t("history.loading")}</p> : null}
      {history.isError ? <p role="alert" className="error">{t("history.error")}</p> : null}
      {h && entries.length === 0 ? <p>{t("history.none")}</p> : null}
      {entries.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("history.when")}</th>
              <th scope="col">{t("history.what")}</th>
              <th scope="col" className="number">SSH</th>
              <th scope="col" className="number">USD</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.key}>
                <td>{date.format(new Date(e.at * 1000))}</td>
                <td>
                  {e.what}
                  {e.state ? <span className="meta"> · {e.state}</span> : null}
                </td>
                <td className="number">{e.ssh !== undefined ? `${e.sign}${formatSshAmount(e.ssh, i18n.language)}` : ""}</td>
                <td className="number">{e.usd !== undefined ? formatUsdAmount(e.usd, i18n.language) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
