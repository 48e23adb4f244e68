/**
 * The real compiled subgraph (subgraph/build, from `graph build`), run by the local indexer against a
 * local chain on which the whole platform is used, then asked over GraphQL: the entities must agree
 * with the contracts' own state. Then The Graph's query conventions one by one, a handler that aborts,
 * a restart, and a mapping importing a host function the indexer lacks.
 */
import assert from "node:assert/strict";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import type { Address, Hex } from "viem";
import { keccak256, parseEther, toHex } from "viem";

import { CompiledSubgraph } from "../indexer/subgraph.js";
import { startChainProxy } from "../dev/chain-proxy.js";
import { freePorts } from "../dev/ports.js";
import { Indexer, JsonRpc } from "../indexer/indexer.js";
import { startLocalSubgraph } from "../indexer/local-graph-node.js";
import { subgraphNetworks } from "@streamspace/core/deployment";
import { FILMS, META, postQuery, querySubgraph, SubgraphError } from "@streamspace/core/subgraph";
import type { DemoSummary } from "../dev/demo/seed.js";
import { seedDemo } from "../dev/demo/seed.js";
import type { Platform } from "../dev/platform.js";
import { accountsByRole, deployedContracts, deployPlatform, mined, startLocalChain } from "../dev/platform.js";

const MANIFEST = join(import.meta.dirname, "..", "subgraph", "build", "subgraph.yaml");
const DAY = 86_400n;

const query = <T = Record<string, unknown>>(url: string, text: string, variables?: Record<string, unknown>) =>
  postQuery<T>(url, text, variables);

async function data<T = Record<string, unknown>>(url: string, text: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await query<T>(url, text, variables);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!;
}

describe("the subgraph on a local chain, run by the local indexer", async () => {
  let chain: Awaited<ReturnType<typeof startLocalChain>>;
  let platform: Platform;
  let summary: DemoSummary;
  let subgraph: Awaited<ReturnType<typeof startLocalSubgraph>>;
  let url: string;
  let addresses: Record<string, { address: string; startBlock: number }>;
  let roles: Awaited<ReturnType<typeof accountsByRole>>;

  const CARD_VIEWER = "0x00000000000000000000000000000000c0ffee01" as Address;

  before(async () => {
    chain = await startLocalChain(18_645);
    const { connection } = chain;
    platform = await deployPlatform(connection);
    summary = await seedDemo(connection, platform);
    roles = await accountsByRole(connection);
    const { payPerView, curatorStaking, tokenExchange } = platform;

    // Beyond the demo: a refund, a failed campaign and its refund, an unstake, a failed audit, a
    // cash-out paid out, and a second rate.
    const open = summary.purchases.find((p) => p.state === "open")!;
    await mined(connection, payPerView.write.refund([open.filmId], { account: open.viewer }));
    const saltAndStatic = summary.campaigns[1];
    await connection.networkHelpers.time.increase(29n * DAY); // Salt & Static's deadline passes below its goal
    const salt = await connection.viem.getContractAt("CrowdfundVault", saltAndStatic!.vault);
    await mined(connection, salt.write.refund({ account: roles.fan2 }));
    const kai = summary.curation.stakes.find((s) => s.curator === "curatorKai")!;
    await mined(connection, curatorStaking.write.requestUnstake([kai.nodeId, kai.filmId, kai.contentId, parseEther("500")], { account: roles.curatorKai }));
    const mei = summary.curation.stakes.find((s) => s.curator === "curatorMei")!;
    await mined(connection, curatorStaking.write.reportFailedAudit([mei.nodeId, mei.filmId, mei.contentId], { account: roles.auditor }));
    await mined(connection, tokenExchange.write.pickUp([summary.exchange.cashOut.id], { account: roles.payout }));
    await mined(connection, tokenExchange.write.markPaid([summary.exchange.cashOut.id, keccak256(toHex("po_demo_1"))], { account: roles.payout }));
    const now = (await (await connection.viem.getPublicClient()).getBlock()).timestamp;
    await mined(connection, platform.oracle.write.updateRate([5_100_000n, now, 3n], { account: roles.rateUpdater }));

    // Card payments and gifts: a cash-out that fails; a rental paid by card for a newcomer, never
    // delivered and refunded to the exchange after the timeout; a fan's gift of a rental to a curator.
    const { ssh } = platform;
    await mined(connection, ssh.write.approve([tokenExchange.address, parseEther("10")], { account: roles.fan2 }));
    await mined(connection, tokenExchange.write.requestCashOut([parseEther("10"), 1n], { account: roles.fan2 }));
    await mined(connection, tokenExchange.write.markFailed([2n], { account: roles.payout }));
    const [cardFilm, giftFilm] = [summary.films[1]!, summary.films[2]!];
    const cardUsd = (cardFilm.price * 5_100_000n + 10n ** 18n - 1n) / 10n ** 18n;
    await mined(connection, tokenExchange.write.rentFor([keccak256(toHex("stripe:pi_subgraph_card")), CARD_VIEWER, cardFilm.filmId, cardUsd, 5_100_000n, now + 600n], { account: roles.onramp }));
    await mined(connection, ssh.write.approve([payPerView.address, giftFilm.price], { account: roles.fan }));
    await mined(connection, payPerView.write.purchaseFor([roles.curatorMei, giftFilm.filmId, giftFilm.price], { account: roles.fan }));
    await connection.networkHelpers.time.increase(2 * 3_600 + 1);
    await mined(connection, tokenExchange.write.refundRental([cardFilm.filmId, CARD_VIEWER], { account: roles.onramp }));

    addresses = subgraphNetworks(deployedContracts(platform, 1)).localhost;
    subgraph = await startLocalSubgraph({ manifest: MANIFEST, rpcUrl: chain.rpcUrl, port: 18_646, addresses, log: () => {} });
    url = subgraph.url;
  });

  after(async () => {
    await subgraph?.close();
    await chain?.close();
  });

  it("indexes every block up to the head without errors", async () => {
    const head = await (await chain.connection.viem.getPublicClient()).getBlockNumber();
    const { _meta } = await data<{ _meta: { block: { number: number; hash: string; parentHash: string; timestamp: number }; hasIndexingErrors: boolean; deployment: string } }>(
      url,
      "{ _meta { block { number hash parentHash timestamp } hasIndexingErrors deployment } }",
    );
    assert.equal(BigInt(_meta.block.number), head);
    const block = await (await chain.connection.viem.getPublicClient()).getBlock({ blockNumber: head });
    assert.deepEqual([_meta.block.hash, _meta.block.parentHash, _meta.block.timestamp], [block.hash, block.parentHash, Number(block.timestamp)], "the block as graph-node describes it");
    assert.equal(_meta.hasIndexingErrors, false);
    assert.match(_meta.deployment, /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/);
    assert.ok(subgraph.indexer.eventsHandled > 100, `${subgraph.indexer.eventsHandled} events handled`);
  });

  it("agrees with PayPerView on every film's revenue, views, refunds and every rights holder's claims", async () => {
    const { filmRegistry, payPerView } = platform;
    const publicClient = await chain.connection.viem.getPublicClient();
    const { films } = await data<{
      films: { filmId: string; revenue: string; views: string; refunds: string; split: { id: string }; splits: { id: string; holders: { account: { id: Address }; claimed: string; claimable: string; earned: string }[] }[] }[];
    }>(url, "{ films(orderBy: filmId) { filmId revenue views refunds split { id } splits { id holders { account { id } claimed claimable earned } } } }");
    assert.equal(BigInt(films.length), await filmRegistry.read.filmCount());
    const settled = await publicClient.getContractEvents({ address: payPerView.address, abi: payPerView.abi, eventName: "PurchaseSettled", fromBlock: 0n });
    const refunded = await publicClient.getContractEvents({ address: payPerView.address, abi: payPerView.abi, eventName: "PurchaseRefunded", fromBlock: 0n });
    for (const film of films) {
      const filmId = BigInt(film.filmId);
      const splitIds = await filmRegistry.read.splitsOf([filmId]);
      let revenue = 0n;
      for (const splitId of splitIds) revenue += await payPerView.read.splitRevenue([splitId]);
      assert.equal(BigInt(film.revenue), revenue, `film ${filmId} revenue`);
      assert.equal(BigInt(film.views), BigInt(settled.filter((e) => e.args.filmId === filmId).length), `film ${filmId} views`);
      assert.equal(BigInt(film.refunds), BigInt(refunded.filter((e) => e.args.filmId === filmId).length));
      assert.equal(BigInt(film.split.id), BigInt((await filmRegistry.read.film([filmId])).splitId), "current split");
      assert.deepEqual(film.splits.map((s) => BigInt(s.id)).sort(), [...splitIds].sort(), "every split of the film");
      for (const split of film.splits) {
        for (const holder of split.holders) {
          const splitId = BigInt(split.id);
          assert.equal(BigInt(holder.claimed), await payPerView.read.claimed([splitId, holder.account.id]), "claimed");
          assert.equal(BigInt(holder.claimable), await payPerView.read.claimable([splitId, holder.account.id]), "claimable");
        }
      }
    }
    assert.ok(films.some((f) => f.refunds === "1"), "the refund was indexed");
  });

  it("values each film's revenue in USD at the oracle's rate of each settlement, and its days add up to its totals", async () => {
    const { payPerView, oracle } = platform;
    const publicClient = await chain.connection.viem.getPublicClient();
    const { films, platforms } = await data<{
      films: { filmId: string; revenue: string; revenueUsd: string; views: string; days: { revenue: string; revenueUsd: string; views: string }[] }[];
      platforms: { revenueUsd: string; rate: string }[];
    }>(url, "{ films(orderBy: filmId) { filmId revenue revenueUsd views days(first: 1000) { revenue revenueUsd views } } platforms { revenueUsd rate } }");
    // The chain's own record: every rate and every settlement, in the order they happened.
    const rates = await publicClient.getContractEvents({ address: oracle.address, abi: oracle.abi, eventName: "RateUpdated", fromBlock: 0n });
    const settled = await publicClient.getContractEvents({ address: payPerView.address, abi: payPerView.abi, eventName: "PurchaseSettled", fromBlock: 0n });
    const order = (e: { blockNumber: bigint; logIndex: number }) => e.blockNumber * 100_000n + BigInt(e.logIndex);
    const rateAt = (e: { blockNumber: bigint; logIndex: number }) => rates.filter((r) => order(r) < order(e)).at(-1)?.args.answer ?? 0n;
    let platformUsd = 0n;
    for (const film of films) {
      const usd = settled.filter((e) => e.args.filmId === BigInt(film.filmId)).reduce((sum, e) => sum + (e.args.revenue! * rateAt(e)) / 10n ** 18n, 0n);
      assert.equal(BigInt(film.revenueUsd), usd, `film ${film.filmId} revenue in USD`);
      platformUsd += usd;
      const total = (key: "revenue" | "revenueUsd" | "views") => film.days.reduce((sum, d) => sum + BigInt(d[key]), 0n);
      assert.deepEqual([total("revenue"), total("revenueUsd"), total("views")], [BigInt(film.revenue), BigInt(film.revenueUsd), BigInt(film.views)], `film ${film.filmId}'s days`);
    }
    assert.ok(platformUsd > 0n, "some revenue was valued");
    assert.equal(BigInt(platforms[0]!.revenueUsd), platformUsd);
    assert.equal(BigInt(platforms[0]!.rate), rates.at(-1)!.args.answer);
  });

  it("agrees with FilmReviews on every review, each film's average, count and stars, and hides a text flagged three times", async () => {
    const { filmReviews } = platform;
    const { audience } = summary;
    assert.ok(audience.reviews.length >= 6, "the demo wrote reviews");
    const { films, reviews } = await data<{
      films: { filmId: string; ratingCount: number; ratingSum: number; averageRating: string | null; ratingDistribution: number[]; days: { ratings: number; ratingSum: number }[] }[];
      reviews: { film: { filmId: string }; reviewer: { id: string }; rating: number; textCid: string | null; textFlags: number; textHidden: boolean; createdAt: string; updatedAt: string }[];
    }>(url, "{ films(orderBy: filmId) { filmId ratingCount ratingSum averageRating ratingDistribution days(first: 1000) { ratings ratingSum } } reviews(first: 1000) { film { filmId } reviewer { id } rating textCid textFlags textHidden createdAt updatedAt } }");
    // Every review standing on-chain is indexed as it stands; removed ones are gone.
    const threshold = Number(await filmReviews.read.TEXT_HIDDEN_AT_FLAGS());
    assert.equal(reviews.length, audience.reviews.length);
    for (const r of reviews) {
      const onChain = await filmReviews.read.reviewOf([BigInt(r.film.filmId), r.reviewer.id as Address]);
      assert.equal(r.rating, onChain.rating, `${r.reviewer.id} on film ${r.film.filmId}`);
      assert.equal(BigInt(r.createdAt), BigInt(onChain.createdAt));
      assert.equal(BigInt(r.updatedAt), BigInt(onChain.updatedAt));
      if (r.textCid) {
        const flags = Number(await filmReviews.read.textFlags([BigInt(r.film.filmId), r.reviewer.id as Address, r.textCid]));
        assert.equal(r.textFlags, flags);
        assert.equal(r.textHidden, flags >= threshold);
      }
      const expected = audience.reviews.find((a) => a.viewer.toLowerCase() === r.reviewer.id && String(a.filmId) === r.film.filmId)!;
      assert.equal(r.textCid ?? undefined, expected.textCid);
    }
    assert.equal(reviews.filter((r) => r.textHidden).length, 1, "the spam text, flagged three times, is hidden; its rating counts");
    // Each film's aggregate is its standing reviews' (from the chain), and its days add up to every rating given.
    for (const film of films) {
      const standing = audience.reviews.filter((r) => String(r.filmId) === film.filmId);
      assert.equal(film.ratingCount, standing.length, `film ${film.filmId}`);
      assert.equal(film.ratingSum, standing.reduce((s, r) => s + r.rating, 0));
      assert.deepEqual(film.ratingDistribution, [1, 2, 3, 4, 5].map((stars) => standing.filter((r) => r.rating === stars).length));
      if (standing.length === 0) assert.equal(film.averageRating, null);
      else assert.equal(Number(film.averageRating), film.ratingSum / film.ratingCount);
    }
    const given = await (await chain.connection.viem.getPublicClient()).getContractEvents({ address: filmReviews.address, abi: filmReviews.abi, eventName: "Reviewed", fromBlock: 0n });
    const days = films.flatMap((f) => f.days);
    assert.equal(days.reduce((s, d) => s + d.ratings, 0), given.length);
    assert.equal(days.reduce((s, d) => s + d.ratingSum, 0), given.reduce((s, e) => s + e.args.rating!, 0));
  });

  it("agrees with each vault on its state, raise and every investor's position", async () => {
    const { campaigns } = await data<{
      campaigns: { id: Address; state: string; raised: string; refunded: string; positions: { investor: { id: Address }; shares: string; contributed: string; royaltiesClaimed: string }[] }[];
    }>(url, "{ campaigns { id state raised refunded positions { investor { id } shares contributed royaltiesClaimed } } }");
    assert.equal(campaigns.length, 2);
    const states = ["Funding", "Succeeded", "Failed", "Stopped"];
    const publicClient = await chain.connection.viem.getPublicClient();
    for (const campaign of campaigns) {
      const vault = await chain.connection.viem.getContractAt("CrowdfundVault", campaign.id);
      assert.equal(campaign.state, states[await vault.read.state()]);
      assert.equal(BigInt(campaign.raised), await vault.read.raised());
      for (const position of campaign.positions) {
        assert.equal(BigInt(position.shares), await vault.read.balanceOf([position.investor.id]), "shares");
        assert.equal(BigInt(position.contributed), await vault.read.contributionOf([position.investor.id]), "contributed");
        const claims = await publicClient.getContractEvents({
          address: vault.address, abi: vault.abi, eventName: "RoyaltiesClaimed", args: { account: position.investor.id }, fromBlock: 0n,
        });
        assert.equal(BigInt(position.royaltiesClaimed), claims.reduce((sum, c) => sum + c.args.amount!, 0n), "royalties claimed");
      }
    }
    assert.deepEqual(campaigns.map((c) => c.state).sort(), ["Failed", "Succeeded"]);
    assert.ok(campaigns.some((c) => c.refunded !== "0"), "the failed campaign's refund was indexed");
  });

  it("agrees with CuratorStaking on every curator's stakes, rewards and slashes", async () => {
    const { curatorStaking } = platform;
    const { stakes, platforms } = await data<{
      stakes: { node: { id: Hex }; fragment: { film: { id: string }; contentId: Hex }; curator: { id: Address }; status: string; amount: string; unbonding: string; released: string; releasedAt: string; owed: string; slashed: string }[];
      platforms: { rewardsPaid: string; slashed: string; rewardsFunded: string }[];
    }>(url, "{ stakes { node { id } fragment { film { id } contentId } curator { id } status amount unbonding released releasedAt owed slashed } platforms { rewardsPaid slashed rewardsFunded } }");
    assert.equal(stakes.length, summary.curation.stakes.length);
    for (const stake of stakes) {
      const position = await curatorStaking.read.positionOf([stake.node.id, BigInt(stake.fragment.film.id), stake.fragment.contentId]);
      assert.equal(BigInt(stake.amount), position.stake, "stake");
      assert.equal(BigInt(stake.unbonding), position.unbonding, "unbonding");
      assert.equal(BigInt(stake.released), position.released, "released by a failed audit");
      assert.equal(BigInt(stake.releasedAt), BigInt(position.releasedAt), "released at");
      assert.equal(BigInt(stake.owed), position.owed, "owed");
      assert.equal(stake.status, ["None", "Held", "Slashed"][position.status]);
      assert.equal((await curatorStaking.read.nodeCurator([stake.node.id])).toLowerCase(), stake.curator.id, "curator");
    }
    assert.ok(stakes.some((s) => s.status === "Slashed" && s.slashed !== "0"));
    assert.equal(BigInt(platforms[0]!.rewardsPaid), await curatorStaking.read.totalRewardsPaid());
    assert.equal(BigInt(platforms[0]!.rewardsFunded), (await curatorStaking.read.rewardPool()) + (await curatorStaking.read.totalRewardsPaid()));
  });

  it("shows rentals paid by card and gifts: who paid, the card payment, and where a refund went", async () => {
    const { cardRentals, rentals, inventoryChanges, cashOuts } = await data<{
      cardRentals: { paymentId: Hex; viewer: { id: Address }; usdAmount: string; sshAmount: string; rental: { status: string; payer: { id: Address }; cardPayment: { paymentId: Hex }; refund: { paidTo: { id: Address }; viewer: { id: Address } } } }[];
      rentals: { viewer: { id: Address }; payer: { id: Address }; status: string }[];
      inventoryChanges: { kind: string; amount: string }[];
      cashOuts: { id: string; status: string }[];
    }>(
      url,
      `{ cardRentals { paymentId viewer { id } usdAmount sshAmount rental { status payer { id } cardPayment { paymentId } refund { paidTo { id } viewer { id } } } }
         rentals(where: { payer_not: null }) { viewer { id } payer { id } status }
         inventoryChanges(where: { kind: "RentalRefundsCollected" }) { kind amount }
         cashOuts(orderBy: requestedAt) { id status } }`,
    );
    const exchange = platform.tokenExchange.address.toLowerCase();
    assert.equal(cardRentals.length, 1);
    const [card] = cardRentals;
    assert.equal(card!.paymentId, keccak256(toHex("stripe:pi_subgraph_card")));
    assert.equal(card!.viewer.id, CARD_VIEWER.toLowerCase());
    assert.equal(BigInt(card!.sshAmount), summary.films[1]!.price);
    assert.deepEqual([card!.rental.status, card!.rental.payer.id, card!.rental.cardPayment.paymentId], ["Refunded", exchange, card!.paymentId]);
    assert.deepEqual([card!.rental.refund.paidTo.id, card!.rental.refund.viewer.id], [exchange, CARD_VIEWER.toLowerCase()], "refunded to the exchange, not the viewer");
    assert.deepEqual(inventoryChanges, [{ kind: "RentalRefundsCollected", amount: summary.films[1]!.price.toString() }]);
    const gift = rentals.find((r) => r.payer.id === roles.fan.toLowerCase())!;
    assert.deepEqual([gift.viewer.id, gift.status], [roles.curatorMei.toLowerCase(), "Open"]);
    assert.deepEqual(cashOuts.map((c) => c.status), ["Paid", "Failed"], "paid and failed cash-outs");
  });

  it("agrees with the token on balances, the exchange on cash-outs and the oracle on rounds", async () => {
    const { ssh, tokenExchange, oracle } = platform;
    const result = await data<{
      accounts: { id: Address; sshBalance: string }[];
      cashOuts: { id: string; status: string; usdAmount: string; payoutRef: Hex | null }[];
      rateRounds: { id: string; answer: string }[];
      fiatCredits: { sshAmount: string; buyer: { id: Address } }[];
    }>(url, "{ accounts(first: 1000) { id sshBalance } cashOuts { id status usdAmount payoutRef } rateRounds(orderBy: roundId) { id answer } fiatCredits { sshAmount buyer { id } } }");
    for (const account of result.accounts) {
      assert.equal(BigInt(account.sshBalance), await ssh.read.balanceOf([account.id]), `balance of ${account.id}`);
    }
    const statuses = ["None", "Requested", "PickedUp", "Paid", "Failed", "Cancelled"];
    for (const cashOut of result.cashOuts) {
      const onChain = await tokenExchange.read.cashOut([BigInt(cashOut.id)]);
      assert.equal(cashOut.status, statuses[onChain.status]);
    }
    assert.equal(result.cashOuts[0]?.status, "Paid");
    assert.equal(result.cashOuts[0]?.payoutRef, keccak256(toHex("po_demo_1")));
    assert.equal(result.rateRounds.length, 2);
    for (const round of result.rateRounds) {
      const [, answer] = await oracle.read.getRoundData([BigInt(round.id)]);
      assert.equal(BigInt(round.answer), answer);
    }
    assert.equal(BigInt(result.fiatCredits[0]!.sshAmount), summary.exchange.credit.ssh);
  });

  it("serves The Graph's query conventions", async (t) => {
    const filmIds = async (args: string) =>
      (await data<{ films: { id: string }[] }>(url, `{ films${args} { id } }`)).films.map((f) => f.id);

    await t.test("a single entity by id, and null for an unknown id", async () => {
      const result = await data<{ film: { id: string; price: string } | null; none: null }>(url, '{ film(id: "2") { id price } none: film(id: "99") { id } }');
      assert.equal(result.film?.id, "2");
      assert.equal(BigInt(result.film!.price), summary.films[1]!.price);
      assert.equal(result.none, null);
      const account = await data<{ account: { id: string } | null }>(url, `{ account(id: "${roles.fan.toUpperCase().replace("0X", "0x")}") { id } }`);
      assert.equal(account.account?.id, roles.fan.toLowerCase(), "Bytes ids in any case");
    });
    await t.test("first, skip and the default order by id", async () => {
      assert.deepEqual(await filmIds(""), ["1", "2", "3", "4"]);
      assert.deepEqual(await filmIds("(first: 2)"), ["1", "2"]);
      assert.deepEqual(await filmIds("(first: 2, skip: 3)"), ["4"]);
    });
    await t.test("orderBy and orderDirection, on a field and on a related entity's field", async () => {
      const { films } = await data<{ films: { id: string; price: string }[] }>(url, "{ films(orderBy: price, orderDirection: desc) { id price } }");
      const prices = films.map((f) => BigInt(f.price));
      assert.deepEqual(prices, [...prices].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
      const bySplit = await filmIds("(orderBy: split__lockedUntil, orderDirection: desc)");
      assert.equal(bySplit.length, 4);
      // Ties go by id in the sort's direction (graph-node: ORDER BY field DESC, id DESC), so that pages cut through ties alike.
      assert.deepEqual(await filmIds("(orderBy: priceInUsd, orderDirection: desc)"), ["4", "3", "2", "1"]);
      assert.deepEqual(await filmIds("(orderBy: priceInUsd, orderDirection: asc)"), ["1", "2", "3", "4"]);
      const paged: string[] = [];
      for (let skip = 0; skip < 4; skip++) paged.push(...(await filmIds(`(orderBy: priceInUsd, orderDirection: desc, first: 1, skip: ${skip})`)));
      assert.deepEqual(paged, ["4", "3", "2", "1"]);
    });
    await t.test("where: equality, _not, _gt, _gte, _lt, _lte, _in", async () => {
      assert.deepEqual(await filmIds('(where: { id: "3" })'), ["3"]);
      assert.deepEqual(await filmIds('(where: { id_not: "3" })'), ["1", "2", "4"]);
      // Comparisons against the films' own view counts (the demo's audience gives them different ones).
      const { films } = await data<{ films: { id: string; views: string }[] }>(url, "{ films(orderBy: id) { id views } }");
      const counts = films.map((f) => Number(f.views));
      const pivot = [...counts].sort((x, y) => x - y)[1]!; // the second smallest: some films below, some above
      const where = (test: (v: number) => boolean) => films.filter((f) => test(Number(f.views))).map((f) => f.id);
      for (const [op, test] of [["gt", (v: number) => v > pivot], ["gte", (v: number) => v >= pivot], ["lt", (v: number) => v < pivot], ["lte", (v: number) => v <= pivot]] as const) {
        assert.deepEqual(await filmIds(`(where: { views_${op}: "${pivot}" })`), where(test), `views_${op} ${pivot}`);
      }
      assert.ok(where((v) => v > pivot).length > 0 && where((v) => v < pivot).length > 0, `the views differ: ${counts}`);
      assert.deepEqual(await filmIds('(where: { views_lte: "0" })'), []);
      assert.deepEqual(await filmIds('(where: { id_in: ["1", "4", "7"] })'), ["1", "4"]);
      assert.deepEqual(await filmIds("(where: { priceInUsd: true })"), ["4"]);
    });
    await t.test("where: _contains on strings, bytes and lists", async () => {
      assert.deepEqual(await filmIds('(where: { metadataURI_contains: "ipfs://" })'), ["1", "2", "3", "4"]);
      // Every String suffix graph-node has, the negated case-insensitive ones included.
      assert.deepEqual(await filmIds('(where: { metadataURI_not_starts_with_nocase: "IPFS://" })'), []);
      assert.deepEqual(await filmIds('(where: { metadataURI_not_starts_with_nocase: "HTTPS://" })'), ["1", "2", "3", "4"]);
      const uri = (await data<{ film: { metadataURI: string } }>(url, '{ film(id: "2") { metadataURI } }')).film.metadataURI;
      assert.deepEqual(await filmIds(`(where: { metadataURI_not_ends_with_nocase: "${uri.slice(-6).toUpperCase()}" })`), ["1", "3", "4"]);
      const creator = summary.films[0]!.split[0]!.holder.toLowerCase();
      const { splits } = await data<{ splits: { id: string }[] }>(url, `{ splits(where: { recipients_contains: ["${creator}"] }) { id } }`);
      assert.ok(splits.length >= 1);
      const { accounts } = await data<{ accounts: { id: string }[] }>(url, `{ accounts(where: { id_contains: "0x${creator.slice(2, 12)}" }) { id } }`);
      assert.deepEqual(accounts.map((a) => a.id), [creator]);
    });
    await t.test("where: nested `_` filters on a relation and on a derived list", async () => {
      const { rentals } = await data<{ rentals: { film: { id: string } }[] }>(url, '{ rentals(where: { film_: { priceInUsd: true } }) { film { id } } }');
      assert.ok(rentals.length >= 1 && rentals.every((r) => r.film.id === "4"));
      const withCampaigns = await filmIds('(where: { campaigns_: { state: "Succeeded" } })');
      assert.deepEqual(withCampaigns, [String(summary.campaigns[0]!.filmId)]);
      assert.deepEqual(await filmIds('(where: { or: [{ id: "1" }, { id: "2" }] })'), ["1", "2"]);
    });
    await t.test("@derivedFrom fields, with their own arguments", async () => {
      const { account } = await data<{ account: { films: { id: string }[]; rentals: { id: string }[] } }>(
        url,
        `{ account(id: "${roles.filmmakerAda.toLowerCase()}") { films(orderBy: filmId, orderDirection: desc, first: 1) { id } rentals { id } } }`,
      );
      assert.equal(account.films.length, 1);
      assert.equal(account.films[0]!.id, "2");
    });
    await t.test("_meta { block { number } }", async () => {
      const { _meta } = await data<{ _meta: { block: { number: number } } }>(url, "{ _meta { block { number } } }");
      assert.equal(_meta.block.number, subgraph.indexer.store.cursor!.number);
    });
    await t.test("what graph-node rejects is rejected, with the same kind of error", async () => {
      const tooMany = await query(url, "{ films(first: 1001) { id } }");
      assert.equal(tooMany.errors?.[0]?.message, "The `first` argument must be between 0 and 1000, but is 1001");
      const skipped = await query(url, "{ films(skip: 5001) { id } }");
      assert.equal(skipped.errors?.[0]?.message, "The `skip` argument must be between 0 and 5000, but is 5001");
      const unknownField = await query(url, "{ films { title } }");
      assert.equal(unknownField.errors?.[0]?.message, "Type `Film` has no field `title`", "graph-node's UnknownField");
      assert.deepEqual((unknownField.errors?.[0] as { locations?: unknown } | undefined)?.locations, [{ line: 1, column: 11 }]);
      const unknownFilter = await query(url, "{ films(where: { title: \"x\" }) { id } }");
      assert.match(unknownFilter.errors?.[0]?.message ?? "", /title/);
      const badBigInt = await query(url, '{ films(where: { views_gt: "many" }) { id } }');
      assert.match(badBigInt.errors?.[0]?.message ?? "", /invalid BigInt/);
      const noQuery = await fetch(url, { method: "POST", body: "{}" });
      assert.equal(noQuery.status, 400);
    });
  });

  it("answers the shared core's typed queries, and turns a GraphQL error into an error", async () => {
    const { films } = await querySubgraph(url, FILMS, { first: 2, skip: 0 });
    assert.deepEqual(films.map((f) => f.filmId), ["4", "3"], "newest first");
    assert.equal(films[0]!.priceInUsd, true);
    const { _meta } = await querySubgraph(url, META);
    assert.equal(_meta.hasIndexingErrors, false);
    await assert.rejects(querySubgraph(url, { document: "{ films { nope } }" }), SubgraphError);
  });

  it("answers every example query of docs/subgraph.md", async () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "docs", "subgraph.md"), "utf8");
    const examples = [...doc.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(examples.length >= 5);
    for (const example of examples) {
      const result = await query(url, example, { owner: roles.filmmakerAda.toLowerCase() });
      assert.equal(result.errors, undefined, `${example}\n${JSON.stringify(result.errors)}`);
      assert.ok(Object.values(result.data!).some((v) => (Array.isArray(v) ? v.length > 0 : v !== null)), example);
    }
  });

  it("stops at a handler that aborts, keeping nothing of that block, and says so", async () => {
    // Indexing the film registry only from a late block: the first purchase's handler finds no film.
    const publicClient = await chain.connection.viem.getPublicClient();
    const purchases = await publicClient.getContractEvents({ address: platform.payPerView.address, abi: platform.payPerView.abi, eventName: "Purchased", fromBlock: 0n });
    const firstPurchaseBlock = Number(purchases[0]!.blockNumber);
    const late = { ...addresses, FilmRegistry: { ...addresses.FilmRegistry!, startBlock: firstPurchaseBlock + 1000 } };
    const messages: string[] = [];
    const broken = await startLocalSubgraph({
      manifest: MANIFEST,
      rpcUrl: chain.rpcUrl,
      port: 18_647,
      addresses: late,
      log: (level, message) => level === "critical" && messages.push(message),
    });
    try {
      const failure = broken.indexer.failure;
      assert.ok(failure, "indexing stopped");
      assert.equal(failure.block, firstPurchaseBlock);
      assert.equal(failure.handler, "handlePurchased");
      assert.match(failure.message, /^Mapping aborted at .*, line \d+, column \d+, with message: /);
      assert.match(messages[0] ?? "", new RegExp(`block #${firstPurchaseBlock}`));
      assert.equal(broken.indexer.store.cursor!.number, firstPurchaseBlock - 1, "the failing block is not indexed");
      assert.equal(broken.indexer.store.all("Purchase").length, 0, "nothing of that block was kept");
      const denied = await query(broken.url, "{ films { id } _meta { hasIndexingErrors } }");
      assert.equal(denied.errors?.[0]?.message, "indexing_error");
      const allowed = await query<{ _meta: { hasIndexingErrors: boolean } }>(broken.url, "{ _meta { hasIndexingErrors } accounts(subgraphError: allow) { id } }");
      assert.equal(allowed.data?._meta.hasIndexingErrors, true);
    } finally {
      await broken.close();
    }
  });

  it("retries the JSON-RPC connections a node drops, on the first sync too", async () => {
    const proxy = await startChainProxy(18_645, { dropFirst: 3 });
    const [port] = await freePorts(1);
    const again = await startLocalSubgraph({ manifest: MANIFEST, rpcUrl: proxy.url, port: port!, addresses, log: () => {} });
    try {
      assert.equal(proxy.dropped(), 3, "the first three connections were closed by the node");
      const { _meta } = await data<{ _meta: { block: { number: number } } }>(again.url, "{ _meta { block { number } } }");
      assert.equal(BigInt(_meta.block.number), await (await chain.connection.viem.getPublicClient()).getBlockNumber(), "indexed to the head all the same");
    } finally {
      await again.close();
      await proxy.close();
    }
  });

  it("a start that cannot reach the chain closes what it opened and says why", async () => {
    const [port] = await freePorts(1);
    await assert.rejects(
      startLocalSubgraph({ manifest: MANIFEST, rpcUrl: "http://127.0.0.1:9", port: port!, addresses, rpcRetryCount: 1, log: () => {} }),
      /the local graph-node could not index the chain at http:\/\/127\.0\.0\.1:9/,
    );
    // Nothing is left listening on its GraphQL port.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(port, "127.0.0.1", resolve));
    await new Promise((resolve) => probe.close(resolve));
  });

  it("survives a restart without indexing anything twice, even after a torn write", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "streamspace-indexer-"));
    const rpc = new JsonRpc(chain.rpcUrl);
    const compiled = new CompiledSubgraph(MANIFEST);
    const head = Number(await rpc.call<Hex>("eth_blockNumber", []));
    const first = new Indexer({ subgraph: compiled, rpc, dataDir, addresses, log: () => {}, batchSize: 7 });
    await first.sync(Math.floor(head / 2));
    appendFileSync(join(dataDir, "journal.jsonl"), '{"block":{"number":'); // a write cut short
    const second = new Indexer({ subgraph: compiled, rpc, dataDir, addresses, log: () => {} });
    await second.sync();
    const fresh = new Indexer({ subgraph: compiled, rpc, addresses, log: () => {} });
    await fresh.sync();
    assert.equal(first.eventsHandled + second.eventsHandled, fresh.eventsHandled, "each event handled exactly once");
    for (const type of compiled.schema.entities.keys()) {
      assert.deepEqual(second.store.all(type), fresh.store.all(type), `${type} entities`);
    }
    const third = new Indexer({ subgraph: compiled, rpc, dataDir, addresses, log: () => {} });
    await third.sync();
    assert.equal(third.eventsHandled, 0, "a restart at the head indexes nothing");
  });

  it("refuses, when loading, a mapping that imports a host function it does not provide", () => {
    const dir = mkdtempSync(join(tmpdir(), "streamspace-subgraph-"));
    cpSync(join(MANIFEST, ".."), dir, { recursive: true });
    // A module importing `ipfs.cat` (which this indexer leaves out) in place of the token's mapping.
    const name = new TextEncoder().encode("ipfs.cat");
    const module = Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type section: () -> i32
      0x02, 1 + 1 + 5 + 1 + name.length + 2, 0x01, 0x05, ...new TextEncoder().encode("index"), name.length, ...name, 0x00, 0x00, // import index.ipfs.cat
    ]);
    writeFileSync(join(dir, "StreamShare", "StreamShare.wasm"), module);
    assert.throws(() => new CompiledSubgraph(join(dir, "subgraph.yaml")), /dataSources\[0\] \(StreamShare\): the mapping imports host functions the local graph-node does not provide: index\.ipfs\.cat \(it has no ethereum\.call, ipfs, json or ens\); nothing was indexed/);
    assert.ok(readFileSync(join(dir, "subgraph.yaml"), "utf8").includes("StreamShare"));
  });
});
