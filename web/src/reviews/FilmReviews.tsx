import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useAccount, useConfig, useReadContract } from "wagmi";

import { filmReviewsAbi, payPerViewAbi } from "@streamspace/core/generated/contracts";
import { querySubgraph } from "@streamspace/core/subgraph";
import { FILM_REVIEWS, type FilmReview } from "@streamspace/core/subgraph-reviews";

import { callApi } from "../api.ts";
import { TxStatus } from "../components/TxStatus.tsx";
import { type DappConfig, gatewayUrl } from "../config.ts";
import { useTranslation } from "../i18n.ts";
import { useTransaction } from "../transactions/useTransaction.ts";

/** The functions' limit on a review's text (functions/src/handlers/reviews-text.ts). */
const TEXT_MAX_CHARS = 2_000;
const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** Stars as text, for the eye; the accessible name says the number. */
function Stars({ rating }: { rating: number }) {
  const { t } = useTranslation();
  return (
    <span className="stars" role="img" aria-label={t("reviews.starsLabel", { count: rating })}>
      {"★".repeat(rating)}
      <span aria-hidden="true" className="stars-off">{"★".repeat(5 - rating)}</span>
    </span>
  );
}

/** A review's text from IPFS (a plain UTF-8 document), fetched only when shown. */
function ReviewText({ config, cid }: { config: DappConfig; cid: string }) {
  const { t } = useTranslation();
  const text = useQuery({ queryKey: ["review-text", cid], staleTime: Infinity, queryFn: async () => {
    const res = await fetch(gatewayUrl(config, `ipfs://${cid}`));
    if (!res.ok) throw new Error(String(res.status));
    return res.text();
  } });
  if (text.isPending) return <p aria-busy="true" className="meta">{t("reviews.loadingText")}</p>;
  if (text.isError) return <p className="meta">{t("reviews.textUnavailable")}</p>;
  return <p className="review-text">{text.data}</p>;
}

/**
 * A film's verified reviews: the average, the count and each star's share; the reviews, newest first,
 * a text flagged by enough viewers hidden (its rating never); and, for a wallet that watched the film
 * (a settled purchase), its own review to write, change or remove, and others' texts to flag.
 */
export function FilmReviews({ config, filmId }: { config: DappConfig; filmId: bigint }) {
  const { t, i18n } = useTranslation();
  const wagmi = useConfig();
  const { address } = useAccount();
  const queryClient = useQueryClient();
  const tx = useTransaction(config);
  const reviewsContract = { address: config.contracts.FilmReviews, abi: filmReviewsAbi } as const;
  const [awaiting, setAwaiting] = useState(false);
  const reviews = useQuery({
    queryKey: ["reviews", filmId.toString()],
    queryFn: () => querySubgraph(config.subgraphUrl, FILM_REVIEWS, { id: filmId.toString(), film: filmId.toString() }),
    // After a transaction, until the subgraph has it.
    refetchInterval: awaiting ? 1_000 : 30_000,
  });
  const { data: watched } = useReadContract({
    address: config.contracts.PayPerView,
    abi: payPerViewAbi,
    functionName: "hasWatched",
    args: address ? [filmId, address] : undefined,
    query: { enabled: Boolean(address) },
  });
  const mine = reviews.data?.reviews.find((r) => address && r.reviewer.id === address.toLowerCase());
  const [editing, setEditing] = useState(false);
  const [rating, setRating] = useState(0);
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();

  /** Sent: the page follows the subgraph until it shows the change (a few seconds at most). */
  async function sent(until: (r: FilmReview[]) => boolean) {
    setAwaiting(true);
    for (let i = 0; i < 30; i++) {
      const data = await queryClient.fetchQuery({ queryKey: ["reviews", filmId.toString()], queryFn: () => querySubgraph(config.subgraphUrl, FILM_REVIEWS, { id: filmId.toString(), film: filmId.toString() }), staleTime: 0 });
      if (until(data.reviews)) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    setAwaiting(false);
  }

  async function submit() {
    if (rating < 1 || rating > 5) return setError(t("reviews.chooseStars"));
    const body = text.trim();
    if ([...body].length > TEXT_MAX_CHARS) return setError(t("reviews.tooLong", { max: TEXT_MAX_CHARS }));
    setError(undefined);
    let cid = "";
    if (body) {
      try {
        ({ cid } = await callApi<{ cid: string }>(wagmi, config, address!, "/reviews/texts", { filmId: filmId.toString(), text: body }));
      } catch (e) {
        return setError((e as Error).message);
      }
    }
    const done = await tx.run(async ({ write }) => void (await write({ ...reviewsContract, functionName: "review", args: [filmId, rating, cid] })));
    if (done) {
      setEditing(false);
      await sent((list) => list.some((r) => r.reviewer.id === address!.toLowerCase() && r.rating === rating && (r.textCid ?? "") === cid));
    }
  }

  async function remove() {
    const done = await tx.run(async ({ write }) => void (await write({ ...reviewsContract, functionName: "removeReview", args: [filmId] })));
    if (done) await sent((list) => !list.some((r) => r.reviewer.id === address!.toLowerCase()));
  }

  async function flag(review: FilmReview) {
    const done = await tx.run(async ({ write }) => void (await write({ ...reviewsContract, functionName: "flagText", args: [filmId, review.reviewer.id as `0x${string}`, review.textCid!] })));
    if (done) await sent((list) => (list.find((r) => r.id === review.id)?.textFlags ?? 0) > review.textFlags);
  }

  function startEditing() {
    setRating(mine?.rating ?? 0);
    setText(mine?.textCid ? (queryClient.getQueryData<string>(["review-text", mine.textCid]) ?? "") : "");
    setEditing(true);
  }

  const film = reviews.data?.film;
  const count = film?.ratingCount ?? 0;
  const number = (n: number, digits = 1) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  const dateOf = (seconds: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" }).format(new Date(Number(seconds) * 1000));

  return (
    <section aria-labelledby="reviews-title" className="reviews">
      <h2 id="reviews-title">{t("reviews.title")}</h2>
      {reviews.isPending ? <p aria-busy="true">{t("reviews.loading")}</p> : null}
      {reviews.isError ? <p role="alert">{t("reviews.unavailable")}</p> : null}
      {film && count > 0 ? (
        <div className="rating-summary">
          <p>
            <strong className="average" data-testid="average-rating">{number(Number(film.averageRating))}</strong> <Stars rating={Math.round(Number(film.averageRating))} />{" "}
            <span className="meta">{t("reviews.count", { count })}</span>
          </p>
          <ul className="distribution" aria-label={t("reviews.distribution")}>
            {[5, 4, 3, 2, 1].map((stars) => (
              <li key={stars}>
                <span>{t("reviews.starsShort", { count: stars })}</span>
                <meter min={0} max={count} value={film.ratingDistribution[stars - 1]} aria-label={t("reviews.starsShare", { stars, count: film.ratingDistribution[stars - 1]! })} />
                <span className="meta">{film.ratingDistribution[stars - 1]}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {film && count === 0 ? <p>{t("reviews.none")}</p> : null}

      {address && watched === false ? <p className="meta">{t("reviews.onlyViewers")}</p> : null}
      {address && watched && !editing ? (
        <div className="actions">
          <button type="button" className="secondary" disabled={tx.busy || awaiting} onClick={startEditing}>
            {mine ? t("reviews.change") : t("reviews.write")}
          </button>
          {mine ? (
            <button type="button" className="secondary" disabled={tx.busy || awaiting} onClick={() => void remove()}>
              {t("reviews.remove")}
            </button>
          ) : null}
        </div>
      ) : null}
      {editing ? (
        <form
          className="review-form"
          aria-label={t("reviews.formLabel")}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <fieldset className="star-choice">
            <legend>{t("reviews.yourRating")}</legend>
            {[1, 2, 3, 4, 5].map((stars) => (
              <label key={stars}>
                <input type="radio" name="rating" value={stars} checked={rating === stars} onChange={() => setRating(stars)} />
                {t("reviews.starsShort", { count: stars })}
              </label>
            ))}
          </fieldset>
          <label>
            {t("reviews.yourText")}
            <textarea rows={4} value={text} maxLength={TEXT_MAX_CHARS * 2} onChange={(e) => setText(e.target.value)} />
          </label>
          <p className="meta">{t("reviews.textHelp", { max: TEXT_MAX_CHARS })}</p>
          {error ? <p role="alert" className="field-error">{error}</p> : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={tx.busy}>
              {t("reviews.submit")}
            </button>
            <button type="button" className="secondary" disabled={tx.busy} onClick={() => setEditing(false)}>
              {t("reviews.cancel")}
            </button>
          </div>
        </form>
      ) : null}
      <TxStatus state={tx.state} config={config} confirmed={awaiting ? t("reviews.indexing") : t("reviews.saved")} />

      <ol className="review-list">
        {(reviews.data?.reviews ?? []).map((r) => (
          <li key={r.id} className="review">
            <p>
              <Stars rating={r.rating} /> <span className="meta">{r.reviewer.id === address?.toLowerCase() ? t("reviews.you") : short(r.reviewer.id)} · {dateOf(r.updatedAt)}</span>
            </p>
            {r.textCid && r.textHidden ? <p className="meta">{t("reviews.hidden")}</p> : null}
            {r.textCid && !r.textHidden ? <ReviewText config={config} cid={r.textCid} /> : null}
            {r.textCid && !r.textHidden && watched && r.reviewer.id !== address?.toLowerCase() ? (
              <button type="button" className="link" disabled={tx.busy || awaiting} onClick={() => void flag(r)}>
                {t("reviews.flag")}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
