import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { StripePayoutProvider } from "@streamspace/functions/payouts/stripe";

import { startLocalStripe } from "../dev/stripe.js";

/**
 * The Stripe payout provider through the official `stripe` package, against a local stand-in of Stripe's
 * API (Stripe cannot be reached from here) that speaks its wire format: form-encoded requests, bearer
 * key, `Idempotency-Key` replays, the transfer object, and the error envelope.
 */
describe("the Stripe payout provider", () => {
  let stripe: Awaited<ReturnType<typeof startLocalStripe>>;
  before(async () => {
    stripe = await startLocalStripe();
  });
  after(() => stripe.close());
  const created = () => stripe.transfers;

  const accounts: Record<string, string> = {
    "0x00000000000000000000000000000000000000aa": "acct_1Holder",
    "0x00000000000000000000000000000000000000bb": "acct_closed",
  };
  const provider = () =>
    new StripePayoutProvider({
      secretKey: stripe.secretKey,
      connectedAccountOf: async (owner) => accounts[owner.toLowerCase()],
      apiUrl: stripe.url,
    });

  it("transfers the cash-out's cents to the holder's connected account, once per cash-out", async () => {
    const request = { cashOutId: 7n, owner: "0x00000000000000000000000000000000000000aA" as const, usdAmount: 4_95000000n };
    const first = await provider().pay(request);
    assert.deepEqual(first, { status: "paid", reference: "tr_0001" });
    assert.deepEqual(created()[0], {
      amount: "495",
      currency: "usd",
      destination: "acct_1Holder",
      transfer_group: "cashout-7",
      "metadata[cash_out_id]": "7",
      "metadata[owner]": request.owner,
    });
    // A retry after a crash (a new container, a new client): Stripe replays the same transfer.
    assert.deepEqual(await provider().pay(request), first);
    assert.equal(created().length, 1, "one transfer");
  });

  it("fails the payout when the holder has no account, or Stripe refuses it", async () => {
    assert.deepEqual(await provider().pay({ cashOutId: 8n, owner: "0x00000000000000000000000000000000000000cc", usdAmount: 1_00000000n }), {
      status: "failed",
      reason: "the holder has no linked payout account",
    });
    const refused = await provider().pay({ cashOutId: 9n, owner: "0x00000000000000000000000000000000000000bb", usdAmount: 1_00000000n });
    assert.deepEqual(refused, { status: "failed", reason: "Stripe: account_invalid: The destination account is closed." });
  });

  it("throws (to retry later) when Stripe refuses the platform itself", async () => {
    const wrongKey = new StripePayoutProvider({ secretKey: "sk_test_wrong", connectedAccountOf: async () => "acct_1Holder", apiUrl: stripe.url });
    await assert.rejects(wrongKey.pay({ cashOutId: 10n, owner: "0x00000000000000000000000000000000000000aa", usdAmount: 1n }), /Invalid API Key/);
  });
});
