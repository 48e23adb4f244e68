import { parseUsd } from "@streamspace/core/money";

import { bearer, HttpError, httpHandler, jsonBody } from "../http/http.ts";
import { issueQuote, quoteJson } from "../payments/quotes.ts";
import { getOnrampRuntime } from "../runtime.ts";

/**
 * POST /quotes (signed in): what a card payment costs and what it gets, from the chain's state now.
 * `{ "kind": "rental", "filmId": "3" }` prices one rental of a film for the wallet; `{ "kind": "topup",
 * "usd": "5.00" }` prices SSH (where the deployment allows it). Refused up front whenever the contract
 * would refuse it (limits, inventory, a film not for sale or already rented).
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, onrampConfig, publicClient, config, quotes } = getOnrampRuntime();
  const session = tokens.verify(bearer(event), "session");
  if (!(await limiter.allow(`quote-wallet#${session.sub}`, 30, 60))) throw new HttpError(429, "rate_limited", "too many quotes; wait a minute");
  const body = jsonBody(event);
  let request: { kind: "topup"; usd: bigint } | { kind: "rental"; filmId: bigint };
  if (body.kind === "rental") {
    if (typeof body.filmId !== "string" || !/^[1-9]\d{0,30}$/.test(body.filmId)) throw new HttpError(400, "bad_request", "filmId must be a film id (a decimal string)");
    request = { kind: "rental", filmId: BigInt(body.filmId) };
  } else if (body.kind === "topup") {
    if (!onrampConfig.topUpEnabled) throw new HttpError(403, "topup_disabled", "buying SSH by card is not available here; rent films by card instead");
    if (typeof body.usd !== "string") throw new HttpError(400, "bad_request", 'usd must be a dollar amount as a string ("5.00")');
    let usd: bigint;
    try {
      usd = parseUsd(body.usd);
    } catch (error) {
      throw new HttpError(400, "bad_amount", (error as Error).message);
    }
    request = { kind: "topup", usd };
  } else {
    throw new HttpError(400, "bad_request", 'kind must be "rental" or "topup"');
  }
  const quote = await issueQuote({ publicClient, contracts: config.contracts, wallet: session.sub, request, fee: onrampConfig.cardFee, ttlSeconds: onrampConfig.quoteTtlSeconds });
  await quotes.put(quote);
  return { status: 201, json: quoteJson(quote) };
});
