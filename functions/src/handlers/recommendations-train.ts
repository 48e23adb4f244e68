import { train } from "@streamspace/core/recommend/model";

import { readRecommendationsConfig } from "../config.ts";
import { ModelStore } from "../recommendations/model-store.ts";
import { readTrainingData } from "../recommendations/training-data.ts";
import { logger } from "../runtime.ts";


/**
 * The recommendation engine's training (every 15 minutes): the subgraph's verified views, ratings and
 * films, an RP3beta model (docs/recommendations.md), written where the serving function reads it.
 * Training again on the same data writes the same model: a retry changes nothing.
 */
export async function handler(): Promise<{ interactions: number; films: number; wallets: number; bytes: number; seconds: number }> {
  const started = performance.now();
  const config = readRecommendationsConfig();
  const store = new ModelStore(config.models);
  const data = await readTrainingData(config);
  const model = train(data.interactions, data.catalogue, {}, Math.floor(Date.now() / 1000));
  const bytes = await store.put({ model, open: data.open });
  const result = { interactions: data.interactions.length, films: model.items.length, wallets: Object.keys(model.users).length, bytes, seconds: (performance.now() - started) / 1000 };
  logger.info("recommendations trained", result);
  return result;
}
