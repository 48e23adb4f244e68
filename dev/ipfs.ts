import { createReadStream } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { Readable } from "node:stream";

import { createVerifiedFetch } from "@helia/verified-fetch";
import { unixfs } from "@helia/unixfs";
import { FsBlockstore } from "blockstore-fs";
import { LevelDatastore } from "datastore-level";
import { createHelia } from "helia";
import * as dagPb from "@ipld/dag-pb";
import { CID } from "multiformats/cid";

import { collectBytes, type ContentStore, type DocumentStore, filesIn } from "@streamspace/functions/content/storage";

/** The multicodec of raw leaves (`rawLeaves: true`): bytes with no links. */
const RAW_CODEC = 0x55;

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
 * The local IPFS node: Helia in-process with a blockstore (files) and a datastore (LevelDB) on disk (so it keeps what it
 * pinned across restarts of the same directory), no networking started and no outside routers (this
 * machine is offline), and an HTTP gateway at `/ipfs/<cid>/<path>` that serves only what this node
 * pins, through `@helia/verified-fetch` (every block checked against its hash before it is sent).
 */
export async function startLocalIpfs({ dir, port = 0 }: { dir: string; port?: number }) {
  const blockstore = new FsBlockstore(join(dir, "blocks"));
  // Pins live in the datastore, an entry per block: LevelDB keeps that fast (a file per entry made
  // pinning a film's package take longer than adding it).
  const datastore = new LevelDatastore(join(dir, "datastore"));
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

  // Pinning walks the whole DAG. Helia's own walker reads (and hashes) every block again, leaves
  // included, which cost more than adding them; raw leaves have no links, so this walker only checks
  // they are there and reads the directory and file nodes (dag-pb) for their links.
  const rawLeavesWalker = () => (components: { blockstore: { has(cid: CID): Promise<boolean>; get(cid: CID): AsyncIterable<Uint8Array> } }) => ({
    async *walk(root: CID) {
      const stack: CID[] = [root];
      while (stack.length > 0) {
        const cid = stack.pop()!;
        if (cid.code === RAW_CODEC) {
          if (!(await components.blockstore.has(cid))) throw new Error(`block ${cid} is missing`);
          yield { block: { cid }, depth: 0, path: [cid] };
          continue;
        }
        const chunks: Uint8Array[] = [];
        for await (const chunk of components.blockstore.get(cid)) chunks.push(chunk);
        const node = dagPb.decode(Buffer.concat(chunks));
        for (const link of node.Links) stack.push(link.Hash as unknown as CID);
        yield { block: { cid }, depth: 0, path: [cid] };
      }
    },
  });
  const pin = async (cid: CID) => {
    if (await helia.pins.isPinned(cid)) return;
    for await (const _ of helia.pins.add(cid, { walker: rawLeavesWalker() as never })) void _;
  };

  const store: ContentStore & DocumentStore = {
    name: "helia",
    async addDirectory(root) {
      const files = await filesIn(root);
      if (files.length === 0) throw new Error(`${root} has no files`);
      let rootCid: CID | undefined;
      // Read in 1 MiB pieces: the importer cuts 256 KiB blocks from them.
      const candidates = files.map((path) => ({ path, content: createReadStream(join(root, path), { highWaterMark: 1024 * 1024 }) }));
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
    async readBytes(cid, maxBytes) {
      if (!(await helia.blockstore.has(CID.parse(cid)))) throw new Error(`${cid} is not on this node`);
      return collectBytes(fs.cat(CID.parse(cid), { length: maxBytes + 1 }), maxBytes);
    },
    async isPinned(cid) {
      return helia.pins.isPinned(CID.parse(cid));
    },
    async unpin(cid) {
      const parsed = CID.parse(cid);
      if (await helia.pins.isPinned(parsed)) for await (const _ of helia.pins.rm(parsed, { walker: rawLeavesWalker() as never })) void _;
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

  // Kubo's RPC API, the part the platform's production store uses (add, pin ls/rm, repo gc), on its own
  // port as Kubo keeps it apart from the gateway: KuboContentStore is tested against it.
  const rpc = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const reply = (status: number, body: unknown, ndjson = false) => {
      response.writeHead(status, { "content-type": ndjson ? "application/x-ndjson" : "application/json" });
      response.end(ndjson ? (body as unknown[]).map((l) => JSON.stringify(l)).join("\n") + "\n" : JSON.stringify(body));
    };
    const error = (message: string) => reply(500, { Message: message, Code: 0, Type: "error" });
    if (request.method !== "POST") return reply(405, { Message: `${request.method} is not allowed: use POST`, Code: 0, Type: "error" });
    try {
      switch (url.pathname) {
        case "/api/v0/add": {
          const form = await new Request("http://x", { method: "POST", headers: request.headers as HeadersInit, body: Readable.toWeb(request) as ReadableStream, duplex: "half" } as RequestInit).formData();
          // Each part is a file ("file", "file-1", ...) named by its URL-encoded path; directories are implied.
          const parts: File[] = [];
          form.forEach((value) => {
            if (typeof value !== "string" && value.type !== "application/x-directory") parts.push(value);
          });
          const candidates = await Promise.all(parts.map(async (part) => ({ path: decodeURIComponent(part.name), content: new Uint8Array(await part.arrayBuffer()) })));
          const wrap = url.searchParams.get("wrap-with-directory") === "true";
          const options = { cidVersion: Number(url.searchParams.get("cid-version") ?? 0) as 0 | 1, rawLeaves: url.searchParams.get("raw-leaves") === "true", wrapWithDirectory: wrap };
          const lines: { Name: string; Hash: string; Size: string }[] = [];
          for await (const entry of fs.addAll(candidates, options)) lines.push({ Name: entry.path ?? "", Hash: entry.cid.toString(), Size: String(entry.size ?? 0) });
          const root = lines.at(-1);
          if (root && url.searchParams.get("pin") !== "false") await pin(CID.parse(root.Hash));
          return reply(200, lines, true);
        }
        case "/api/v0/cat": {
          // The file's bytes as Kubo sends them (text/plain, streamed); `length` bounds the read.
          const cid = CID.parse(url.searchParams.get("arg") ?? "");
          const length = url.searchParams.get("length");
          // Offline, a block this node lacks would be looked for forever: say so at once, as a node with no providers would after its timeout.
          if (!(await helia.blockstore.has(cid))) return error(`block was not found locally (offline): ${cid}`);
          response.writeHead(200, { "content-type": "text/plain" });
          for await (const chunk of fs.cat(cid, length ? { length: Number(length) } : {})) response.write(chunk);
          return response.end();
        }
        case "/api/v0/pin/ls": {
          const cid = CID.parse(url.searchParams.get("arg") ?? "");
          if (!(await helia.pins.isPinned(cid))) return error(`path '${cid}' is not pinned`);
          return reply(200, { Keys: { [cid.toString()]: { Type: "recursive" } } });
        }
        case "/api/v0/pin/rm": {
          const cid = CID.parse(url.searchParams.get("arg") ?? "");
          if (!(await helia.pins.isPinned(cid))) return error("not pinned or pinned indirectly");
          for await (const _ of helia.pins.rm(cid, { walker: rawLeavesWalker() as never })) void _;
          return reply(200, { Pins: [cid.toString()] });
        }
        case "/api/v0/repo/gc": {
          await helia.gc();
          return reply(200, [], true);
        }
        default:
          return reply(404, { Message: `command not found: ${url.pathname}`, Code: 0, Type: "error" });
      }
    } catch (e) {
      return error((e as Error).message);
    }
  });
  await new Promise<void>((resolve) => rpc.listen(0, "127.0.0.1", resolve));
  const rpcUrl = `http://127.0.0.1:${(rpc.address() as AddressInfo).port}`;

  return {
    store,
    /** Kubo's RPC API (`${rpcUrl}/api/v0/...`) over this node. */
    rpcUrl,
    /** The gateway's base URL: `${gateway}/ipfs/<cid>/<path>`. */
    gateway,
    /** An `ipfs://` URI as the gateway serves it. */
    toGatewayUrl: (uri: string) => uri.replace(/^ipfs:\/\//, `${gateway}/ipfs/`),
    helia,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => rpc.close(() => resolve()));
      await verifiedFetch.stop();
      await helia.stop();
      // Opened here, closed here (LevelDB holds a lock until then).
      await datastore.close();
      await blockstore.close();
    },
  };
}
