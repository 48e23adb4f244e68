/**
 * The production payout provider: Stripe Connect. A cash-out is paid as a transfer from the platform's
 * Stripe balance to the holder's connected account (which Stripe then pays out to the holder's bank),
 * through the official `stripe` package, with the cash-out id as Stripe's `Idempotency-Key`: a request
 * repeated for the same cash-out (after a crash between paying and marking it paid) gets the same
 * transfer back, never a second one. A holder without a connected account, or one Stripe refuses
 * (closed, restricted), is a failed payout: the keeper marks the cash-out failed and the SSH goes back.
 */
import Stripe from "stripe";
import type { Address } from "viem";

import { stripeClient } from "../payments/stripe.ts";
import { type PayoutProvider, type PayoutRequest, type PayoutResult, toCents } from "./provider.ts";

export interface StripePayoutOptions {
  secretKey: string;
  /** The holder's connected account (`acct_...`), from the account linking the dapp records. */
  connectedAccountOf: (owner: Address) => Promise<string | undefined>;
  /** Tests and local runs only: Stripe's API as served by a local stand-in. */
  apiUrl?: URL;
}

export class StripePayoutProvider implements PayoutProvider {
  readonly name = "stripe";
  private readonly stripe: Stripe;
  private readonly connectedAccountOf: StripePayoutOptions["connectedAccountOf"];

  constructor(options: StripePayoutOptions) {
    this.stripe = stripeClient(options);
    this.connectedAccountOf = options.connectedAccountOf;
  }

  async pay(request: PayoutRequest): Promise<PayoutResult> {
    const destination = await this.connectedAccountOf(request.owner);
    if (!destination) return { status: "failed", reason: "the holder has no linked payout account" };
    try {
      const transfer = await this.stripe.transfers.create(
        {
          amount: Number(toCents(request.usdAmount)),
          currency: "usd",
          destination,
          transfer_group: `cashout-${request.cashOutId}`,
          metadata: { cash_out_id: request.cashOutId.toString(), owner: request.owner },
        },
        { idempotencyKey: `streamspace-cashout-${request.cashOutId}` },
      );
      return { status: "paid", reference: transfer.id };
    } catch (error) {
      // Stripe refused this transfer for a reason of the request (the account, the amount): a failed
      // payout. Anything else (Stripe unreachable, our key) is thrown: the keeper retries next minute.
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        return { status: "failed", reason: `Stripe: ${error.code ?? "invalid_request"}: ${error.message}` };
      }
      throw error;
    }
  }
}
