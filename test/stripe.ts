import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";

import { StripePayoutProvider } from "@streamspace/functions/payouts/stripe";

/**
 * The Stripe payout provider through the official `stripe` package, against a local stand-in of Stripe's
 * API (Stripe cannot be reached from here) that speaks its wire format: form-encoded requests, bearer
 * key, `Idempotency-Key` replays, the transfer object, and the error envelope.
 */
describe("the Stripe payout provider", () => {
  let server: Server;
  let port: number;
  const created: Record<string, string>[] = [];
  const replies = new Map<string, { status: number; body: string }>();

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => resolve(body));
    });

  before(async () => {
    server = createServer(async (req, res) => {
      const body = Object.fromEntries(new URLSearchParams(await read(req)));
      const key = req.headers["idempotency-key"] as string | undefined;
      let reply = key ? replies.get(key) : undefined;
      if (!reply) {
        if (req.url !== "/v1/transfers" || req.method !== "POST" || req.headers.authorization !== "Bearer sk_test_local") {
          reply = { status: 401, body: JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided" } }) };
        } else if (body.destination === "acct_closed") {
          reply = {
            status: 400,
            body: JSON.stringify({ error: { type: "invalid_request_error", code: "account_invalid", message: "The destination account is closed.", param: "destination" } }),
          };
        } else {
          created.push(body);
          const transfer = {
            id: `tr_${created.length.toString().padStart(4, "0")}`,
            object: "transfer",
            amount: Number(body.amount),
            currency: body.currency,
            destination: body.destination,
            transfer_group: body.transfer_group,
            metadata: { cash_out_id: body["metadata[cash_out_id]"], owner: body["metadata[owner]"] },
            created: 1_764_500_000,
            livemode: false,
            reversed: false,
          };
          reply = { status: 200, body: JSON.stringify(transfer) };
        }
        if (key) replies.set(key, reply);
      }
      res.writeHead(reply.status, { "content-type": "application/json", "request-id": "req_local" });
      res.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  const accounts: Record<string, string> = {
    "0x00000000000000000000000000000000000000aa": "acct_1Holder",
    "0x00000000000000000000000000000000000000bb": "acct_closed",
  };
  const provider = () =>
    new StripePayoutProvider({
      secretKey: "sk_test_local",
      connectedAccountOf: async (owner) => accounts[owner.toLowerCase()],
      api: { host: "127.0.0.1", port, protocol: "http" },
    });

  it("transfers the cash-out's cents to the holder's connected account, once per cash-out", async () => {
    const request = { cashOutId: 7n, owner: "0x00000000000000000000000000000000000000aA" as const, usdAmount: 4_95000000n };
    const first = await provider().pay(request);
    assert.deepEqual(first, { status: "paid", reference: "tr_0001" });
    assert.deepEqual(created[0], {
      amount: "495",
      currency: "usd",
      destination: "acct_1Holder",
      transfer_group: "cashout-7",
      "metadata[cash_out_id]": "7",
      "metadata[owner]": request.owner,
    });
    // A retry after a crash (a new container, a new client): Stripe replays the same transfer.
    assert.deepEqual(await provider().pay(request), first);
    assert.equal(created.length, 1, "one transfer");
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
    const wrongKey = new StripePayoutProvider({ secretKey: "sk_test_wrong", connectedAccountOf: async () => "acct_1Holder", api: { host: "127.0.0.1", port, protocol: "http" } });
    await assert.rejects(wrongKey.pay({ cashOutId: 10n, owner: "0x00000000000000000000000000000000000000aa", usdAmount: 1n }), /Invalid API Key/);
  });
});
