import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { network } from "hardhat";
import { parseEther, parseEventLogs } from "viem";

import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import { popularityIndices } from "@streamspace/core/popularity";
import { NonceSafeSender } from "@streamspace/functions/chain/sender";
import { TxStore } from "@streamspace/functions/chain/tx-store";
import { runPopularity } from "@streamspace/functions/keepers/popularity";
import { runRates } from "@streamspace/functions/keepers/rates";
import { ratesConfig } from "@streamspace/functions/rates/defaults";
import { runPayouts } from "@streamspace/functions/keepers/payouts";
import { runSettle } from "@streamspace/functions/keepers/settle";
import { LocalPayoutProvider } from "@streamspace/functions/payouts/provider";
import { ReceiptStore } from "@streamspace/functions/receipts/receipt-store";

import { seedDemo } from "../dev/demo/seed.js";
import { startLocalDynamo } from "../dev/dynamo.js";
import { startLocalMarket } from "../dev/market.js";
import { accountsByRole, deployPlatform, localKeyOf, mined } from "../dev/platform.js";

/** The keepers on the seeded local platform, sending from their own keys through DynamoDB (dynalite). */
describe("the popularity keeper", async () => {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const roles = await accountsByRole(connection);
  const chainId = await publicClient.getChainId();
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let sender: NonceSafeSender;
  let config: Parameters<typeof runPopularity>[0]["config"];

  before(async () => {
    dynamo = await startLocalDynamo();
    platform = await deployPlatform(connection);
    await seedDemo(connection, platform);
    sender = new NonceSafeSender({ account: localKeyOf("reporter"), publicClient, store: new TxStore(dynamo.client, "Transactions"), chainId });
    config = {
      payPerView: platform.payPerView.address,
      filmRegistry: platform.filmRegistry.address,
      curatorStaking: platform.curatorStaking.address,
    };
  });
  after(() => dynamo.close());

  const settledViews = async () => {
    const events = await publicClient.getContractEvents({ address: platform.payPerView.address, abi: platform.payPerView.abi, eventName: "PurchaseSettled", fromBlock: 0n });
    const views = new Map<bigint, bigint>();
    for (const e of events) views.set(e.args.filmId!, (views.get(e.args.filmId!) ?? 0n) + 1n);
    return views;
  };
  const onChain = async (filmId: bigint) => (await platform.curatorStaking.read.popularityOf([filmId])).index;

  it("posts P of every film from its paid views, relative to the average film, and only what changed", async () => {
    const run = await runPopularity({ publicClient, sender, config });
    const films = [1n, 2n, 3n, 4n];
    const expected = popularityIndices(films, await settledViews(), await platform.curatorStaking.read.POPULARITY_CEILING());
    assert.deepEqual(films.map((f) => run.indices.get(f)), expected);
    assert.ok(run.posted.length > 0 && run.transactions.length === 1, "one batch");
    for (const [i, f] of films.entries()) assert.equal(await onChain(f), expected[i], `film ${f}`);

    const again = await runPopularity({ publicClient, sender, config });
    assert.deepEqual(again.posted, [], "nothing changed: nothing posted");
    assert.deepEqual(again.transactions, []);
  });

  it("gives a deleted film 0 and shares the average among the films left", async () => {
    await mined(connection, platform.filmRegistry.write.setStatus([1n, 3], { account: roles.filmmakerAda }));
    const run = await runPopularity({ publicClient, sender, config });
    assert.equal(run.indices.get(1n), 0n);
    assert.equal(await onChain(1n), 0n);
    const views = await settledViews();
    views.delete(1n);
    const expected = popularityIndices([2n, 3n, 4n], views, await platform.curatorStaking.read.POPULARITY_CEILING());
    assert.deepEqual([2n, 3n, 4n].map((f) => run.indices.get(f)), expected);
  });

  it("counts only views inside its trailing window", async () => {
    await connection.networkHelpers.time.increase(8 * 86_400);
    const run = await runPopularity({ publicClient, sender, config: { ...config, windowSeconds: 7 * 86_400 } });
    assert.ok([...run.indices.values()].every((p) => p === 0n), "no paid view in the last 7 days");
    for (const f of [2n, 3n, 4n]) assert.equal(await onChain(f), 0n);
  });

  it("posts more films than one report holds in batches of MAX_REPORT_BATCH, each film once", async () => {
    // 430 more films, every one with a P on-chain from an earlier report; no paid view in the window
    // now, so the keeper must bring all of them (and no other) back to 0.
    const filmmaker = roles.filmmakerAda;
    const before = await platform.filmRegistry.read.filmCount();
    const added = 430n;
    for (let i = 0n; i < added; i++) {
      await platform.filmRegistry.write.registerFilm([`ipfs://film-${i}`, parseEther("1"), 86_400n, [filmmaker], [10_000], 0n], { account: filmmaker });
    }
    const films = Array.from({ length: Number(added) }, (_, i) => before + 1n + BigInt(i));
    const batch = Number(await platform.curatorStaking.read.MAX_REPORT_BATCH());
    for (let i = 0; i < films.length; i += batch) {
      const ids = films.slice(i, i + batch);
      await mined(connection, platform.curatorStaking.write.reportPopularity([ids, ids.map(() => 5_000n)], { account: roles.reporter }));
    }

    const run = await runPopularity({ publicClient, sender, config });
    assert.deepEqual(run.posted.map((p) => p.filmId), films, "every film that had a P, once, in order");
    assert.equal(run.transactions.length, Math.ceil(films.length / batch));
    for (const hash of run.transactions) {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
      const reported = parseEventLogs({ abi: platform.curatorStaking.abi, logs: receipt.logs, eventName: "PopularityReported" });
      assert.ok(reported.length <= batch, `${reported.length} films in one report`);
    }
    for (const f of [films[0]!, films[199]!, films[200]!, films.at(-1)!]) assert.equal(await onChain(f), 0n, `film ${f}`);
    assert.deepEqual((await runPopularity({ publicClient, sender, config })).transactions, [], "then nothing to post");
  });
});

describe("the settle keeper", async () => {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const wallets = await connection.viem.getWalletClients();
  const roles = await accountsByRole(connection);
  const chainId = await publicClient.getChainId();
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let receipts: ReceiptStore;
  let sender: NonceSafeSender;
  const PRICE = parseEther("4");

  before(async () => {
    dynamo = await startLocalDynamo();
    platform = await deployPlatform(connection);
    receipts = new ReceiptStore(dynamo.client, "DeliveryReceipts");
    // The settle keeper sends from the delivery function's key, which also signs the receipts.
    sender = new NonceSafeSender({ account: localKeyOf("deliverySigner"), publicClient, store: new TxStore(dynamo.client, "Transactions"), chainId });
    await mined(connection, platform.filmRegistry.write.registerFilm(["ipfs://f", PRICE, 48n * 3600n, [roles.filmmakerAda], [10_000], 0n], { account: roles.filmmakerAda }));
  });
  after(() => dynamo.close());

  /** `count` fans buy film 1; returns their receipts, signed by the delivery key as the key server does. */
  async function purchases(viewers: `0x${string}`[]) {
    const signed = [];
    const deadline = BigInt((await publicClient.getBlock()).timestamp) + 86_400n;
    for (const viewer of viewers) {
      await mined(connection, platform.ssh.write.transfer([viewer, PRICE], { account: roles.treasury }));
      await mined(connection, platform.ssh.write.approve([platform.payPerView.address, PRICE], { account: viewer }));
      const bought = await mined(connection, platform.payPerView.write.purchase([1n, PRICE], { account: viewer }));
      const [event] = parseEventLogs({ abi: platform.payPerView.abi, eventName: "Purchased", logs: bought.logs });
      const receipt = { purchaseId: event!.args.purchaseId, viewer, filmId: 1n, deadline };
      const signature = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: platform.payPerView.address, receipt });
      signed.push({ receipt, signature });
    }
    return signed;
  }
  const state = (r: { purchaseId: bigint; filmId: bigint; viewer: `0x${string}` }) =>
    platform.payPerView.read.purchaseState([r.purchaseId, r.filmId, r.viewer]);

  it("settles the waiting receipts in chunks, drops a refunded purchase's, and never submits one twice", async () => {
    const viewers = wallets.slice(14, 20).map((w) => w.account.address);
    const signed = await purchases(viewers);
    for (const s of signed) await receipts.put(s.receipt, s.signature);
    await receipts.put(signed[0]!.receipt, signed[0]!.signature); // the key server wrote it twice: once
    // One fan was never served in time and refunds (the receipt came too late).
    await connection.networkHelpers.time.increase(2 * 3600);
    await mined(connection, platform.payPerView.write.refund([1n], { account: viewers[5]! }));

    const run = await runSettle({ publicClient, sender, receipts, config: { payPerView: platform.payPerView.address, maxBatch: 2 } });
    assert.deepEqual(run.settled, signed.slice(0, 5).map((s) => s.receipt.purchaseId));
    assert.equal(run.transactions.length, 3, "chunks of two: 2 + 2 + 1");
    assert.deepEqual(run.dropped, [{ purchaseId: signed[5]!.receipt.purchaseId, reason: "the purchase was refunded or replaced" }]);
    for (const s of signed.slice(0, 5)) assert.equal(await state(s.receipt), 2, "settled");
    assert.equal((await receipts.byStatus("waiting")).length, 0);
    assert.equal((await receipts.byStatus("settled")).length, 5);

    const again = await runSettle({ publicClient, sender, receipts, config: { payPerView: platform.payPerView.address } });
    assert.deepEqual(again, { settled: [], dropped: [], transactions: [] }, "nothing is submitted twice");
  });

  it("records a purchase someone else settled, without a transaction, and sizes chunks to the gas budget", async () => {
    const viewers = wallets.slice(10, 14).map((w) => w.account.address);
    const signed = await purchases(viewers);
    // Anyone may settle with a receipt: a fan does it for the first one.
    await mined(connection, platform.payPerView.write.settle([signed[0]!.receipt, signed[0]!.signature], { account: viewers[0]! }));
    for (const s of signed) await receipts.put(s.receipt, s.signature);
    const run = await runSettle({ publicClient, sender, receipts, config: { payPerView: platform.payPerView.address, gasBudget: 65_000n } });
    assert.deepEqual(run.settled, signed.slice(1).map((s) => s.receipt.purchaseId));
    assert.equal(run.transactions.length, 3, "a budget of 65,000 gas holds one settlement a transaction");
    assert.equal((await receipts.byStatus("settled")).length, 9);
  });

  it("drops a receipt the contract refuses (a forged signature) without holding up the others", async () => {
    const viewers = [wallets[9]!.account.address, wallets[8]!.account.address];
    const signed = await purchases(viewers);
    const forged = await signDeliveryReceipt({ account: localKeyOf("fan"), chainId, payPerView: platform.payPerView.address, receipt: signed[0]!.receipt });
    await receipts.put(signed[0]!.receipt, forged);
    await receipts.put(signed[1]!.receipt, signed[1]!.signature);
    const run = await runSettle({ publicClient, sender, receipts, config: { payPerView: platform.payPerView.address } });
    assert.deepEqual(run.settled, [signed[1]!.receipt.purchaseId]);
    assert.equal(run.dropped.length, 1);
    assert.match(run.dropped[0]!.reason, /refused on-chain: .*PayPerView_InvalidReceiptSigner/);
    assert.equal(await state(signed[0]!.receipt), 1, "still open: the fan can refund it after the timeout");
  });
});

describe("the payouts keeper", async () => {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const roles = await accountsByRole(connection);
  const chainId = await publicClient.getChainId();
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let sender: NonceSafeSender;
  let provider: LocalPayoutProvider;
  const STATUS = ["None", "Requested", "PickedUp", "Paid", "Failed", "Cancelled"];

  before(async () => {
    dynamo = await startLocalDynamo();
    platform = await deployPlatform(connection);
    sender = new NonceSafeSender({ account: localKeyOf("payout"), publicClient, store: new TxStore(dynamo.client, "Transactions"), chainId });
    // fan2's bank refuses transfers.
    provider = new LocalPayoutProvider(dynamo.client, "Payouts", new Set([roles.fan2.toLowerCase()]));
    const now = BigInt((await publicClient.getBlock()).timestamp);
    await mined(connection, platform.oracle.write.updateRate([5_000_000n, now, 3n], { account: roles.rateUpdater }));
  });
  after(() => dynamo.close());

  async function requestCashOut(owner: `0x${string}`, ssh: bigint) {
    await mined(connection, platform.ssh.write.transfer([owner, ssh], { account: roles.treasury }));
    await mined(connection, platform.ssh.write.approve([platform.tokenExchange.address, ssh], { account: owner }));
    const requested = await mined(connection, platform.tokenExchange.write.requestCashOut([ssh, 1n], { account: owner }));
    return parseEventLogs({ abi: platform.tokenExchange.abi, eventName: "CashOutRequested", logs: requested.logs })[0]!.args.cashOutId;
  }
  const statusOf = async (id: bigint) => STATUS[(await platform.tokenExchange.read.cashOut([id])).status];
  const config = () => ({ tokenExchange: platform.tokenExchange.address });

  it("picks up, pays once by cash-out id and marks paid; a refused payout is marked failed and the SSH goes back", async () => {
    const paidId = await requestCashOut(roles.fan, parseEther("100"));
    const failedId = await requestCashOut(roles.fan2, parseEther("40"));
    const cancelledId = await requestCashOut(roles.composer, parseEther("10"));
    await mined(connection, platform.tokenExchange.write.cancelCashOut([cancelledId], { account: roles.composer }));

    const run = await runPayouts({ publicClient, sender, provider, config: config() });
    assert.deepEqual(run.paid, [{ cashOutId: paidId, reference: `local_po_${paidId}` }]);
    assert.deepEqual(run.failed.map((f) => f.cashOutId), [failedId]);
    assert.equal(await statusOf(paidId), "Paid");
    assert.equal(await statusOf(failedId), "Failed");
    assert.equal(await statusOf(cancelledId), "Cancelled");
    assert.equal(await platform.ssh.read.balanceOf([roles.fan2]), parseEther("40"), "the failed cash-out's SSH is back");
    // $0.05 x 99 SSH (1% fee) = $4.95.
    assert.deepEqual(await provider.payoutOf(paidId), { cents: "495", result: { status: "paid", reference: `local_po_${paidId}` } });

    const again = await runPayouts({ publicClient, sender, provider, config: config() });
    assert.deepEqual(again, { paid: [], failed: [], transactions: [] }, "nothing open: nothing done");
  });

  it("a crash between paying and marking paid: the next run marks it, and the holder is paid once", async () => {
    const id = await requestCashOut(roles.fan, parseEther("20"));
    await assert.rejects(
      runPayouts({ publicClient, sender, provider, config: config(), afterPay: () => { throw new Error("killed after paying"); } }),
      /killed after paying/,
    );
    assert.equal(await statusOf(id), "PickedUp", "paid by the provider, not yet on-chain");
    const run = await runPayouts({ publicClient, sender, provider, config: config() });
    assert.deepEqual(run.paid, [{ cashOutId: id, reference: `local_po_${id}` }], "the same payout, found by its cash-out id");
    assert.equal(await statusOf(id), "Paid");
    assert.equal((await provider.payoutOf(id))!.cents, "99", "one payout of $0.99");
  });
});

describe("the rates keeper", async () => {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let market: Awaited<ReturnType<typeof startLocalMarket>>;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let sender: NonceSafeSender;
  let usd = 0.05;

  before(async () => {
    dynamo = await startLocalDynamo();
    market = await startLocalMarket({ usd: () => usd });
    platform = await deployPlatform(connection);
    sender = new NonceSafeSender({ account: localKeyOf("rateUpdater"), publicClient, store: new TxStore(dynamo.client, "Transactions"), chainId });
  });
  after(async () => {
    await market.close();
    await dynamo.close();
  });
  const run = () => runRates({ publicClient, sender, oracle: platform.oracle.address, rates: ratesConfig({ RATES_BASE_URL: market.url }) });
  const posted = async () => (await platform.oracle.read.latestRoundData())[1];

  it("posts the first rate, then only on a 0.5% move", async () => {
    const first = await run();
    assert.equal(first.posted, true);
    assert.equal(first.sources, 6);
    assert.equal(await posted(), 5_000_000n, "$0.05");
    assert.ok(first.koreaPremiumBps! > 250, "the Korean premium, reported");

    usd = 0.0502; // +0.4%
    const small = await run();
    assert.equal(small.posted, false);
    assert.match(small.reason, /moved 0\.40%/);
    usd = 0.0504; // +0.8%
    const moved = await run();
    assert.equal(moved.posted, true);
    assert.equal(await posted(), 5_040_000n);
  });

  it("does not post a move the on-chain breaker would refuse: it is reported for the guardian", async () => {
    usd = 0.15; // x3
    const jump = await run();
    assert.equal(jump.posted, false);
    assert.equal(jump.escalate, true);
    assert.match(jump.reason, /the guardian must decide/);
    assert.equal(await posted(), 5_040_000n, "unchanged");
  });

  it("posts nothing below the quorum of live sources", async () => {
    usd = 0.0504;
    market.set({ upbit: () => ({ status: 500 }), bithumb: () => ({ status: 500 }), coinone: () => ({ status: 500 }), coingecko: () => ({ status: 500 }) });
    const thin = await run();
    assert.equal(thin.posted, false);
    assert.equal(thin.reason, "only 2 live sources, the quorum is 3");
    market.set({});
  });
});
