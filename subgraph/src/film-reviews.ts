// FilmReviews: verified ratings and reviews, each film's average, count and star distribution, and
// the flags that hide a text (never its rating).
import { Address, BigDecimal, BigInt, store } from "@graphprotocol/graph-ts";

import { Reviewed, ReviewRemoved, TextFlagged } from "../generated/FilmReviews/FilmReviews";
import { Film, Review, ReviewText } from "../generated/schema";
import { getAccount, getFilmDay } from "./common/helpers";

/** FilmReviews.TEXT_HIDDEN_AT_FLAGS (test/subgraph.ts checks they agree). */
const TEXT_HIDDEN_AT_FLAGS = 3;

function reviewId(filmId: BigInt, reviewer: Address): string {
  return filmId.toString() + "-" + reviewer.toHexString();
}

/** A film's standing reviews changed by one rating leaving (`from`, 0: none) and one arriving (`to`, 0: none). */
function rate(film: Film, from: i32, to: i32): void {
  const distribution = film.ratingDistribution;
  if (from > 0) {
    film.ratingCount -= 1;
    film.ratingSum -= from;
    distribution[from - 1] = distribution[from - 1] - 1;
  }
  if (to > 0) {
    film.ratingCount += 1;
    film.ratingSum += to;
    distribution[to - 1] = distribution[to - 1] + 1;
  }
  film.ratingDistribution = distribution;
  film.averageRating = film.ratingCount == 0 ? null : BigDecimal.fromString(film.ratingSum.toString()).div(BigDecimal.fromString(film.ratingCount.toString()));
  film.save();
}

function flagsOf(id: string, cid: string): i32 {
  const text = ReviewText.load(id + "-" + cid);
  return text == null ? 0 : text.flags;
}

export function handleReviewed(event: Reviewed): void {
  const filmId = event.params.filmId.toString();
  const film = Film.load(filmId);
  if (film == null) return; // FilmReviews only takes films PayPerView sold, all registered
  const id = reviewId(event.params.filmId, event.params.reviewer);
  let review = Review.load(id);
  const previous = review == null ? 0 : review.rating;
  if (review == null) {
    review = new Review(id);
    review.film = filmId;
    review.reviewer = getAccount(event.params.reviewer).id;
    review.createdAt = event.block.timestamp;
  }
  const rating = event.params.rating as i32;
  review.rating = rating;
  const cid = event.params.textCid;
  review.textCid = cid.length > 0 ? cid : null;
  review.textFlags = cid.length > 0 ? flagsOf(id, cid) : 0;
  review.textHidden = review.textFlags >= TEXT_HIDDEN_AT_FLAGS;
  review.updatedAt = event.block.timestamp;
  review.save();
  rate(film, previous, rating);

  const day = getFilmDay(filmId, event);
  day.ratings += 1;
  day.ratingSum += rating;
  day.save();
}

export function handleReviewRemoved(event: ReviewRemoved): void {
  const id = reviewId(event.params.filmId, event.params.reviewer);
  const review = Review.load(id);
  if (review == null) return;
  const film = Film.load(review.film)!;
  rate(film, review.rating, 0);
  // Gone, as on-chain; the flags of its texts stay (ReviewText) in case it is written again.
  store.remove("Review", id);
}

export function handleTextFlagged(event: TextFlagged): void {
  const id = reviewId(event.params.filmId, event.params.reviewer);
  const cid = event.params.textCid;
  let text = ReviewText.load(id + "-" + cid);
  if (text == null) text = new ReviewText(id + "-" + cid);
  text.flags = event.params.flags.toI32();
  text.save();
  // A flag of another (earlier) text of this review counts for that text only.
  const review = Review.load(id);
  if (review != null && review.textCid == cid) {
    review.textFlags = text.flags;
    review.textHidden = text.flags >= TEXT_HIDDEN_AT_FLAGS;
    review.save();
  }
}
