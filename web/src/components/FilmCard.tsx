import { Link } from "wouter";

import { type DappConfig, gatewayUrl } from "../config.ts";
import { type CatalogueFilm, useFilmMetadata } from "../data/catalogue.ts";
import { formatSshAmount, formatUsdAmount, priceInSsh, priceInUsd } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";

/** A film in the catalogue: poster, title, genres, price in SSH and USD, views. Its details load as it comes into view. */
export function FilmCard({ film, config, rate, eager = false }: { film: CatalogueFilm; config: DappConfig; rate: bigint | undefined; eager?: boolean }) {
  const { t, i18n } = useTranslation();
  const metadata = useFilmMetadata(config, film.metadataURI);
  const title = metadata?.title ?? `#${film.filmId}`;
  const ssh = priceInSsh(film, rate);
  const usd = priceInUsd(film, rate);
  return (
    <article className="card">
      <Link to={`/films/${film.filmId}`} className="card-link">
        {metadata ? (
          // The first row's posters are the page's largest paint: fetched at once, not lazily.
          <img className="poster" src={gatewayUrl(config, metadata.poster)} alt={t("filmCard.poster", { title })} loading={eager ? "eager" : "lazy"} fetchPriority={eager ? "high" : "auto"} width={320} height={180} />
        ) : (
          <div className="poster placeholder" aria-hidden="true" />
        )}
        <h3>{title}</h3>
      </Link>
      <p className="meta">
        {metadata?.genres.slice(0, 2).map((g) => t(`genres.${g}`)).join(" · ")}
        {metadata?.releaseYear ? ` · ${metadata.releaseYear}` : ""}
      </p>
      <p className="price">
        <strong>{ssh > 0n ? t("filmCard.price", { ssh: formatSshAmount(ssh, i18n.language) }) : "—"}</strong>
        {usd !== undefined ? <span className="usd"> {t("filmCard.usdValue", { usd: formatUsdAmount(usd, i18n.language) })}</span> : null}
      </p>
      <p className="views">{t("filmCard.views", { count: film.views })}</p>
    </article>
  );
}

/** A card's shape while the catalogue loads: the page has its layout at once, not a spinner. */
export function FilmCardSkeleton() {
  return (
    <li className="card skeleton" aria-hidden="true">
      <div className="poster placeholder" />
      <div className="line wide" />
      <div className="line" />
      <div className="line short" />
    </li>
  );
}
