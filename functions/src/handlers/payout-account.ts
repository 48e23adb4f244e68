import { getAddress } from "viem";

import { bearer, HttpError, httpHandler } from "../http/http.ts";
import { getOnrampRuntime } from "../runtime.ts";

/**
 * /payouts/account (signed in): where a holder's cash-outs are paid.
 * - GET: the linked Stripe Connect account, if any.
 * - POST: starts (or resumes) onboarding: a Connect Express account for the wallet (created once: the
 *   wallet is the idempotency key) and a one-time onboarding link at Stripe; Stripe's `account.updated`
 *   event links the account once it can receive payouts.
 */
export const handler = httpHandler(async (event) => {
  const { tokens, limiter, payoutAccounts, stripe, onrampConfig } = getOnrampRuntime();
  const session = tokens.verify(bearer(event), "session");
  const wallet = getAddress(session.sub);
  if (event.requestContext.http.method === "GET") {
    const account = await payoutAccounts.accountOf(wallet);
    return { json: { wallet, linked: Boolean(account), ...(account ? { account } : {}) } };
  }
  if (!(await limiter.allow(`onboarding-wallet#${wallet}`, 10, 3_600))) throw new HttpError(429, "rate_limited", "too many onboarding attempts; wait an hour");
  const account = await stripe.accounts.create(
    { type: "express", capabilities: { transfers: { requested: true } }, metadata: { wallet } },
    { idempotencyKey: `streamspace-payout-account-${wallet.toLowerCase()}` },
  );
  const link = await stripe.accountLinks.create({
    account: account.id,
    type: "account_onboarding",
    refresh_url: `${onrampConfig.dappUrl}/wallet?onboarding=retry`,
    return_url: `${onrampConfig.dappUrl}/wallet?onboarding=done`,
  });
  return { status: 201, json: { account: account.id, onboardingUrl: link.url, expiresAt: link.expires_at } };
});
