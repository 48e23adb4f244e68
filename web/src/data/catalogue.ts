/**
 * The catalogue: films for sale from the subgraph (the core's typed query, paged), each with its
 * metadata document from IPFS (title, synopsis, genres, languages, credits, poster). Cached by TanStack
 * Query: a metadata document never changes for a URI.
 */
import { useQuery } from "@tanstack/react-query";

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
  metadata?: FilmMetadata;
}

const PAGE = 100;

async function metadataOf(config: DappConfig, uri: string): Promise<FilmMetadata | undefined> {
  try {
    const res = await fetch(gatewayUrl(config, uri));
    return res.ok ? ((await res.json()) as FilmMetadata) : undefined;
  } catch {
    return undefined; // shown with its id until the gateway answers
  }
}

export async function fetchCatalogue(config: DappConfig): Promise<CatalogueFilm[]> {
  const films: CatalogueFilm[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const { films: page } = await querySubgraph(config.subgraphUrl, CATALOGUE, { first: PAGE, skip });
    films.push(
      ...(await Promise.all(
        page.map(async (f) => ({
          filmId: BigInt(f.filmId),
          price: BigInt(f.price),
          priceInUsd: f.priceInUsd,
          rentalWindow: Number(f.rentalWindow),
          views: Number(f.views),
          createdAt: Number(f.createdAt),
          metadataURI: f.metadataURI,
          metadata: await metadataOf(config, f.metadataURI),
        })),
      )),
    );
    if (page.length < PAGE) return films;
  }
}

export function useCatalogue(config: DappConfig) {
  return useQuery({ queryKey: ["catalogue", config.subgraphUrl], queryFn: () => fetchCatalogue(config), staleTime: 30_000 });
}

export type SortOrder = "popular" | "new" | "price";

/** The films that match a search (title, genre, language), in the chosen order. */
export function filterFilms(films: CatalogueFilm[], { search, genre, language, sort, priceInSsh }: {
  search: string;
  genre: string;
  language: string;
  sort: SortOrder;
  /** A film's price in SSH now (dollar prices converted), for sorting by price. */
  priceInSsh: (film: CatalogueFilm) => bigint;
}): CatalogueFilm[] {
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matching = films.filter((film) => {
    const m = film.metadata;
    const title = (m?.title ?? "").toLowerCase();
    if (words.some((w) => !title.includes(w))) return false;
    if (genre && !m?.genres.includes(genre as never)) return false;
    if (language && !m?.languages.includes(language)) return false;
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
