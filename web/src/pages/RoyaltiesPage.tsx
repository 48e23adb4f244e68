import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { useAccount, useReadContracts } from "wagmi";

import { payPerViewAbi } from "@streamspace/core/generated/contracts";
import { querySubgraph } from "@streamspace/core/subgraph";
import { ROYALTIES_OF } from "@streamspace/core/subgraph-accounts";

import { TxStatus } from "../components/TxStatus.tsx";
import type { DappConfig } from "../config.ts";
import { useTitles } from "../data/catalogue.ts";
import { formatSshAmount } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";

/**
 * A rights holder's royalties: every split it holds a share of (from the subgraph), what each has earned
 * it and what is claimable now (read from PayPerView: the amount a claim pays), claimed one by one or all
 * at once (`claimMany`, one transfer).
 */
export function RoyaltiesPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const titleOf = useTitles(config);
  const tx = useTransaction(config);
  const payPerView = { address: config.contracts.PayPerView, abi: payPerViewAbi } as const;
  const holdings = useQuery({
    queryKey: ["royalties", address],
    enabled: Boolean(address),
    queryFn: () => querySubgraph(config.subgraphUrl, ROYALTIES_OF, { account: address!.toLowerCase() }),
    refetchInterval: 15_000,
  });
  const rows = holdings.data?.rightsHolders ?? [];
  const claimable = useReadContracts({
    contracts: rows.map((r) => ({ ...payPerView, functionName: "claimable", args: [BigInt(r.split.splitId), address!] }) as const),
    query: { enabled: Boolean(address) && rows.length > 0, refetchInterval: 15_000 },
  });
  const owed = rows.map((_, i) => (claimable.data?.[i]?.result as bigint | undefined) ?? 0n);
  const total = owed.reduce((sum, x) => sum + x, 0n);
  const ssh = (wei: bigint) => `${formatSshAmount(wei, i18n.language)} SSH`;

  const heading = <h1 id="royalties-title">{t("royalties.title")}</h1>;
  if (!address || holdings.isPending) {
    return (
      <section aria-labelledby="royalties-title">
        {heading}
        {address ? <p aria-busy="true">{t("royalties.loading")}</p> : <p>{t("royalties.connect")}</p>}
      </section>
    );
  }
  const claim = (splitIds: bigint[]) =>
    tx.run(async ({ write }) => {
      if (splitIds.length === 1) await write({ ...payPerView, functionName: "claim", args: [splitIds[0]!, address] });
      else await write({ ...payPerView, functionName: "claimMany", args: [splitIds, address] });
    });
  const withSomething = rows.map((r, i) => ({ r, owed: owed[i]! })).filter((x) => x.owed > 0n);
  return (
    <section aria-labelledby="royalties-title" className="royalties">
      {heading}
      {holdings.isError ? <p role="alert" className="error">{t("royalties.error")}</p> : null}
      {rows.length === 0 && !holdings.isError ? <p>{t("royalties.none")}</p> : null}
      {rows.length > 0 ? (
        <>
          <p className="balance">
            {t("royalties.total", { ssh: ssh(total) })}{" "}
            <button type="button" className="primary" disabled={tx.busy || withSomething.length === 0} onClick={() => void claim(withSomething.map((x) => BigInt(x.r.split.splitId)))}>
              {t("royalties.claimAll")}
            </button>
          </p>
          <TxStatus state={tx.state} config={config} confirmed={t("royalties.claimed")} />
          <table>
            <thead>
              <tr>
                <th scope="col">{t("royalties.film")}</th>
                <th scope="col" className="number">{t("royalties.share")}</th>
                <th scope="col" className="number">{t("royalties.earned")}</th>
                <th scope="col" className="number">{t("royalties.claimable")}</th>
                <th scope="col"><span className="visually-hidden">{t("royalties.claim")}</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/films/${r.split.film.filmId}`}>{titleOf(r.split.film.filmId)}</Link>
                  </td>
                  <td className="number">{new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 2 }).format(r.shareBps / 10_000)}</td>
                  <td className="number">{ssh(BigInt(r.earned))}</td>
                  <td className="number">{ssh(owed[i]!)}</td>
                  <td>
                    <button type="button" className="secondary" disabled={tx.busy || owed[i] === 0n} onClick={() => void claim([BigInt(r.split.splitId)])} aria-label={t("royalties.claimFor", { title: titleOf(r.split.film.filmId) })}>
                      {t("royalties.claim")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
