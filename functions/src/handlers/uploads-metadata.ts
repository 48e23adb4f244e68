import { documentStoreOf, parseDocumentEdit, writeDocument } from "../content/metadata-documents.ts";
import { ownUpload } from "../content/upload-requests.ts";
import { bearer, HttpError, httpHandler, jsonBody } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/**
 * PUT /uploads/{uploadId}/metadata `{ details, poster? }` (its owner, once packaged and before the film
 * is registered): a new metadata document with these details (and this JPEG or PNG as the poster);
 * the upload's metadata URI becomes the new one, the one to register the film with.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, uploads, content } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const upload = await ownUpload(uploads, event.pathParameters?.uploadId, session.sub);
  if (!(await limiter.allow(`metadata-wallet#${session.sub}`, 60, 3_600))) throw new HttpError(429, "rate_limited", "too many metadata edits this hour");
  const edit = parseDocumentEdit(jsonBody(event));
  if (upload.status === "published") throw new HttpError(409, "already_published", `the upload is published as film ${upload.filmId}: edit the film's metadata (PUT /films/${upload.filmId}/metadata)`);
  if (upload.status !== "packaged") throw new HttpError(409, "not_packaged", `the upload is ${upload.status}, not packaged`);

  const metadataUri = await writeDocument({ store: documentStoreOf(content), uploads, upload, currentUri: upload.metadataUri!, edit });
  // Only over the document it was written from: a concurrent edit or a publication in between wins.
  const replaced = await uploads.transition(upload.uploadId, { from: ["packaged"], to: "packaged", set: { metadataUri }, expect: { metadataUri: upload.metadataUri! } });
  if (!replaced) throw new HttpError(409, "changed_meanwhile", "the upload changed meanwhile: read it again and retry");
  logger.info("upload metadata replaced", { uploadId: upload.uploadId, metadataUri, poster: Boolean(edit.poster) });
  return { json: { uploadId: upload.uploadId, status: "packaged", metadataUri } };
});
