import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import Stripe from "stripe";
import type { Address, LocalAccount } from "viem";
import { createWalletClient, http, parseEther, parseEventLogs } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { paymentIdOf } from "@streamspace/core/payment-id";
import { CardPaymentStore } from "@streamspace/functions/payments/card-payments";
import { PaymentEventInbox } from "@streamspace/functions/payments/inbox";
import { QuoteStore } from "@streamspace/functions/payments/quotes";

import { startBackend } from "../dev/backend.js";
import { startChainProxy } from "../dev/chain-proxy.js";
import { checkout, confirmCard, payByCard, requestQuote } from "../dev/card.js";
import { invokeFunction, lambdaClient } from "../dev/functions-offline.js";
import { mined, startServedPlatform } from "../dev/platform.js";
import { freePorts } from "../dev/ports.js";
import { sessionFor } from "../dev/sign-in.js";

const DOMAIN = "app.streamspace.test";
const RATE = 5_000_000n; // $0.05 per SSH

/**
 * Paying by card, end to end, against the real chain (JSON-RPC), dynalite and the functions under
 * serverless-offline, with the development payment provider speaking Stripe's API and sending its
 * webhooks signed with the endpoint's secret. The functions reach the chain through a proxy that the
 * outage test cuts.
 */
describe("card payments (the on-ramp)", () => {
  let served: Awaited<ReturnType<typeof startServedPlatform>>;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let proxy: Awaited<ReturnType<typeof startChainProxy>>;
  let dir: string;
  let api: string;
  let lambda: ReturnType<typeof lambdaClient>;
  let quotes: QuoteStore;
  let inbox: PaymentEventInbox;
  let payments: CardPaymentStore;
  let stripeApi: Stripe;
  const films: Record<"rental" | "usd" | "late" | "spare", bigint> = { rental: 0n, usd: 0n, late: 0n, spare: 0n };
  const logs: string[] = [];

  const contracts = () => served.platform;
  const publicClient = () => served.connection.viem.getPublicClient();
  const newFan = () => privateKeyToAccount(generatePrivateKey());
  const session = (account: LocalAccount) => sessionFor({ api, account, domain: DOMAIN, chainId: served.chainId });
  const invoke = (name: "onramp" | "reconcile" | "payouts" | "settle") => invokeFunction(lambda, name);
  async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const paymentOf = (pi: string) => publicClient().then((c) => c.readContract({ address: served.contracts.TokenExchange, abi: contracts().tokenExchange.abi, functionName: "payment", args: [paymentIdOf("stripe", pi)] }));
  const pending = (wallet: Address) => contracts().tokenExchange.read.pendingCredits([wallet]);
  const statusOf = async (pi: string) => (await payments.get(pi))?.status;
  const credits = async (pi: string) =>
    (await (await publicClient()).getContractEvents({ address: served.contracts.TokenExchange, abi: contracts().tokenExchange.abi, eventName: "FiatCredited", args: { paymentId: paymentIdOf("stripe", pi) }, fromBlock: 0n })).length;
  const refundsOf = (pi: string) => backend.stripe.events.filter((e) => e.type === "refund.created" && (e.data as { object: { payment_intent: string } }).object.payment_intent === pi);
  const eventOf = (pi: string, type: string) => backend.stripe.events.find((e) => e.type === type && ((e.data as { object: { id: string; payment_intent?: string } }).object.id === pi || (e.data as { object: { payment_intent?: string } }).object.payment_intent === pi))!;
  const postWebhook = (payload: string, header?: string) =>
    fetch(`${api}/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", ...(header ? { "stripe-signature": header } : {}) }, body: payload });
  const signed = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? backend.stripe.webhookSecret, timestamp: options.timestamp });
  async function postRate(rate: bigint) {
    const block = await (await publicClient()).getBlock({ blockTag: "latest" });
    await mined(served.connection, contracts().oracle.write.updateRate([rate, block.timestamp, 3n], { account: served.roles.rateUpdater }));
  }
  async function walletOf(account: LocalAccount) {
    await served.connection.networkHelpers.setBalance(account.address, parseEther("1"));
    return createWalletClient({ account, chain: { ...hardhat, id: served.chainId }, transport: http(served.rpcUrl) });
  }

  before(async () => {
    served = await startServedPlatform({ name: "onramp-test" });
    proxy = await startChainProxy(Number(new URL(served.rpcUrl).port));
    dir = await mkdtemp(join(tmpdir(), "streamspace-onramp-"));
    const [lambdaPort, httpPort] = (await freePorts(2)) as [number, number];
    backend = await startBackend({
      rpcUrl: proxy.url,
      chainId: served.chainId,
      contracts: served.contracts,
      dir,
      ports: { lambda: lambdaPort, http: httpPort },
      siweDomain: DOMAIN,
      runWorker: false,
      // A card fee of 2.9% + 30 cents on top; cash-outs paid through Stripe Connect.
      env: { CARD_FEE_BPS: "290", CARD_FEE_FIXED_CENTS: "30", PAYOUT_PROVIDER: "stripe" },
      log: (line) => logs.push(line),
    });
    api = backend.api;
    lambda = lambdaClient(lambdaPort);
    quotes = new QuoteStore(backend.dynamo.client, backend.dynamo.tables.quotes);
    inbox = new PaymentEventInbox(backend.dynamo.client, backend.dynamo.tables.paymentEvents);
    payments = new CardPaymentStore(backend.dynamo.client, backend.dynamo.tables.cardPayments);
    stripeApi = new Stripe(backend.stripe.secretKey, { host: "127.0.0.1", port: Number(backend.stripe.url.port), protocol: "http" });

    const { connection, roles } = served;
    const p = contracts();
    await mined(connection, p.ssh.write.approve([p.tokenExchange.address, parseEther("1000000")], { account: roles.treasury }));
    await mined(connection, p.tokenExchange.write.depositInventory([parseEther("1000000")], { account: roles.treasury }));
    await postRate(RATE);
    for (const name of Object.keys(films) as (keyof typeof films)[]) {
      const registered = await mined(connection, p.filmRegistry.write.registerFilm([`ipfs://${name}`, parseEther("20"), 48n * 3600n, [roles.filmmakerAda, roles.composer], [9_000, 1_000], 0n], { account: roles.filmmakerAda }));
      films[name] = parseEventLogs({ abi: p.filmRegistry.abi, eventName: "FilmRegistered", logs: registered.logs })[0]!.args.filmId;
    }
    await mined(connection, p.filmRegistry.write.setUsdTerms([films.usd, 199_000_000n, 48n * 3600n], { account: roles.filmmakerAda })); // $1.99
    const { keyId } = await backend.filmKeys.create();
    await backend.filmKeys.bind(keyId, films.rental);
  });
  after(async () => {
    if (process.env.DEBUG_OFFLINE) console.log(logs.join("\n"));
    await backend?.close();
    await proxy?.close();
    await served?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("rents a film for a fan with no SSH: card charged, rental bought from the inventory, film plays, rights holders paid by the same settlement", async () => {
    const fan = newFan();
    const token = await session(fan);
    const inventoryBefore = await contracts().tokenExchange.read.inventory();
    const { quote, payment, confirmed } = await payByCard({ api, session: token, request: { kind: "rental", filmId: films.rental } });
    // 20 SSH at $0.05 is $1.00; the card fee 2.9% (rounded up to 3 cents) + 30 cents.
    assert.deepEqual([quote.usdAmount, quote.feeCents, quote.chargeCents, quote.sshAmount], ["100000000", 33, 133, parseEther("20").toString()]);
    assert.equal(payment.amountCents, 133);
    assert.equal(confirmed.body.status, "succeeded");

    await until("the rental on-chain", async () => contracts().payPerView.read.hasAccess([films.rental, fan.address]));
    assert.equal(await contracts().tokenExchange.read.inventory(), inventoryBefore - parseEther("20"));
    assert.equal(await contracts().ssh.read.balanceOf([fan.address]), 0n, "the fan never held SSH");
    await until("recorded as rented", async () => (await statusOf(payment.paymentIntentId)) === "rented");

    // The fan watches: the key server serves the key, and queues the delivery receipt the settle keeper settles.
    const keyUrl = await fetch(`${api}/films/${films.rental}/key`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(keyUrl.status, 200);
    assert.equal((await fetch(((await keyUrl.json()) as { url: string }).url)).status, 200);
    await invoke("settle");
    const terms = await contracts().filmRegistry.read.saleTerms([films.rental]);
    await until("the settlement", async () => (await contracts().payPerView.read.claimable([BigInt(terms.splitId), served.roles.filmmakerAda])) > 0n);
    assert.equal(await contracts().payPerView.read.claimable([BigInt(terms.splitId), served.roles.filmmakerAda]), (parseEther("19") * 9_000n) / 10_000n);
    // Stripe's own events for it (charge.succeeded, payment_intent.succeeded) were each stored once.
    await backend.stripe.settled();
    assert.ok(backend.stripe.deliveries.filter((d) => d.eventId === eventOf(payment.paymentIntentId, "payment_intent.succeeded").id).every((d) => d.status === 200));
    await invoke("onramp");
    assert.equal(await statusOf(payment.paymentIntentId), "rented", "the delivered rental is settled later, at its timeout");
  });

  it("tops up a wallet: the SSH waits as a pending credit, the fan claims it and rents with it", async () => {
    const fan = newFan();
    const token = await session(fan);
    const { quote, payment } = await payByCard({ api, session: token, request: { kind: "topup", usd: "5" } });
    assert.equal(quote.sshAmount, parseEther("100").toString()); // $5 at $0.05
    assert.equal(quote.chargeCents, 500 + 15 + 30);
    await until("the credit", async () => (await pending(fan.address)) === parseEther("100"));
    await until("recorded as credited", async () => (await statusOf(payment.paymentIntentId)) === "credited");

    const wallet = await walletOf(fan);
    const client = await publicClient();
    await client.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: served.contracts.TokenExchange, abi: contracts().tokenExchange.abi, functionName: "claimCredits" }) });
    assert.equal(await contracts().ssh.read.balanceOf([fan.address]), parseEther("100"));
    await client.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: contracts().ssh.address, abi: contracts().ssh.abi, functionName: "approve", args: [served.contracts.PayPerView, parseEther("20")] }) });
    await client.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: served.contracts.PayPerView, abi: contracts().payPerView.abi, functionName: "purchase", args: [films.spare, parseEther("20")] }) });
    assert.ok(await contracts().payPerView.read.hasAccess([films.spare, fan.address]));
  });

  it("refuses what the contract would refuse, up front, with a reason, and changes nothing", async () => {
    const fan = newFan();
    const token = await session(fan);
    const refused = async (body: unknown, auth = `Bearer ${token}`) => {
      const res = await fetch(`${api}/quotes`, { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify(body) });
      return [res.status, ((await res.json()) as { error: string }).error];
    };
    assert.deepEqual(await refused({ kind: "topup", usd: "5" }, ""), [401, "unauthenticated"]);
    assert.deepEqual(await refused({ kind: "cash" }), [400, "bad_request"]);
    assert.deepEqual(await refused({ kind: "topup", usd: "five" }), [400, "bad_amount"]);
    assert.deepEqual(await refused({ kind: "topup", usd: "0.10" }), [400, "amount_too_small"]);
    assert.deepEqual(await refused({ kind: "topup", usd: "1.001" }), [400, "bad_amount"]);
    assert.deepEqual(await refused({ kind: "rental", filmId: "999" }), [409, "not_for_sale"]);
    // At the buyer's daily limit ($10,000): exactly the limit is quoted; a cent more is not.
    assert.deepEqual(await refused({ kind: "topup", usd: "10000.01" }), [409, "buyer_limit"]);
    const atLimit = await requestQuote(api, token, { kind: "topup", usd: "10000" });
    assert.equal(atLimit.usdAmount, "1000000000000");
    // Someone else's quote cannot be paid with this session.
    const other = await session(newFan());
    await assert.rejects(checkout(api, other, atLimit.quoteId), /404 unknown_quote/);
    // A quote at the limit is paid and credited; then the wallet has no room left for even the minimum.
    const payment = await checkout(api, token, atLimit.quoteId);
    assert.equal((await checkout(api, token, atLimit.quoteId)).paymentIntentId, payment.paymentIntentId, "one payment per quote");
    await confirmCard(payment);
    await until("the credit at the limit", async () => (await pending(fan.address)) === parseEther("200000"));
    assert.deepEqual(await refused({ kind: "topup", usd: "20" }), [409, "buyer_limit"]);
    // A declined card: no credit, nothing stored as a payment.
    const fan2 = newFan();
    const token2 = await session(fan2);
    const declined = await payByCard({ api, session: token2, request: { kind: "topup", usd: "2" }, paymentMethod: "pm_card_chargeDeclined" });
    assert.equal(declined.confirmed.status, 402);
    await backend.stripe.settled();
    assert.equal(await pending(fan2.address), 0n);
    assert.equal(await statusOf(declined.payment.paymentIntentId), undefined);
  });

  it("verifies every webhook: unsigned, wrongly signed, altered or week-old deliveries get 400 and change nothing", async () => {
    backend.stripe.webhooks.hold = true; // the real deliveries are held: only the forged ones arrive
    try {
      const fan = newFan();
      const { payment } = await payByCard({ api, session: await session(fan), request: { kind: "topup", usd: "3" } });
      const event = eventOf(payment.paymentIntentId, "payment_intent.succeeded");
      const payload = JSON.stringify(event);
      const week = Math.floor(Date.now() / 1000) - 7 * 86_400;
      const cases: [string, Response][] = [
        ["unsigned", await postWebhook(payload)],
        ["signed with another secret", await postWebhook(payload, signed(payload, { secret: "whsec_not_the_endpoints" }))],
        ["altered after signing", await postWebhook(payload.replace(fan.address, newFan().address), signed(payload))],
        ["replayed a week later", await postWebhook(payload, signed(payload, { timestamp: week }))],
        ["garbage signature", await postWebhook(payload, "t=1,v1=00")],
      ];
      for (const [name, res] of cases) {
        assert.equal(res.status, 400, name);
        assert.match(((await res.json()) as { error: string }).error, /unsigned|bad_signature/, name);
      }
      assert.equal(await inbox.get(event.id), undefined, "nothing stored");
      await invoke("onramp");
      assert.equal(await pending(fan.address), 0n, "nothing credited");
      // The genuine delivery then goes through.
      const ok = await postWebhook(payload, signed(payload));
      assert.equal(ok.status, 200);
      await until("the credit", async () => (await pending(fan.address)) === parseEther("60"));
    } finally {
      backend.stripe.webhooks.hold = false;
    }
  });

  it("credits exactly once: the same event twice, twenty concurrent copies, and both event types of one payment", async () => {
    backend.stripe.webhooks.hold = true;
    let pi: string;
    let fan: LocalAccount;
    try {
      fan = newFan();
      ({ payment: { paymentIntentId: pi } } = await payByCard({ api, session: await session(fan), request: { kind: "topup", usd: "4" } }));
    } finally {
      backend.stripe.webhooks.hold = false;
    }
    const succeeded = JSON.stringify(eventOf(pi, "payment_intent.succeeded"));
    const charge = JSON.stringify(eventOf(pi, "charge.succeeded"));
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => postWebhook(succeeded, signed(succeeded))),
      postWebhook(charge, signed(charge)),
      postWebhook(charge, signed(charge)),
    ]);
    assert.deepEqual(answers.map((a) => a.status), Array(22).fill(200));
    const bodies = (await Promise.all(answers.slice(0, 20).map((a) => a.json()))) as { duplicate: boolean }[];
    assert.equal(bodies.filter((b) => !b.duplicate).length, 1, "stored once");
    await until("the credit", async () => (await pending(fan.address)) === parseEther("80"));
    // Redelivered later too, and the keeper's drain runs again: still one credit.
    backend.stripe.redeliver(eventOf(pi, "payment_intent.succeeded").id);
    await backend.stripe.settled();
    await invoke("onramp");
    assert.equal(await credits(pi), 1);
    assert.equal(await pending(fan.address), parseEther("80"));
  });

  it("a refund that arrives before its payment's success: the payment is never credited", async () => {
    backend.stripe.webhooks.hold = true;
    const fan = newFan();
    let pi: string;
    try {
      ({ payment: { paymentIntentId: pi } } = await payByCard({ api, session: await session(fan), request: { kind: "topup", usd: "2" } }));
      await stripeApi.refunds.create({ payment_intent: pi });
    } finally {
      backend.stripe.webhooks.hold = false;
    }
    const refunded = JSON.stringify(eventOf(pi, "charge.refunded"));
    const succeeded = JSON.stringify(eventOf(pi, "payment_intent.succeeded"));
    assert.equal((await postWebhook(refunded, signed(refunded))).status, 200);
    await until("the refund processed", async () => (await statusOf(pi)) === "refunded_first");
    assert.equal((await postWebhook(succeeded, signed(succeeded))).status, 200);
    await until("the success processed", async () => (await inbox.get(eventOf(pi, "payment_intent.succeeded").id))?.status === "done");
    assert.equal((await paymentOf(pi))[0], "0x0000000000000000000000000000000000000000");
    assert.equal(await pending(fan.address), 0n);
  });

  it("a refund or dispute reverses an unclaimed credit; after the claim, the loss is recorded for the operator", async () => {
    // Refunded before the claim: reversed, the SSH back in the inventory.
    const a = newFan();
    const paidA = await payByCard({ api, session: await session(a), request: { kind: "topup", usd: "2" } });
    await until("credited", async () => (await pending(a.address)) === parseEther("40"));
    await stripeApi.refunds.create({ payment_intent: paidA.payment.paymentIntentId });
    await until("reversed", async () => (await statusOf(paidA.payment.paymentIntentId)) === "reversed");
    assert.equal(await pending(a.address), 0n);
    assert.equal((await paymentOf(paidA.payment.paymentIntentId))[2], true);

    // Disputed by the cardholder's bank before the claim: reversed too.
    const b = newFan();
    const paidB = await payByCard({ api, session: await session(b), request: { kind: "topup", usd: "2" }, paymentMethod: "pm_card_createDispute" });
    // (The dispute follows the success by moments: processed after it, the credit is reversed; before
    // it, the success is never credited. Either way the fan keeps nothing.)
    await until("undone after the dispute", async () => ["reversed", "refunded_first"].includes((await statusOf(paidB.payment.paymentIntentId)) ?? ""));
    assert.equal(await pending(b.address), 0n);

    // Refunded after the claim: the SSH is the fan's; the loss is in the operator's report.
    const c = newFan();
    const paidC = await payByCard({ api, session: await session(c), request: { kind: "topup", usd: "3" } });
    await until("credited", async () => (await pending(c.address)) === parseEther("60"));
    const wallet = await walletOf(c);
    await (await publicClient()).waitForTransactionReceipt({ hash: await wallet.writeContract({ address: served.contracts.TokenExchange, abi: contracts().tokenExchange.abi, functionName: "claimCredits" }) });
    await stripeApi.refunds.create({ payment_intent: paidC.payment.paymentIntentId });
    await until("the loss", async () => (await statusOf(paidC.payment.paymentIntentId)) === "loss");
    assert.equal(await contracts().ssh.read.balanceOf([c.address]), parseEther("60"));
    const { report } = (await invoke("reconcile")) as { report: { losses: { paymentIntentId: string; chargeCents: number; reason: string }[]; lossCents: number } };
    const loss = report.losses.find((l) => l.paymentIntentId === paidC.payment.paymentIntentId)!;
    assert.equal(loss.chargeCents, 300 + 9 + 30);
    assert.match(loss.reason, /refunded after the SSH was claimed/);
  });

  it("honours an expired quote at an unchanged rate, refunds one whose rate moved beyond the tolerance", async () => {
    // A quote that expired before its payment's event was processed (a slow 3-D Secure, a late webhook).
    const expired = async (fan: LocalAccount, rate: bigint) => {
      const now = Number((await (await publicClient()).getBlock({ blockTag: "latest" })).timestamp);
      const quoteId = `qt_${Buffer.from(generatePrivateKey().slice(2, 34), "hex").toString("base64url")}`;
      await quotes.put({ quoteId, kind: "topup", wallet: fan.address, rate, usdAmount: 100_000_000n, feeCents: 0n, chargeCents: 100n, sshAmount: parseEther("20"), createdAt: now - 2_000, expiresAt: now - 1_000 });
      const intent = await stripeApi.paymentIntents.create({ amount: 100, currency: "usd", metadata: { quote_id: quoteId, wallet: fan.address, kind: "topup" } });
      return confirmCard({ paymentIntentId: intent.id, clientSecret: intent.client_secret!, publishableKey: backend.stripe.publishableKey, amountCents: 100, stripeApiUrl: backend.stripe.url.toString() }).then(() => intent.id);
    };
    const same = newFan();
    const honoured = await expired(same, RATE);
    await until("credited at the quoted rate", async () => (await pending(same.address)) === parseEther("20"));
    await until("recorded as credited", async () => (await statusOf(honoured)) === "credited");

    // The rate moves 5% (the exchange tolerates 1%) between a live quote and its payment: refused, refunded.
    const moved = newFan();
    const live = await requestQuote(api, await session(moved), { kind: "topup", usd: "2" });
    await postRate((RATE * 105n) / 100n);
    try {
      await confirmCard(await checkout(api, await session(moved), live.quoteId));
      const pi = (await quotes.get(live.quoteId))!.paymentIntentId!;
      await until("refused", async () => (await statusOf(pi)) === "refused");
      assert.match((await payments.get(pi))!.reason!, /rate moved/);
      assert.equal(refundsOf(pi).length, 1, "the card refunded in full, once");
      assert.equal(await pending(moved.address), 0n);
      // And an expired quote whose rate is no longer within tolerance: refused as well.
      const late = await expired(newFan(), RATE);
      await until("refused", async () => (await statusOf(late)) === "refused");
      assert.match((await payments.get(late))!.reason!, /expired and the exchange rate has moved/);
    } finally {
      await postRate(RATE);
    }
  });

  it("acknowledges while the chain is unreachable, and credits once it is back", async () => {
    const fan = newFan();
    const token = await session(fan);
    const quote = await requestQuote(api, token, { kind: "topup", usd: "2" });
    const payment = await checkout(api, token, quote.quoteId);
    proxy.down();
    try {
      await confirmCard(payment);
      await backend.stripe.settled();
      const event = eventOf(payment.paymentIntentId, "payment_intent.succeeded");
      const deliveries = backend.stripe.deliveries.filter((d) => d.eventId === event.id);
      assert.deepEqual(deliveries.map((d) => d.status), [200], "acknowledged at the first delivery");
      await until("the attempt that found no chain", async () => (await inbox.get(event.id))?.lastError);
      assert.equal((await inbox.get(event.id))?.status, "pending");
    } finally {
      proxy.up();
    }
    await invoke("onramp");
    await until("the credit", async () => (await pending(fan.address)) === parseEther("40"));
    await invoke("onramp");
    assert.equal(await credits(payment.paymentIntentId), 1);
  });

  it("refunds a payment that still cannot go through after a day, once nothing sent for it can land; waits while the chain cannot be read", async () => {
    const p = contracts();
    const fan = newFan();
    const token = await session(fan);
    const quote = await requestQuote(api, token, { kind: "rental", filmId: films.rental });
    await mined(served.connection, p.payPerView.write.pause({ account: served.roles.pauser }));
    let pi: string;
    try {
      const payment = await checkout(api, token, quote.quoteId);
      pi = payment.paymentIntentId;
      await confirmCard(payment);
      await backend.stripe.settled();
      const event = eventOf(pi, "payment_intent.succeeded");
      await until("the attempt that found purchases paused", async () => /PayPerView_Paused/.test((await inbox.get(event.id))?.lastError ?? ""));
      // A day passes (the event's arrival moved back): the payment is overdue.
      const received = (await inbox.get(event.id))!.receivedAt;
      await backend.dynamo.client.send(
        new UpdateItemCommand({ TableName: backend.dynamo.tables.paymentEvents, Key: { eventId: { S: event.id } }, UpdateExpression: "SET receivedAt = :at", ExpressionAttributeValues: { ":at": { N: String(received - 25 * 3_600_000) } } }),
      );

      // The quote still holds on-chain: a call honouring it could land, so nothing is refunded yet.
      await invoke("onramp");
      assert.equal((await inbox.get(event.id))?.status, "pending");
      assert.equal(refundsOf(pi).length, 0);
      // Past the quote's expiry, but the chain cannot be read: still nothing (refunding blind could pay twice).
      await served.connection.networkHelpers.time.increase(quote.expiresAt - Number((await (await publicClient()).getBlock()).timestamp) + 60);
      proxy.down();
      try {
        await invoke("onramp");
      } finally {
        proxy.up();
      }
      assert.equal((await inbox.get(event.id))?.status, "pending");
      assert.equal(refundsOf(pi).length, 0);
      // The chain answers: nothing paid, nothing can land: the card is refunded in full, once.
      await invoke("onramp");
      assert.equal(await statusOf(pi), "refused");
      assert.match((await payments.get(pi))!.reason!, /could not go through for a day/);
      assert.equal(refundsOf(pi).length, 1);
      assert.equal((await inbox.get(event.id))?.status, "done");
    } finally {
      await mined(served.connection, p.payPerView.write.unpause({ account: served.roles.pauser }));
      await postRate(RATE);
    }
    // Purchases resume: the refunded payment never buys the rental.
    await invoke("onramp");
    assert.equal(refundsOf(pi).length, 1);
    assert.equal(await p.payPerView.read.hasAccess([films.rental, fan.address]), false);
    assert.equal((await paymentOf(pi))[0], "0x0000000000000000000000000000000000000000");
  });

  it("repairs a lost webhook by the daily reconciliation", async () => {
    backend.stripe.webhooks.hold = true;
    const fan = newFan();
    let pi: string;
    try {
      ({ payment: { paymentIntentId: pi } } = await payByCard({ api, session: await session(fan), request: { kind: "topup", usd: "1" } }));
    } finally {
      backend.stripe.webhooks.hold = false;
    }
    await invoke("onramp");
    assert.equal(await pending(fan.address), 0n, "nothing arrived");
    const result = (await invoke("reconcile")) as { missed: string[] };
    assert.ok(result.missed.includes(eventOf(pi, "payment_intent.succeeded").id));
    assert.equal(await pending(fan.address), parseEther("20"));
    assert.deepEqual(((await invoke("reconcile")) as { missed: string[] }).missed, [], "nothing missed the second time");
  });

  it("links a holder's payout account by onboarding, and pays the holder's cash-out to it", async () => {
    const holder = newFan();
    const token = await session(holder);
    const start = await fetch(`${api}/payouts/account`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    assert.equal(start.status, 201);
    const { account, onboardingUrl } = (await start.json()) as { account: string; onboardingUrl: string };
    assert.equal((await fetch(onboardingUrl, { redirect: "manual" })).status, 302, "onboarding completed, back to the dapp");
    await until("linked", async () => ((await (await fetch(`${api}/payouts/account`, { headers: { authorization: `Bearer ${token}` } })).json()) as { linked: boolean }).linked);

    const wallet = await walletOf(holder);
    await mined(served.connection, contracts().ssh.write.transfer([holder.address, parseEther("100")], { account: served.roles.treasury }));
    const client = await publicClient();
    await client.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: contracts().ssh.address, abi: contracts().ssh.abi, functionName: "approve", args: [served.contracts.TokenExchange, parseEther("100")] }) });
    await client.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: served.contracts.TokenExchange, abi: contracts().tokenExchange.abi, functionName: "requestCashOut", args: [parseEther("100"), 4_00000000n] }) });
    await invoke("payouts");
    const transfer = backend.stripe.transfers.find((t) => t.destination === account)!;
    assert.equal(transfer.amount, "495"); // $5 less the 1% fee
    const cashOuts = await client.getContractEvents({ address: served.contracts.TokenExchange, abi: contracts().tokenExchange.abi, eventName: "CashOutPaid", fromBlock: 0n });
    assert.ok(cashOuts.length >= 1);
  });

  it("refunds a card rental that was never delivered once its timeout ends: SSH back to the inventory, the card refunded", async () => {
    const fan = newFan();
    const { payment } = await payByCard({ api, session: await session(fan), request: { kind: "rental", filmId: films.late } });
    await until("rented", async () => (await statusOf(payment.paymentIntentId)) === "rented");
    const inventory = await contracts().tokenExchange.read.inventory();
    await invoke("onramp");
    assert.equal(await statusOf(payment.paymentIntentId), "rented", "not before the timeout");
    await served.connection.networkHelpers.time.increase(2 * 3_600 + 1);
    await postRate(RATE);
    await invoke("onramp");
    await until("refunded", async () => (await statusOf(payment.paymentIntentId)) === "refunded");
    assert.equal(await contracts().tokenExchange.read.inventory(), inventory + parseEther("20"));
    assert.equal(await contracts().payPerView.read.hasAccess([films.late, fan.address]), false);
    assert.equal(refundsOf(payment.paymentIntentId).length, 1);
    // Stripe's charge.refunded for the platform's own refund changes nothing.
    await backend.stripe.settled();
    await invoke("onramp");
    assert.equal(await statusOf(payment.paymentIntentId), "refunded");
  });
});
