import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { CID } from "multiformats/cid";

import { KuboContentStore } from "@streamspace/functions/content/kubo-store";

import { startLocalIpfs } from "../dev/ipfs.js";

/** The local IPFS node (Helia, persistent blockstore) and its verifying gateway. */
describe("the local IPFS node", () => {
  let dir: string;
  let ipfs: Awaited<ReturnType<typeof startLocalIpfs>>;
  let pkg: string;
  const segment = randomBytes(3 * 1024 * 1024 + 17);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "streamspace-ipfs-"));
    pkg = join(dir, "package");
    await mkdir(join(pkg, "720p"), { recursive: true });
    await writeFile(join(pkg, "master.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/index.m3u8\n");
    await writeFile(join(pkg, "720p", "segment00000.ts"), segment);
    ipfs = await startLocalIpfs({ dir: join(dir, "node") });
  });
  after(async () => {
    await ipfs?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("adds a package as one directory, pinned, and serves its files with HLS content types", async () => {
    const cid = await ipfs.store.addDirectory(pkg);
    assert.match(cid, /^bafy/, "CIDv1");
    assert.equal(await ipfs.store.addDirectory(pkg), cid, "content-addressed: the same files, the same CID");
    assert.ok(await ipfs.store.isPinned(cid));

    const master = await fetch(`${ipfs.gateway}/ipfs/${cid}/master.m3u8`);
    assert.equal(master.status, 200);
    assert.equal(master.headers.get("content-type"), "application/vnd.apple.mpegurl");
    assert.equal(master.headers.get("access-control-allow-origin"), "*");
    assert.match(await master.text(), /720p\/index\.m3u8/);
    const seg = await fetch(`${ipfs.gateway}/ipfs/${cid}/720p/segment00000.ts`);
    assert.equal(seg.headers.get("content-type"), "video/mp2t");
    assert.ok(Buffer.from(await seg.arrayBuffer()).equals(segment), "the same bytes, 3 MiB across many blocks");

    const missing = await fetch(`${ipfs.gateway}/ipfs/${cid}/nothing.ts`);
    assert.equal(missing.status, 404);
    const bad = await fetch(`${ipfs.gateway}/ipfs/not-a-cid/master.m3u8`);
    assert.equal(bad.status, 400);
  });

  it("adds a metadata document and unpins for good: the gateway stops serving it", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ title: "The Last Lighthouse" }));
    const cid = await ipfs.store.addBytes(bytes);
    const served = await fetch(`${ipfs.gateway}/ipfs/${cid}`);
    assert.deepEqual(await served.json(), { title: "The Last Lighthouse" });

    const film = await ipfs.store.addDirectory(pkg);
    await ipfs.store.unpin(film);
    await ipfs.store.unpin(film); // again: a no-op
    assert.equal(await ipfs.store.isPinned(film), false);
    assert.equal((await fetch(`${ipfs.gateway}/ipfs/${film}/master.m3u8`)).status, 404);
    assert.equal(await ipfs.helia.blockstore.has(CID.parse(film)), false, "its blocks are collected");
    assert.ok(await ipfs.store.isPinned(cid), "the rest stays");
    assert.ok(await ipfs.helia.blockstore.has(CID.parse(cid)));
  });

  it("keeps what it pinned across a restart of the same directory", async () => {
    const bytes = new TextEncoder().encode("kept");
    const cid = await ipfs.store.addBytes(bytes);
    await ipfs.close();
    ipfs = await startLocalIpfs({ dir: join(dir, "node") });
    assert.ok(await ipfs.store.isPinned(cid));
    assert.equal(await (await fetch(`${ipfs.gateway}/ipfs/${cid}`)).text(), "kept");
  });
});

/** The production store (Kubo's RPC API through `kubo-rpc-client`), against the local node's RPC. */
describe("the Kubo content store", () => {
  let dir: string;
  let ipfs: Awaited<ReturnType<typeof startLocalIpfs>>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "streamspace-kubo-"));
    await mkdir(join(dir, "package", "360p"), { recursive: true });
    await writeFile(join(dir, "package", "master.m3u8"), "#EXTM3U\n");
    await writeFile(join(dir, "package", "360p", "segment00000.ts"), randomBytes(2 * 1024 * 1024));
    ipfs = await startLocalIpfs({ dir: join(dir, "node") });
  });
  after(async () => {
    await ipfs?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("adds, pins and unpins as the local store does, to the same CIDs", async () => {
    const kubo = new KuboContentStore({ url: ipfs.rpcUrl });
    const cid = await kubo.addDirectory(join(dir, "package"));
    assert.equal(cid, await ipfs.store.addDirectory(join(dir, "package")), "the same CID either way");
    assert.ok(await kubo.isPinned(cid));
    assert.equal((await fetch(`${ipfs.gateway}/ipfs/${cid}/master.m3u8`)).status, 200);
    const doc = await kubo.addBytes(new TextEncoder().encode("{}"));
    assert.equal(doc, await ipfs.store.addBytes(new TextEncoder().encode("{}")));
    await kubo.unpin(cid);
    await kubo.unpin(cid);
    assert.equal(await kubo.isPinned(cid), false);
    assert.equal((await fetch(`${ipfs.gateway}/ipfs/${cid}/master.m3u8`)).status, 404);
    const refused = await fetch(`${ipfs.rpcUrl}/api/v0/pin/ls?arg=${cid}`);
    assert.equal(refused.status, 405, "Kubo's RPC takes POST only");
  });
});
