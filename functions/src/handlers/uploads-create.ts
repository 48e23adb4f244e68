import { randomBytes } from "node:crypto";

import { MasterStore, PART_SIZE } from "../content/masters.ts";
import { parseUploadRequest } from "../content/upload-requests.ts";
import type { Upload, UploadFile } from "../content/uploads.ts";
import { bearer, HttpError, httpHandler, jsonBody } from "../http/http.ts";
import { getContentRuntime, logger } from "../runtime.ts";

/**
 * POST /uploads (signed in): starts an upload of a film master (and an optional trailer) with its
 * details and subtitles. Answers with a presigned URL per part: the browser PUTs each part straight
 * to object storage and reports its ETag (`/uploads/{id}/parts`), then calls `/uploads/{id}/complete`.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, uploads, masters, content } = getContentRuntime();
  const session = tokens.verify(bearer(event), "session");
  if (!(await limiter.allow(`upload-wallet#${session.sub}`, 20, 3_600))) throw new HttpError(429, "rate_limited", "too many uploads started this hour");
  const request = parseUploadRequest(jsonBody(event), content.masters.maxBytes);
  const uploadId = randomBytes(16).toString("hex");
  const files: Record<string, UploadFile> = {};
  const parts: Record<string, { partSize: number; parts: { partNumber: number; url: string }[] }> = {};
  for (const [name, file] of Object.entries(request.files)) {
    const s3Key = `masters/${uploadId}/${name}`;
    const s3UploadId = await masters.start(s3Key, file.contentType);
    files[name] = { s3Key, s3UploadId, size: file.size, contentType: file.contentType, partSize: PART_SIZE };
    const count = MasterStore.partsFor(file.size);
    parts[name] = { partSize: PART_SIZE, parts: await masters.partUrls(s3Key, s3UploadId, Array.from({ length: count }, (_, i) => i + 1)) };
  }
  const now = Date.now();
  const upload: Upload = {
    uploadId,
    owner: session.sub,
    status: "uploading",
    createdAt: now,
    updatedAt: now,
    details: request.details,
    subtitles: request.subtitles,
    files: files as Upload["files"],
    parts: Object.fromEntries(Object.keys(files).map((name) => [name, {}])),
    attempt: 0,
  };
  await uploads.create(upload);
  logger.info("upload started", { uploadId, owner: session.sub, bytes: request.files.master.size });
  return { status: 201, json: { uploadId, status: upload.status, files: parts } };
});
