import { ownedFilm } from "../content/access.ts";
import { ownUpload } from "../content/upload-requests.ts";
import { bearer, HttpError, httpHandler, jsonBody } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/**
 * POST /uploads/{uploadId}/publish `{ filmId }` (its owner): the film was registered on-chain with the
 * upload's metadata URI. Checked on-chain (the caller owns the film, the film points to this upload's
 * metadata and is not deleted), then the film key is bound to the film: from now on the key server
 * serves it to whoever may watch.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, uploads, filmKeys, publicClient, config } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const upload = await ownUpload(uploads, event.pathParameters?.uploadId, session.sub);
  const { filmId: given } = jsonBody(event);
  if (typeof given !== "string" && typeof given !== "number") throw new HttpError(400, "bad_request", "filmId is required");
  if (!/^[1-9]\d{0,30}$/.test(String(given))) throw new HttpError(400, "bad_request", `filmId is not an id: ${given}`);
  const filmId = BigInt(given);
  if (upload.status === "published" && upload.filmId === filmId.toString()) return { json: { uploadId: upload.uploadId, status: "published", filmId: String(filmId) } };
  if (upload.status !== "packaged") throw new HttpError(409, "not_packaged", `the upload is ${upload.status}, not packaged`);

  const film = await ownedFilm(publicClient, config.contracts.FilmRegistry, filmId, session.sub);
  const metadataURI = film.metadataURI;
  if (film.status === 3) throw new HttpError(410, "film_deleted", `film ${filmId} was deleted`);
  if (metadataURI !== upload.metadataUri) {
    throw new HttpError(409, "metadata_mismatch", `film ${filmId} points to ${metadataURI}, not to this upload's ${upload.metadataUri}`);
  }
  await filmKeys.bind(upload.keyId!, filmId);
  await uploads.transition(upload.uploadId, { from: ["packaged"], to: "published", set: { filmId: filmId.toString(), stage: "published" } });
  logger.info("film published", { uploadId: upload.uploadId, filmId: String(filmId) });
  return { json: { uploadId: upload.uploadId, status: "published", filmId: String(filmId) } };
});
