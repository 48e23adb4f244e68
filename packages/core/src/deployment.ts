import type { Address } from "viem";

/**
 * The one generated file that tells every other part of StreamSpace (subgraph, functions, dapp)
 * where the platform lives: chain, contract addresses and their first blocks, and (locally) the demo
 * accounts. Written by `npm start`; never committed, never edited by hand. Reading and writing it is
 * Node-only (`@streamspace/core/node/deployment-file`); this module is its shape, browser-safe.
 */
export interface Deployment {
  chainId: number;
  rpcUrl: string;
  contracts: Record<ContractName, { address: Address; blockNumber: number }>;
  accounts: Record<string, Address>;
}

export type ContractName =
  | "StreamShare"
  | "FilmRegistry"
  | "ExchangeRateOracle"
  | "PayPerView"
  | "CampaignFactory"
  | "TokenExchange"
  | "CuratorStaking"
  | "FilmReviews";

/**
 * graph-cli's networks.json for the local network (the subgraph's addresses and start blocks),
 * generated from a deployment: `graph build --network localhost` and the local indexer read it.
 */
export function subgraphNetworks(contracts: Deployment["contracts"]): { localhost: Record<string, { address: Address; startBlock: number }> } {
  return {
    localhost: Object.fromEntries(
      Object.entries(contracts).map(([name, c]) => [name, { address: c.address, startBlock: c.blockNumber }]),
    ),
  };
}
