/**
 * A film's metadata document after packaging. The media worker writes the first one (the details given
 * with the upload, a frame of the film as its poster, the package); the filmmaker may then replace the
 * details and give a poster of their own, before registering (`PUT /uploads/{id}/metadata`) or after
 * (`PUT /films/{id}/metadata`, then `FilmRegistry.setMetadataURI`). A new document keeps what the
 * platform made of the master (package, renditions, subtitles, key id, trailer, runtime) exactly as
 * it was: only what the filmmaker says, and the poster, change. Documents are immutable (IPFS): each
 * edit is a new CID, pinned and recorded on the upload so deleting the film unpins it too.
 */
import { FILM_METADATA_SCHEMA, type FilmDetails, type FilmMetadata } from "@streamspace/core/film-metadata";

import { ConfigError, type ContentConfig } from "../config.ts";
import { HttpError } from "../http/http.ts";
import { KuboDocumentStore } from "./kubo-documents.ts";
import { requestDetails } from "./upload-requests.ts";
import { type DocumentStore, ipfsUri } from "./storage.ts";
import type { Upload, UploadStore } from "./uploads.ts";

export const POSTER_MAX_BYTES = 2 * 1024 * 1024;
/** A poster's least and greatest side, in pixels (a thumbnail too small to show, or a print file). */
export const POSTER_MIN_SIDE = 200;
export const POSTER_MAX_SIDE = 8000;
/** A metadata document is a few kilobytes; reading one is refused past this. */
const DOCUMENT_MAX_BYTES = 256 * 1024;

export interface Poster {
  contentType: "image/jpeg" | "image/png";
  bytes: Uint8Array;
  width: number;
  height: number;
}

export interface DocumentEdit {
  details: FilmDetails;
  poster?: Poster;
}

/** The store metadata documents are written to: the IPFS node's Kubo RPC API. */
export function documentStoreOf(content: ContentConfig): DocumentStore {
  if (!content.ipfsRpc) throw new ConfigError("IPFS_RPC_URL is not set");
  const { url, authorization } = content.ipfsRpc;
  return new KuboDocumentStore({ url, ...(authorization ? { headers: { authorization } } : {}) });
}

/** `{ details, poster?: { contentType, data (base64) } }`, checked field by field. */
export function parseDocumentEdit(body: Record<string, unknown>): DocumentEdit {
  const details = requestDetails(body.details);
  if (body.poster === undefined) return { details };
  const { contentType, data } = (body.poster ?? {}) as Record<string, unknown>;
  if (contentType !== "image/jpeg" && contentType !== "image/png") throw new HttpError(415, "invalid_poster", `poster: ${String(contentType)} is not a JPEG or PNG image`);
  if (typeof data !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw new HttpError(400, "invalid_poster", "poster: data must be the image in base64");
  if ((data.length * 3) / 4 > POSTER_MAX_BYTES + 2) throw new HttpError(413, "invalid_poster", `poster: over ${POSTER_MAX_BYTES} bytes`);
  const bytes = new Uint8Array(Buffer.from(data, "base64"));
  const size = imageSize(bytes);
  if (!size || size.contentType !== contentType) throw new HttpError(415, "invalid_poster", `poster: the file is not a ${contentType === "image/png" ? "PNG" : "JPEG"} image`);
  const { width, height } = size;
  if (Math.min(width, height) < POSTER_MIN_SIDE || Math.max(width, height) > POSTER_MAX_SIDE) {
    throw new HttpError(400, "invalid_poster", `poster: ${width}×${height} pixels; each side must be ${POSTER_MIN_SIDE} to ${POSTER_MAX_SIDE}`);
  }
  return { details, poster: { contentType, bytes, width, height } };
}

/**
 * A JPEG's or PNG's type and size from its own header (the PNG IHDR chunk; a JPEG's first start-of-
 * frame marker), never from what the request claims; undefined for anything else or a cut-off file.
 */
export function imageSize(bytes: Uint8Array): { contentType: Poster["contentType"]; width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 24 && PNG.every((b, i) => bytes[i] === b) && String.fromCharCode(...bytes.subarray(12, 16)) === "IHDR") {
    return { contentType: "image/png", width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = view.getUint16(at + 2);
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) return undefined;
      return { contentType: "image/jpeg", height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan before any frame
    at += 2 + length;
  }
  return undefined;
}

/**
 * Writes the document that replaces `currentUri` (one this upload wrote) with the edit, and returns
 * its URI. Nothing is written unless the current document is found to be this upload's; an edit that
 * changes nothing returns the current URI.
 */
export async function writeDocument({ store, uploads, upload, currentUri, edit }: { store: DocumentStore; uploads: UploadStore; upload: Upload; currentUri: string; edit: DocumentEdit }): Promise<string> {
  const cid = /^ipfs:\/\/([A-Za-z0-9]+)$/.exec(currentUri)?.[1];
  if (!cid || !(upload.pinned ?? []).includes(cid)) throw new HttpError(409, "metadata_mismatch", `the film's metadata (${currentUri}) is not a document the platform wrote for it`);
  const text = new TextDecoder().decode(await store.readBytes(cid, DOCUMENT_MAX_BYTES));
  let current: FilmMetadata;
  try {
    current = JSON.parse(text) as FilmMetadata;
  } catch {
    throw new HttpError(409, "metadata_mismatch", `${currentUri} is not a metadata document`);
  }
  if (current.schema !== FILM_METADATA_SCHEMA || current.video?.keyId !== upload.keyId) throw new HttpError(409, "metadata_mismatch", `${currentUri} is not this film's document`);

  let poster = current.poster;
  if (edit.poster) {
    const posterCid = await store.addBytes(edit.poster.bytes);
    await uploads.recordPinned(upload.uploadId, posterCid);
    poster = ipfsUri(posterCid);
  }
  const document: FilmMetadata = {
    schema: FILM_METADATA_SCHEMA,
    ...edit.details,
    runtimeSeconds: current.runtimeSeconds,
    poster,
    video: current.video,
    ...(current.trailer ? { trailer: current.trailer } : {}),
  };
  const bytes = new TextEncoder().encode(JSON.stringify(document, null, 2));
  const documentCid = await store.addBytes(bytes);
  if (documentCid === cid) return currentUri;
  await uploads.recordPinned(upload.uploadId, documentCid);
  return ipfsUri(documentCid);
}
