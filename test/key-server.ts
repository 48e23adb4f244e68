import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import type { Address, LocalAccount } from "viem";
import { parseEther, parseEventLogs } from "viem";
import { createSiweMessage } from "viem/siwe";

import { ReceiptStore } from "@streamspace/functions/receipts/receipt-store";

import { type startBackend, startPlatformWithBackend } from "../dev/backend.js";
import type { accountsByRole, Connection, deployPlatform } from "../dev/platform.js";
import { localKeyOf, mined } from "../dev/platform.js";
import { sessionFor, signIn as signInAs } from "../dev/sign-in.js";

const DOMAIN = "app.streamspace.test";

/**
 * The key server as deployed: sign-in, key URLs and keys served by the bundled functions under
 * serverless-offline, against the local chain (JSON-RPC) and DynamoDB (dynalite). Access is the chain's
 * answer at the moment of the request.
 */
describe("the key server", () => {
  let local: Awaited<ReturnType<typeof startPlatformWithBackend>>;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let connection: Connection;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let roles: Awaited<ReturnType<typeof accountsByRole>>;
  let api: string;
  let chainId: number;
  const films: { id: bigint; keyId: string; key: Uint8Array }[] = [];
  const logs: string[] = [];

  before(async () => {
    local = await startPlatformWithBackend({ name: "key-server-test", siweDomain: DOMAIN, runWorker: false, log: (line) => logs.push(line) });
    ({ connection, platform, roles, chainId, backend } = local);
    api = backend.api;

    // Two films by Ada (90% Ada, 10% the composer), each with its key stored wrapped and bound.
    for (const title of ["first", "second"]) {
      const registered = await mined(connection, platform.filmRegistry.write.registerFilm([`ipfs://${title}`, parseEther("2"), 21_600n, [roles.filmmakerAda, roles.composer], [9_000, 1_000], 0n], { account: roles.filmmakerAda }));
      const id = parseEventLogs({ abi: platform.filmRegistry.abi, eventName: "FilmRegistered", logs: registered.logs })[0]!.args.filmId;
      const { keyId, key } = await backend.filmKeys.create();
      await backend.filmKeys.bind(keyId, id);
      films.push({ id, keyId, key });
    }
  });
  after(async () => {
    if (process.env.DEBUG_OFFLINE) console.log(logs.join("\n"));
    await local?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  const signIn = (account: LocalAccount, overrides: Parameters<typeof signInAs>[0]["overrides"] = {}) => signInAs({ api, account, domain: DOMAIN, chainId, overrides });
  const session = (account: LocalAccount) => sessionFor({ api, account, domain: DOMAIN, chainId });
  const keyUrl = (token: string, filmId: bigint) => fetch(`${api}/films/${filmId}/key`, { headers: { authorization: `Bearer ${token}` } });
  async function buy(viewer: Address, filmId: bigint) {
    const price = parseEther("2");
    await mined(connection, platform.ssh.write.transfer([viewer, price], { account: roles.treasury }));
    await mined(connection, platform.ssh.write.approve([platform.payPerView.address, price], { account: viewer }));
    await mined(connection, platform.payPerView.write.purchase([filmId, price], { account: viewer }));
    return (await platform.payPerView.read.rentalOf([filmId, viewer])).purchaseId;
  }

  it("signs a fan in, and serves the key of a film they rented, from a URL that needs no header; the first key queues the delivery receipt", async () => {
    const film = films[0]!;
    const purchaseId = await buy(roles.fan, film.id);
    const token = await session(localKeyOf("fan"));
    const answer = await keyUrl(token, film.id);
    assert.equal(answer.status, 200, await answer.clone().text());
    const { url, access } = (await answer.json()) as { url: string; access: string };
    assert.equal(access, "viewer");
    assert.ok(url.startsWith(`${api}/keys/${film.keyId}?token=`));

    // As a native HLS player fetches it: a plain GET, no custom header at all.
    const key = await fetch(url);
    assert.equal(key.status, 200);
    assert.equal(key.headers.get("content-type"), "application/octet-stream");
    assert.deepEqual(new Uint8Array(await key.arrayBuffer()), film.key);
    assert.equal((await fetch(url)).status, 200, "again, for the next rendition");

    const waiting = await new ReceiptStore(backend.dynamo.client, backend.dynamo.tables.receipts).byStatus("waiting");
    assert.deepEqual(waiting.map((r) => r.receipt.purchaseId), [BigInt(purchaseId)], "one receipt for the purchase, however many keys");
    const receipt = waiting[0]!;
    assert.equal(receipt.receipt.viewer.toLowerCase(), roles.fan);
    // The contract accepts it: anyone may settle with it.
    await mined(connection, platform.payPerView.write.settle([receipt.receipt, receipt.signature], { account: roles.composer }));
    assert.equal(await platform.payPerView.read.purchaseState([receipt.receipt.purchaseId, film.id, roles.fan]), 2);
    assert.ok(logs.every((line) => !line.includes(Buffer.from(film.key).toString("hex")) && !line.includes(Buffer.from(film.key).toString("base64"))), "the key is never logged");
  });

  it("gives the owner and the rights holders their own film free; nobody else", async () => {
    const film = films[1]!;
    for (const role of ["filmmakerAda", "composer"] as const) {
      const answer = await keyUrl(await session(localKeyOf(role)), film.id);
      assert.equal(answer.status, 200);
      const { url, access } = (await answer.json()) as { url: string; access: string };
      assert.equal(access, role === "filmmakerAda" ? "owner" : "holder");
      assert.deepEqual(new Uint8Array(await (await fetch(url)).arrayBuffer()), film.key);
    }
    const stranger = await keyUrl(await session(localKeyOf("fan2")), film.id);
    assert.equal(stranger.status, 403);
    assert.equal(((await stranger.json()) as { error: string }).error, "no_access");
    assert.equal((await keyUrl(await session(localKeyOf("fan2")), 999n)).status, 404);
  });

  it("refuses a key URL used for another film's key, a forged or tampered token, and no token", async () => {
    const fanToken = await session(localKeyOf("fan"));
    const { url } = (await (await keyUrl(fanToken, films[0]!.id)).json()) as { url: string };
    const token = new URL(url).searchParams.get("token")!;
    const other = await fetch(`${api}/keys/${films[1]!.keyId}?token=${encodeURIComponent(token)}`);
    assert.equal(other.status, 403);
    assert.equal(((await other.json()) as { error: string }).error, "wrong_key");
    const [v, payload, mac] = token.split(".");
    const tampered = Buffer.from(payload!, "base64url").toString().replace(/"key":"[0-9a-f]+"/, `"key":"${films[1]!.keyId}"`);
    assert.equal((await fetch(`${api}/keys/${films[1]!.keyId}?token=${v}.${Buffer.from(tampered).toString("base64url")}.${mac}`)).status, 401);
    assert.equal((await fetch(`${api}/keys/${films[0]!.keyId}`)).status, 401);
    assert.equal((await keyUrl("v1.e30.AAAA", films[0]!.id)).status, 401);
    assert.equal((await fetch(`${api}/films/1/key`)).status, 401, "no session");
    assert.equal((await keyUrl(fanToken, 0n)).status, 400);
  });

  it("refuses sign-ins that are forged, replayed, expired, or for another domain or chain", async () => {
    const fan = localKeyOf("fan");
    const stranger = localKeyOf("fan2");
    const expectRefused = async (response: Response, message: RegExp) => {
      assert.equal(response.status, 401);
      const body = (await response.json()) as { error: string; message: string };
      assert.equal(body.error, "sign_in_refused");
      assert.match(body.message, message);
    };
    // Signed by someone else than the address it names.
    const { nonce } = (await (await post("/auth/nonce", {})).json()) as { nonce: string };
    const message = createSiweMessage({ address: fan.address, chainId, domain: DOMAIN, nonce, uri: `https://${DOMAIN}`, version: "1", issuedAt: new Date() });
    await expectRefused(await post("/auth/session", { message, signature: await stranger.signMessage({ message }) }), /signature is not/);
    // The nonce survived the forgery; the real signature works once, then the replay is refused.
    const signature = await fan.signMessage({ message });
    assert.equal((await post("/auth/session", { message, signature })).status, 200);
    await expectRefused(await post("/auth/session", { message, signature }), /nonce is unknown, expired or already used/);

    await expectRefused((await signIn(fan, { expirationTime: new Date(Date.now() - 1_000) })).response, /expired/);
    await expectRefused((await signIn(fan, { domain: "evil.example" })).response, /for evil\.example/);
    await expectRefused((await signIn(fan, { chainId: chainId + 1 })).response, /for chain/);
    await expectRefused((await signIn(fan, { issuedAt: new Date(Date.now() - 3_600_000) })).response, /issued just now/);
    await expectRefused((await signIn(fan, { nonce: "abcdefgh12345678" })).response, /nonce/);
    assert.equal((await post("/auth/session", { message: "hello", signature: "0x00" })).status, 401);
    assert.equal((await post("/auth/session", { message: 42 })).status, 400);
    assert.equal((await fetch(`${api}/auth/session`, { method: "POST", body: "{not json" })).status, 400);
  });

  it("stops serving a rental when its window ends or it is refunded, and a deleted film's key for good", async () => {
    const film = films[1]!;
    // fan2 rents film 2 and plays; six hours later the window has closed.
    await buy(roles.fan2, film.id);
    const fan2 = await session(localKeyOf("fan2"));
    const granted = await keyUrl(fan2, film.id);
    assert.equal(granted.status, 200, await granted.clone().text());
    const { url } = (await granted.json()) as { url: string };
    assert.equal((await fetch(url)).status, 200);
    await connection.networkHelpers.time.increase(21_601);
    assert.equal((await fetch(url)).status, 403, "after the rental window");
    assert.equal((await keyUrl(fan2, film.id)).status, 403);

    // Another fan rents film 2 but is never served; after the delivery timeout they refund: no key.
    const fan3 = localKeyOf("curatorMei");
    await buy(roles.curatorMei, film.id);
    const bo = await session(fan3);
    await connection.networkHelpers.time.increase(2 * 3_600 + 1);
    await mined(connection, platform.payPerView.write.refund([film.id], { account: roles.curatorMei }));
    assert.equal((await keyUrl(bo, film.id)).status, 403, "after a refund");

    // The fan who had access before deletion cannot play after it: 410, and the key is destroyed.
    const fan = await session(localKeyOf("fan"));
    await buy(roles.fan, film.id);
    const before = (await (await keyUrl(fan, film.id)).json()) as { url: string };
    assert.equal((await fetch(before.url)).status, 200);
    await mined(connection, platform.filmRegistry.write.setStatus([film.id, 3], { account: roles.filmmakerAda }));
    const after = await fetch(before.url);
    assert.equal(after.status, 410);
    assert.equal(((await after.json()) as { error: string }).error, "film_deleted");
    assert.equal((await keyUrl(fan, film.id)).status, 410);
    assert.equal((await backend.filmKeys.record(film.keyId))?.status, "destroyed");
  });

  it("limits requests per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) statuses.push((await post("/auth/nonce", {})).status);
    assert.ok(statuses.includes(429), "a flood of sign-in attempts is refused");
  });
});
