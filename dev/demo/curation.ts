import { createHash } from "node:crypto";

import type { Hex } from "viem";
import { keccak256, parseEther, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { rawCidV1 } from "@streamspace/core/cid";
import { signNodeRegistration } from "@streamspace/core/node-registration";
import { paidViews, popularityIndices } from "@streamspace/core/popularity";
import type { Connection, Platform, Role } from "../platform.js";
import { accountsByRole, mined } from "../platform.js";

export interface DemoCuration {
  pool: bigint;
  popularity: { filmId: bigint; index: bigint }[];
  stakes: {
    curator: Role;
    nodeId: Hex;
    filmId: bigint;
    contentCid: string;
    contentId: Hex;
    stake: bigint;
    claimed: bigint;
    pending: bigint;
  }[];
}

const DAY = 86_400n;
const HOUR = 3_600n;

/** A fragment of a film's encrypted video, as a curator's node pins it: its bytes and IPFS address. */
function fragment(filmId: bigint, part: number) {
  const bytes = new TextEncoder().encode(`streamspace film ${filmId} encrypted video fragment ${part}`);
  const contentId = `0x${createHash("sha256").update(bytes).digest("hex")}` as Hex; // the CID's sha2-256 digest
  return { contentCid: rawCidV1(bytes), contentId };
}

/**
 * Curators keeping the seeded films available: Kai and Mei register storage nodes, the auditor
 * attests the fragments they hold, the treasury funds the reward pool, the reporter posts each film's
 * popularity from its paid views, and once the one-day holding time has passed the curators stake;
 * twelve hours later Kai claims. The local chain's clock moves forward 36 hours for this (rentals of
 * 48 hours bought earlier are still running).
 */
export async function seedCuration(
  connection: Connection,
  platform: Platform,
  films: { filmId: bigint }[],
): Promise<DemoCuration> {
  const { viem, networkHelpers } = connection;
  const { ssh, payPerView, curatorStaking } = platform;
  const roles = await accountsByRole(connection);
  const publicClient = await viem.getPublicClient();

  const nodes = {} as Record<"curatorKai" | "curatorMei", Hex>;
  for (const curator of ["curatorKai", "curatorMei"] as const) {
    // The node's own secp256k1 key (a demo key derived from its name) signs its registration.
    const node = privateKeyToAccount(keccak256(toHex(`${curator} storage node key`)));
    const { nodeId, publicKey, signature } = await signNodeRegistration({
      node, curator: roles[curator], chainId: await publicClient.getChainId(), curatorStaking: curatorStaking.address,
    });
    await mined(connection, curatorStaking.write.registerNode([publicKey, signature], { account: roles[curator] }));
    nodes[curator] = nodeId;
    await mined(connection, ssh.write.transfer([roles[curator], parseEther("5000")], { account: roles.treasury }));
  }

  const [lighthouse, salt, market] = films.map((f) => f.filmId) as [bigint, bigint, bigint];
  const plan: { curator: "curatorKai" | "curatorMei"; filmId: bigint; part: number; amount: string }[] = [
    { curator: "curatorKai", filmId: lighthouse, part: 0, amount: "2000" },
    { curator: "curatorKai", filmId: market, part: 0, amount: "1000" },
    { curator: "curatorMei", filmId: lighthouse, part: 1, amount: "1500" },
    { curator: "curatorMei", filmId: salt, part: 0, amount: "500" },
  ];
  for (const p of plan) {
    const { contentId } = fragment(p.filmId, p.part);
    await mined(connection, curatorStaking.write.attest([nodes[p.curator], p.filmId, contentId], { account: roles.auditor }));
  }

  const pool = parseEther("50000");
  await mined(connection, ssh.write.approve([curatorStaking.address, pool], { account: roles.treasury }));
  await mined(connection, curatorStaking.write.fundRewards([pool], { account: roles.treasury }));

  // The reporter's measurement: every film's paid views since the deployment, relative to the average.
  const filmIds = films.map((f) => f.filmId);
  const views = await paidViews(publicClient, payPerView.address, 0n);
  const indices = popularityIndices(filmIds, views, await curatorStaking.read.POPULARITY_CEILING());
  await mined(connection, curatorStaking.write.reportPopularity([filmIds, indices], { account: roles.reporter }));

  await networkHelpers.time.increase(DAY); // the minimum holding time
  for (const p of plan) {
    const { contentId } = fragment(p.filmId, p.part);
    const amount = parseEther(p.amount);
    await mined(connection, ssh.write.approve([curatorStaking.address, amount], { account: roles[p.curator] }));
    await mined(connection, curatorStaking.write.stake([nodes[p.curator], p.filmId, contentId, amount], { account: roles[p.curator] }));
  }

  await networkHelpers.time.increase(12n * HOUR);
  const kaiLighthouse = fragment(lighthouse, 0);
  await mined(connection, curatorStaking.write.claim([nodes.curatorKai, lighthouse, kaiLighthouse.contentId], { account: roles.curatorKai }));

  const stakes: DemoCuration["stakes"] = [];
  for (const p of plan) {
    const { contentCid, contentId } = fragment(p.filmId, p.part);
    const position = await curatorStaking.read.positionOf([nodes[p.curator], p.filmId, contentId]);
    const [pending] = await curatorStaking.read.pendingReward([nodes[p.curator], p.filmId, contentId]);
    const claimed = p.curator === "curatorKai" && p.filmId === lighthouse ? await claimedBy(p.curator) : 0n;
    stakes.push({ curator: p.curator, nodeId: nodes[p.curator], filmId: p.filmId, contentCid, contentId, stake: position.stake, claimed, pending });
  }
  return {
    pool: await curatorStaking.read.rewardPool(),
    popularity: filmIds.map((filmId, i) => ({ filmId, index: indices[i]! })),
    stakes,
  };

  async function claimedBy(curator: Role): Promise<bigint> {
    const logs = await publicClient.getContractEvents({
      address: curatorStaking.address,
      abi: curatorStaking.abi,
      eventName: "RewardClaimed",
      args: { curator: roles[curator] },
      fromBlock: 0n,
    });
    return logs.reduce((sum, log) => sum + log.args.paid!, 0n);
  }
}
