// PayPerView: purchases, settlements, refunds, royalty claims and fees.
import { Address, BigInt } from "@graphprotocol/graph-ts";

import {
  FeesCollected,
  PurchaseRefunded,
  PurchaseSettled,
  Purchased,
  PurchasedFor,
  RoyaltyClaimed,
} from "../generated/PayPerView/PayPerView";
import { FeeCollection, Film, Purchase, Refund, Rental, RightsHolder, RoyaltyClaim, Settlement, Split } from "../generated/schema";
import { eventId, getAccount, getFilmDay, getPlatform, getPlatformDay, holderId, ONE, usdValue } from "./common/helpers";

const MAX_BPS = BigInt.fromI32(10_000);

export function handlePurchased(event: Purchased): void {
  const filmId = event.params.filmId.toString();
  const splitId = event.params.splitId.toString();
  const viewer = getAccount(event.params.viewer);

  const purchase = new Purchase(eventId(event));
  purchase.purchaseId = event.params.purchaseId;
  purchase.film = filmId;
  purchase.viewer = viewer.id;
  purchase.split = splitId;
  purchase.amount = event.params.amount;
  purchase.expiresAt = event.params.expiresAt;
  purchase.refundableAt = event.params.refundableAt;
  purchase.blockNumber = event.block.number;
  purchase.timestamp = event.block.timestamp;
  purchase.transactionHash = event.transaction.hash;
  purchase.save();

  const rental = new Rental(event.params.purchaseId.toString());
  rental.purchaseId = event.params.purchaseId;
  rental.film = filmId;
  rental.viewer = viewer.id;
  rental.split = splitId;
  rental.amount = event.params.amount;
  rental.expiresAt = event.params.expiresAt;
  rental.refundableAt = event.params.refundableAt;
  rental.status = "Open";
  rental.purchase = purchase.id;
  rental.save();

  const film = Film.load(filmId)!;
  film.purchaseCount = film.purchaseCount.plus(ONE);
  film.save();
  const platform = getPlatform();
  platform.purchaseCount = platform.purchaseCount.plus(ONE);
  platform.save();
  const day = getPlatformDay(event);
  day.purchases = day.purchases.plus(ONE);
  day.save();
  const filmDay = getFilmDay(filmId, event);
  filmDay.purchases = filmDay.purchases.plus(ONE);
  filmDay.save();
}

export function handlePurchaseSettled(event: PurchaseSettled): void {
  const filmId = event.params.filmId.toString();
  const revenue = event.params.revenue;
  const fee = event.params.fee;

  const settlement = new Settlement(eventId(event));
  settlement.rental = event.params.purchaseId.toString();
  settlement.film = filmId;
  settlement.split = event.params.splitId.toString();
  settlement.revenue = revenue;
  settlement.fee = fee;
  settlement.blockNumber = event.block.number;
  settlement.timestamp = event.block.timestamp;
  settlement.transactionHash = event.transaction.hash;
  settlement.save();

  const rental = Rental.load(event.params.purchaseId.toString())!;
  rental.status = "Settled";
  rental.settlement = settlement.id;
  rental.save();

  // Each holder has earned floor(split revenue x share / 10,000), as PayPerView.claimable computes it.
  const split = Split.load(event.params.splitId.toString())!;
  split.revenue = split.revenue.plus(revenue);
  split.save();
  const recipients = split.recipients;
  for (let i = 0; i < recipients.length; i++) {
    const holder = RightsHolder.load(holderId(split.splitId, changetype<Address>(recipients[i])))!;
    holder.earned = split.revenue.times(BigInt.fromI32(holder.shareBps)).div(MAX_BPS);
    holder.claimable = holder.earned.minus(holder.claimed);
    holder.save();
  }

  const platform = getPlatform();
  const revenueUsd = usdValue(revenue, platform);
  const film = Film.load(filmId)!;
  film.views = film.views.plus(ONE);
  film.revenue = film.revenue.plus(revenue);
  film.revenueUsd = film.revenueUsd.plus(revenueUsd);
  film.fees = film.fees.plus(fee);
  film.save();
  platform.views = platform.views.plus(ONE);
  platform.revenue = platform.revenue.plus(revenue);
  platform.revenueUsd = platform.revenueUsd.plus(revenueUsd);
  platform.fees = platform.fees.plus(fee);
  platform.save();
  const day = getPlatformDay(event);
  day.views = day.views.plus(ONE);
  day.revenue = day.revenue.plus(revenue);
  day.revenueUsd = day.revenueUsd.plus(revenueUsd);
  day.fees = day.fees.plus(fee);
  day.save();
  const filmDay = getFilmDay(filmId, event);
  filmDay.views = filmDay.views.plus(ONE);
  filmDay.revenue = filmDay.revenue.plus(revenue);
  filmDay.revenueUsd = filmDay.revenueUsd.plus(revenueUsd);
  filmDay.save();
}

/** A purchase paid by someone else than its viewer: a card rental through the exchange, or a gift. */
export function handlePurchasedFor(event: PurchasedFor): void {
  const rental = Rental.load(event.params.purchaseId.toString())!;
  rental.payer = getAccount(event.params.payer).id;
  rental.save();
}

export function handlePurchaseRefunded(event: PurchaseRefunded): void {
  const filmId = event.params.filmId.toString();
  const refund = new Refund(eventId(event));
  refund.rental = event.params.purchaseId.toString();
  refund.film = filmId;
  refund.viewer = getAccount(event.params.viewer).id;
  const refunded = Rental.load(event.params.purchaseId.toString())!;
  const payer = refunded.payer;
  refund.paidTo = payer !== null ? payer : refund.viewer;
  refund.amount = event.params.amount;
  refund.blockNumber = event.block.number;
  refund.timestamp = event.block.timestamp;
  refund.transactionHash = event.transaction.hash;
  refund.save();

  const rental = Rental.load(event.params.purchaseId.toString())!;
  rental.status = "Refunded";
  rental.refund = refund.id;
  rental.save();

  const film = Film.load(filmId)!;
  film.refunds = film.refunds.plus(ONE);
  film.refundedAmount = film.refundedAmount.plus(event.params.amount);
  film.save();
  const platform = getPlatform();
  platform.refunds = platform.refunds.plus(ONE);
  platform.refundedAmount = platform.refundedAmount.plus(event.params.amount);
  platform.save();
  const day = getPlatformDay(event);
  day.refunds = day.refunds.plus(ONE);
  day.save();
  const filmDay = getFilmDay(filmId, event);
  filmDay.refunds = filmDay.refunds.plus(ONE);
  filmDay.save();
}

export function handleRoyaltyClaimed(event: RoyaltyClaimed): void {
  const claim = new RoyaltyClaim(eventId(event));
  claim.split = event.params.splitId.toString();
  claim.holder = getAccount(event.params.holder).id;
  claim.amount = event.params.amount;
  claim.blockNumber = event.block.number;
  claim.timestamp = event.block.timestamp;
  claim.transactionHash = event.transaction.hash;
  claim.save();

  const holder = RightsHolder.load(holderId(event.params.splitId, event.params.holder))!;
  holder.claimed = holder.claimed.plus(event.params.amount);
  holder.claimable = holder.earned.minus(holder.claimed);
  holder.save();
  const platform = getPlatform();
  platform.royaltiesClaimed = platform.royaltiesClaimed.plus(event.params.amount);
  platform.save();
}

export function handleFeesCollected(event: FeesCollected): void {
  const collection = new FeeCollection(eventId(event));
  collection.treasury = event.params.treasury;
  collection.amount = event.params.amount;
  collection.timestamp = event.block.timestamp;
  collection.save();
}
