import type { Context } from "aws-lambda";

import { getOnrampRuntime, logger } from "../runtime.ts";

/**
 * The on-ramp: started by the webhook on one stored event (`{ eventId }`, without waiting), and every
 * minute on schedule to drain whatever is still pending (a chain that was down, a crash) and to settle
 * or refund card rentals whose delivery timeout has ended (payments/onramp.ts).
 */
export async function handler(event: { eventId?: string } | undefined, context: Context) {
  logger.addContext(context);
  const onramp = await getOnrampRuntime().onramp();
  if (typeof event?.eventId === "string") {
    const result = await onramp.processEvent(event.eventId);
    return { events: result ? { [event.eventId]: result } : {} };
  }
  const run = await onramp.run();
  logger.info("onramp", run);
  return run;
}
