/**
 * Card payment quotes, computed from the chain's state exactly as `TokenExchange` will check them, so
 * that a quote the contract would refuse is never issued. Pure functions (the caller reads the chain):
 * the functions issue quotes with them and the dapp shows the same numbers.
 *
 * USD amounts have 8 decimals; card amounts are whole cents (Stripe's smallest USD unit), so what the
 * card is charged is rounded up to the cent and what converts to SSH is exactly what is charged, less
 * the platform's card fee.
 */
import { usdToSshDown, usdToSshUp } from "./money.ts";

/** One cent in USD with 8 decimals. */
export const CENT = 1_000_000n;
/** Stripe's smallest USD charge. */
export const MIN_CHARGE_CENTS = 50n;

export type QuoteKind = "topup" | "rental";

/** What the exchange allows now (`TokenExchange.creditLimits`, `inventory`, `config`). */
export interface ExchangeState {
  /** The oracle's fresh rate (USD per SSH, 8 decimals). */
  rate: bigint;
  buyerRemainingUsd: bigint;
  totalRemainingUsd: bigint;
  inventory: bigint;
}

/** The platform's card fee, on top of what converts: basis points plus fixed cents. */
export interface CardFee {
  bps: bigint;
  fixedCents: bigint;
}

export interface Quote {
  kind: QuoteKind;
  /** The rate the SSH is computed at (the oracle's when quoted). */
  rate: bigint;
  /** USD that converts to SSH (8 decimals, whole cents): what the exchange counts against its limits. */
  usdAmount: bigint;
  /** The card fee, in cents. */
  feeCents: bigint;
  /** What the card is charged, in cents: usdAmount + fee. */
  chargeCents: bigint;
  /** SSH the buyer gets: credited (top-up) or paid into escrow for the rental. */
  sshAmount: bigint;
}

export class QuoteError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** `usd` rounded up to a whole cent. */
export function roundUpToCent(usd: bigint): bigint {
  return ((usd + CENT - 1n) / CENT) * CENT;
}

export function cardFeeCents(usdAmount: bigint, fee: CardFee): bigint {
  const cents = usdAmount / CENT;
  return (cents * fee.bps + 9_999n) / 10_000n + fee.fixedCents; // the percentage rounded up to the cent
}

function checked(quote: Quote, state: ExchangeState): Quote {
  if (quote.chargeCents < MIN_CHARGE_CENTS) {
    throw new QuoteError("amount_too_small", `a card payment must be at least $${(MIN_CHARGE_CENTS / 100n).toString()}.${(MIN_CHARGE_CENTS % 100n).toString().padStart(2, "0")}`);
  }
  if (quote.sshAmount === 0n) throw new QuoteError("amount_too_small", "the amount is worth less than the smallest unit of SSH");
  // The contract's checks, in its order: the total limit, the buyer's, the inventory.
  if (quote.usdAmount > state.totalRemainingUsd) throw new QuoteError("total_limit", "the platform's daily card limit is reached; try again later");
  if (quote.usdAmount > state.buyerRemainingUsd) {
    throw new QuoteError("buyer_limit", `this wallet can pay at most ${formatCents(state.buyerRemainingUsd / CENT)} by card in the next 24 hours`);
  }
  if (quote.sshAmount > state.inventory) throw new QuoteError("inventory", "the exchange cannot cover this amount now; try a smaller one");
  return quote;
}

/** A top-up: `usd` (what converts, whole cents) credits `usdToSshDown(usd, rate)` SSH, as `credit` computes. */
export function quoteTopUp({ usd, state, fee }: { usd: bigint; state: ExchangeState; fee: CardFee }): Quote {
  if (usd <= 0n || usd % CENT !== 0n) throw new QuoteError("bad_amount", "the amount must be a positive number of whole cents");
  const feeCents = cardFeeCents(usd, fee);
  return checked({ kind: "topup", rate: state.rate, usdAmount: usd, feeCents, chargeCents: usd / CENT + feeCents, sshAmount: usdToSshDown(usd, state.rate) }, state);
}

/**
 * A rental: the USD that covers the escrow's price now, as `rentFor` checks it (`usdToSshUp(usd, rate)`
 * at least the price). A film priced in USD costs its USD price (rounded up to the cent); a film priced
 * in SSH costs its price at the rate, rounded up to the cent.
 */
export function quoteRental({ priceSsh, priceUsd, state, fee }: { priceSsh: bigint; priceUsd?: bigint; state: ExchangeState; fee: CardFee }): Quote {
  if (priceSsh <= 0n) throw new QuoteError("not_for_sale", "this film has no price");
  const exact = priceUsd ?? (priceSsh * state.rate + 10n ** 18n - 1n) / 10n ** 18n;
  const usdAmount = roundUpToCent(exact);
  if (usdToSshUp(usdAmount, state.rate) < priceSsh) throw new Error("a rental quote must cover the price"); // never: by construction
  const feeCents = cardFeeCents(usdAmount, fee);
  return checked({ kind: "rental", rate: state.rate, usdAmount, feeCents, chargeCents: usdAmount / CENT + feeCents, sshAmount: priceSsh }, state);
}

/** Whether `quotedRate` is within the exchange's tolerance of `oracleRate`, as the contract checks it. */
export function withinTolerance(quotedRate: bigint, oracleRate: bigint, toleranceBps: bigint): boolean {
  const gap = quotedRate > oracleRate ? quotedRate - oracleRate : oracleRate - quotedRate;
  return gap * 10_000n <= oracleRate * toleranceBps;
}

/** "$12.34" from cents. */
export function formatCents(cents: bigint): string {
  return `$${(cents / 100n).toLocaleString("en-US")}.${(cents % 100n).toString().padStart(2, "0")}`;
}
