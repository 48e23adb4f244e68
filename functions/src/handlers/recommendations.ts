import { recommend, similar, verifiedViews } from "@streamspace/core/recommend/model";

import { readRecommendationsConfig } from "../config.ts";
import { HttpError, httpHandler } from "../http/http.ts";
import { ModelStore } from "../recommendations/model-store.ts";

let store: ModelStore | undefined;
const LANGUAGE = /^[a-z]{2,3}$/;

/**
 * GET /recommendations?wallet=0x…[&lang=ko][&limit=20]: the wallet's ranked films, each with its reason
 * (because you watched X, new from a filmmaker you watched, popular in your language, like films you
 * watched, popular), leaving out what it watched, what it is watching, and what cannot be rented; with
 * its verified views (the loyalty hook). GET /recommendations?film=ID[&limit=10]: the films its viewers
 * also watched. Public: it says nothing the chain does not.
 */
export const handler = httpHandler(async (event) => {
  const query = event.queryStringParameters ?? {};
  const limit = query.limit === undefined ? undefined : Number(query.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100)) throw new HttpError(400, "bad_request", "limit is 1 to 100");
  if (query.lang !== undefined && !LANGUAGE.test(query.lang)) throw new HttpError(400, "bad_request", `lang is not a language code: ${query.lang}`);
  if ((query.wallet === undefined) === (query.film === undefined)) throw new HttpError(400, "bad_request", "give a wallet or a film");
  if (query.wallet !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(query.wallet)) throw new HttpError(400, "bad_request", `wallet is not an address: ${query.wallet}`);
  if (query.film !== undefined && !/^[1-9]\d{0,30}$/.test(query.film)) throw new HttpError(400, "bad_request", `film is not an id: ${query.film}`);

  store ??= new ModelStore(readRecommendationsConfig().models);
  const stored = await store.get();
  if (!stored) throw new HttpError(503, "not_trained", "the recommendations are not trained yet; try again in a few minutes");
  const { model, open } = stored;
  const headers = { "cache-control": "public, max-age=60" };
  if (query.film !== undefined) {
    return { json: { film: query.film, trainedAt: model.trainedAt, similar: similar(model, query.film, limit ?? 10).map((s) => ({ filmId: s.film })) }, headers };
  }
  const wallet = query.wallet!.toLowerCase();
  const picks = recommend(model, wallet, { limit: limit ?? 20, language: query.lang, exclude: open[wallet] ?? [], now: Math.floor(Date.now() / 1000) });
  return {
    json: {
      wallet,
      trainedAt: model.trainedAt,
      verifiedViews: verifiedViews(model, wallet),
      recommendations: picks.map((p) => ({ filmId: p.film, reason: p.reason })),
    },
    headers,
  };
});
