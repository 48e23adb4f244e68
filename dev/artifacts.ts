import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The repository's root (this file is dev/). */
export const ROOT = join(import.meta.dirname, "..");

/** The contracts the subgraph indexes, by name, and their source files under contracts/. */
const SUBGRAPH_SOURCES: Record<string, string> = {
  StreamShare: "token/StreamShare.sol",
  FilmRegistry: "films/FilmRegistry.sol",
  PayPerView: "payments/PayPerView.sol",
  CampaignFactory: "crowdfunds/CampaignFactory.sol",
  CrowdfundVault: "crowdfunds/CrowdfundVault.sol",
  ExchangeRateOracle: "oracle/ExchangeRateOracle.sol",
  TokenExchange: "exchange/TokenExchange.sol",
  CuratorStaking: "curation/CuratorStaking.sol",
  FilmReviews: "reviews/FilmReviews.sol",
};

export const SUBGRAPH_CONTRACTS = Object.keys(SUBGRAPH_SOURCES);

/** A compiled contract's ABI, from its Hardhat artifact (needs `hardhat compile` first). */
export async function abiOf(contract: string): Promise<unknown[]> {
  const artifact = join(ROOT, "artifacts", "contracts", SUBGRAPH_SOURCES[contract]!, `${contract}.json`);
  return (JSON.parse(await readFile(artifact, "utf8")) as { abi: unknown[] }).abi;
}
