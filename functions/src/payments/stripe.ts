/**
 * The official `stripe` client, configured once for every function that talks to Stripe (card payments,
 * refunds, Connect onboarding and payouts). Locally `apiUrl` points it at the stand-in that serves
 * Stripe's API (dev/stripe.ts); in AWS it talks to api.stripe.com. Requests are retried by the package
 * (with their idempotency keys) on network errors and 5xx/429.
 */
import Stripe from "stripe";

export function stripeClient({ secretKey, apiUrl }: { secretKey: string; apiUrl?: URL }): Stripe {
  const api = apiUrl
    ? { host: apiUrl.hostname, port: Number(apiUrl.port || (apiUrl.protocol === "https:" ? 443 : 80)), protocol: apiUrl.protocol.slice(0, -1) as "http" | "https" }
    : {};
  return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 10_000, ...api });
}
