// TokenExchange: fiat credits, their reversals and claims, rentals paid by card, the inventory, and cash-outs.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  CashOutCancelled,
  CashOutFailed,
  CashOutPaid,
  CashOutPickedUp,
  CashOutRequested,
  CreditClaimed,
  CreditReversed,
  FiatCredited,
  InventoryDeposited,
  InventoryWithdrawn,
  RentalPaid,
  RentalRefundsCollected,
} from "../generated/TokenExchange/TokenExchange";
import { CardRental, CashOut, CreditChange, FiatCredit, InventoryChange, Rental } from "../generated/schema";
import { eventId, getAccount } from "./common/helpers";

export function handleFiatCredited(event: FiatCredited): void {
  const credit = new FiatCredit(eventId(event));
  credit.paymentId = event.params.paymentId;
  credit.buyer = getAccount(event.params.buyer).id;
  credit.usdAmount = event.params.usdAmount;
  credit.rate = event.params.rate;
  credit.sshAmount = event.params.sshAmount;
  credit.timestamp = event.block.timestamp;
  credit.transactionHash = event.transaction.hash;
  credit.save();
}

function recordCreditChange(event: ethereum.Event, buyer: Address, kind: string, paymentId: Bytes | null, ssh: BigInt): void {
  const change = new CreditChange(eventId(event));
  change.buyer = getAccount(buyer).id;
  change.kind = kind;
  change.paymentId = paymentId;
  change.sshAmount = ssh;
  change.timestamp = event.block.timestamp;
  change.save();
}

export function handleCreditReversed(event: CreditReversed): void {
  recordCreditChange(event, event.params.buyer, "Reversed", event.params.paymentId, event.params.sshAmount);
}

export function handleCreditClaimed(event: CreditClaimed): void {
  recordCreditChange(event, event.params.buyer, "Claimed", null, event.params.sshAmount);
}

function recordInventoryChange(event: ethereum.Event, kind: string, account: Address, amount: BigInt): void {
  const change = new InventoryChange(eventId(event));
  change.kind = kind;
  change.account = account;
  change.amount = amount;
  change.timestamp = event.block.timestamp;
  change.save();
}

export function handleInventoryDeposited(event: InventoryDeposited): void {
  recordInventoryChange(event, "Deposited", event.params.from, event.params.amount);
}

export function handleInventoryWithdrawn(event: InventoryWithdrawn): void {
  recordInventoryChange(event, "Withdrawn", event.params.to, event.params.amount);
}

/** A rental paid by card; its Rental (PayPerView's Purchased, earlier in the same transaction) links to it. */
export function handleRentalPaid(event: RentalPaid): void {
  const card = new CardRental(eventId(event));
  card.paymentId = event.params.paymentId;
  card.viewer = getAccount(event.params.viewer).id;
  card.film = event.params.filmId.toString();
  card.rental = event.params.purchaseId.toString();
  card.usdAmount = event.params.usdAmount;
  card.rate = event.params.rate;
  card.sshAmount = event.params.sshAmount;
  card.timestamp = event.block.timestamp;
  card.transactionHash = event.transaction.hash;
  card.save();
  const rental = Rental.load(card.rental)!;
  rental.cardPayment = card.id;
  rental.save();
}

/** Refunds of card rentals came back into the inventory. */
export function handleRentalRefundsCollected(event: RentalRefundsCollected): void {
  recordInventoryChange(event, "RentalRefundsCollected", event.address, event.params.amount);
}

export function handleCashOutRequested(event: CashOutRequested): void {
  const cashOut = new CashOut(event.params.cashOutId.toString());
  cashOut.owner = getAccount(event.params.owner).id;
  cashOut.sshAmount = event.params.sshAmount;
  cashOut.fee = event.params.fee;
  cashOut.usdAmount = event.params.usdAmount;
  cashOut.rate = event.params.rate;
  cashOut.status = "Requested";
  cashOut.requestedAt = event.block.timestamp;
  cashOut.updatedAt = event.block.timestamp;
  cashOut.save();
}

function setStatus(cashOutId: BigInt, status: string, event: ethereum.Event): CashOut {
  const cashOut = CashOut.load(cashOutId.toString())!;
  cashOut.status = status;
  cashOut.updatedAt = event.block.timestamp;
  cashOut.save();
  return cashOut;
}

export function handleCashOutPickedUp(event: CashOutPickedUp): void {
  setStatus(event.params.cashOutId, "PickedUp", event);
}

export function handleCashOutPaid(event: CashOutPaid): void {
  const cashOut = setStatus(event.params.cashOutId, "Paid", event);
  cashOut.payoutRef = event.params.payoutRef;
  cashOut.save();
}

export function handleCashOutFailed(event: CashOutFailed): void {
  setStatus(event.params.cashOutId, "Failed", event);
}

export function handleCashOutCancelled(event: CashOutCancelled): void {
  setStatus(event.params.cashOutId, "Cancelled", event);
}
