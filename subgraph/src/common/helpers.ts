// Shared by every mapping: ids, the platform singleton, accounts and the daily statistics.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import { Account, FilmDay, Platform, PlatformDay } from "../../generated/schema";

export const ZERO = BigInt.zero();
export const ONE = BigInt.fromI32(1);
const SECONDS_PER_DAY = 86_400;
const PLATFORM_ID = "streamspace";

/** The id of an immutable event entity: transaction hash + log index. */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

export function getPlatform(): Platform {
  let platform = Platform.load(PLATFORM_ID);
  if (platform == null) {
    platform = new Platform(PLATFORM_ID);
    platform.filmCount = 0;
    platform.purchaseCount = ZERO;
    platform.views = ZERO;
    platform.revenue = ZERO;
    platform.fees = ZERO;
    platform.refunds = ZERO;
    platform.refundedAmount = ZERO;
    platform.royaltiesClaimed = ZERO;
    platform.campaignCount = 0;
    platform.contributed = ZERO;
    platform.staked = ZERO;
    platform.rewardsPaid = ZERO;
    platform.rewardsFunded = ZERO;
    platform.slashed = ZERO;
    platform.rate = ZERO;
    platform.revenueUsd = ZERO;
  }
  return platform;
}

/** The account, created (and saved) on first sight so that references to it always resolve. */
export function getAccount(address: Address): Account {
  let account = Account.load(address);
  if (account == null) {
    account = new Account(address);
    account.sshBalance = ZERO;
    account.save();
  }
  return account;
}

function dayOf(timestamp: BigInt): i32 {
  return timestamp.toI32() / SECONDS_PER_DAY;
}

export function getPlatformDay(event: ethereum.Event): PlatformDay {
  const day = dayOf(event.block.timestamp);
  const id = day.toString();
  let stats = PlatformDay.load(id);
  if (stats == null) {
    stats = new PlatformDay(id);
    stats.date = day * SECONDS_PER_DAY;
    stats.purchases = ZERO;
    stats.views = ZERO;
    stats.revenue = ZERO;
    stats.revenueUsd = ZERO;
    stats.fees = ZERO;
    stats.refunds = ZERO;
    stats.newInvestors = 0;
    stats.contributed = ZERO;
    stats.rewardsPaid = ZERO;
  }
  return stats;
}

export function getFilmDay(filmId: string, event: ethereum.Event): FilmDay {
  const day = dayOf(event.block.timestamp);
  const id = filmId + "-" + day.toString();
  let stats = FilmDay.load(id);
  if (stats == null) {
    stats = new FilmDay(id);
    stats.film = filmId;
    stats.date = day * SECONDS_PER_DAY;
    stats.purchases = ZERO;
    stats.views = ZERO;
    stats.revenue = ZERO;
    stats.revenueUsd = ZERO;
    stats.refunds = ZERO;
    stats.ratings = 0;
    stats.ratingSum = 0;
  }
  return stats;
}

const WEI_PER_SSH = BigInt.fromString("1000000000000000000");

/** SSH wei valued in USD (8 decimals) at the oracle's latest rate, rounded down (0 before any rate). */
export function usdValue(wei: BigInt, platform: Platform): BigInt {
  return wei.times(platform.rate).div(WEI_PER_SSH);
}

/** A rights holder's balance in a split: holder address + split id. */
export function holderId(splitId: BigInt, holder: Address): Bytes {
  return holder.concatI32(splitId.toI32());
}
