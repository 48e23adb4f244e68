/**
 * Paying by card (the on-ramp, docs/functions.md): a quote from the functions (what the card is charged,
 * what it buys), a PaymentIntent for it, and the card taken by Stripe.js's Payment Element
 * (CardPayment.tsx). The platform's webhook then rents the film for the wallet, or credits its SSH; the
 * dapp waits for the chain to show it.
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

/** A PaymentIntent for a quote: what Stripe.js needs to take the card. */
export interface Checkout {
  paymentIntentId: string;
  clientSecret: string;
  publishableKey: string;
}

export function requestQuote(wagmi: Config, config: DappConfig, wallet: Address, request: { kind: "rental"; filmId: bigint } | { kind: "topup"; usd: string }): Promise<Quote> {
  return callApi<Quote>(wagmi, config, wallet, "/quotes", request.kind === "rental" ? { kind: "rental", filmId: request.filmId.toString() } : request);
}

export function startCheckout(wagmi: Config, config: DappConfig, wallet: Address, quoteId: string): Promise<Checkout> {
  return callApi<Checkout>(wagmi, config, wallet, `/quotes/${quoteId}/payment`, {});
}

/** No card form here: the deployment names no Stripe.js, or it could not be loaded. */
export class CardUnavailable extends Error {}

/** What to tell the fan when paying by card failed; undefined when the fan cancelled (nothing to say). */
export function describeCardFailure(error: unknown, t: Translate): string | undefined {
  if (error instanceof CardUnavailable) return t("card.unavailable");
  const failure = describeFailure(error, t);
  return failure.rejected ? undefined : failure.reason;
}
