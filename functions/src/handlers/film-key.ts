import { accessOf } from "../content/access.ts";
import { bearer, HttpError, httpHandler, idParam } from "../http/http.ts";
import { getContentRuntime } from "../runtime.ts";

/**
 * GET /films/{filmId}/key (signed in): the film key's URL for this wallet, with a key token in it
 * (ten minutes, this wallet and this film's key only), so any player fetches the key with no header.
 * Checked against the chain now: 403 without access, 410 for a deleted film, 404 for an unknown one.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, filmKeys, publicClient, config, content } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const filmId = idParam(event, "filmId");
  if (!(await limiter.allow(`key-url-wallet#${session.sub}`, 60, 60)) || !(await limiter.allow(`key-url-session#${session.sid}`, 30, 60))) {
    throw new HttpError(429, "rate_limited", "too many requests; wait a minute");
  }
  const access = await accessOf({ publicClient, contracts: config.contracts, filmId, wallet: session.sub });
  if (access.kind === "unknown") throw new HttpError(404, "unknown_film", `there is no film ${filmId}`);
  if (access.kind === "deleted") throw new HttpError(410, "film_deleted", `film ${filmId} was deleted by its owner`);
  if (access.kind === "none") throw new HttpError(403, "no_access", `${session.sub} has no rental of film ${filmId} now`);
  const keyId = await filmKeys.keyIdOf(filmId);
  if (!keyId) throw new HttpError(404, "not_playable", `film ${filmId} has no encrypted package yet`);
  const { token, claims } = tokens.keyToken(session, keyId);
  return {
    json: {
      url: `${content.publicUrl}/keys/${keyId}?token=${encodeURIComponent(token)}`,
      keyId,
      expiresAt: claims.exp,
      access: access.kind,
      ...(access.kind === "viewer" ? { rentalExpiresAt: Number(access.expiresAt) } : {}),
    },
  };
});
