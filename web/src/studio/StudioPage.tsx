import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useAccount } from "wagmi";
import { Link } from "wouter";

import { querySubgraph } from "@streamspace/core/subgraph";
import { STUDIO_FILMS_OF, type StudioFilm } from "@streamspace/core/subgraph-studio";

import type { DappConfig } from "../config.ts";
import { useCatalogueMetadata } from "../data/catalogue.ts";
import { formatSshAmount, formatUsdAmount } from "../data/prices.ts";
import { pageStrings, useTranslation } from "../i18n.ts";

// Managing a film brings the contracts' ABIs and the transaction flow: loaded when first opened.
const ManageFilm = lazy(async () => ({ default: (await Promise.all([import("./ManageFilm.tsx"), pageStrings("errors")]))[0].ManageFilm }));

/**
 * The filmmaker's studio: every film the wallet owns (from the subgraph, every status) with its status,
 * price, split, views and revenue, each managed in place (ManageFilm); films another owner is handing
 * over to this wallet, to accept; and Publish a film.
 */
export function StudioPage({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const { address } = useAccount();
  const [open, setOpen] = useState<string>();
  const studio = useQuery({
    queryKey: ["studio", address],
    enabled: Boolean(address),
    queryFn: () => querySubgraph(config.subgraphUrl, STUDIO_FILMS_OF, { owner: address!.toLowerCase(), pending: address!.toLowerCase() }),
    refetchInterval: 10_000,
  });
  const films = studio.data?.films ?? [];
  const offered = studio.data?.offered ?? [];
  const metadata = useCatalogueMetadata(
    config,
    [...films, ...offered].map((f) => ({ filmId: BigInt(f.filmId), metadataURI: f.metadataURI, price: BigInt(f.price), priceInUsd: f.priceInUsd, rentalWindow: Number(f.rentalWindow), views: Number(f.views), createdAt: Number(f.createdAt) })),
  );
  const titleOf = (f: StudioFilm) => metadata.get(f.metadataURI)?.title ?? `#${f.filmId}`;
  const price = (f: StudioFilm) => (f.priceInUsd ? formatUsdAmount(BigInt(f.price), i18n.language) : `${formatSshAmount(BigInt(f.price), i18n.language)} SSH`);

  return (
    <section aria-labelledby="studio-title" className="studio">
      <h1 id="studio-title">{t("studio.title")}</h1>
      <p className="actions">
        <Link className="button primary" to="/studio/publish">
          {t("studio.publish.title")}
        </Link>{" "}
        {films.length > 0 ? (
          <Link className="button secondary" to="/studio/stats">
            {t("studio.stats.link")}
          </Link>
        ) : null}
      </p>
      {!address ? <p>{t("studio.connect")}</p> : null}
      {address && studio.isPending ? <p aria-busy="true">{t("catalogue.loading")}</p> : null}
      {studio.isError ? <p role="alert" className="error">{t("studio.error")}</p> : null}
      {offered.length > 0 ? (
        <>
          <h2>{t("studio.offered")}</h2>
          <ul className="film-rows">
            {offered.map((f) => (
              <li key={f.id}>
                <Suspense fallback={<p aria-busy="true">{t("catalogue.loading")}</p>}>
                  <ManageFilm config={config} film={f} title={titleOf(f)} offered />
                </Suspense>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {address && studio.data && films.length === 0 ? <p>{t("studio.none")}</p> : null}
      {films.length > 0 ? (
        <>
          <h2>{t("studio.myFilms")}</h2>
          <table className="studio-films">
            <thead>
              <tr>
                <th scope="col">{t("studio.film")}</th>
                <th scope="col">{t("studio.status")}</th>
                <th scope="col" className="number">{t("studio.price")}</th>
                <th scope="col" className="number">{t("studio.holders")}</th>
                <th scope="col" className="number">{t("studio.views")}</th>
                <th scope="col" className="number">{t("studio.revenue")}</th>
                <th scope="col"><span className="visually-hidden">{t("studio.manage")}</span></th>
              </tr>
            </thead>
            <tbody>
              {films.map((f) => (
                <tr key={f.id}>
                  <td>{f.status === "Deleted" ? titleOf(f) : <Link to={`/films/${f.filmId}`}>{titleOf(f)}</Link>}</td>
                  <td>
                    {t(`studio.statuses.${f.status}`)}
                    {f.pendingOwner ? <span className="meta"> · {t("studio.handingOver")}</span> : null}
                  </td>
                  <td className="number">{price(f)}</td>
                  <td className="number">{f.split.recipients.length}</td>
                  <td className="number">{new Intl.NumberFormat(i18n.language).format(Number(f.views))}</td>
                  <td className="number">
                    <Link to={`/studio/stats/${f.filmId}`}>
                      {formatSshAmount(BigInt(f.revenue), i18n.language)} SSH
                      <span className="visually-hidden"> · {t("studio.stats.linkFor", { title: titleOf(f) })}</span>
                    </Link>
                  </td>
                  <td>
                    {f.status !== "Deleted" ? (
                      <button type="button" className="secondary" aria-expanded={open === f.id} onClick={() => setOpen(open === f.id ? undefined : f.id)} aria-label={t("studio.manageFilm", { title: titleOf(f) })}>
                        {t("studio.manage")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {films
            .filter((f) => f.id === open)
            .map((f) => (
              <Suspense key={f.id} fallback={<p aria-busy="true">{t("catalogue.loading")}</p>}>
                <ManageFilm config={config} film={f} title={titleOf(f)} metadata={metadata.get(f.metadataURI)} />
              </Suspense>
            ))}
        </>
      ) : null}
    </section>
  );
}
