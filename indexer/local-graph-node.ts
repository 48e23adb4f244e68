/**
 * The local stand-in for graph-node: loads the compiled subgraph, indexes the chain behind `rpcUrl`
 * and keeps following it, and serves GraphQL at http://127.0.0.1:<port>/subgraphs/name/<name>.
 */
import { readFileSync } from "node:fs";

import { cidV0 } from "@streamspace/core/cid";
import type { LogLevel } from "./host.js";
import { QueryService } from "./graphql.js";
import { Indexer, JsonRpc } from "./indexer.js";
import { serveSubgraph } from "./server.js";
import { CompiledSubgraph } from "./subgraph.js";

export interface LocalSubgraphOptions {
  /** subgraph/build/subgraph.yaml */
  manifest: string;
  rpcUrl: string;
  name?: string;
  port?: number;
  /** Persist the store here (a restart resumes); omit to keep it in memory. */
  dataDir?: string;
  addresses?: Record<string, { address: string; startBlock: number }>;
  pollIntervalMs?: number;
  /** Retries of a failed JSON-RPC request (with backoff) before the error reaches the indexer. */
  rpcRetryCount?: number;
  log?: (level: LogLevel, message: string) => void;
}

export async function startLocalSubgraph(options: LocalSubgraphOptions) {
  const subgraph = new CompiledSubgraph(options.manifest);
  const indexer = new Indexer({
    subgraph,
    rpc: new JsonRpc(options.rpcUrl, { retryCount: options.rpcRetryCount }),
    dataDir: options.dataDir,
    addresses: options.addresses,
    log: options.log,
  });
  // graph-node names a deployment by the IPFS hash (CIDv0) of its manifest; this is the same form.
  const deployment = cidV0(readFileSync(options.manifest));
  const service = new QueryService(subgraph.schema, indexer.store, () => ({
    block: indexer.store.cursor,
    deployment,
    hasIndexingErrors: indexer.failure !== null,
  }));
  const server = await serveSubgraph(service, { name: options.name ?? "streamspace", port: options.port });
  try {
    await indexer.sync();
  } catch (error) {
    // A failed start leaves nothing listening: the caller sees the reason and can exit.
    await indexer.stop();
    await server.close();
    throw new Error(`the local graph-node could not index the chain at ${options.rpcUrl}: ${(error as Error).message}`, { cause: error });
  }
  indexer.follow(options.pollIntervalMs);
  return {
    url: server.url,
    deployment,
    indexer,
    service,
    async close() {
      await indexer.stop();
      await server.close();
    },
  };
}
