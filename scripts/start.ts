/**
 * `npm start`: the whole platform locally, on embedded defaults.
 * Serves an in-process Hardhat (EDR) chain on 127.0.0.1:8545, deploys the contracts with Ignition,
 * seeds the demo, writes deployments/localhost.json (and subgraph/networks.json), runs the subgraph
 * with the local indexer and serves it at http://127.0.0.1:8000/subgraphs/name/streamspace, prints a
 * summary and runs until interrupted. STREAMSPACE_RPC_PORT and STREAMSPACE_GRAPH_PORT move the chain
 * and the GraphQL endpoint to other ports (the end-to-end test uses them).
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

import { startLocalSubgraph } from "../indexer/local-graph-node.js";
import { subgraphNetworks } from "@streamspace/core/deployment";
import { localDeploymentFile, writeDeployment, writeSubgraphNetworks } from "@streamspace/core/node/deployment-file";
import { formatSummary, seedDemo } from "../dev/demo/seed.js";
import { accountsByRole, deployedContracts, deployPlatform, localKeyOf, localPrivateKeyOf, startLocalChain } from "../dev/platform.js";
import { platformPorts, unusablePorts } from "../dev/ports.js";
import { buildFunctions } from "../dev/functions-build.js";
import { FUNCTION_NAMES, type FunctionName, invokeFunction, lambdaClient, startFunctionsOffline } from "../dev/functions-offline.js";
import { stageTables, startLocalDynamo } from "../dev/dynamo.js";
import { startLocalMarket } from "../dev/market.js";
import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import { formatUnitsRounded } from "@streamspace/core/format";
import { ReceiptStore } from "@streamspace/functions/receipts/receipt-store";

// Every port is checked before anything starts or is written (npm start checks before compiling too).
const ports = platformPorts();
const problems = await unusablePorts(ports);
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
const [rpcPort, graphPort, lambdaPort, functionsPort, dynamoPort, marketPort] = ports.map((p) => p.port) as [
  number, number, number, number, number, number,
];
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

// The back end: DynamoDB (dynalite), the local exchange market (a gently moving SSH price), and the
// functions under serverless-offline, each run once now, then on its schedule.
const dynamo = await startLocalDynamo(dynamoPort, stageTables("local"));
const startedAt = Date.now();
const market = await startLocalMarket(
  { usd: () => 0.0504 * (1 + 0.01 * Math.sin((Date.now() - startedAt) / 600_000)) }, // about 1% over 10 minutes
  marketPort,
);
// The demo's open purchase was delivered: the key server's receipt waits for the settle function.
const open = summary.purchases.find((p) => p.state === "open");
if (open) {
  const receipt = { purchaseId: open.purchaseId, viewer: open.viewer, filmId: open.filmId, deadline: BigInt((await publicClient.getBlock()).timestamp) + 86_400n };
  const signature = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId: deployment.chainId, payPerView: platform.payPerView.address, receipt });
  await new ReceiptStore(dynamo.client, dynamo.tables.receipts).put(receipt, signature);
}
await buildFunctions();
const filmKeyMasterKey = randomBytes(32);
// Every line the functions log (structured JSON, never a key) goes to the log file; warnings and
// errors are also shown as they come.
const functionsLog = resolve(process.env.STREAMSPACE_FUNCTIONS_LOG || join("logs", "functions.log"));
mkdirSync(dirname(functionsLog), { recursive: true });
const functionsLogFile = createWriteStream(functionsLog, { flags: "w" });
const offline = await startFunctionsOffline({
  lambdaPort,
  httpPort: functionsPort,
  log: (line) => {
    functionsLogFile.write(`${line}\n`);
    if (/"level":"(WARN|ERROR|CRITICAL)"|×/.test(line)) console.log(`[functions] ${line}`);
  },
  env: {
    STREAMSPACE_RPC_URL: rpcUrl,
    STREAMSPACE_CHAIN_ID: String(deployment.chainId),
    STREAMSPACE_FROM_BLOCK: String(startBlock),
    STREAMSPACE_PAY_PER_VIEW: platform.payPerView.address,
    STREAMSPACE_FILM_REGISTRY: platform.filmRegistry.address,
    STREAMSPACE_CURATOR_STAKING: platform.curatorStaking.address,
    STREAMSPACE_EXCHANGE_RATE_ORACLE: platform.oracle.address,
    STREAMSPACE_TOKEN_EXCHANGE: platform.tokenExchange.address,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    RATES_BASE_URL: market.url,
    RATE_UPDATER_KEY: localPrivateKeyOf("rateUpdater"),
    REPORTER_KEY: localPrivateKeyOf("reporter"),
    DELIVERY_SIGNER_KEY: localPrivateKeyOf("deliverySigner"),
    PAYOUT_KEY: localPrivateKeyOf("payout"),
    POWERTOOLS_LOG_LEVEL: "INFO",
    // The key server: sessions and film keys under secrets made for this run (every start is a fresh
    // chain), Sign-In with Ethereum for the local host.
    SIWE_DOMAIN: process.env.STREAMSPACE_SIWE_DOMAIN || `127.0.0.1:${functionsPort}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    KEY_SERVER_URL: `http://127.0.0.1:${functionsPort}`,
    FILM_KEY_MASTER_KEY: filmKeyMasterKey.toString("hex"),
  },
});
const lambda = lambdaClient(lambdaPort);
const functionResults: string[] = [];
for (const name of FUNCTION_NAMES) {
  try {
    functionResults.push(`  ${name.padEnd(11)} ${describeRun(name, await invokeFunction(lambda, name))}`);
  } catch (error) {
    functionResults.push(`  ${name.padEnd(11)} failed: ${(error as Error).message}`);
  }
}

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

Functions (serverless-offline; Lambda API http://127.0.0.1:${lambdaPort}, DynamoDB ${dynamo.endpoint},
exchange market ${market.url}); each ran once now and then runs on its schedule
(\`npm run invoke -- <name>\` runs one now); their logs: ${functionsLog}
${functionResults.join("\n")}

Ready. Press Ctrl+C to stop.`);

const stop = async () => {
  await offline.stop();
  functionsLogFile.end();
  await market.close();
  await dynamo.close();
  await subgraph.close();
  await chain.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
await chain.server.afterClosed();

/** One line a person reads for a function's result. */
function describeRun(name: FunctionName, result: unknown): string {
  const r = result as Record<string, unknown>;
  switch (name) {
    case "rates":
      return r.posted
        ? `posted $${formatUnitsRounded(BigInt(String(r.rate)), 8, 6)} per SSH from ${r.sources} sources (Korean premium ${(Number(r.koreaPremiumBps) / 100).toFixed(2)}%)`
        : `did not post: ${r.reason}`;
    case "popularity":
      return `${(r.posted as unknown[]).length} of ${r.films} films' popularity posted`;
    case "settle":
      return `settled purchases ${(r.settled as string[]).map((id) => `#${id}`).join(", ") || "none"}`;
    case "payouts":
      return `paid cash-outs ${(r.paid as { cashOutId: string; reference: string }[]).map((p) => `#${p.cashOutId} (${p.reference})`).join(", ") || "none"}`;
  }
}
