/**
 * The on-ramp: what the platform does with each verified Stripe event, after the webhook acknowledged it.
 *
 * - `payment_intent.succeeded`: the payment's quote is honoured on-chain with the on-ramp key, once per
 *   PaymentIntent (the payment id is the core's `paymentIdOf("stripe", pi)`, which the exchange accepts
 *   once, whoever sends it): a top-up is credited (`TokenExchange.credit`), a rental is bought for the
 *   fan (`rentFor`). A quote past its expiry is still honoured at its rate if the oracle's rate is within
 *   the exchange's tolerance of it (the fan gets what they were shown); otherwise, and whenever the
 *   contract would refuse (limits, inventory, a film no longer for sale), the card is refunded in full.
 *   "Already credited" is success. A chain that cannot be reached leaves the event pending: it is
 *   processed again until it goes through (a day at most, then refunded).
 * - `charge.refunded` (in full) and `charge.dispute.created`: the credit is reversed while unclaimed, the
 *   rental refunded while undelivered; otherwise the loss is recorded for the operator's report. One
 *   that arrives before its payment was processed stops it from ever being processed.
 * - `account.updated`: a holder's Connect account that can receive payouts is linked to their wallet.
 *
 * Rentals still open when their delivery timeout ends are looked at again: settled ones are delivered;
 * undelivered ones are refunded (the SSH back to the inventory, the card refunded). Every change to one
 * payment happens under its lease (card-payments.ts), so concurrent, duplicated and reordered events
 * end the same as one delivery in order.
 */
import { randomUUID } from "node:crypto";

import type Stripe from "stripe";
import type { Address, Hex, PublicClient } from "viem";
import { BaseError, ContractFunctionRevertedError, decodeEventLog, encodeFunctionData, getAddress, isAddress } from "viem";

import { exchangeRateOracleAbi, payPerViewAbi, tokenExchangeAbi } from "@streamspace/core/generated/contracts";
import { paymentIdOf } from "@streamspace/core/payment-id";
import { withinTolerance } from "@streamspace/core/quote";

import type { NonceSafeSender } from "../chain/sender.ts";
import type { PayoutAccountStore } from "../payouts/accounts.ts";
import type { CardPayment, CardPaymentStatus, CardPaymentStore } from "./card-payments.ts";
import { HANDLED_EVENTS, type HandledEvent, type PaymentEventInbox } from "./inbox.ts";
import { chainNow, exchangeStateOf, type QuoteContracts, type QuoteStore, type StoredQuote } from "./quotes.ts";

/** The exchange's calls with every error they can bubble up (PayPerView's, the oracle's). */
const ONRAMP_ABI = [...tokenExchangeAbi, ...payPerViewAbi.filter((x) => x.type === "error"), ...exchangeRateOracleAbi.filter((x) => x.type === "error")];

/** Reverts that mean the payment cannot be honoured now or later: the card is refunded. */
const REFUSALS: Record<string, string> = {
  Exchange_RateOutOfTolerance: "the exchange rate moved too far since the quote",
  Exchange_QuoteExpired: "the quote expired",
  Exchange_BuyerDailyLimit: "the wallet's daily card limit is reached",
  Exchange_TotalDailyLimit: "the platform's daily card limit is reached",
  Exchange_InsufficientInventory: "the exchange cannot cover the amount now",
  Exchange_PaymentBelowPrice: "the payment no longer covers the film's price",
  Exchange_InvalidInput: "the payment is worth less than the smallest unit of SSH",
  PayPerView_FilmNotForSale: "the film is no longer for sale",
  PayPerView_AccessStillValid: "the wallet can already watch the film",
  PayPerView_PreviousPurchaseOpen: "the wallet's previous rental of the film is still being settled",
  PayPerView_PriceAboveMax: "the film's price rose above what was paid",
};

/** A failure worth retrying later (the chain unreachable, a stale rate, purchases paused). */
export class RetryLater extends Error {
  /** What to remember for the next attempt. */
  readonly changes?: Partial<CardPayment>;
  constructor(message: string, changes?: Partial<CardPayment>) {
    super(message);
    this.changes = changes;
  }
}

/** How long a payment that cannot be processed is retried before the card is refunded. */
const GIVE_UP_MS = 86_400_000;
/** How many payments a drain processes at once. */
const DRAIN_CONCURRENCY = 8;
/** How long past its expiry a quote is honoured (at an unchanged rate) when its event comes late. */
const LATE_QUOTE_SECONDS = 600;

export interface OnrampDeps {
  stripe: Stripe;
  publicClient: PublicClient;
  sender: NonceSafeSender;
  contracts: QuoteContracts;
  quotes: QuoteStore;
  inbox: PaymentEventInbox;
  payments: CardPaymentStore;
  payoutAccounts: PayoutAccountStore;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

type Outcome = { status: CardPaymentStatus; reason?: string } & Partial<CardPayment> & { dueAt?: number | null };

export class Onramp {
  private readonly deps: OnrampDeps;

  constructor(deps: OnrampDeps) {
    this.deps = deps;
  }

  /** Drains the inbox, and looks at rentals whose timeout has ended (the scheduled run). */
  async run(): Promise<{ events: Record<string, string>; rentals: Record<string, string> }> {
    return { events: await this.drain(), rentals: await this.settleDueRentals() };
  }

  /**
   * Processes pending events until none is left, `DRAIN_CONCURRENCY` at a time (a chain's block time
   * is then shared by several payments), holding the drain marker so that webhooks arriving meanwhile
   * start no other drain; after giving it back, looks once more (an event stored in between).
   */
  async drain(holder: string = randomUUID()): Promise<Record<string, string>> {
    const results: Record<string, string> = {};
    const tried = new Set<string>();
    try {
      for (;;) {
        await this.deps.inbox.claimDrain(holder);
        const ids = (await this.deps.inbox.pending()).filter((id) => !tried.has(id));
        if (ids.length === 0) {
          await this.deps.inbox.releaseDrain(holder);
          const late = (await this.deps.inbox.pending()).filter((id) => !tried.has(id));
          if (late.length === 0 || !(await this.deps.inbox.claimDrain(holder))) return results;
          continue;
        }
        // Each event once per drain: one that must wait (the chain unreachable) waits for the next run.
        ids.forEach((id) => tried.add(id));
        let next = 0;
        await Promise.all(
          Array.from({ length: Math.min(DRAIN_CONCURRENCY, ids.length) }, async () => {
            while (next < ids.length) {
              const id = ids[next++]!;
              const result = await this.processEvent(id).catch((error: Error) => `failed: ${error.message}`);
              if (result) results[id] = result;
            }
          }),
        );
      }
    } finally {
      await this.deps.inbox.releaseDrain(holder).catch(() => undefined);
    }
  }

  /** Processes one stored event if it is pending and free; returns what became of it (or why it waits). */
  async processEvent(eventId: string): Promise<string | undefined> {
    const stored = await this.deps.inbox.lease(eventId);
    if (!stored) return undefined;
    try {
      const event = JSON.parse(stored.payload) as Stripe.Event;
      const result = await this.handle(stored.type, event, Date.now() - stored.receivedAt >= GIVE_UP_MS);
      await this.deps.inbox.done(eventId, result);
      this.deps.log?.("payment event", { eventId, type: stored.type, result });
      return result;
    } catch (error) {
      // Nothing is lost by waiting: the event stays in the inbox (a payment gives up by itself, below).
      const message = (error as Error).message;
      await this.deps.inbox.retryLater(eventId, message);
      this.deps.log?.("payment event waits", { eventId, type: stored.type, error: message });
      return `retry: ${message}`;
    }
  }

  private async handle(type: HandledEvent, event: Stripe.Event, overdue: boolean): Promise<string> {
    switch (type) {
      case "payment_intent.succeeded":
        return this.paymentSucceeded(event.data.object as Stripe.PaymentIntent, overdue);
      case "charge.refunded": {
        const charge = event.data.object as Stripe.Charge;
        if (!charge.refunded || charge.amount_refunded < charge.amount) return "partial refund: left to the operator";
        return this.paymentTakenBack(idOf(charge.payment_intent), "refunded");
      }
      case "charge.dispute.created":
        return this.paymentTakenBack(idOf((event.data.object as Stripe.Dispute).payment_intent), "disputed");
      case "account.updated":
        return this.accountUpdated(event.data.object as Stripe.Account);
    }
  }

  // ---------------------------------------------------------------- a payment succeeded

  /**
   * Honours a paid quote on-chain, or refunds the card when the chain refuses it. A payment that could
   * not go through for `GIVE_UP_MS` (`overdue`) is refunded too, but only once the chain shows that no
   * attempt can still land: not paid, and past the expiry of every call sent for it. While the chain
   * cannot even be read, it waits: refunding then could pay twice.
   */
  private async paymentSucceeded(intent: Stripe.PaymentIntent, overdue: boolean): Promise<string> {
    const quote = intent.metadata?.quote_id ? await this.deps.quotes.get(intent.metadata.quote_id) : undefined;
    return this.withPayment(intent.id, async (payment) => {
      if (payment.status) return { status: payment.status }; // processed before, or refunded first
      if (!quote) return { status: "ignored", reason: "no StreamSpace quote" };
      const base = { kind: quote.kind, wallet: quote.wallet, quoteId: quote.quoteId, usdAmount: quote.usdAmount.toString(), sshAmount: quote.sshAmount.toString(), chargeCents: Number(quote.chargeCents), ...(quote.filmId !== undefined ? { filmId: quote.filmId.toString() } : {}) };
      if (intent.status !== "succeeded" || intent.currency !== "usd" || BigInt(intent.amount_received) !== quote.chargeCents || intent.metadata.wallet?.toLowerCase() !== quote.wallet.toLowerCase()) {
        return { ...base, ...(await this.refuse(intent.id, "the payment does not match its quote")) };
      }
      const done = await this.onChain(intent.id);
      if (done) return { ...base, ...done };
      try {
        const terms = await this.termsFor(quote);
        if ("refused" in terms) return { ...base, ...(await this.refuse(intent.id, terms.refused)) };
        const outcome = await this.send(intent.id, quote, terms.rate, terms.expiry, payment);
        if ("refused" in outcome) return { ...base, ...(await this.refuse(intent.id, outcome.refused)) };
        return { ...base, ...outcome };
      } catch (error) {
        if (!overdue || !(error instanceof RetryLater)) throw error;
        const given = await this.giveUp(intent.id, quote, { ...payment, ...error.changes }, error.message);
        if (!given) throw error;
        return { ...base, ...given };
      }
    });
  }

  /**
   * The end of an overdue payment: what the chain says it did, a refund when nothing sent for it can
   * land any more, or undefined (keep waiting) when something still could.
   */
  private async giveUp(paymentIntentId: string, quote: StoredQuote, payment: CardPayment, why: string): Promise<Outcome | undefined> {
    const done = await this.onChain(paymentIntentId);
    if (done) return done;
    let now: number;
    try {
      now = await chainNow(this.deps.publicClient);
    } catch (error) {
      throw new RetryLater(`the chain cannot be reached: ${(error as Error).message.split("\n")[0]}`);
    }
    if (now <= Math.max(quote.expiresAt, payment.expiry ?? 0)) return undefined;
    return this.refuse(paymentIntentId, `it could not go through for a day (${why})`);
  }

  /**
   * The rate and expiry to honour the quote with: its own while it holds; past its expiry, still its
   * own rate if the oracle's is within the exchange's tolerance of it (with a short fresh expiry);
   * otherwise a refusal.
   */
  private async termsFor(quote: StoredQuote): Promise<{ rate: bigint; expiry: bigint } | { refused: string }> {
    let now: number;
    let state: Awaited<ReturnType<typeof exchangeStateOf>>;
    try {
      now = await chainNow(this.deps.publicClient);
      if (now + 30 < quote.expiresAt) return { rate: quote.rate, expiry: BigInt(quote.expiresAt) };
      state = await exchangeStateOf(this.deps.publicClient, this.deps.contracts, quote.wallet);
    } catch (error) {
      throw new RetryLater(`the rate cannot be read: ${(error as Error).message}`);
    }
    if (!withinTolerance(quote.rate, state.state.rate, state.toleranceBps)) return { refused: "the quote expired and the exchange rate has moved since" };
    return { rate: quote.rate, expiry: BigInt(now + LATE_QUOTE_SECONDS) };
  }

  /** The call that honours the quote. */
  private callOf(paymentIntentId: string, quote: StoredQuote, rate: bigint, expiry: bigint) {
    const paymentId = paymentIdOf("stripe", paymentIntentId);
    return quote.kind === "rental"
      ? ({ functionName: "rentFor", args: [paymentId, quote.wallet, quote.filmId!, quote.usdAmount, rate, expiry] } as const)
      : ({ functionName: "credit", args: [paymentId, quote.wallet, quote.usdAmount, rate, expiry] } as const);
  }

  /** Simulates, then sends the call and reads what it did; a refusal by the contract is returned. */
  private async send(paymentIntentId: string, quote: StoredQuote, rate: bigint, expiry: bigint, payment: CardPayment): Promise<Outcome | { refused: string }> {
    const call = this.callOf(paymentIntentId, quote, rate, expiry);
    const exchange = { address: this.deps.contracts.TokenExchange, abi: ONRAMP_ABI } as const;
    const refusal = await this.simulate(() => this.deps.publicClient.simulateContract({ ...exchange, ...call, account: this.deps.sender.address } as never));
    if (refusal === "done") return (await this.onChain(paymentIntentId))!;
    if (refusal) return { refused: refusal };
    // One intent per attempt: a crash after sending finds the same transaction again; a transaction that
    // reverted (the state moved between the simulation and the block) is followed by a new attempt.
    const attempt = payment.attempt ?? 0;
    // The latest expiry any call for this payment carries: until the chain passes it, one may still land.
    const sent = { expiry: Math.max(payment.expiry ?? 0, Number(expiry)) };
    let hash: Hex;
    try {
      ({ hash } = await this.deps.sender.send({ intentId: `onramp:${paymentIntentId}:${attempt}`, to: exchange.address, data: encodeFunctionData({ abi: ONRAMP_ABI, ...call } as never) }));
      const receipt = await this.deps.publicClient.waitForTransactionReceipt({ hash, timeout: 30_000 });
      if (receipt.status === "success") return (await this.onChain(paymentIntentId))!;
    } catch (error) {
      throw new RetryLater(`the chain did not take the transaction: ${(error as Error).message}`, sent);
    }
    throw new RetryLater(`transaction ${hash} reverted; trying again`, { ...sent, txHash: hash, attempt: attempt + 1 });
  }

  /** A contract refusal's reason, "done" when it was paid already, undefined when it would go through. */
  private async simulate(call: () => Promise<unknown>): Promise<string | "done" | undefined> {
    try {
      await call();
      return undefined;
    } catch (error) {
      const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
      const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
      if (name === "Exchange_PaymentAlreadyCredited") return "done";
      if (name && REFUSALS[name]) return REFUSALS[name];
      throw new RetryLater(name ? `the exchange refuses for now (${name})` : `the chain cannot be reached: ${(error as Error).message.split("\n")[0]}`);
    }
  }

  /** What the chain says this payment did (credited, or the rental it bought), if anything. */
  private async onChain(paymentIntentId: string): Promise<Outcome | undefined> {
    const paymentId = paymentIdOf("stripe", paymentIntentId);
    const { publicClient, contracts } = this.deps;
    let buyer: Address;
    try {
      [buyer] = await publicClient.readContract({ address: contracts.TokenExchange, abi: tokenExchangeAbi, functionName: "payment", args: [paymentId] });
    } catch (error) {
      throw new RetryLater(`the chain cannot be reached: ${(error as Error).message.split("\n")[0]}`);
    }
    if (buyer === "0x0000000000000000000000000000000000000000") return undefined;
    const rentals = await publicClient.getContractEvents({ address: contracts.TokenExchange, abi: tokenExchangeAbi, eventName: "RentalPaid", args: { paymentId }, fromBlock: 0n });
    const rental = rentals[0];
    if (!rental) {
      const credits = await publicClient.getContractEvents({ address: contracts.TokenExchange, abi: tokenExchangeAbi, eventName: "FiatCredited", args: { paymentId }, fromBlock: 0n });
      return { status: "credited", txHash: credits[0]?.transactionHash ?? undefined };
    }
    const { purchaseId, filmId } = rental.args as { purchaseId: bigint; filmId: bigint };
    const tx = await publicClient.getTransactionReceipt({ hash: rental.transactionHash! });
    let refundableAt = 0;
    for (const log of tx.logs) {
      try {
        const decoded = decodeEventLog({ abi: payPerViewAbi, ...log });
        if (decoded.eventName === "Purchased" && decoded.args.purchaseId === purchaseId) refundableAt = Number(decoded.args.refundableAt);
      } catch {
        // another contract's event
      }
    }
    return { status: "rented", purchaseId: purchaseId.toString(), filmId: filmId.toString(), refundableAt, txHash: rental.transactionHash!, dueAt: refundableAt };
  }

  /** Refunds the card in full (once: the PaymentIntent is the idempotency key). */
  private async refuse(paymentIntentId: string, reason: string): Promise<Outcome> {
    const refund = await this.deps.stripe.refunds.create(
      { payment_intent: paymentIntentId, reason: "requested_by_customer", metadata: { streamspace_reason: reason } },
      { idempotencyKey: `streamspace-refund-${paymentIntentId}` },
    );
    return { status: "refused", reason, refundId: refund.id, dueAt: null };
  }

  // ---------------------------------------------------------------- the card's money taken back

  private async paymentTakenBack(paymentIntentId: string, how: "refunded" | "disputed"): Promise<string> {
    return this.withPayment(paymentIntentId, async (payment) => {
      switch (payment.status) {
        case undefined:
          return { status: "refunded_first", reason: `${how} before it was processed` };
        case "credited":
          return this.reverseCredit(paymentIntentId, payment, how);
        case "rented":
        case "reversal_due":
          return this.undoRental(paymentIntentId, payment, false, how);
        case "delivered":
          return { status: "loss", reason: `${how} after the film was delivered`, dueAt: null };
        default:
          return { status: payment.status }; // refunded by the platform, reversed, a loss, or not ours
      }
    });
  }

  private async reverseCredit(paymentIntentId: string, payment: CardPayment, how: string): Promise<Outcome> {
    const paymentId = paymentIdOf("stripe", paymentIntentId);
    const exchange = { address: this.deps.contracts.TokenExchange, abi: ONRAMP_ABI } as const;
    try {
      await this.deps.publicClient.simulateContract({ ...exchange, functionName: "reverse", args: [paymentId], account: this.deps.sender.address } as never);
    } catch (error) {
      const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
      const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
      if (name === "Exchange_CreditAlreadySpent") return { status: "loss", reason: `${how} after the SSH was claimed` };
      if (name === "Exchange_PaymentNotReversible") return { status: "reversed", reason: how };
      throw new RetryLater(`the chain cannot be reached: ${(error as Error).message.split("\n")[0]}`);
    }
    const hash = await this.transact(`reverse:${paymentIntentId}`, encodeFunctionData({ abi: tokenExchangeAbi, functionName: "reverse", args: [paymentId] }));
    return { status: "reversed", reason: how, txHash: hash ?? payment.txHash };
  }

  /**
   * An open card rental whose card money is gone (`cardRefunded`: the platform refunds the card itself,
   * after an undelivered timeout). Settled: delivered (or a loss if the card was taken back). Still open
   * before its timeout: waits in the due index. Open after it: refunded on-chain. Refunded by the viewer
   * in PayPerView: its SSH collected back.
   */
  private async undoRental(paymentIntentId: string, payment: CardPayment, byTimeout: boolean, how = "refunded"): Promise<Outcome> {
    const { publicClient, contracts } = this.deps;
    const viewer = getAddress(payment.wallet!);
    const filmId = BigInt(payment.filmId!);
    const purchaseId = BigInt(payment.purchaseId!);
    const payPerView = { address: contracts.PayPerView, abi: payPerViewAbi } as const;
    let state: number;
    let rental: { amount: bigint; refundableAt: number };
    try {
      [state, rental] = await Promise.all([
        publicClient.readContract({ ...payPerView, functionName: "purchaseState", args: [purchaseId, filmId, viewer] }),
        publicClient.readContract({ ...payPerView, functionName: "rentalOf", args: [filmId, viewer] }),
      ]);
    } catch (error) {
      throw new RetryLater(`the chain cannot be reached: ${(error as Error).message.split("\n")[0]}`);
    }
    const cardTakenBack = !byTimeout || payment.status === "reversal_due";
    if (state === 2) return cardTakenBack ? { status: "loss", reason: `${how} after the film was delivered`, dueAt: null } : { status: "delivered", dueAt: null };
    if (state === 1) {
      const now = await chainNow(publicClient);
      if (now < rental.refundableAt) return { status: cardTakenBack ? "reversal_due" : "rented", reason: cardTakenBack ? how : undefined, dueAt: rental.refundableAt };
      await this.transact(`refundRental:${paymentIntentId}`, encodeFunctionData({ abi: tokenExchangeAbi, functionName: "refundRental", args: [filmId, viewer] }));
    } else {
      // Refunded by the viewer in PayPerView: the SSH waits there for the exchange.
      const owed = await publicClient.readContract({ ...payPerView, functionName: "refundsOwed", args: [contracts.TokenExchange] });
      if (owed > 0n) await this.transact(`collectRentalRefunds:${paymentIntentId}`, encodeFunctionData({ abi: tokenExchangeAbi, functionName: "collectRentalRefunds" }));
    }
    if (cardTakenBack) return { status: "reversed", reason: how, dueAt: null };
    const refund = await this.deps.stripe.refunds.create(
      { payment_intent: paymentIntentId, reason: "requested_by_customer", metadata: { streamspace_reason: "the film was not delivered in time" } },
      { idempotencyKey: `streamspace-refund-${paymentIntentId}` },
    );
    return { status: "refunded", reason: "the film was not delivered in time", refundId: refund.id, dueAt: null };
  }

  /** Rentals whose delivery timeout has ended: delivered, or refunded. */
  async settleDueRentals(): Promise<Record<string, string>> {
    const results: Record<string, string> = {};
    let now: number;
    try {
      now = await chainNow(this.deps.publicClient);
    } catch {
      return {}; // the chain cannot be reached: next run
    }
    for (const id of await this.deps.payments.dueRentals(now)) {
      try {
        results[id] = await this.withPayment(id, async (payment) =>
          payment.status === "rented" || payment.status === "reversal_due" ? this.undoRental(id, payment, true) : { status: payment.status!, dueAt: null },
        );
      } catch (error) {
        results[id] = `retry: ${(error as Error).message}`;
      }
    }
    return results;
  }

  // ---------------------------------------------------------------- payouts onboarding

  private async accountUpdated(account: Stripe.Account): Promise<string> {
    const wallet = account.metadata?.wallet;
    if (!wallet || !isAddress(wallet)) return "not a StreamSpace holder's account";
    if (!account.payouts_enabled) return `account ${account.id} cannot receive payouts yet`;
    await this.deps.payoutAccounts.link(wallet, account.id);
    return `linked ${account.id} to ${getAddress(wallet)}`;
  }

  // ---------------------------------------------------------------- reconciliation and the report

  /**
   * Lists the provider's events of the last `days` (Stripe lists 30 days) and processes any the webhook
   * never delivered: a lost webhook is repaired within a day.
   */
  async reconcile(days = 3): Promise<{ listed: number; missed: string[] }> {
    const since = Math.floor(Date.now() / 1000) - days * 86_400;
    const missed: string[] = [];
    let listed = 0;
    for await (const event of this.deps.stripe.events.list({ created: { gte: since }, types: [...HANDLED_EVENTS], limit: 100 })) {
      listed += 1;
      if (await this.deps.inbox.add(event.id, event.type as HandledEvent, JSON.stringify(event))) {
        missed.push(event.id);
        await this.processEvent(event.id);
      }
    }
    return { listed, missed };
  }

  /** The operator's report: counts by outcome, and every loss and refusal with its reason. */
  async report() {
    const all = await this.deps.payments.all();
    const byStatus: Record<string, number> = {};
    for (const p of all) byStatus[p.status ?? "processing"] = (byStatus[p.status ?? "processing"] ?? 0) + 1;
    const pick = (p: CardPayment) => ({ paymentIntentId: p.paymentIntentId, kind: p.kind, wallet: p.wallet, chargeCents: p.chargeCents, usdAmount: p.usdAmount, sshAmount: p.sshAmount, reason: p.reason, at: p.updatedAt });
    const losses = all.filter((p) => p.status === "loss").map(pick);
    return {
      byStatus,
      losses,
      lossCents: losses.reduce((sum, l) => sum + (l.chargeCents ?? 0), 0),
      refused: all.filter((p) => p.status === "refused").map(pick),
    };
  }

  // ---------------------------------------------------------------- helpers

  /** Runs `step` under the payment's lease and saves its outcome; returns the status it ends in. */
  private async withPayment(paymentIntentId: string, step: (payment: CardPayment) => Promise<Outcome>): Promise<string> {
    const payment = await this.deps.payments.lockWaiting(paymentIntentId);
    let outcome: Outcome;
    try {
      outcome = await step(payment);
    } catch (error) {
      await this.deps.payments.release(paymentIntentId, error instanceof RetryLater ? error.changes : undefined);
      throw error;
    }
    const { dueAt, ...changes } = outcome;
    await this.deps.payments.release(paymentIntentId, { ...changes, dueAt });
    return outcome.reason ? `${outcome.status}: ${outcome.reason}` : outcome.status;
  }

  /** Sends an on-ramp transaction (named by its intent) and waits for it; a revert or no chain: retry. */
  private async transact(intentId: string, data: Hex): Promise<Hex> {
    try {
      const { hash } = await this.deps.sender.send({ intentId, to: this.deps.contracts.TokenExchange, data });
      const receipt = await this.deps.publicClient.waitForTransactionReceipt({ hash, timeout: 30_000 });
      if (receipt.status !== "success") throw new Error(`${hash} reverted`);
      return hash;
    } catch (error) {
      throw new RetryLater(`${intentId}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
}

function idOf(value: string | { id: string } | null): string {
  if (!value) throw new Error("the event names no PaymentIntent");
  return typeof value === "string" ? value : value.id;
}
