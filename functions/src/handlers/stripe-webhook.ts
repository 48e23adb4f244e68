import { randomUUID } from "node:crypto";

import Stripe from "stripe";

import { HttpError, httpHandler } from "../http/http.ts";
import { HANDLED_EVENTS, type HandledEvent } from "../payments/inbox.ts";
import { getOnrampRuntime, logger } from "../runtime.ts";

/** Stripe's default: a signature more than five minutes old is refused (a replay). */
const TOLERANCE_SECONDS = 300;

/**
 * POST /webhooks/stripe: Stripe's events, verified against the `Stripe-Signature` header with the
 * official package (the raw body, the endpoint's secret, five minutes' tolerance); anything unsigned,
 * mis-signed, altered or stale is a 400 and changes nothing. A verified event the platform acts on is
 * stored once (its id) and acknowledged at once; the on-ramp function is started on it without waiting,
 * and drains whatever is still pending every minute, so slow chain work never delays the answer and an
 * event is never lost.
 */
export const handler = httpHandler(async (event) => {
  const { onrampConfig, inbox, wakeOnramp } = getOnrampRuntime();
  const signature = event.headers?.["stripe-signature"];
  if (!signature) throw new HttpError(400, "unsigned", "the Stripe-Signature header is missing");
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, "base64") : event.body) : "";
  let verified: Stripe.Event;
  try {
    verified = Stripe.webhooks.constructEvent(body, signature, onrampConfig.stripe.webhookSecret, TOLERANCE_SECONDS);
  } catch (error) {
    throw new HttpError(400, "bad_signature", `the event's signature does not verify: ${(error as Error).message}`);
  }
  if (!(HANDLED_EVENTS as readonly string[]).includes(verified.type)) return { json: { received: true, handled: false } };
  const stored = await inbox.add(verified.id, verified.type as HandledEvent, typeof body === "string" ? body : body.toString("utf8"));
  // One drain for a burst: started only if none is running (it holds the marker until the inbox is
  // empty). Best effort: if the start fails, the event waits for the scheduled drain (a minute at most).
  const waker = randomUUID();
  if (stored && (await inbox.claimDrain(waker))) {
    await wakeOnramp(waker).catch((error: Error) => logger.warn("could not start the on-ramp", { eventId: verified.id, error: error.message }));
  }
  return { json: { received: true, handled: true, duplicate: !stored } };
});
