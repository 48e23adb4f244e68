import { lazy, Suspense, useMemo, useState } from "react";
import { useAccount } from "wagmi";

import { pageStrings, useTranslation } from "../i18n.ts";

import { GENRES } from "@streamspace/core/genres";

import { FilmCard, FilmCardSkeleton } from "../components/FilmCard.tsx";
import { VirtualGrid } from "../components/VirtualGrid.tsx";
import type { DappConfig } from "../config.ts";
import { filterFilms, type SortOrder, useCatalogue, useCatalogueMetadata } from "../data/catalogue.ts";
import { priceInSsh, useRate } from "../data/prices.ts";

// A signed-in fan's picks: loaded only then, after the catalogue.
const ForYou = lazy(async () => ({ default: (await Promise.all([import("../recommend/Recommended.tsx"), pageStrings("community")]))[0].ForYou }));

/** Browse and search the films for sale: by title, genre and language, most watched, newest or cheapest first. */
export function Catalogue({ config }: { config: DappConfig }) {
  const { t, i18n } = useTranslation();
  const catalogue = useCatalogue(config);
  const rate = useRate(config);
  const [search, setSearch] = useState("");
  const [genre, setGenre] = useState("");
  const [language, setLanguage] = useState("");
  const [sort, setSort] = useState<SortOrder>("popular");
  const films = useMemo(() => catalogue.data ?? [], [catalogue.data]);
  const metadata = useCatalogueMetadata(config, films);
  const languages = [...new Set(films.flatMap((f) => metadata.get(f.metadataURI)?.languages ?? []))].sort();
  const names = useMemo(() => new Intl.DisplayNames([i18n.language], { type: "language" }), [i18n.language]);
  const filtering = search.trim() !== "" || genre !== "" || language !== "";
  const shown = filterFilms(films, { search, genre, language, sort, priceInSsh: (f) => priceInSsh(f, rate), metadataOf: (f) => metadata.get(f.metadataURI) });
  const firstRow = new Set(shown.slice(0, 4).map((f) => f.filmId));
  const { address } = useAccount();

  return (
    <section aria-labelledby="catalogue-title">
      <h1 id="catalogue-title">{t("catalogue.title")}</h1>
      <p className="tagline">{t("app.tagline")}</p>
      {address && films.length > 0 ? (
        <Suspense fallback={null}>
          <ForYou config={config} wallet={address} films={films} />
        </Suspense>
      ) : null}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span className="visually-hidden">{t("catalogue.searchLabel")}</span>
          <input type="search" placeholder={t("catalogue.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          {t("catalogue.genre")}
          <select value={genre} onChange={(e) => setGenre(e.target.value)}>
            <option value="">{t("catalogue.allGenres")}</option>
            {GENRES.map((g) => (
              <option key={g} value={g}>
                {t(`genres.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("catalogue.language")}
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">{t("catalogue.allLanguages")}</option>
            {languages.map((l) => (
              <option key={l} value={l}>
                {names.of(l) ?? l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("catalogue.sort")}
          <select value={sort} onChange={(e) => setSort(e.target.value as SortOrder)}>
            <option value="popular">{t("catalogue.sortPopular")}</option>
            <option value="new">{t("catalogue.sortNew")}</option>
            <option value="price">{t("catalogue.sortPrice")}</option>
          </select>
        </label>
      </form>
      {catalogue.isError ? (
        <div role="alert" className="error">
          {t("catalogue.error", { reason: (catalogue.error as Error).message })}{" "}
          <button type="button" onClick={() => void catalogue.refetch()}>
            {t("catalogue.retry")}
          </button>
        </div>
      ) : null}
      {catalogue.isPending ? (
        <ul className="grid" aria-busy="true" aria-label={t("catalogue.loading")}>
          {Array.from({ length: 8 }, (_, i) => (
            <FilmCardSkeleton key={i} />
          ))}
        </ul>
      ) : (
        <>
          <p className="count" aria-live="polite">
            {t("catalogue.count", { count: shown.length })}
            {filtering && metadata.loaded < metadata.total ? ` ${t("catalogue.searching", { loaded: metadata.loaded, total: metadata.total })}` : ""}
          </p>
          {shown.length === 0 && !catalogue.isError && !(filtering && metadata.loaded < metadata.total) ? <p>{t("catalogue.empty")}</p> : null}
          <VirtualGrid
            items={shown}
            keyOf={(film) => film.filmId.toString()}
            minColumnWidth={240}
            gap={20}
            label={t("catalogue.title")}
            render={(film) => <FilmCard film={film} config={config} rate={rate} eager={firstRow.has(film.filmId)} />}
          />
        </>
      )}
    </section>
  );
}
