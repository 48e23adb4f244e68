import { bearer, HttpError, httpHandler } from "../http/http.ts";
import { chainNow } from "../payments/quotes.ts";
import { getOnrampRuntime } from "../runtime.ts";

/**
 * POST /quotes/{quoteId}/payment (signed in, the quote's wallet): the card payment for a quote, a Stripe
 * PaymentIntent with the quote and the wallet in its metadata, created once per quote (the quote id is
 * Stripe's idempotency key, so a retried request gets the same payment back). The dapp confirms it with
 * Stripe's client using the client secret; the webhook then does the rest.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, onrampConfig, quotes, stripe, publicClient } = getOnrampRuntime();
  const session = tokens.verify(bearer(event), "session");
  if (!(await limiter.allow(`payment-wallet#${session.sub}`, 30, 60))) throw new HttpError(429, "rate_limited", "too many payments started; wait a minute");
  const quoteId = event.pathParameters?.quoteId ?? "";
  const quote = await quotes.get(quoteId);
  if (!quote || quote.wallet.toLowerCase() !== session.sub.toLowerCase()) throw new HttpError(404, "unknown_quote", "there is no such quote for this wallet");
  if (!quote.paymentIntentId && (await chainNow(publicClient)) >= quote.expiresAt) throw new HttpError(410, "quote_expired", "the quote expired; ask for a new one");
  const intent = await stripe.paymentIntents.create(
    {
      amount: Number(quote.chargeCents),
      currency: "usd",
      automatic_payment_methods: { enabled: true },
      description: quote.kind === "rental" ? `StreamSpace: rental of film ${quote.filmId}` : "StreamSpace: SSH for your wallet",
      metadata: {
        quote_id: quote.quoteId,
        wallet: quote.wallet,
        kind: quote.kind,
        usd_amount: quote.usdAmount.toString(),
        rate: quote.rate.toString(),
        ...(quote.filmId !== undefined ? { film_id: quote.filmId.toString() } : {}),
      },
    },
    { idempotencyKey: `streamspace-quote-${quote.quoteId}` },
  );
  await quotes.attachPayment(quote.quoteId, intent.id);
  return {
    status: 201,
    json: {
      paymentIntentId: intent.id,
      clientSecret: intent.client_secret,
      publishableKey: onrampConfig.stripe.publishableKey,
      amountCents: intent.amount,
      currency: intent.currency,
      // Local runs only: where the dapp's Stripe client confirms (the stand-in of Stripe's API).
      ...(onrampConfig.stripe.apiUrl ? { stripeApiUrl: onrampConfig.stripe.apiUrl.toString() } : {}),
    },
  };
});
