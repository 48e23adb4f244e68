import { ownedFilm } from "../content/access.ts";
import { documentStoreOf, parseDocumentEdit, writeDocument } from "../content/metadata-documents.ts";
import { bearer, HttpError, httpHandler, idParam, jsonBody } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/**
 * PUT /films/{filmId}/metadata `{ details, poster? }` (the film's owner on-chain now, whoever published
 * it): writes the document that replaces the one the film points to, keeping its package, and answers
 * its URI; the owner then points the film to it (`FilmRegistry.setMetadataURI`). Nothing changes
 * on-chain until then, so an edit never half happens.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, uploads, publicClient, config, content } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const filmId = idParam(event, "filmId");
  if (!(await limiter.allow(`metadata-wallet#${session.sub}`, 60, 3_600))) throw new HttpError(429, "rate_limited", "too many metadata edits this hour");
  const edit = parseDocumentEdit(jsonBody(event));

  const film = await ownedFilm(publicClient, config.contracts.FilmRegistry, filmId, session.sub);
  const currentUri = film.metadataURI;
  if (film.status === 3) throw new HttpError(410, "film_deleted", `film ${filmId} was deleted`);
  const upload = await uploads.ofFilm(filmId);
  if (!upload || upload.status !== "published") throw new HttpError(409, "not_published_here", `film ${filmId} was not published through the platform's uploads`);

  const metadataUri = await writeDocument({ store: documentStoreOf(content), uploads, upload, currentUri, edit });
  logger.info("film metadata written", { filmId: String(filmId), metadataUri, poster: Boolean(edit.poster) });
  return { json: { filmId: String(filmId), metadataUri, current: metadataUri === currentUri } };
});
