/**
 * `npm start`: the whole platform locally, on embedded defaults.
 * Serves an in-process Hardhat (EDR) chain on 127.0.0.1:8545, deploys the contracts with Ignition,
 * seeds the demo, writes deployments/localhost.json (and subgraph/networks.json), runs the subgraph
 * with the local indexer and serves it at http://127.0.0.1:8000/subgraphs/name/streamspace, prints a
 * summary and runs until interrupted. STREAMSPACE_RPC_PORT and STREAMSPACE_GRAPH_PORT move the chain
 * and the GraphQL endpoint to other ports (the end-to-end test uses them).
 */
import { join } from "node:path";

import { startLocalSubgraph } from "../indexer/local-graph-node.js";
import { subgraphNetworks } from "@streamspace/core/deployment";
import { localDeploymentFile, writeDeployment, writeSubgraphNetworks } from "@streamspace/core/node/deployment-file";
import { formatSummary, seedDemo } from "../dev/demo/seed.js";
import { accountsByRole, deployedContracts, deployPlatform, startLocalChain } from "../dev/platform.js";
import { platformPorts, unusablePorts } from "../dev/ports.js";

// Every port is checked before anything starts or is written (npm start checks before compiling too).
const ports = platformPorts();
const problems = await unusablePorts(ports);
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
const [rpcPort, graphPort] = ports.map((p) => p.port) as [number, number];
const chain = await startLocalChain(rpcPort);
const { rpcUrl, connection } = chain;
const publicClient = await connection.viem.getPublicClient();
const startBlock = Number(await publicClient.getBlockNumber()) + 1;

const platform = await deployPlatform(connection);
const summary = await seedDemo(connection, platform);
const accounts = await accountsByRole(connection);

const deployment = {
  chainId: await publicClient.getChainId(),
  rpcUrl,
  contracts: deployedContracts(platform, startBlock),
  accounts,
};
await writeDeployment(deployment);
await writeSubgraphNetworks(deployment);

// The subgraph, run by the local indexer against this chain (graph-node's role), served over GraphQL.
const subgraph = await startLocalSubgraph({
  manifest: join(import.meta.dirname, "..", "subgraph", "build", "subgraph.yaml"),
  rpcUrl,
  port: graphPort,
  addresses: subgraphNetworks(deployment.contracts).localhost,
  log: (level, message) => level !== "info" && level !== "debug" && console.log(`[subgraph] ${level}: ${message}`),
});

console.log(`
StreamSpace is running locally.

Chain (JSON-RPC): ${rpcUrl}   chain id ${await publicClient.getChainId()}
Contracts:
  StreamShare (SSH)  ${platform.ssh.address}
  FilmRegistry       ${platform.filmRegistry.address}
  PayPerView         ${platform.payPerView.address}
  CampaignFactory    ${platform.campaignFactory.address}
  ExchangeRateOracle ${platform.oracle.address}
  TokenExchange      ${platform.tokenExchange.address}
  CuratorStaking     ${platform.curatorStaking.address}
Addresses written to ${localDeploymentFile()}

Subgraph (GraphQL): ${subgraph.url}
  indexed to block ${subgraph.indexer.store.cursor?.number}, ${subgraph.indexer.eventsHandled} events; following the chain

Demo accounts (Hardhat's well-known test keys, funded with 10,000 ETH each; never use them elsewhere):
${Object.entries(accounts)
  .map(([role, address]) => `  ${role.padEnd(15)} ${address}`)
  .join("\n")}

${formatSummary(summary)}

Ready. Press Ctrl+C to stop.`);

const stop = async () => {
  await subgraph.close();
  await chain.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
await chain.server.afterClosed();
