import type { Context } from "aws-lambda";

import { getOnrampRuntime, logger } from "../runtime.ts";

/**
 * The on-ramp: started by the webhook to drain the inbox (`{ drain: <the marker's holder> }`, without
 * waiting: one drain per burst of events), and every minute on schedule to drain whatever is still
 * pending (a chain that was down, a crash) and to settle or refund card rentals whose delivery timeout
 * has ended (payments/onramp.ts).
 */
export async function handler(event: { drain?: string } | undefined, context: Context) {
  logger.addContext(context);
  const onramp = await getOnrampRuntime().onramp();
  if (typeof event?.drain === "string") return { events: await onramp.drain(event.drain) };
  const run = await onramp.run();
  logger.info("onramp", run);
  return run;
}
