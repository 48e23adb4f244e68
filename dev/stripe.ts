import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Stripe's API (which cannot be reached from here), speaking its wire format to
 * the official `stripe` package: form-encoded requests with a bearer secret key, `Idempotency-Key`
 * replays (the same key gets the first answer back, as Stripe keeps it for 24 hours), its objects and
 * its error envelope. It serves what the platform calls: Connect transfers (`POST /v1/transfers`).
 * Connected accounts named `acct_closed...` are refused as Stripe refuses a closed account.
 */
export async function startLocalStripe({ secretKey = "sk_test_local", port = 0 }: { secretKey?: string; port?: number } = {}) {
  /** Every transfer created (its form fields), in order. */
  const transfers: Record<string, string>[] = [];
  const replays = new Map<string, { status: number; body: string }>();

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => resolve(body));
    });
  const error = (status: number, fields: Record<string, string>) => ({ status, body: JSON.stringify({ error: fields }) });

  const server = createServer(async (req, res) => {
    const form = Object.fromEntries(new URLSearchParams(await read(req)));
    const key = req.headers["idempotency-key"] as string | undefined;
    let reply = key ? replays.get(`${req.url} ${key}`) : undefined;
    if (!reply) {
      if (req.headers.authorization !== `Bearer ${secretKey}`) {
        reply = error(401, { type: "invalid_request_error", message: "Invalid API Key provided" });
      } else if (req.url !== "/v1/transfers" || req.method !== "POST") {
        reply = error(404, { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${req.url}).` });
      } else if (!/^\d+$/.test(form.amount ?? "") || Number(form.amount) < 1) {
        reply = error(400, { type: "invalid_request_error", code: "parameter_invalid_integer", message: "Invalid integer: amount", param: "amount" });
      } else if (form.destination?.startsWith("acct_closed")) {
        reply = error(400, { type: "invalid_request_error", code: "account_invalid", message: "The destination account is closed.", param: "destination" });
      } else {
        transfers.push(form);
        const transfer = {
          id: `tr_${transfers.length.toString().padStart(4, "0")}`,
          object: "transfer",
          amount: Number(form.amount),
          currency: form.currency,
          destination: form.destination,
          transfer_group: form.transfer_group,
          metadata: Object.fromEntries(Object.entries(form).flatMap(([k, v]) => (k.startsWith("metadata[") ? [[k.slice(9, -1), v]] : []))),
          created: Math.floor(Date.now() / 1000),
          livemode: false,
          reversed: false,
        };
        reply = { status: 200, body: JSON.stringify(transfer) };
      }
      // Stripe replays the first answer to a key, errors of the request included (not 401s: nothing ran).
      if (key && reply.status !== 401) replays.set(`${req.url} ${key}`, reply);
    }
    res.writeHead(reply.status, { "content-type": "application/json", "request-id": `req_${Date.now()}`, ...(key ? { "idempotency-key": key } : {}) });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    secretKey,
    transfers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
