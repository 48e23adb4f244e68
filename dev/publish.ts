import { readFile } from "node:fs/promises";

import type { FilmDetails } from "@streamspace/core/film-metadata";

/**
 * A filmmaker's side of publishing, through the functions' HTTP API exactly as the dapp does it: start
 * an upload, PUT each part to object storage and report its ETag, complete, wait for the media worker,
 * and (after registering the film on-chain with the metadata URI) publish. The demo and tests use it.
 */
export interface UploadedFilm {
  uploadId: string;
  metadataUri: string;
  runtimeSeconds: number;
}

async function call<T>(api: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function uploadFilm({ api, token, master, details, subtitles = [], trailer, onProgress }: {
  api: string;
  token: string;
  /** The master's path. */
  master: string;
  details: FilmDetails;
  subtitles?: { language: string; name: string; path: string }[];
  trailer?: string;
  onProgress?: (status: string, progress: number) => void;
}): Promise<UploadedFilm> {
  const files: Record<string, Buffer> = { master: await readFile(master), ...(trailer ? { trailer: await readFile(trailer) } : {}) };
  const tracks = await Promise.all(subtitles.map(async (s) => ({ language: s.language, name: s.name, text: await readFile(s.path, "utf8") })));
  const started = await call<{ uploadId: string; files: Record<string, { partSize: number; parts: { partNumber: number; url: string }[] }> }>(api, token, "POST", "/uploads", {
    details,
    files: Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, { size: bytes.length, contentType: "video/mp4" }])),
    subtitles: tracks,
  });
  for (const [name, { partSize, parts }] of Object.entries(started.files)) {
    for (const { partNumber, url } of parts) {
      const bytes = files[name]!.subarray((partNumber - 1) * partSize, partNumber * partSize);
      const put = await fetch(url, { method: "PUT", body: new Uint8Array(bytes) });
      if (!put.ok) throw new Error(`part ${partNumber} of ${name}: ${put.status} ${await put.text()}`);
      await call(api, token, "POST", `/uploads/${started.uploadId}/parts`, { file: name, partNumber, etag: put.headers.get("etag") });
    }
  }
  await call(api, token, "POST", `/uploads/${started.uploadId}/complete`);
  // The media worker packages it; its progress shows here.
  for (;;) {
    const state = await call<{ status: string; progress: number; error?: string; metadataUri?: string; runtimeSeconds?: number }>(api, token, "GET", `/uploads/${started.uploadId}`);
    onProgress?.(state.status, state.progress);
    if (state.status === "packaged") return { uploadId: started.uploadId, metadataUri: state.metadataUri!, runtimeSeconds: state.runtimeSeconds! };
    if (state.status === "failed") throw new Error(`packaging failed: ${state.error}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Tells the functions the film is registered on-chain under `filmId`: its key is bound, it is playable. */
export async function publishUpload({ api, token, uploadId, filmId }: { api: string; token: string; uploadId: string; filmId: bigint }): Promise<void> {
  await call(api, token, "POST", `/uploads/${uploadId}/publish`, { filmId: String(filmId) });
}
