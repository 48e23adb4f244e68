import { MasterStore } from "../content/masters.ts";
import { ownUpload } from "../content/upload-requests.ts";
import { bearer, HttpError, httpHandler } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/**
 * POST /uploads/{uploadId}/complete (its owner): every part was sent. Object storage assembles the file
 * from the parts it holds under the ETags reported (refusing any that does not match), and the stored
 * file must have the size announced; then the upload is queued for the media worker. A file that
 * arrived short or long fails the upload (nothing is packaged; upload it again). Calling it again is
 * harmless.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, uploads, masters } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const upload = await ownUpload(uploads, event.pathParameters?.uploadId, session.sub);
  if (upload.status !== "uploading") return { json: { uploadId: upload.uploadId, status: upload.status, error: upload.error } };

  for (const [name, file] of Object.entries(upload.files)) {
    if (!file) continue;
    const sent = upload.parts[name as keyof typeof upload.parts] ?? {};
    const count = MasterStore.partsFor(file.size);
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !sent[String(n)]);
    if (missing.length > 0) throw new HttpError(409, "parts_missing", `${name}: parts ${missing.join(", ")} are not uploaded yet`);
    let size: number;
    try {
      size = await masters.complete(file.s3Key, file.s3UploadId, Object.entries(sent).map(([n, etag]) => ({ partNumber: Number(n), etag })).sort((a, b) => a.partNumber - b.partNumber));
    } catch (error) {
      if ((error as Error).name === "InvalidPart" || (error as Error).name === "InvalidPartOrder") {
        throw new HttpError(409, "parts_mismatch", `${name}: a part does not match what storage holds; upload it again`);
      }
      throw error;
    }
    if (size !== file.size) {
      const reason = `${name}: ${size} bytes arrived, ${file.size} were announced (a truncated or different file); upload it again`;
      await masters.remove(file.s3Key);
      await uploads.transition(upload.uploadId, { from: ["uploading"], to: "failed", set: { error: reason, stage: "failed" } });
      throw new HttpError(409, "size_mismatch", reason);
    }
  }
  await uploads.transition(upload.uploadId, { from: ["uploading"], to: "queued", set: { stage: "queued", progress: 0 } });
  logger.info("upload complete", { uploadId: upload.uploadId });
  return { json: { uploadId: upload.uploadId, status: "queued" } };
});
