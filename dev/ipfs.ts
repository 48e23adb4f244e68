import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, relative } from "node:path";
import { Readable } from "node:stream";

import { createVerifiedFetch } from "@helia/verified-fetch";
import { unixfs } from "@helia/unixfs";
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import { createHelia } from "helia";
import { CID } from "multiformats/cid";

import type { ContentStore } from "@streamspace/functions/content/storage";

/** Content types by extension, as a gateway sends them for an HLS package. */
const CONTENT_TYPES: Record<string, string> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
  ".vtt": "text/vtt; charset=utf-8",
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".json": "application/json",
  ".mp4": "video/mp4",
};

/**
 * The local IPFS node: Helia in-process with a blockstore and datastore on disk (so it keeps what it
 * pinned across restarts of the same directory), no networking started and no outside routers (this
 * machine is offline), and an HTTP gateway at `/ipfs/<cid>/<path>` that serves only what this node
 * pins, through `@helia/verified-fetch` (every block checked against its hash before it is sent).
 */
export async function startLocalIpfs({ dir, port = 0 }: { dir: string; port?: number }) {
  const blockstore = new FsBlockstore(join(dir, "blocks"));
  const datastore = new FsDatastore(join(dir, "datastore"));
  await blockstore.open();
  await datastore.open();
  // Not started: no networking, no outside routers (this machine is offline).
  const helia = createHelia({
    blockstore,
    datastore,
    routers: [],
  });
  const fs = unixfs(helia);
  const verifiedFetch = await createVerifiedFetch(helia);

  const pin = async (cid: CID) => {
    if (await helia.pins.isPinned(cid)) return;
    for await (const _ of helia.pins.add(cid)) void _;
  };

  const store: ContentStore = {
    name: "helia",
    async addDirectory(root) {
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      const files = entries
        .filter((e) => e.isFile())
        .map((e) => relative(root, join(e.parentPath, e.name)))
        .sort();
      if (files.length === 0) throw new Error(`${root} has no files`);
      let rootCid: CID | undefined;
      const candidates = files.map((path) => ({ path, content: Readable.from(createReadStream(join(root, path))) }));
      for await (const entry of fs.addAll(candidates, { wrapWithDirectory: true, cidVersion: 1, rawLeaves: true })) {
        if (entry.path === "") rootCid = entry.cid;
      }
      if (!rootCid) throw new Error("no root directory was made");
      await pin(rootCid);
      return rootCid.toString();
    },
    async addBytes(bytes) {
      const cid = await fs.addBytes(bytes, { cidVersion: 1, rawLeaves: true });
      await pin(cid);
      return cid.toString();
    },
    async isPinned(cid) {
      return helia.pins.isPinned(CID.parse(cid));
    },
    async unpin(cid) {
      const parsed = CID.parse(cid);
      if (await helia.pins.isPinned(parsed)) for await (const _ of helia.pins.rm(parsed)) void _;
      await helia.gc();
    },
  };

  const server = createServer(async (request, response) => {
    const cors = { "access-control-allow-origin": "*", "access-control-expose-headers": "content-length, x-ipfs-path" };
    if (request.method === "OPTIONS") {
      response.writeHead(204, { ...cors, "access-control-allow-methods": "GET, HEAD", "access-control-allow-headers": "range" });
      return response.end();
    }
    const match = /^\/ipfs\/([a-zA-Z0-9]+)(\/[^?#]*)?/.exec(request.url ?? "");
    let root: CID | undefined;
    try {
      root = match ? CID.parse(match[1]!) : undefined;
    } catch {
      root = undefined;
    }
    if (!match || !root || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(400, { ...cors, "content-type": "text/plain" });
      return response.end("expected GET /ipfs/<cid>/<path>");
    }
    // Only what this node keeps: an unpinned (deleted) film is gone from here.
    if (!(await helia.pins.isPinned(root))) {
      response.writeHead(404, { ...cors, "content-type": "text/plain" });
      return response.end("not pinned here");
    }
    const path = decodeURIComponent(match[2] ?? "");
    const answer = await verifiedFetch(`ipfs://${root}${path}`, { signal: AbortSignal.timeout(10_000) });
    const headers: Record<string, string> = { ...cors, "x-ipfs-path": `/ipfs/${root}${path}` };
    if (answer.ok) {
      headers["content-type"] = CONTENT_TYPES[extname(path)] ?? answer.headers.get("content-type") ?? "application/octet-stream";
      headers["cache-control"] = "public, max-age=31536000, immutable";
      const length = answer.headers.get("content-length");
      if (length) headers["content-length"] = length;
    }
    response.writeHead(answer.status, headers);
    if (request.method === "HEAD" || !answer.body) return response.end();
    Readable.fromWeb(answer.body as import("node:stream/web").ReadableStream).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    store,
    /** The gateway's base URL: `${gateway}/ipfs/<cid>/<path>`. */
    gateway,
    /** An `ipfs://` URI as the gateway serves it. */
    toGatewayUrl: (uri: string) => uri.replace(/^ipfs:\/\//, `${gateway}/ipfs/`),
    helia,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await verifiedFetch.stop();
      await helia.stop();
    },
  };
}
