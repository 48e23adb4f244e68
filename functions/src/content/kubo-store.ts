/**
 * The production content store: a Kubo node (or a pinning service that speaks Kubo's RPC API, as most
 * do) through the official `kubo-rpc-client`. Everything is added as CIDv1 with raw leaves, pinned,
 * so the CIDs are the ones the local Helia store computes for the same files.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { create, type KuboRPCClient } from "kubo-rpc-client";

import { type ContentStore, filesIn } from "./storage.ts";

export class KuboContentStore implements ContentStore {
  readonly name = "kubo";
  private readonly kubo: KuboRPCClient;

  constructor({ url, headers }: { url: string; headers?: Record<string, string> }) {
    // `headers` carries a pinning service's credentials (Authorization), never logged.
    this.kubo = create({ url, headers, timeout: 600_000 });
  }

  async addDirectory(dir: string): Promise<string> {
    const files = await filesIn(dir);
    if (files.length === 0) throw new Error(`${dir} has no files`);
    let root: string | undefined;
    const source = files.map((path) => ({ path, content: (async function* () { yield await readFile(join(dir, path)); })() }));
    for await (const entry of this.kubo.addAll(source, { wrapWithDirectory: true, cidVersion: 1, rawLeaves: true, pin: true })) {
      if (entry.path === "") root = entry.cid.toString();
    }
    if (!root) throw new Error("the node made no root directory");
    return root;
  }

  async addBytes(bytes: Uint8Array): Promise<string> {
    const { cid } = await this.kubo.add(bytes, { cidVersion: 1, rawLeaves: true, pin: true });
    return cid.toString();
  }

  async isPinned(cid: string): Promise<boolean> {
    try {
      for await (const pin of this.kubo.pin.ls({ paths: [cid as never], type: "recursive" })) if (pin.cid.toString() === cid) return true;
      return false;
    } catch (error) {
      if (/not pinned/.test((error as Error).message)) return false;
      throw error;
    }
  }

  async unpin(cid: string): Promise<void> {
    try {
      await this.kubo.pin.rm(cid as never);
    } catch (error) {
      if (!/not pinned/.test((error as Error).message)) throw error;
    }
    for await (const _ of this.kubo.repo.gc()) void _;
  }
}
