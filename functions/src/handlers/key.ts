import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";

import { accessOf } from "../content/access.ts";
import { HttpError, httpHandler } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/** A delivery receipt stays valid for settling this long (the settle keeper runs every minute). */
const RECEIPT_VALID_SECONDS = 7n * 86_400n;

/**
 * GET /keys/{keyId}?token=…: the 16-byte AES-128 key, the URI every playlist of the film names. The key
 * token says who asks; whether they may watch is asked of the chain at this moment (a rental that
 * ended or was refunded a second ago gets 403; a deleted film 410). The first key delivered for a
 * purchase makes the service sign its delivery receipt and queue it for the settle keeper. The key is
 * never logged.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, filmKeys, receipts, publicClient, config, signer } = getContentRuntime();
  const keyId = event.pathParameters?.keyId ?? "";
  const claims = tokens.verify(event.queryStringParameters?.token, "key");
  if (claims.key !== keyId) throw new HttpError(403, "wrong_key", "this key URL was issued for another film");
  if (!(await limiter.allow(`key-wallet#${claims.sub}`, 120, 60)) || !(await limiter.allow(`key-session#${claims.sid}`, 60, 60))) {
    throw new HttpError(429, "rate_limited", "too many key requests; wait a minute");
  }
  const record = await filmKeys.record(keyId);
  if (!record || record.filmId === undefined) throw new HttpError(404, "unknown_key", "no such film key");
  if (record.status === "destroyed") throw new HttpError(410, "film_deleted", "the film was deleted; its key is destroyed");

  const access = await accessOf({ publicClient, contracts: config.contracts, filmId: record.filmId, wallet: claims.sub });
  if (access.kind === "deleted") {
    // Deleted on-chain, key not yet destroyed by the deletion flow: destroy it now.
    await filmKeys.destroy(keyId);
    throw new HttpError(410, "film_deleted", "the film was deleted; its key is destroyed");
  }
  if (access.kind !== "owner" && access.kind !== "holder" && access.kind !== "viewer") {
    throw new HttpError(403, "no_access", `${claims.sub} has no rental of film ${record.filmId} now`);
  }

  if (access.kind === "viewer" && !(await receipts.has(access.purchaseId))) {
    // Delivered: the escrow may be released to the rights holders.
    const latest = await publicClient.getBlock();
    const receipt = { purchaseId: access.purchaseId, viewer: claims.sub, filmId: record.filmId, deadline: latest.timestamp + RECEIPT_VALID_SECONDS };
    const signature = await signDeliveryReceipt({ account: await signer("deliverySigner"), chainId: config.chainId, payPerView: config.contracts.PayPerView, receipt });
    await receipts.put(receipt, signature);
    logger.info("delivery receipt queued", { purchaseId: String(access.purchaseId), filmId: String(record.filmId), viewer: claims.sub });
  }
  return { bytes: await filmKeys.unwrap(record), headers: { "cache-control": "private, no-store" } };
});
