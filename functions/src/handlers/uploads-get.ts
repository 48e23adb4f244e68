import { MasterStore } from "../content/masters.ts";
import { ownUpload } from "../content/upload-requests.ts";
import { bearer, httpHandler } from "../http/http.ts";
import { getContentRuntime } from "../runtime.ts";

/**
 * GET /uploads/{uploadId} (its owner): where the upload is. While uploading, which parts were sent and
 * fresh URLs for the others (to resume after an interruption); then the packaging's stage and
 * progress, the reason of a failure, or the metadata URI to register the film with.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, uploads, masters } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  const upload = await ownUpload(uploads, event.pathParameters?.uploadId, session.sub);
  const files: Record<string, unknown> = {};
  if (upload.status === "uploading") {
    for (const [name, file] of Object.entries(upload.files)) {
      if (!file) continue;
      const sent = Object.keys(upload.parts[name as keyof typeof upload.parts] ?? {}).map(Number).sort((a, b) => a - b);
      const count = MasterStore.partsFor(file.size);
      const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !sent.includes(n));
      const partBytes = (n: number) => (n < count ? file.partSize : file.size - file.partSize * (count - 1));
      files[name] = {
        size: file.size,
        partSize: file.partSize,
        uploadedBytes: sent.reduce((sum, n) => sum + partBytes(n), 0),
        uploadedParts: sent,
        parts: await masters.partUrls(file.s3Key, file.s3UploadId, missing),
      };
    }
  }
  return {
    json: {
      uploadId: upload.uploadId,
      status: upload.status,
      stage: upload.stage,
      progress: upload.progress ?? 0,
      attempt: upload.attempt,
      error: upload.error,
      metadataUri: upload.metadataUri,
      packageCid: upload.packageCid,
      runtimeSeconds: upload.runtimeSeconds,
      filmId: upload.filmId,
      title: upload.details.title,
      ...(upload.status === "uploading" ? { files } : {}),
    },
  };
});
