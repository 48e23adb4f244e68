import type { Context, ScheduledEvent } from "aws-lambda";

import { runPayouts } from "../keepers/payouts.ts";
import { PayoutAccountStore } from "../payouts/accounts.ts";
import { LocalPayoutProvider, type PayoutProvider } from "../payouts/provider.ts";
import { StripePayoutProvider } from "../payouts/stripe.ts";
import { getRuntime, logger } from "../runtime.ts";

/** Scheduled every minute: pays open cash-outs through the payout provider (docs/functions.md). */
export async function handler(_event: ScheduledEvent, context: Context) {
  logger.addContext(context);
  const { config, publicClient, dynamo, sender } = getRuntime();
  const provider: PayoutProvider =
    config.payoutProvider.kind === "stripe"
      ? new StripePayoutProvider({
          secretKey: config.payoutProvider.secretKey,
          apiUrl: config.payoutProvider.apiUrl,
          connectedAccountOf: (owner) => new PayoutAccountStore(dynamo, config.tables.payoutAccounts).accountOf(owner),
        })
      : new LocalPayoutProvider(dynamo, config.tables.payouts);
  const run = await runPayouts({ publicClient, sender: await sender("payout"), provider, config: { tokenExchange: config.contracts.TokenExchange, fromBlock: config.fromBlock } });
  const result = {
    paid: run.paid.map((p) => ({ cashOutId: String(p.cashOutId), reference: p.reference })),
    failed: run.failed.map((f) => ({ cashOutId: String(f.cashOutId), reason: f.reason })),
    transactions: run.transactions,
  };
  logger.info("payouts", { provider: provider.name, ...result });
  return result;
}
