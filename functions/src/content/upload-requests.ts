/**
 * What a filmmaker may ask of an upload: its request to start one, checked field by field, and the
 * rule that only the wallet that started an upload may see or change it.
 */
import { FilmDetailsError, type FilmDetails, parseFilmDetails } from "@streamspace/core/film-metadata";

import { HttpError } from "../http/http.ts";
import type { Upload, UploadStore } from "./uploads.ts";

const SUBTITLE_BYTES = 512 * 1024;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const VIDEO_TYPES = /^video\/(mp4|quicktime|x-matroska|webm|x-msvideo|mpeg|mp2t)$/;

export interface UploadRequest {
  details: FilmDetails;
  files: { master: { size: number; contentType: string }; trailer?: { size: number; contentType: string } };
  subtitles: { language: string; name: string; text: string }[];
}

/** The film's details of a request, or a 400 naming the first wrong field. */
export function requestDetails(value: unknown): FilmDetails {
  try {
    return parseFilmDetails(value);
  } catch (error) {
    if (error instanceof FilmDetailsError) throw new HttpError(400, "invalid_details", error.message);
    throw error;
  }
}

export function parseUploadRequest(body: Record<string, unknown>, maxBytes: number): UploadRequest {
  const details = requestDetails(body.details);
  const file = (value: unknown, name: string, max: number) => {
    if (typeof value !== "object" || value === null) throw new HttpError(400, "bad_request", `${name}: give its size and content type`);
    const { size, contentType } = value as { size?: unknown; contentType?: unknown };
    if (typeof size !== "number" || !Number.isInteger(size) || size <= 0) throw new HttpError(400, "invalid_file", `${name}: the file is empty or its size is not a number of bytes`);
    if (size > max) throw new HttpError(413, "file_too_large", `${name}: ${size} bytes is over the ${max}-byte limit`);
    if (typeof contentType !== "string" || !VIDEO_TYPES.test(contentType)) throw new HttpError(415, "not_a_video", `${name}: ${String(contentType)} is not a video type`);
    return { size, contentType };
  };
  const subtitles = body.subtitles === undefined ? [] : body.subtitles;
  if (!Array.isArray(subtitles) || subtitles.length > 20) throw new HttpError(400, "bad_request", "subtitles: a list of at most 20 tracks");
  const tracks = subtitles.map((s: unknown, i) => {
    const { language, name, text } = (s ?? {}) as Record<string, unknown>;
    if (typeof language !== "string" || !LANGUAGE.test(language)) throw new HttpError(400, "invalid_subtitles", `subtitles[${i}].language is not a language tag`);
    if (typeof name !== "string" || !name.trim() || name.length > 50 || /["\n]/.test(name)) throw new HttpError(400, "invalid_subtitles", `subtitles[${i}].name must be a short label`);
    if (typeof text !== "string" || !text.trim()) throw new HttpError(400, "invalid_subtitles", `subtitles[${i}].text is empty`);
    if (Buffer.byteLength(text) > SUBTITLE_BYTES) throw new HttpError(413, "invalid_subtitles", `subtitles[${i}] is over ${SUBTITLE_BYTES} bytes`);
    if (!/^(\uFEFF)?(WEBVTT|\d+\s*\r?\n\d{2}:\d{2}:\d{2}[,.]\d{3} --> )/.test(text)) throw new HttpError(415, "invalid_subtitles", `subtitles[${i}] is not SubRip or WebVTT`);
    return { language, name: name.trim(), text };
  });
  if (new Set(tracks.map((t) => t.language)).size !== tracks.length) throw new HttpError(400, "invalid_subtitles", "one track per language");
  const files = body.files as Record<string, unknown> | undefined;
  return {
    details,
    files: {
      master: file(files?.master, "master", maxBytes),
      ...(files?.trailer !== undefined ? { trailer: file(files.trailer, "trailer", Math.min(maxBytes, 2 * 1024 ** 3)) } : {}),
    },
    subtitles: tracks,
  };
}

/** The upload, if `wallet` started it; a 404 otherwise (another's upload is not even acknowledged). */
export async function ownUpload(uploads: UploadStore, uploadId: string | undefined, wallet: string): Promise<Upload> {
  const upload = uploadId ? await uploads.get(uploadId) : undefined;
  if (!upload || upload.owner.toLowerCase() !== wallet.toLowerCase()) throw new HttpError(404, "unknown_upload", `no upload ${uploadId} of yours`);
  return upload;
}
