import type { Context, ScheduledEvent } from "aws-lambda";

import { runPayouts } from "../keepers/payouts.ts";
import { LocalPayoutProvider } from "../payouts/provider.ts";
import { getRuntime, logger } from "../runtime.ts";

/** Scheduled every minute: pays open cash-outs through the payout provider (docs/functions.md). */
export async function handler(_event: ScheduledEvent, context: Context) {
  logger.addContext(context);
  const { config, publicClient, dynamo, sender } = getRuntime();
  // The Stripe provider replaces the local one in production (docs/functions.md).
  const provider = new LocalPayoutProvider(dynamo, config.tables.payouts);
  const run = await runPayouts({ publicClient, sender: sender("payout"), provider, config: { tokenExchange: config.contracts.TokenExchange, fromBlock: config.fromBlock } });
  const result = {
    paid: run.paid.map((p) => ({ cashOutId: String(p.cashOutId), reference: p.reference })),
    failed: run.failed.map((f) => ({ cashOutId: String(f.cashOutId), reason: f.reason })),
    transactions: run.transactions,
  };
  logger.info("payouts", result);
  return result;
}
