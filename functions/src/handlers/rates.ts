import type { Context, ScheduledEvent } from "aws-lambda";

import { runRates } from "../keepers/rates.ts";
import { ratesConfig } from "../rates/defaults.ts";
import { getRuntime, logger } from "../runtime.ts";

/** Scheduled every minute: the SSH/USD rate from the exchanges, posted on a move or the heartbeat. */
export async function handler(_event: ScheduledEvent, context: Context) {
  logger.addContext(context);
  const { config, publicClient, sender } = getRuntime();
  const run = await runRates({ publicClient, sender: await sender("rateUpdater"), oracle: config.contracts.ExchangeRateOracle, rates: ratesConfig() });
  const result = { ...run, rate: run.rate?.toString() };
  if (run.escalate) logger.warn("rate move needs the guardian", result);
  else logger.info("rates", result);
  return result;
}
