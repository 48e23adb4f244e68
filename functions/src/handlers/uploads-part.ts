import { MasterStore } from "../content/masters.ts";
import { ownUpload } from "../content/upload-requests.ts";
import { bearer, HttpError, httpHandler, jsonBody } from "../http/http.ts";
import { getContentRuntime } from "../runtime.ts";

/**
 * POST /uploads/{uploadId}/parts `{ file, partNumber, etag }` (its owner): one part was sent to object
 * storage, which answered this ETag. Recorded so an interrupted upload resumes with the parts still
 * missing; completing hands the ETags to storage, which refuses any that is not the part it holds.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, uploads } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const upload = await ownUpload(uploads, event.pathParameters?.uploadId, session.sub);
  const { file, partNumber, etag } = jsonBody(event);
  if (file !== "master" && file !== "trailer") throw new HttpError(400, "bad_request", "file is master or trailer");
  const stored = upload.files[file];
  if (!stored) throw new HttpError(400, "bad_request", `this upload has no ${file}`);
  const count = MasterStore.partsFor(stored.size);
  if (typeof partNumber !== "number" || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > count) {
    throw new HttpError(400, "bad_request", `partNumber is 1 to ${count}`);
  }
  if (typeof etag !== "string" || !/^"?[0-9a-fA-F-]{16,64}"?$/.test(etag)) throw new HttpError(400, "bad_request", "etag is the ETag header object storage answered");
  if (!(await uploads.recordPart(upload.uploadId, file, partNumber, etag))) throw new HttpError(409, "not_uploading", `the upload is ${upload.status}`);
  return { json: { uploadId: upload.uploadId, file, partNumber } };
});
