import { ownedFilm } from "../content/access.ts";
import { bearer, HttpError, httpHandler, idParam } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/**
 * DELETE /films/{filmId} (its owner, after marking it Deleted on-chain): destroys the film key at once
 * (every copy of the ciphertext anywhere becomes useless; the key server answers 410), then the media
 * worker unpins the package and removes the masters. Calling it again is harmless.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, uploads, filmKeys, publicClient, config } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const filmId = idParam(event, "filmId");
  const film = await ownedFilm(publicClient, config.contracts.FilmRegistry, filmId, session.sub);
  if (film.status !== 3) throw new HttpError(409, "not_deleted_on_chain", `mark film ${filmId} Deleted on-chain first (FilmRegistry.setStatus), then delete its content`);

  const keyId = await filmKeys.keyIdOf(filmId);
  if (keyId) await filmKeys.destroy(keyId);
  const upload = await uploads.ofFilm(filmId);
  if (upload) await uploads.transition(upload.uploadId, { from: ["published"], to: "deleting", set: { stage: "deleting" } });
  logger.info("film deleted", { filmId: String(filmId), keyDestroyed: Boolean(keyId) });
  return { json: { filmId: String(filmId), keyDestroyed: true, content: upload ? "being removed" : "none" } };
});
