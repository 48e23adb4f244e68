/**
 * The popularity keeper (hourly): P of every film from its paid views over a trailing window (settled
 * purchases only: a refunded purchase was never watched), relative to the average film, capped at
 * the contract's ceiling; a deleted film's P is 0. Only the films whose P changed are posted, in
 * batches of at most the contract's MAX_REPORT_BATCH; nothing is posted when nothing changed. Each
 * batch is an intent of the hour (`popularity:<hour>:<batch hash>`), so a retried run sends nothing twice.
 */
import type { Address, Hex, PublicClient } from "viem";
import { encodeAbiParameters, encodeFunctionData, getAbiItem, keccak256 } from "viem";

import { curatorStakingAbi, filmRegistryAbi, payPerViewAbi } from "@streamspace/core/generated/contracts";
import { popularityIndices } from "@streamspace/core/popularity";

import type { NonceSafeSender } from "../chain/sender.ts";

export interface PopularityConfig {
  payPerView: Address;
  filmRegistry: Address;
  curatorStaking: Address;
  /** The trailing window of paid views, in seconds (default 7 days). */
  windowSeconds?: number;
  /** The first block to read settlements from (the deployment's). */
  fromBlock?: bigint;
}

export interface PopularityRun {
  /** P of every film, as computed. */
  indices: Map<bigint, bigint>;
  /** What was posted (the films whose P changed). */
  posted: { filmId: bigint; index: bigint }[];
  transactions: Hex[];
}

const PURCHASE_SETTLED = getAbiItem({ abi: payPerViewAbi, name: "PurchaseSettled" });

export async function runPopularity({
  publicClient,
  sender,
  config,
}: {
  publicClient: PublicClient;
  sender: NonceSafeSender;
  config: PopularityConfig;
}): Promise<PopularityRun> {
  const latest = await publicClient.getBlock({ blockTag: "latest" });
  const since = latest.timestamp - BigInt(config.windowSeconds ?? 7 * 86_400);
  const at = { blockNumber: latest.number };
  const registry = { address: config.filmRegistry, abi: filmRegistryAbi, ...at } as const;
  const staking = { address: config.curatorStaking, abi: curatorStakingAbi, ...at } as const;

  // Paid views in the window, by film: settlements, timed by their block.
  const logs = await publicClient.getLogs({
    address: config.payPerView,
    event: PURCHASE_SETTLED,
    fromBlock: config.fromBlock ?? 0n,
    toBlock: latest.number,
  });
  const blockTimes = new Map<bigint, bigint>();
  const views = new Map<bigint, bigint>();
  for (const log of logs) {
    let time = blockTimes.get(log.blockNumber);
    if (time === undefined) {
      time = (await publicClient.getBlock({ blockNumber: log.blockNumber })).timestamp;
      blockTimes.set(log.blockNumber, time);
    }
    if (time < since) continue;
    views.set(log.args.filmId!, (views.get(log.args.filmId!) ?? 0n) + 1n);
  }

  const filmCount = await publicClient.readContract({ ...registry, functionName: "filmCount" });
  const films = Array.from({ length: Number(filmCount) }, (_, i) => BigInt(i + 1));
  const deletedAt = await inChunks(films, (filmId) => publicClient.readContract({ ...registry, functionName: "deletedAt", args: [filmId] }));
  const deleted = new Set(films.filter((_, i) => deletedAt[i] !== 0n));
  const ceiling = await publicClient.readContract({ ...staking, functionName: "POPULARITY_CEILING" });
  const live = films.filter((f) => !deleted.has(f));
  const liveIndices = popularityIndices(live, views, ceiling);
  const indices = new Map<bigint, bigint>(films.map((f) => [f, 0n]));
  live.forEach((f, i) => indices.set(f, liveIndices[i]!));

  // Only what changed on-chain.
  const current = await inChunks(films, (filmId) => publicClient.readContract({ ...staking, functionName: "popularityOf", args: [filmId] }));
  const changed = films.filter((f, i) => current[i]!.index !== indices.get(f)).map((filmId) => ({ filmId, index: indices.get(filmId)! }));

  const batchSize = Number(await publicClient.readContract({ ...staking, functionName: "MAX_REPORT_BATCH" }));
  const hour = latest.timestamp / 3_600n;
  const transactions: Hex[] = [];
  for (let i = 0; i < changed.length; i += batchSize) {
    const batch = changed.slice(i, i + batchSize);
    const args = [batch.map((b) => b.filmId), batch.map((b) => b.index)] as const;
    const data = encodeFunctionData({ abi: curatorStakingAbi, functionName: "reportPopularity", args });
    const digest = keccak256(encodeAbiParameters([{ type: "uint256[]" }, { type: "uint256[]" }], args));
    const { hash } = await sender.send({ intentId: `popularity:${hour}:${digest}`, to: config.curatorStaking, data });
    transactions.push(hash);
  }
  return { indices, posted: changed, transactions };
}

/** Reads per film, a chunk at a time in parallel (one JSON-RPC batch per chunk with a batching transport). */
async function inChunks<T>(films: bigint[], read: (filmId: bigint) => Promise<T>, size = 100): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < films.length; i += size) results.push(...(await Promise.all(films.slice(i, i + size).map(read))));
  return results;
}
