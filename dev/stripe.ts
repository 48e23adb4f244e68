import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

import Stripe from "stripe";

import { STRIPE_JS_STANDIN } from "./stripe-js.js";

/**
 * The development payment provider: a local stand-in for Stripe's API (which cannot be reached from
 * here), speaking its wire format to the official `stripe` package and to a browser as Stripe.js does,
 * and delivering its webhooks as Stripe's CLI does (`stripe listen --forward-to`): each event POSTed to
 * the webhook URL with a `Stripe-Signature` header made by the official package's test-header helper,
 * retried on failure. Form-encoded requests with a bearer secret key (a publishable key may confirm a
 * PaymentIntent with its client secret, as Stripe.js does); `Idempotency-Key` replays (the first
 * answer back); Stripe's objects and error envelope.
 *
 * It also serves a stand-in of Stripe.js at `/v3/` (dev/stripe-js.ts) for the dapp's card form.
 *
 * It serves what the platform calls: PaymentIntents (create, retrieve, confirm with Stripe's test
 * payment methods: `pm_card_visa` succeeds, `pm_card_chargeDeclined` is declined, `pm_card_createDispute`
 * succeeds and is then disputed), refunds, the event list (reconciliation), Connect Express accounts
 * with onboarding links (the link completes onboarding when opened) and transfers (payouts; accounts
 * named `acct_closed...` are refused as Stripe refuses a closed account).
 */
export const STRIPE_API_VERSION = "2025-02-24.acacia";

type Obj = Record<string, unknown> & { id: string };

export interface LocalStripeOptions {
  secretKey?: string;
  publishableKey?: string;
  webhookSecret?: string;
  /** Where events are delivered (the webhook function); none: events are only listed. */
  webhookUrl?: string;
  port?: number;
}

export async function startLocalStripe({
  secretKey = "sk_test_local",
  publishableKey = "pk_test_local",
  webhookSecret = `whsec_${randomBytes(24).toString("hex")}`,
  webhookUrl,
  port = 0,
}: LocalStripeOptions = {}) {
  /** Every transfer created (its form fields), in order. */
  const transfers: Record<string, string>[] = [];
  const paymentIntents = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const accounts = new Map<string, Obj>();
  const events: Obj[] = [];
  const replays = new Map<string, { status: number; body: string }>();
  /** Each webhook delivery attempt: the event, the HTTP status (0: no answer) and how long it took. */
  const deliveries: { eventId: string; type: string; status: number; ms: number }[] = [];
  const delivery = { url: webhookUrl, hold: false, retries: 5 };
  const pendingDeliveries = new Set<Promise<void>>();
  let counter = 0;
  const newId = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(6, "0")}${randomBytes(9).toString("hex")}`; // letters and digits, as Stripe's
  const now = () => Math.floor(Date.now() / 1000);

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c));
      req.on("end", () => resolve(body));
    });
  const error = (status: number, fields: Record<string, string>) => ({ status, body: JSON.stringify({ error: fields }) });
  const ok = (object: unknown) => ({ status: 200, body: JSON.stringify(object) });
  const nested = (form: Record<string, string>, name: string) =>
    Object.fromEntries(Object.entries(form).flatMap(([k, v]) => (k.startsWith(`${name}[`) ? [[k.slice(name.length + 1, -1), v]] : [])));
  const list = (form: Record<string, string>, name: string) =>
    Object.entries(form).flatMap(([k, v]) => (k === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(k) ? [v] : []));

  /** Records an event and delivers it to the webhook URL (unless deliveries are held). */
  function emit(type: string, object: Obj, account?: string): Obj {
    const event: Obj = {
      id: newId("evt"),
      object: "event",
      api_version: STRIPE_API_VERSION,
      created: now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: delivery.url ? 1 : 0,
      request: { id: null, idempotency_key: null },
      type,
      ...(account ? { account } : {}),
    };
    events.push(event);
    if (delivery.url && !delivery.hold) deliver(event);
    return event;
  }

  /** POSTs an event as Stripe does, signed with the webhook secret; retried with backoff on failure. */
  function deliver(event: Obj, attempt = 0): void {
    const payload = JSON.stringify(event, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    const started = performance.now();
    const sending: Promise<void> = (async () => {
      let status = 0; // no answer
      try {
        const res = await fetch(delivery.url!, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": header, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
          body: payload,
        });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        // the endpoint could not be reached: retried below
      }
      deliveries.push({ eventId: event.id, type: event.type as string, status, ms: performance.now() - started });
      if ((status < 200 || status > 299) && attempt < delivery.retries) setTimeout(() => deliver(event, attempt + 1), 250 * 2 ** attempt).unref();
    })().finally(() => pendingDeliveries.delete(sending));
    pendingDeliveries.add(sending);
  }

  function chargeFor(pi: Obj): Obj {
    const charge: Obj = {
      id: newId("ch"),
      object: "charge",
      amount: pi.amount,
      amount_captured: pi.amount,
      amount_refunded: 0,
      currency: pi.currency,
      paid: true,
      captured: true,
      refunded: false,
      disputed: false,
      status: "succeeded",
      payment_intent: pi.id,
      payment_method: pi.payment_method,
      metadata: pi.metadata,
      created: now(),
      livemode: false,
    };
    charges.set(charge.id, charge);
    return charge;
  }

  /** Card details as Stripe.js sends them: Stripe's test card numbers stand for its test payment methods. */
  function testPaymentMethodOf(form: Record<string, string>): string {
    if (form["payment_method_data[type]"] !== "card") return "";
    const number = form["payment_method_data[card][number]"] ?? "";
    return { "4242424242424242": "pm_card_visa", "4000000000000002": "pm_card_chargeDeclined", "4000000000000259": "pm_card_createDispute" }[number] ?? "pm_card_chargeDeclined"; // a number that is no test card: declined, as in test mode
  }

  function confirm(pi: Obj, paymentMethod: string) {
    if (pi.status === "succeeded") return error(400, { type: "invalid_request_error", code: "payment_intent_unexpected_state", message: "This PaymentIntent's payment_method could not be updated because it has a status of succeeded." });
    pi.payment_method = paymentMethod;
    if (paymentMethod === "pm_card_chargeDeclined") {
      pi.status = "requires_payment_method";
      pi.last_payment_error = { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
      emit("payment_intent.payment_failed", pi);
      return error(402, { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined.", payment_intent: pi.id as string });
    }
    if (paymentMethod !== "pm_card_visa" && paymentMethod !== "pm_card_createDispute") {
      return error(400, { type: "invalid_request_error", code: "resource_missing", message: `No such PaymentMethod: '${paymentMethod}'`, param: "payment_method" });
    }
    const charge = chargeFor(pi);
    Object.assign(pi, { status: "succeeded", amount_received: pi.amount, latest_charge: charge.id, last_payment_error: null });
    // Stripe sends both; their order is not guaranteed (the platform acts on the PaymentIntent's).
    emit("charge.succeeded", charge);
    emit("payment_intent.succeeded", pi);
    if (paymentMethod === "pm_card_createDispute") setTimeout(() => dispute(pi.id), 50).unref();
    return ok(pi);
  }

  function refund(form: Record<string, string>) {
    const pi = form.payment_intent ? paymentIntents.get(form.payment_intent) : undefined;
    const charge = pi ? charges.get(pi.latest_charge as string) : charges.get(form.charge ?? "");
    if (!charge) return error(400, { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${form.payment_intent ?? form.charge}'`, param: "payment_intent" });
    const left = (charge.amount as number) - (charge.amount_refunded as number);
    const amount = form.amount ? Number(form.amount) : left;
    if (left === 0) return error(400, { type: "invalid_request_error", code: "charge_already_refunded", message: `Charge ${charge.id} has already been refunded.` });
    if (!Number.isInteger(amount) || amount < 1 || amount > left) return error(400, { type: "invalid_request_error", code: "amount_too_large", message: `Refund amount ($${amount / 100}) is greater than unrefunded amount on charge ($${left / 100})`, param: "amount" });
    const created: Obj = { id: newId("re"), object: "refund", amount, charge: charge.id, payment_intent: charge.payment_intent, currency: charge.currency, status: "succeeded", reason: form.reason ?? null, metadata: nested(form, "metadata"), created: now() };
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    emit("refund.created", created);
    emit("charge.refunded", charge);
    return ok(created);
  }

  function dispute(paymentIntentId: string): Obj | undefined {
    const pi = paymentIntents.get(paymentIntentId);
    const charge = pi && charges.get(pi.latest_charge as string);
    if (!charge) return undefined;
    charge.disputed = true;
    const created: Obj = { id: newId("dp"), object: "dispute", amount: charge.amount, charge: charge.id, payment_intent: pi.id, currency: charge.currency, reason: "fraudulent", status: "needs_response", created: now() };
    emit("charge.dispute.created", created);
    return created;
  }

  function listEvents(query: URLSearchParams) {
    const form = Object.fromEntries(query);
    const gte = Number(form["created[gte]"] ?? 0);
    const types = new Set([...list(form, "types"), ...(form.type ? [form.type] : [])]);
    const limit = Math.min(Number(form.limit ?? 10), 100);
    let matching = events.filter((e) => (e.created as number) >= gte && (types.size === 0 || types.has(e.type as string))).reverse(); // newest first
    if (form.starting_after) matching = matching.slice(matching.findIndex((e) => e.id === form.starting_after) + 1);
    return ok({ object: "list", data: matching.slice(0, limit), has_more: matching.length > limit, url: "/v1/events" });
  }

  function handle(method: string, url: URL, form: Record<string, string>, key: string | undefined): { status: number; body: string } {
    const path = url.pathname;
    const publishable = key === `Bearer ${publishableKey}`;
    if (key !== `Bearer ${secretKey}` && !publishable) return error(401, { type: "invalid_request_error", message: "Invalid API Key provided" });
    const notFound = () => error(404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` });
    let match: RegExpExecArray | null;

    // Stripe.js (publishable key): confirm and retrieve a PaymentIntent with its client secret.
    if ((match = /^\/v1\/payment_intents\/(pi_\w+)(\/confirm)?$/.exec(path))) {
      const pi = paymentIntents.get(match[1]!);
      if (!pi) return error(404, { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${match[1]}'`, param: "intent" });
      const secret = form.client_secret ?? url.searchParams.get("client_secret");
      if (publishable && secret !== pi.client_secret) return error(400, { type: "invalid_request_error", code: "payment_intent_invalid_parameter", message: "The client_secret provided does not match the client_secret associated with the PaymentIntent." });
      if (method === "POST" && match[2]) return confirm(pi, form.payment_method ?? testPaymentMethodOf(form));
      if (method === "GET" && !match[2]) return ok(pi);
      return notFound();
    }
    if (publishable) return error(401, { type: "invalid_request_error", message: "This API call cannot be made with a publishable API key." });

    if (method === "POST" && path === "/v1/payment_intents") {
      const amount = Number(form.amount);
      if (!/^\d+$/.test(form.amount ?? "") || amount < 50) return error(400, { type: "invalid_request_error", code: "amount_too_small", message: "Amount must be at least $0.50 usd", param: "amount" });
      if (form.currency !== "usd") return error(400, { type: "invalid_request_error", code: "parameter_invalid_string", message: "Invalid currency", param: "currency" });
      const id = newId("pi");
      const pi: Obj = {
        id,
        object: "payment_intent",
        amount,
        amount_received: 0,
        currency: form.currency,
        status: "requires_payment_method",
        client_secret: `${id}_secret_${randomBytes(12).toString("base64url")}`,
        description: form.description ?? null,
        metadata: nested(form, "metadata"),
        automatic_payment_methods: { enabled: form["automatic_payment_methods[enabled]"] === "true" },
        latest_charge: null,
        payment_method: null,
        created: now(),
        livemode: false,
      };
      paymentIntents.set(id, pi);
      emit("payment_intent.created", pi);
      return ok(pi);
    }
    if (method === "POST" && path === "/v1/refunds") return refund(form);
    if (method === "GET" && path === "/v1/events") return listEvents(url.searchParams);
    if (method === "POST" && path === "/v1/accounts") {
      const account: Obj = { id: newId("acct"), object: "account", type: form.type ?? "express", metadata: nested(form, "metadata"), charges_enabled: false, payouts_enabled: false, details_submitted: false, capabilities: { transfers: "inactive" }, created: now() };
      accounts.set(account.id, account);
      return ok(account);
    }
    if (method === "GET" && (match = /^\/v1\/accounts\/(acct_\w+)$/.exec(path))) {
      const account = accounts.get(match[1]!);
      return account ? ok(account) : error(404, { type: "invalid_request_error", code: "resource_missing", message: `No such account: '${match[1]}'` });
    }
    if (method === "POST" && path === "/v1/account_links") {
      const account = accounts.get(form.account ?? "");
      if (!account) return error(400, { type: "invalid_request_error", code: "resource_missing", message: `No such account: '${form.account}'`, param: "account" });
      return ok({ object: "account_link", created: now(), expires_at: now() + 300, url: `${base}/connect/onboarding/${account.id}?return_url=${encodeURIComponent(form.return_url ?? "")}` });
    }
    if (method === "POST" && path === "/v1/transfers") {
      if (!/^\d+$/.test(form.amount ?? "") || Number(form.amount) < 1) return error(400, { type: "invalid_request_error", code: "parameter_invalid_integer", message: "Invalid integer: amount", param: "amount" });
      if (form.destination?.startsWith("acct_closed")) return error(400, { type: "invalid_request_error", code: "account_invalid", message: "The destination account is closed.", param: "destination" });
      transfers.push(form);
      return ok({ id: `tr_${transfers.length.toString().padStart(4, "0")}`, object: "transfer", amount: Number(form.amount), currency: form.currency, destination: form.destination, transfer_group: form.transfer_group, metadata: nested(form, "metadata"), created: now(), livemode: false, reversed: false });
    }
    return notFound();
  }

  let base = "";
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    // The onboarding page a holder opens from the account link: completing it enables payouts.
    const onboarding = /^\/connect\/onboarding\/(acct_\w+)$/.exec(url.pathname);
    if (req.method === "GET" && onboarding) {
      const account = accounts.get(onboarding[1]!);
      if (!account) {
        res.writeHead(404).end("unknown account");
        return;
      }
      Object.assign(account, { details_submitted: true, payouts_enabled: true, charges_enabled: true, capabilities: { transfers: "active" } });
      emit("account.updated", account, account.id);
      const back = url.searchParams.get("return_url");
      res.writeHead(back ? 302 : 200, { "content-type": "text/html; charset=utf-8", ...(back ? { location: back } : {}) });
      res.end("<!doctype html><title>Onboarding complete</title><p>Your payout account is ready.</p>");
      return;
    }
    // Stripe.js, as the dapp loads it from js.stripe.com/v3/ (a stand-in: dev/stripe-js.ts).
    if (req.method === "GET" && url.pathname === "/v3/") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "access-control-allow-origin": "*" });
      res.end(STRIPE_JS_STANDIN);
      return;
    }
    // A browser's preflight (a request with an Authorization header from another origin).
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "authorization, content-type, idempotency-key, stripe-version",
        "access-control-max-age": "600",
      });
      res.end();
      return;
    }
    const body = await read(req);
    const form = Object.fromEntries(new URLSearchParams(body));
    // Stripe.js sends the publishable key as a form field (`key`), which needs no preflight.
    const authorization = req.headers.authorization ?? (form.key ? `Bearer ${form.key}` : undefined);
    delete form.key;
    const key = req.headers["idempotency-key"] as string | undefined;
    let reply = key ? replays.get(`${req.method} ${url.pathname} ${key}`) : undefined;
    if (!reply) {
      reply = handle(req.method ?? "GET", url, form, authorization);
      // Stripe replays the first answer to a key, errors of the request included (not 401s: nothing ran).
      if (key && reply.status !== 401) replays.set(`${req.method} ${url.pathname} ${key}`, reply);
    }
    res.writeHead(reply.status, {
      "content-type": "application/json",
      "request-id": `req_${randomBytes(8).toString("hex")}`,
      "stripe-version": STRIPE_API_VERSION,
      "access-control-allow-origin": "*",
      ...(key ? { "idempotency-key": key } : {}),
    });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: new URL(base),
    secretKey,
    publishableKey,
    webhookSecret,
    transfers,
    paymentIntents,
    events,
    deliveries,
    /** Where events go; `hold` keeps them from being delivered (a lost webhook). */
    webhooks: delivery,
    /** Sends an event again (Stripe redelivers, e.g. after a timeout it saw). */
    redeliver(eventId: string) {
      const event = events.find((e) => e.id === eventId);
      if (!event) throw new Error(`no event ${eventId}`);
      deliver(event);
    },
    /** The cardholder's bank disputes the payment (Stripe's `charge.dispute.created`). */
    dispute,
    /** Waits for every delivery in flight. */
    async settled() {
      while (pendingDeliveries.size) await Promise.all([...pendingDeliveries]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
