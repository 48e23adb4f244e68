/**
 * Where encrypted film packages and metadata documents are kept: IPFS. One interface, two
 * implementations: locally an in-process Helia node with a persistent blockstore (`dev/ipfs.ts`, served
 * to browsers by a verifying gateway); in production a Kubo node or a pinning service through its RPC
 * API (docs/deployment.md). Everything added is pinned; unpinning makes the node drop it (its
 * ciphertext is useless anyway once the film key is destroyed).
 */
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";

export interface ContentStore {
  readonly name: string;
  /** Adds a directory's files (recursively) as one UnixFS directory, pinned; returns its root CID. */
  addDirectory(dir: string): Promise<string>;
  /** Adds one file's bytes, pinned; returns its CID. */
  addBytes(bytes: Uint8Array): Promise<string>;
  /** Whether the node keeps (pins) this CID. */
  isPinned(cid: string): Promise<boolean>;
  /** Stops keeping a CID; its blocks are collected. Unpinning what is not pinned is a no-op. */
  unpin(cid: string): Promise<void>;
}

/** The files below a directory, as sorted paths relative to it (what a store adds, in a stable order). */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** What the functions that write metadata documents need of the node: add one small file, read one back. */
export interface DocumentStore {
  addBytes(bytes: Uint8Array): Promise<string>;
  /** A file's bytes, refused past `maxBytes`. */
  readBytes(cid: string, maxBytes: number): Promise<Uint8Array>;
}

/** `ipfs://<cid>/<path>` for a path inside an added directory. */
export function ipfsUri(cid: string, path = ""): string {
  return `ipfs://${cid}${path ? `/${path}` : ""}`;
}

/** Collects a stream of chunks, refusing it once it passes `maxBytes` (a file is read whole only when small). */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`the file is over ${maxBytes} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
