import type { Context, ScheduledEvent } from "aws-lambda";

import { runSettle } from "../keepers/settle.ts";
import { ReceiptStore } from "../receipts/receipt-store.ts";
import { getRuntime, logger } from "../runtime.ts";

/** Scheduled every minute: settles the waiting delivery receipts (docs/functions.md). */
export async function handler(_event: ScheduledEvent, context: Context) {
  logger.addContext(context);
  const { config, publicClient, dynamo, sender } = getRuntime();
  const run = await runSettle({
    publicClient,
    sender: await sender("deliverySigner"),
    receipts: new ReceiptStore(dynamo, config.tables.receipts),
    config: { payPerView: config.contracts.PayPerView },
  });
  const result = { settled: run.settled.map(String), dropped: run.dropped.map((d) => ({ purchaseId: String(d.purchaseId), reason: d.reason })), transactions: run.transactions };
  logger.info("settle", result);
  return result;
}
