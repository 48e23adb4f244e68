import { payPerViewAbi } from "@streamspace/core/generated/contracts";

import { documentStoreOf } from "../content/metadata-documents.ts";
import { bearer, HttpError, httpHandler, jsonBody } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/** A review's text: at most this many characters (a long review; FilmReviews takes only its CID). */
export const REVIEW_TEXT_MAX_CHARS = 2_000;

/**
 * POST /reviews/texts `{ filmId, text }` (signed in, a wallet that watched the film): stores the
 * review's text on the platform's IPFS node as a plain UTF-8 document and answers its CID, which the
 * fan then puts on-chain with its rating (`FilmReviews.review`). Only a verified viewer of the film
 * may store a text, so the node holds nothing from anyone who did not pay.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, publicClient, config, content } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const { filmId: given, text } = jsonBody(event);
  if ((typeof given !== "string" && typeof given !== "number") || !/^[1-9]\d{0,30}$/.test(String(given))) throw new HttpError(400, "bad_request", `filmId is not an id: ${String(given)}`);
  if (typeof text !== "string") throw new HttpError(400, "invalid_text", "text must be a string");
  const trimmed = text.normalize("NFC").trim();
  if (trimmed.length === 0) throw new HttpError(400, "invalid_text", "the text is empty");
  if ([...trimmed].length > REVIEW_TEXT_MAX_CHARS) throw new HttpError(413, "invalid_text", `the text is over ${REVIEW_TEXT_MAX_CHARS} characters`);
  // Control characters other than line breaks and tabs have no place in a review.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) throw new HttpError(400, "invalid_text", "the text has control characters");
  if (!(await limiter.allow(`review-text#${session.sub}`, 30, 3_600))) throw new HttpError(429, "rate_limited", "too many review texts this hour");

  const filmId = BigInt(String(given));
  const watched = await publicClient.readContract({ address: config.contracts.PayPerView, abi: payPerViewAbi, functionName: "hasWatched", args: [filmId, session.sub] });
  if (!watched) throw new HttpError(403, "not_a_viewer", `${session.sub} has no settled purchase of film ${filmId}: only its viewers review it`);

  const cid = await documentStoreOf(content).addBytes(new TextEncoder().encode(trimmed));
  logger.info("review text stored", { filmId: String(filmId), wallet: session.sub, cid });
  return { json: { cid } };
});
