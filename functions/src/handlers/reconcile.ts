import type { Context } from "aws-lambda";

import { getOnrampRuntime, logger } from "../runtime.ts";

/**
 * Daily: lists Stripe's events of the last three days and processes any the webhook never delivered,
 * then writes the operator's report (outcomes, refusals, and every loss: a card refunded or disputed
 * after its SSH was claimed or its film delivered).
 */
export async function handler(_event: unknown, context: Context) {
  logger.addContext(context);
  const onramp = await getOnrampRuntime().onramp();
  const reconciled = await onramp.reconcile(3);
  const report = await onramp.report();
  logger.info("reconciliation", { ...reconciled, report });
  return { ...reconciled, report };
}
