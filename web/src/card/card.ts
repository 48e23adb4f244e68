/**
 * Paying by card (the on-ramp, docs/functions.md): a quote from the functions (what the card is charged,
 * what it buys), a PaymentIntent for it, and the card's confirmation with the payment provider. The
 * platform's webhook then rents the film for the wallet, or credits its SSH; the dapp waits for the
 * chain to show it.
 */
import type { Address } from "viem";
import type { Config } from "wagmi";

import { callApi } from "../api.ts";
import type { DappConfig } from "../config.ts";
import type { Translate } from "../i18n.ts";
import { describeFailure } from "../transactions/errors.ts";

export interface Quote {
  quoteId: string;
  kind: "rental" | "topup";
  filmId?: string;
  usdAmount: string;
  sshAmount: string;
  feeCents: number;
  chargeCents: number;
  expiresAt: number;
}

export interface Checkout {
  paymentIntentId: string;
  clientSecret: string;
  publishableKey: string;
  /** Set by the development payment provider (a local stand-in of Stripe's API); absent in production. */
  stripeApiUrl?: string;
}

/** The development provider's test cards (Stripe's test payment methods). */
export const TEST_CARDS = { visa: "pm_card_visa", declined: "pm_card_chargeDeclined" } as const;
export type TestCard = keyof typeof TEST_CARDS;

export function requestQuote(wagmi: Config, config: DappConfig, wallet: Address, request: { kind: "rental"; filmId: bigint } | { kind: "topup"; usd: string }): Promise<Quote> {
  return callApi<Quote>(wagmi, config, wallet, "/quotes", request.kind === "rental" ? { kind: "rental", filmId: request.filmId.toString() } : request);
}

export function startCheckout(wagmi: Config, config: DappConfig, wallet: Address, quoteId: string): Promise<Checkout> {
  return callApi<Checkout>(wagmi, config, wallet, `/quotes/${quoteId}/payment`, {});
}

/** Confirms the card as Stripe.js does (the PaymentIntent's client secret and the publishable key). */
export async function confirmCard(checkout: Checkout, card: TestCard): Promise<void> {
  if (!checkout.stripeApiUrl) throw new CardUnavailable();
  const res = await fetch(new URL(`/v1/payment_intents/${checkout.paymentIntentId}/confirm`, checkout.stripeApiUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ key: checkout.publishableKey, client_secret: checkout.clientSecret, payment_method: TEST_CARDS[card] }),
  });
  if (!res.ok) throw new CardDeclined(((await res.json()) as { error: { message: string } }).error.message);
}

export class CardDeclined extends Error {}
export class CardUnavailable extends Error {}

/** What to tell the fan when paying by card failed; undefined when the fan cancelled (nothing to say). */
export function describeCardFailure(error: unknown, t: Translate): string | undefined {
  if (error instanceof CardDeclined) return t("card.declined", { reason: error.message });
  if (error instanceof CardUnavailable) return t("card.unavailable");
  const failure = describeFailure(error, t);
  return failure.rejected ? undefined : failure.reason;
}
