/**
 * Typed queries of the filmmakers' studio (their films, films handed over to them, daily statistics):
 * a module of its own so that only the studio's pages carry them.
 */
import { typedQuery } from "./subgraph.ts";

/** A filmmaker's films (every status) and the films offered to it (`pending`: the same address, as Bytes), for the dapp's studio. */
export const STUDIO_FILMS_OF = /* @__PURE__ */ typedQuery<
  {
    films: StudioFilm[];
    offered: StudioFilm[];
  },
  { owner: string; pending: string }
>(`fragment StudioFilm on Film {
  id filmId metadataURI status price priceInUsd rentalWindow views revenue revenueUsd refunds purchaseCount createdAt pendingOwner splitManager ratingCount ratingSum
  owner { id }
  split { splitId recipients sharesBps lockedUntil }
}
query StudioFilmsOf($owner: String!, $pending: Bytes!) {
  films(where: { owner: $owner }, orderBy: filmId, orderDirection: desc, first: 1000) { ...StudioFilm }
  offered: films(where: { pendingOwner: $pending, status_not: "Deleted" }, orderBy: filmId, orderDirection: desc, first: 100) { ...StudioFilm }
}`);

export interface StudioFilm {
  id: string;
  filmId: string;
  metadataURI: string;
  status: "Active" | "Delisted" | "Deleted";
  price: string;
  priceInUsd: boolean;
  rentalWindow: string;
  views: string;
  revenue: string;
  revenueUsd: string;
  refunds: string;
  purchaseCount: string;
  createdAt: string;
  pendingOwner: string | null;
  splitManager: string | null;
  /** Verified reviews standing now, and the sum of their stars. */
  ratingCount: number;
  ratingSum: number;
  owner: { id: string };
  split: { splitId: string; recipients: string[]; sharesBps: number[]; lockedUntil: string };
}

/**
 * Films' daily statistics from `from` (Unix seconds, a day's start) on, oldest first, for the studio's
 * charts (a year is 366 rows a film: pages of 1,000 are fetched until a short one).
 */
export const FILM_DAYS = /* @__PURE__ */ typedQuery<
  { filmDays: FilmDayRow[] },
  { films: string[]; from: number; first: number; skip: number }
>(`query FilmDays($films: [String!]!, $from: Int!, $first: Int!, $skip: Int!) {
  filmDays(where: { film_in: $films, date_gte: $from }, orderBy: date, orderDirection: asc, first: $first, skip: $skip) {
    id date purchases views revenue revenueUsd refunds ratings ratingSum film { filmId }
  }
}`);

/** One film's day (amounts as the subgraph's decimal strings; revenueUsd with 8 decimals). */
export interface FilmDayRow {
  id: string;
  date: number;
  purchases: string;
  views: string;
  revenue: string;
  revenueUsd: string;
  refunds: string;
  /** Ratings given that day (new and changed reviews), and the sum of their stars. */
  ratings: number;
  ratingSum: number;
  film: { filmId: string };
}
