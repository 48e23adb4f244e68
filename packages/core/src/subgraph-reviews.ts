/**
 * Typed queries of verified reviews (FilmReviews, indexed by the subgraph): a film's rating summary
 * and its reviews, newest first. A module of its own so that only the reviews' code carries them.
 */
import { typedQuery } from "./subgraph.ts";

/** A film's rating summary and its standing reviews (`filmId` twice: the entity's id and the relation filter). */
export const FILM_REVIEWS = /* @__PURE__ */ typedQuery<
  {
    film: { ratingCount: number; averageRating: string | null; ratingDistribution: number[] } | null;
    reviews: FilmReview[];
  },
  { id: string; film: string }
>(`query FilmReviews($id: ID!, $film: String!) {
  film(id: $id) { ratingCount averageRating ratingDistribution }
  reviews(where: { film: $film }, orderBy: updatedAt, orderDirection: desc, first: 100) {
    id rating textCid textFlags textHidden createdAt updatedAt
    reviewer { id }
  }
}`);

export interface FilmReview {
  id: string;
  rating: number;
  textCid: string | null;
  textFlags: number;
  /** Flagged by enough viewers (FilmReviews.TEXT_HIDDEN_AT_FLAGS): the dapp shows the rating, not the text. */
  textHidden: boolean;
  createdAt: string;
  updatedAt: string;
  reviewer: { id: string };
}
