import type { Address, PublicClient } from "viem";
import { getAbiItem } from "viem";

import { payPerViewAbi } from "./generated/contracts.ts";

/** P = 1.0, the popularity of an average film (CuratorStaking.POPULARITY_ONE). */
export const POPULARITY_ONE = 10n ** 18n;

/** The event, from the ABI generated from the compiled contract (never written by hand). */
const PURCHASE_SETTLED = getAbiItem({ abi: payPerViewAbi, name: "PurchaseSettled" });

/**
 * Paid views per film: the purchases the pay-per-view contract settled (a refunded purchase was never
 * watched and is not counted), from `fromBlock` on. This is what the popularity reporter measures.
 */
export async function paidViews(
  client: Pick<PublicClient, "getLogs">,
  payPerView: Address,
  fromBlock: bigint,
): Promise<Map<bigint, bigint>> {
  const logs = await client.getLogs({ address: payPerView, event: PURCHASE_SETTLED, fromBlock, toBlock: "latest" });
  const views = new Map<bigint, bigint>();
  for (const log of logs) {
    const filmId = log.args.filmId!;
    views.set(filmId, (views.get(filmId) ?? 0n) + 1n);
  }
  return views;
}

/**
 * The popularity index of each film: its paid views relative to the average film's, in 18-decimal
 * fixed point (1e18 = average), rounded down and capped at `ceiling`. Films with no views (and
 * deleted films, which the caller passes with zero views) get 0. Popularity comes from paid views,
 * never from stake, so staking more cannot make a film look more popular.
 */
export function popularityIndices(filmIds: bigint[], views: Map<bigint, bigint>, ceiling: bigint): bigint[] {
  if (filmIds.length === 0) return [];
  const total = filmIds.reduce((sum, id) => sum + (views.get(id) ?? 0n), 0n);
  if (total === 0n) return filmIds.map(() => 0n);
  const count = BigInt(filmIds.length);
  return filmIds.map((id) => {
    const index = ((views.get(id) ?? 0n) * count * POPULARITY_ONE) / total;
    return index > ceiling ? ceiling : index;
  });
}
