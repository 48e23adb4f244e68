import type { Context, ScheduledEvent } from "aws-lambda";

import { runPopularity } from "../keepers/popularity.ts";
import { getRuntime, logger } from "../runtime.ts";

/** Scheduled hourly: posts the films' popularity from paid views (docs/functions.md). */
export async function handler(_event: ScheduledEvent, context: Context) {
  logger.addContext(context);
  const { config, publicClient, sender } = getRuntime();
  const run = await runPopularity({
    publicClient,
    sender: await sender("reporter"),
    config: { payPerView: config.contracts.PayPerView, filmRegistry: config.contracts.FilmRegistry, curatorStaking: config.contracts.CuratorStaking, fromBlock: config.fromBlock },
  });
  const result = { films: run.indices.size, posted: run.posted.map((p) => ({ filmId: String(p.filmId), index: String(p.index) })), transactions: run.transactions };
  logger.info("popularity", result);
  return result;
}
