import { useQuery } from "@tanstack/react-query";

import type { Reason } from "@streamspace/core/recommend/model";

import { FilmCard } from "../components/FilmCard.tsx";
import type { DappConfig } from "../config.ts";
import { type CatalogueFilm, useTitles } from "../data/catalogue.ts";
import { useRate } from "../data/prices.ts";
import { useTranslation } from "../i18n.ts";

interface Picks {
  verifiedViews: number;
  recommendations: { filmId: string; reason: Reason }[];
}

/** The recommendation function's answer (public: nothing the chain does not say), or undefined while it is not trained. */
async function fetchRecommendations<T>(config: DappConfig, query: string): Promise<T | undefined> {
  const res = await fetch(`${config.apiUrl}/recommendations?${query}`);
  if (res.status === 503) return undefined; // not trained yet: no row rather than an error
  if (!res.ok) throw new Error(`recommendations: ${res.status}`);
  return (await res.json()) as T;
}

function Row({ config, id, title, items, films }: { config: DappConfig; id: string; title: string; items: { filmId: string; note?: string }[]; films: CatalogueFilm[] }) {
  const rate = useRate(config);
  const shown = items.map((item) => ({ ...item, film: films.find((f) => String(f.filmId) === item.filmId) })).filter((x) => x.film);
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby={id} className="recommended">
      <h2 id={id}>{title}</h2>
      <ul className="film-row">
        {shown.map(({ filmId, note, film }) => (
          <li key={filmId}>
            <FilmCard film={film!} config={config} rate={rate} />
            {note ? <p className="reason">{note}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * "For you": the signed-in wallet's picks from the recommendation engine, each with its reason in
 * words (because you watched X, new from the filmmaker of X, popular in your language...).
 */
export function ForYou({ config, wallet, films }: { config: DappConfig; wallet: string; films: CatalogueFilm[] }) {
  const { t, i18n } = useTranslation();
  const titleOf = useTitles(config);
  const picks = useQuery({
    queryKey: ["for-you", wallet.toLowerCase(), i18n.language],
    queryFn: () => fetchRecommendations<Picks>(config, `wallet=${wallet}&lang=${i18n.language}&limit=8`),
    staleTime: 60_000,
  });
  const languageName = (code: string) => new Intl.DisplayNames([i18n.language], { type: "language" }).of(code) ?? code;
  const noteOf = (reason: Reason) => {
    switch (reason.kind) {
      case "because_you_watched":
        return t("recommend.reasons.because_you_watched", { film: titleOf(reason.film) });
      case "new_from_filmmaker":
        return t("recommend.reasons.new_from_filmmaker", { film: titleOf(reason.film) });
      case "popular_in_language":
        return t("recommend.reasons.popular_in_language", { language: languageName(reason.language) });
      case "like_films_you_watched":
        return t("recommend.reasons.like_films_you_watched", { genre: t(`genres.${reason.genre}`) });
      case "popular":
        return t("recommend.reasons.popular");
    }
  };
  if (!picks.data) return null;
  return <Row config={config} id="for-you-title" title={t("recommend.forYou")} films={films} items={picks.data.recommendations.map((r) => ({ filmId: r.filmId, note: noteOf(r.reason) }))} />;
}

/** "Fans who watched this also watched": the films a film's viewers watched, rentable now. */
export function AlsoWatched({ config, filmId, films }: { config: DappConfig; filmId: bigint; films: CatalogueFilm[] }) {
  const { t } = useTranslation();
  const similar = useQuery({
    queryKey: ["also-watched", filmId.toString()],
    queryFn: () => fetchRecommendations<{ similar: { filmId: string }[] }>(config, `film=${filmId}&limit=6`),
    staleTime: 60_000,
  });
  if (!similar.data) return null;
  return <Row config={config} id="also-watched-title" title={t("recommend.alsoWatched")} films={films} items={similar.data.similar} />;
}
