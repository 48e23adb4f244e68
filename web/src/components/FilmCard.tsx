import { useTranslation } from "../i18n.ts";
import { Link } from "react-router";

import { type DappConfig, gatewayUrl } from "../config.ts";
import type { CatalogueFilm } from "../data/catalogue.ts";
import { formatSshAmount, formatUsdAmount, priceInSsh, priceInUsd } from "../data/prices.ts";

export function FilmCard({ film, config, rate }: { film: CatalogueFilm; config: DappConfig; rate: bigint | undefined }) {
  const { t, i18n } = useTranslation();
  const title = film.metadata?.title ?? `#${film.filmId}`;
  const ssh = priceInSsh(film, rate);
  const usd = priceInUsd(film, rate);
  return (
    <li className="card">
      <Link to={`/films/${film.filmId}`} className="card-link">
        {film.metadata ? (
          <img className="poster" src={gatewayUrl(config, film.metadata.poster)} alt={t("filmCard.poster", { title })} loading="lazy" width={320} height={180} />
        ) : (
          <div className="poster placeholder" aria-hidden="true" />
        )}
        <h3>{title}</h3>
      </Link>
      <p className="meta">
        {film.metadata?.genres.slice(0, 2).map((g) => t(`genres.${g}`)).join(" · ")}
        {film.metadata?.releaseYear ? ` · ${film.metadata.releaseYear}` : ""}
      </p>
      <p className="price">
        <strong>{ssh > 0n ? t("filmCard.price", { ssh: formatSshAmount(ssh, i18n.language) }) : "—"}</strong>
        {usd !== undefined ? <span className="usd"> {t("filmCard.usdValue", { usd: formatUsdAmount(usd, i18n.language) })}</span> : null}
      </p>
      <p className="views">{t("filmCard.views", { count: film.views })}</p>
    </li>
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
