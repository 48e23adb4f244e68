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

/** `ipfs://<cid>/<path>` for a path inside an added directory. */
export function ipfsUri(cid: string, path = ""): string {
  return `ipfs://${cid}${path ? `/${path}` : ""}`;
}
