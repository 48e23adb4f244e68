import type { Address } from "viem";
import { formatEther, parseEther, parseEventLogs } from "viem";

import { formatSsh, formatUsd } from "@streamspace/core/format";

import { rawCidV1 } from "@streamspace/core/cid";
import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import { signPermit } from "@streamspace/core/permit";
import type { Connection, Platform, Role } from "../platform.js";
import { accountsByRole, localKeyOf, mined } from "../platform.js";
import type { DemoAudience } from "./audience.js";
import { seedAudience } from "./audience.js";
import type { DemoCampaign } from "./crowdfunds.js";
import { seedCrowdfunds } from "./crowdfunds.js";
import type { DemoCuration } from "./curation.js";
import { seedCuration } from "./curation.js";
import type { DemoExchange } from "./exchange.js";
import { seedExchange } from "./exchange.js";
import { DEMO_FILMS, type MetadataUriOf } from "./films.js";

export interface DemoSummary {
  films: {
    filmId: bigint;
    title: string;
    owner: Address;
    price: bigint;
    splitId: bigint;
    split: { holder: Address; role: Role; bps: number }[];
  }[];
  purchases: { purchaseId: bigint; filmId: bigint; viewer: Address; role: Role; state: "settled" | "open" }[];
  owed: { holder: Address; role: Role; claimed: bigint; claimable: bigint }[];
  campaigns: DemoCampaign[];
  curation: DemoCuration;
  exchange: DemoExchange;
  fanBalances: Record<"fan" | "fan2", bigint>;
  audience: DemoAudience;
}

const FAN_FUNDS = parseEther("1000");

/**
 * Seeds the demo: filmmakers register films with multi-holder splits, the treasury funds two fans,
 * the fan buys a film with a permit (one transaction) and watches it (a delivery receipt settles
 * it), the second fan buys two films settled in one batch and has a third purchase still open,
 * the composer claims across films, two crowdfunds run (see ./crowdfunds.ts), and the exchange
 * curators stake on the films' fragments and one claims its PoSTF reward (./curation.ts), and the exchange
 * has a rate, a dollar-priced film, a credited card payment and an open cash-out (./exchange.ts). Returns
 * what a person can check against the chain.
 */
export async function seedDemo(
  connection: Connection,
  platform: Platform,
  { metadataUriOf = rawMetadataUri }: { metadataUriOf?: MetadataUriOf } = {},
): Promise<DemoSummary> {
  const { viem } = connection;
  const { ssh, filmRegistry, payPerView } = platform;
  const roles = await accountsByRole(connection);
  const roleOf = new Map(Object.entries(roles).map(([role, address]) => [address, role as Role]));
  const publicClient = await viem.getPublicClient();
  const chainId = await publicClient.getChainId();

  for (const fan of ["fan", "fan2"] as const) {
    await mined(connection, ssh.write.transfer([roles[fan], FAN_FUNDS], { account: roles.treasury }));
  }

  const films: DemoSummary["films"] = [];
  for (const film of DEMO_FILMS) {
    const uri = metadataUriOf(film.metadata);
    const recipients = film.split.map((s) => roles[s.holder]);
    const shares = film.split.map((s) => s.bps);
    const price = parseEther(film.priceSsh);
    const registered = await mined(
      connection,
      filmRegistry.write.registerFilm([uri, price, BigInt(film.rentalHours * 3600), recipients, shares, 0n], {
        account: roles[film.owner],
      }),
    );
    const filmId = parseEventLogs({ abi: filmRegistry.abi, eventName: "FilmRegistered", logs: registered.logs })[0]!.args.filmId;
    const stored = await filmRegistry.read.film([filmId]);
    films.push({
      filmId,
      title: film.metadata.title,
      owner: stored.owner,
      price: stored.price,
      splitId: BigInt(stored.splitId),
      split: film.split.map((s) => ({ holder: roles[s.holder], role: s.holder, bps: s.bps })),
    });
  }
  const [lighthouse, salt, market] = films as [DemoSummary["films"][0], DemoSummary["films"][0], DemoSummary["films"][0]];

  // The fan buys "The Last Lighthouse" with a permit: one transaction, no prior approval.
  const deadline = BigInt((await publicClient.getBlock()).timestamp) + 3600n;
  const permit = await signPermit({
    account: localKeyOf("fan"),
    token: { address: ssh.address, name: await ssh.read.name(), nonce: await ssh.read.nonces([roles.fan]) },
    chainId,
    spender: payPerView.address,
    value: lighthouse.price,
    deadline,
  });
  await mined(
    connection,
    payPerView.write.purchaseWithPermit([lighthouse.filmId, lighthouse.price, deadline, permit.v, permit.r, permit.s], {
      account: roles.fan,
    }),
  );

  // The second fan approves once and buys the other two films, then the first again after it is settled.
  await mined(connection, ssh.write.approve([payPerView.address, parseEther("100")], { account: roles.fan2 }));
  for (const film of [salt, market, lighthouse]) {
    await mined(connection, payPerView.write.purchase([film.filmId, film.price], { account: roles.fan2 }));
  }

  // Delivery: the delivery key signs receipts; one settles alone, two in a batch. fan2's Lighthouse
  // purchase stays open (delivered later, or refundable after the timeout).
  const receiptFor = async (filmId: bigint, viewer: Address) => {
    const rental = await payPerView.read.rentalOf([filmId, viewer]);
    const receipt = { purchaseId: BigInt(rental.purchaseId), viewer, filmId, deadline };
    const signature = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: payPerView.address, receipt });
    return { receipt, signature };
  };
  const watched = await receiptFor(lighthouse.filmId, roles.fan);
  await mined(connection, payPerView.write.settle([watched.receipt, watched.signature], { account: roles.fan }));
  const batch = [await receiptFor(salt.filmId, roles.fan2), await receiptFor(market.filmId, roles.fan2)];
  await mined(
    connection,
    payPerView.write.settleBatch([batch.map((b) => b.receipt), batch.map((b) => b.signature)], {
      account: roles.deliverySigner,
    }),
  );

  // The composer claims from every film it holds a share of, in one call.
  await mined(
    connection,
    payPerView.write.claimMany([films.map((f) => f.splitId), roles.composer], { account: roles.composer }),
  );

  const purchases: DemoSummary["purchases"] = [];
  for (const [film, viewer] of [
    [lighthouse, roles.fan],
    [salt, roles.fan2],
    [market, roles.fan2],
    [lighthouse, roles.fan2],
  ] as const) {
    const rental = await payPerView.read.rentalOf([film.filmId, viewer]);
    purchases.push({
      purchaseId: BigInt(rental.purchaseId),
      filmId: film.filmId,
      viewer,
      role: roleOf.get(viewer)!,
      state: rental.amount === 0n ? "settled" : "open",
    });
  }

  const holders = [...new Set(films.flatMap((f) => f.split.map((s) => s.holder)))];
  const owed: DemoSummary["owed"] = [];
  for (const holder of holders) {
    let claimed = 0n;
    let claimable = 0n;
    for (const film of films) {
      claimed += await payPerView.read.claimed([film.splitId, holder]);
      claimable += await payPerView.read.claimable([film.splitId, holder]);
    }
    owed.push({ holder, role: roleOf.get(holder)!, claimed, claimable });
  }

  // Owed royalties are read before the crowdfunds change the films' splits and revenue.
  const campaigns = await seedCrowdfunds(connection, platform, films);
  // Curation moves the chain's clock forward; the exchange comes last so that its rate is fresh.
  const curation = await seedCuration(connection, platform, films);
  const exchange = await seedExchange(connection, platform, metadataUriOf);
  // Last, with accounts of its own: the balances and royalties above are as they were.
  const fanBalances = { fan: await ssh.read.balanceOf([roles.fan]), fan2: await ssh.read.balanceOf([roles.fan2]) };
  const audience = await seedAudience(connection, platform, [...films.map((f) => f.filmId), exchange.usdFilm.filmId]);

  return {
    films,
    purchases,
    owed,
    campaigns,
    curation,
    exchange,
    fanBalances,
    audience,
  };
}

/** The summary as a person reads it. */
export function formatSummary(summary: DemoSummary): string {
  const ssh = (wei: bigint) => formatSsh(wei);
  const x = summary.exchange;
  const lines = ["Films:"];
  const films = [
    ...summary.films.map((f) => ({ ...f, priceText: ssh(f.price) })),
    { ...x.usdFilm, priceText: `${formatUsd(x.usdFilm.usdPrice)} (${ssh(x.usdFilm.sshPrice)} at the current rate)` },
  ];
  for (const f of films) {
    lines.push(`  #${f.filmId} ${f.title} - ${f.priceText} - split ${f.splitId}:`);
    for (const s of f.split) lines.push(`      ${(s.bps / 100).toFixed(2).padStart(6)}%  ${s.role.padEnd(14)} ${s.holder}`);
  }
  lines.push("Purchases:");
  for (const p of [...summary.purchases, x.purchase]) {
    lines.push(`  #${p.purchaseId} film ${p.filmId} by ${p.role}: ${p.state}`);
  }
  lines.push("Royalties (claimed / still claimable):");
  for (const o of summary.owed) {
    lines.push(`  ${o.role.padEnd(14)} ${o.holder}  ${ssh(o.claimed)} / ${ssh(o.claimable)}`);
  }
  lines.push("Crowdfunds:");
  for (const c of summary.campaigns) {
    lines.push(
      `  ${c.title} (film ${c.filmId}) ${c.vault}: ${c.state}, raised ${ssh(c.raised)} of ${ssh(c.goal)} goal` +
        (c.paybackTarget > 0n ? `, paid back ${ssh(c.paidBack)} of ${ssh(c.paybackTarget)}` : ""),
    );
    for (const i of c.investors) {
      lines.push(`      ${i.role.padEnd(6)} ${ssh(i.shares)} shares, royalties claimed ${ssh(i.royaltiesClaimed)}, claimable ${ssh(i.royaltiesClaimable)}`);
    }
  }
  const c = summary.curation;
  lines.push(`Curator staking (reward pool ${ssh(c.pool)}):`);
  lines.push(`  popularity from paid views: ${c.popularity.map((p) => `film ${p.filmId} P=${formatEther(p.index)}`).join(", ")}`);
  for (const s of c.stakes) {
    lines.push(
      `  ${s.curator.padEnd(10)} film ${s.filmId} fragment ${s.contentCid.slice(0, 16)}...: staked ${ssh(s.stake)}, ` +
        `claimed ${ssh(s.claimed)}, accruing ${ssh(s.pending)}`,
    );
  }
  const usd = formatUsd;
  lines.push("Exchange:");
  lines.push(`  rate ${usd(x.rate * 100n)} per 100 SSH (oracle round 1); inventory ${ssh(x.inventory)}`);
  lines.push(`  #${x.usdFilm.filmId} ${x.usdFilm.title} is priced ${usd(x.usdFilm.usdPrice)} = ${ssh(x.usdFilm.sshPrice)} now`);
  lines.push(`  card payment ${x.credit.paymentId.slice(0, 10)}...: ${usd(x.credit.usd)} credited as ${ssh(x.credit.ssh)} to fan2, who bought that film`);
  lines.push(`  cash-out #${x.cashOut.id} of ${ssh(x.cashOut.ssh)} by fan: ${x.cashOut.status}`);
  lines.push(`Fan balances: fan ${ssh(summary.fanBalances.fan)}, fan2 ${ssh(summary.fanBalances.fan2)}`);
  return lines.join("\n");
}

/** Without a back end to package the film: the raw CID of its details (a document nobody serves). */
const rawMetadataUri: MetadataUriOf = (details) => "ipfs://" + rawCidV1(new TextEncoder().encode(JSON.stringify(details)));
