/**
 * A film's files from the filmmaker's browser to the platform (docs/content.md): the upload is started
 * with the details (the functions check them field by field), each 16 MiB part PUT straight to object
 * storage (three at a time, each retried with backoff) and its ETag reported, then completed; the media
 * worker packages it and its progress is followed until the metadata URI to register is ready.
 *
 * Resumable: the upload's id is remembered in this browser under the master's name, size and date, so
 * choosing the same file again (after a dropped connection or a closed tab) sends only the parts
 * storage does not have yet (the functions answer fresh URLs for them).
 */
import type { Address } from "viem";
import type { Config } from "wagmi";

import type { FilmDetails } from "@streamspace/core/film-metadata";

import { callApi } from "../api.ts";
import type { DappConfig } from "../config.ts";

type FileName = "master" | "trailer";
interface PartsToSend {
  partSize: number;
  parts: { partNumber: number; url: string }[];
  uploadedBytes?: number;
}
export interface UploadState {
  uploadId: string;
  status: "uploading" | "queued" | "packaging" | "packaged" | "published" | "failed" | "deleting" | "deleted";
  stage?: string;
  progress: number;
  error?: string;
  metadataUri?: string;
  filmId?: string;
  files?: Record<FileName, PartsToSend>;
}

export interface Progress {
  /** Bytes sent of all files. */
  sent: number;
  total: number;
}

const CONCURRENCY = 3;
const ATTEMPTS = 4;

const fingerprint = (file: File) => `streamspace.upload:${file.name}:${file.size}:${file.lastModified}`;

/** The upload this browser started for this very file, if any (to resume it). */
export function rememberedUpload(master: File): string | undefined {
  return localStorage.getItem(fingerprint(master)) ?? undefined;
}

export function forgetUpload(master: File): void {
  localStorage.removeItem(fingerprint(master));
}

/** PUTs one part, reporting bytes as they leave (fetch cannot report an upload's progress). */
function putPart(url: string, body: Blob, onBytes: (n: number) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => {
      const etag = xhr.getResponseHeader("etag");
      if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
      else reject(new Error(`storage answered ${xhr.status}${etag ? "" : " without an ETag"}`));
    };
    xhr.onerror = () => reject(new Error("the connection to storage failed"));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/**
 * Sends the files (or what is missing of them) and completes the upload. `onProgress` hears the bytes
 * sent across all files; an abort stops between bytes and leaves the upload resumable.
 */
export async function sendFiles({
  wagmi,
  config,
  address,
  details,
  master,
  trailer,
  subtitles,
  onProgress,
  signal,
}: {
  wagmi: Config;
  config: DappConfig;
  address: Address;
  details: FilmDetails;
  master: File;
  trailer?: File;
  subtitles: { language: string; name: string; text: string }[];
  onProgress: (p: Progress) => void;
  signal?: AbortSignal;
}): Promise<string> {
  const files: Partial<Record<FileName, File>> = { master, ...(trailer ? { trailer } : {}) };
  const total = master.size + (trailer?.size ?? 0);
  let uploadId = rememberedUpload(master);
  let toSend: Partial<Record<FileName, PartsToSend>> | undefined;
  if (uploadId) {
    const state = await callApi<UploadState>(wagmi, config, address, `/uploads/${uploadId}`).catch(() => undefined);
    if (state?.status === "uploading" && state.files) toSend = state.files;
    else if (state && state.status !== "failed" && state.status !== "deleted" && state.status !== "deleting") return uploadId; // sent already
    else uploadId = undefined;
  }
  if (!uploadId || !toSend) {
    const started = await callApi<{ uploadId: string; files: Record<FileName, PartsToSend> }>(wagmi, config, address, "/uploads", {
      details,
      files: Object.fromEntries(Object.entries(files).map(([name, file]) => [name, { size: file.size, contentType: file.type || "video/mp4" }])),
      subtitles,
    });
    uploadId = started.uploadId;
    toSend = started.files;
    localStorage.setItem(fingerprint(master), uploadId);
  }

  // Progress: what storage had before, plus each part's bytes as they leave.
  const already = Object.values(toSend).reduce((sum, f) => sum + (f?.uploadedBytes ?? 0), 0);
  const inFlight = new Map<string, number>();
  let done = already;
  const report = () => onProgress({ sent: Math.min(total, done + [...inFlight.values()].reduce((a, b) => a + b, 0)), total });
  report();

  const jobs = (Object.entries(toSend) as [FileName, PartsToSend][]).flatMap(([name, { partSize, parts }]) => parts.map((part) => ({ name, partSize, ...part })));
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const file = files[job.name]!;
      const body = file.slice((job.partNumber - 1) * job.partSize, job.partNumber * job.partSize);
      const key = `${job.name}:${job.partNumber}`;
      let etag: string | undefined;
      for (let attempt = 1; !etag; attempt++) {
        try {
          etag = await putPart(job.url, body, (n) => (inFlight.set(key, n), report()), signal);
        } catch (error) {
          inFlight.delete(key);
          if (signal?.aborted || attempt >= ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
        }
      }
      await callApi(wagmi, config, address, `/uploads/${uploadId}/parts`, { file: job.name, partNumber: job.partNumber, etag });
      inFlight.delete(key);
      done += body.size;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
  await callApi(wagmi, config, address, `/uploads/${uploadId}/complete`, {});
  return uploadId;
}

/** Where the upload is now (packaging stage and progress, a failure's reason, the metadata URI). */
export function uploadState(wagmi: Config, config: DappConfig, address: Address, uploadId: string): Promise<UploadState> {
  return callApi<UploadState>(wagmi, config, address, `/uploads/${uploadId}`);
}

/** After the registration: binds the film key to the film, which is then playable. */
export function publishUpload(wagmi: Config, config: DappConfig, address: Address, uploadId: string, filmId: bigint): Promise<unknown> {
  return callApi(wagmi, config, address, `/uploads/${uploadId}/publish`, { filmId: filmId.toString() });
}
