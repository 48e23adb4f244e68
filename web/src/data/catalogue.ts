/**
 * The catalogue: the films for sale from the subgraph (the core's typed query, in pages of a thousand:
 * a row per film, without its details), and each film's metadata document from IPFS (title, synopsis,
 * genres, languages, credits, poster), fetched per film as its card comes into view, and for every film
 * in the background once the first page is up (search, genre and language need them all). A metadata
 * document never changes for a URI: cached for good by TanStack Query.
 */
import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import type { FilmMetadata } from "@streamspace/core/film-metadata";
import { CATALOGUE, querySubgraph } from "@streamspace/core/subgraph";

import { type DappConfig, gatewayUrl } from "../config.ts";

export interface CatalogueFilm {
  filmId: bigint;
  price: bigint;
  priceInUsd: boolean;
  rentalWindow: number;
  views: number;
  createdAt: number;
  metadataURI: string;
}

/** graph-node's largest page. */
const PAGE = 1000;
/** Metadata documents fetched at once in the background. */
const BACKGROUND_FETCHES = 8;

export async function fetchCatalogue(config: DappConfig): Promise<CatalogueFilm[]> {
  const films: CatalogueFilm[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const { films: page } = await querySubgraph(config.subgraphUrl, CATALOGUE, { first: PAGE, skip });
    for (const f of page) {
      films.push({
        filmId: BigInt(f.filmId),
        price: BigInt(f.price),
        priceInUsd: f.priceInUsd,
        rentalWindow: Number(f.rentalWindow),
        views: Number(f.views),
        createdAt: Number(f.createdAt),
        metadataURI: f.metadataURI,
      });
    }
    if (page.length < PAGE) return films;
  }
}

export function useCatalogue(config: DappConfig) {
  return useQuery({ queryKey: ["catalogue", config.subgraphUrl], queryFn: () => fetchCatalogue(config), staleTime: 30_000 });
}

const metadataQuery = (config: DappConfig, uri: string) => ({
  queryKey: ["metadata", uri],
  queryFn: async (): Promise<FilmMetadata | null> => {
    const res = await fetch(gatewayUrl(config, uri));
    if (!res.ok) throw new Error(`the film's details could not be read (${res.status})`);
    return (await res.json()) as FilmMetadata;
  },
  staleTime: Infinity,
  gcTime: Infinity,
  retry: 2,
});

/** One film's metadata document (undefined while it loads, or if the gateway cannot serve it). */
export function useFilmMetadata(config: DappConfig, uri: string | undefined): FilmMetadata | undefined {
  const { data } = useQuery({ ...metadataQuery(config, uri ?? ""), enabled: Boolean(uri) });
  return data ?? undefined;
}

/** A film of the catalogue with its metadata. */
export function useFilm(config: DappConfig, filmId: bigint) {
  const catalogue = useCatalogue(config);
  const film = catalogue.data?.find((f) => f.filmId === filmId);
  const metadata = useFilmMetadata(config, film?.metadataURI);
  return { catalogue, film, metadata };
}

/** The titles of every film the catalogue's metadata has loaded, by film id (for lists of rentals and history). */
export function useTitles(config: DappConfig): (filmId: string | bigint) => string {
  const films = useCatalogue(config).data ?? [];
  const metadata = useCatalogueMetadata(config, films);
  return (filmId) => {
    const film = films.find((f) => f.filmId === BigInt(filmId));
    return (film && metadata.get(film.metadataURI)?.title) ?? `#${filmId}`;
  };
}

async function fetchAll(queryClient: QueryClient, config: DappConfig, uris: string[], onProgress: () => void) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(BACKGROUND_FETCHES, uris.length) }, async () => {
      while (next < uris.length) {
        const uri = uris[next++]!;
        await queryClient.fetchQuery(metadataQuery(config, uri)).catch(() => null);
        onProgress();
      }
    }),
  );
}

/**
 * Every film's metadata, loaded in the background (in catalogue order), as a lookup by URI; `loaded`
 * of `total` say how far it is. Re-renders as documents arrive, in batches.
 */
export function useCatalogueMetadata(config: DappConfig, films: CatalogueFilm[]) {
  const queryClient = useQueryClient();
  const [, setVersion] = useState(0);
  const uris = films.map((f) => f.metadataURI);
  const key = uris.join(" ");
  useEffect(() => {
    let cancelled = false;
    let since = 0;
    const missing = uris.filter((uri) => queryClient.getQueryData(["metadata", uri]) === undefined);
    if (missing.length === 0) return;
    void fetchAll(queryClient, config, missing, () => {
      if (!cancelled && (++since >= 25 || since === missing.length)) {
        since = 0;
        setVersion((v) => v + 1);
      }
    }).then(() => !cancelled && setVersion((v) => v + 1));
    return () => void (cancelled = true);
  }, [key, queryClient, config]); // `key` stands for the URIs

  const get = (uri: string) => (queryClient.getQueryData(["metadata", uri]) as FilmMetadata | null | undefined) ?? undefined;
  return { get, loaded: uris.filter((uri) => get(uri) !== undefined).length, total: uris.length };
}

export type SortOrder = "popular" | "new" | "price";

/** The films that match a search (title, genre, language), in the chosen order; a film whose details have not loaded matches no search. */
export function filterFilms(films: CatalogueFilm[], { search, genre, language, sort, priceInSsh, metadataOf }: {
  search: string;
  genre: string;
  language: string;
  sort: SortOrder;
  /** A film's price in SSH now (dollar prices converted), for sorting by price. */
  priceInSsh: (film: CatalogueFilm) => bigint;
  metadataOf: (film: CatalogueFilm) => FilmMetadata | undefined;
}): CatalogueFilm[] {
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const filtering = words.length > 0 || genre !== "" || language !== "";
  const matching = !filtering
    ? films
    : films.filter((film) => {
        const m = metadataOf(film);
        if (!m) return false;
        const title = m.title.toLowerCase();
        if (words.some((w) => !title.includes(w))) return false;
        if (genre && !m.genres.includes(genre as never)) return false;
        if (language && !m.languages.includes(language)) return false;
        return true;
      });
  const by = {
    popular: (a: CatalogueFilm, b: CatalogueFilm) => b.views - a.views || b.createdAt - a.createdAt,
    new: (a: CatalogueFilm, b: CatalogueFilm) => b.createdAt - a.createdAt || Number(b.filmId - a.filmId),
    price: (a: CatalogueFilm, b: CatalogueFilm) => {
      const [pa, pb] = [priceInSsh(a), priceInSsh(b)];
      return pa < pb ? -1 : pa > pb ? 1 : b.views - a.views;
    },
  }[sort];
  return [...matching].sort(by);
}
