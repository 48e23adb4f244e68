/**
 * `npm start`: the whole platform locally, on embedded defaults.
 * Serves an in-process Hardhat (EDR) chain on 127.0.0.1:8545, deploys the contracts with Ignition,
 * seeds the demo, writes deployments/localhost.json (and subgraph/networks.json), runs the subgraph
 * with the local indexer and serves it at http://127.0.0.1:8000/subgraphs/name/streamspace, prints a
 * summary and runs until interrupted. Runs the back end (functions, DynamoDB, object storage, IPFS, the
 * media worker) and makes the demo films real encrypted videos. Each port has a variable that moves it
 * (dev/ports.ts; the end-to-end test uses them).
 */
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

import { startLocalSubgraph } from "../indexer/local-graph-node.js";
import { subgraphNetworks } from "@streamspace/core/deployment";
import { localDeploymentFile, writeDeployment, writeSubgraphNetworks } from "@streamspace/core/node/deployment-file";
import { formatUnitsRounded } from "@streamspace/core/format";
import { startBackend } from "../dev/backend.js";
import { linkPayoutAccount } from "../dev/card.js";
import { demoCardPayments, formatCardPayments } from "../dev/demo/card.js";
import { prepareDemoContent, publishDemoContent } from "../dev/demo/content.js";
import { DEMO_DOLLAR_FILM, DEMO_FILMS } from "../dev/demo/films.js";
import { formatSummary, seedDemo } from "../dev/demo/seed.js";
import { FUNCTION_NAMES, type FunctionName, invokeFunction, lambdaClient } from "../dev/functions-offline.js";
import { startLocalMarket } from "../dev/market.js";
import { buildDapp, DAPP_DIST, dappContracts, serveDapp, startDappDevServer } from "../dev/web.js";
import { accountsByRole, contractAddresses, deployedContracts, deployPlatform, localKeyOf, startLocalChain } from "../dev/platform.js";
import { platformPorts, unusablePorts } from "../dev/ports.js";
import { sessionFor } from "../dev/sign-in.js";
import { CardPaymentStore } from "@streamspace/functions/payments/card-payments";
import { ReceiptStore } from "@streamspace/functions/receipts/receipt-store";

// Every port is checked before anything starts or is written (npm start checks before compiling too).
const ports = platformPorts();
const problems = await unusablePorts(ports);
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
const [rpcPort, graphPort, lambdaPort, functionsPort, dynamoPort, marketPort, s3Port, ipfsPort, stripePort, dappPort] = ports.map((p) => p.port) as [
  number, number, number, number, number, number, number, number, number, number,
];
// Everything started so far, stopped in reverse order if the start fails (then it exits non-zero with
// the reason, leaving no server or child process behind).
const started: { close: () => Promise<unknown> }[] = [];
try {
  const chain = await startLocalChain(rpcPort);
  started.push(chain);
  const { rpcUrl, connection } = chain;
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const startBlock = Number(await publicClient.getBlockNumber()) + 1;
  const platform = await deployPlatform(connection);
  const contracts = deployedContracts(platform, startBlock);

  // The back end: DynamoDB, object storage, the IPFS node and gateway, every function under
  // serverless-offline, the media worker; and the local exchange market (a gently moving SSH price).
  // Their state lives in a fresh directory: every start is a fresh chain.
  const stateDir = await mkdtemp(join(tmpdir(), "streamspace-"));
  started.push({ close: () => rm(stateDir, { recursive: true, force: true }) });
  const startedAt = Date.now();
  const market = await startLocalMarket(
    { usd: () => 0.0504 * (1 + 0.01 * Math.sin((Date.now() - startedAt) / 600_000)) }, // about 1% over 10 minutes
    marketPort,
  );
  started.push(market);
  // Every line the functions log (structured JSON, never a key) goes to the log file; warnings and
  // errors are also shown as they come.
  const functionsLog = resolve(process.env.STREAMSPACE_FUNCTIONS_LOG || join("logs", "functions.log"));
  mkdirSync(dirname(functionsLog), { recursive: true });
  const functionsLogFile = createWriteStream(functionsLog, { flags: "w" });
  const backend = await startBackend({
    rpcUrl,
    chainId,
    contracts: contractAddresses(platform),
    fromBlock: startBlock,
    dir: stateDir,
    ports: { dynamo: dynamoPort, lambda: lambdaPort, http: functionsPort, s3: s3Port, ipfs: ipfsPort, stripe: stripePort },
    // The recommendation engine trains on the subgraph served below, on its known port.
    subgraphUrl: `http://127.0.0.1:${graphPort}/subgraphs/name/streamspace`,
    // Wallets sign in from the dapp: Sign-In with Ethereum messages name its host.
    siweDomain: process.env.STREAMSPACE_SIWE_DOMAIN || `127.0.0.1:${dappPort}`,
    dappUrl: `http://127.0.0.1:${dappPort}`,
    // Cash-outs are paid through the development payment provider (Stripe Connect's API), as in production.
    env: { RATES_BASE_URL: market.url, PAYOUT_PROVIDER: "stripe" },
    log: (line) => {
      functionsLogFile.write(`${line}\n`);
      if (/"level":"(WARN|ERROR|CRITICAL)"|×|\[worker\]/.test(line)) console.log(`[functions] ${line}`);
    },
  });  started.push(backend);


  // The demo fan, who cashes out below, links a payout account first (Stripe Connect onboarding).
  const fanPayoutAccount = await linkPayoutAccount(
    backend.api,
    await sessionFor({ api: backend.api, account: localKeyOf("fan"), domain: backend.siweDomain, chainId }),
  );

  // The demo's films are real: each filmmaker uploads a video, the worker packages and encrypts it onto
  // IPFS, the film is registered with its metadata URI and published (its key bound).
  console.log("Packaging the demo films (ffmpeg, AES-128 HLS, IPFS)...");
  const content = await prepareDemoContent({
    api: backend.api,
    siweDomain: backend.siweDomain,
    chainId,
    dir: join(stateDir, "demo"),
    films: [...DEMO_FILMS, DEMO_DOLLAR_FILM],
  });
  const summary = await seedDemo(connection, platform, { metadataUriOf: (details) => content.uploads.get(details.title)!.metadataUri });
  await publishDemoContent({ api: backend.api, content, films: [...summary.films, summary.exchange.usdFilm] });
  // The demo audience's review texts, on IPFS under the CIDs their reviews carry on-chain.
  for (const { cid, text } of summary.audience.texts) {
    const added = await backend.ipfs.store.addBytes(new TextEncoder().encode(text));
    if (added !== cid) throw new Error(`a review text was stored as ${added}, not ${cid}`);
  }
  const accounts = await accountsByRole(connection);

  // The demo's open purchase is watched: the key server serves its key and queues the delivery receipt.
  const open = summary.purchases.find((p) => p.state === "open");
  if (open) {
    const token = await sessionFor({ api: backend.api, account: localKeyOf(open.role), domain: backend.siweDomain, chainId });
    const keyUrl = await fetch(`${backend.api}/films/${open.filmId}/key`, { headers: { authorization: `Bearer ${token}` } });
    if (!keyUrl.ok) throw new Error(`the demo fan could not get the key: ${await keyUrl.text()}`);
    const key = await fetch(((await keyUrl.json()) as { url: string }).url);
    if (!key.ok) throw new Error(`the demo fan could not get the key: ${await key.text()}`);
  }

  // Card payments, as the dapp makes them: a newcomer rents the dollar-priced film by card and is served
  // its key; another buys $5 of SSH by card, claims it and rents a film with it.
  const card = await demoCardPayments({
    connection,
    platform,
    api: backend.api,
    siweDomain: backend.siweDomain,
    chainId,
    rpcUrl,
    rentFilm: summary.exchange.usdFilm.filmId,
    buyFilm: summary.films[1]!.filmId,
  });

  const deployment = { chainId, rpcUrl, contracts, accounts };
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
  started.push(subgraph);

  // The dapp against this platform (its /config.json): Vite's development server (hot reload), or with
  // STREAMSPACE_DAPP=dist the production build as a CDN serves it (what the browser tests use).
  const dappConfig = {
    chainId,
    chainName: "StreamSpace local",
    rpcUrl,
    subgraphUrl: subgraph.url,
    apiUrl: backend.api,
    ipfsGateway: backend.ipfs.gateway,
    // Stripe.js for the card form: the development payment provider's stand-in (dev/stripe-js.ts).
    stripeJsUrl: new URL("/v3/", backend.stripe.url).toString(),
    // WalletConnect is offered with a project id (cloud.reown.com); its relay is on the internet.
    ...(process.env.STREAMSPACE_WALLETCONNECT_PROJECT_ID ? { walletConnectProjectId: process.env.STREAMSPACE_WALLETCONNECT_PROJECT_ID } : {}),
    contracts: dappContracts(platform),
  };
  const dapp =
    process.env.STREAMSPACE_DAPP === "dist"
      ? await serveDapp({ config: dappConfig, port: dappPort, dist: existsSync(join(DAPP_DIST, "index.html")) ? DAPP_DIST : buildDapp() })
      : await startDappDevServer({ port: dappPort, config: dappConfig, log: (line) => functionsLogFile.write(`[dapp] ${line}\n`) });
  started.push(dapp);

  const lambda = lambdaClient(lambdaPort);
  const functionResults: string[] = [];
  for (const name of FUNCTION_NAMES) {
    try {
      functionResults.push(`  ${name.padEnd(11)} ${await describeRun(name, await invokeFunction(lambda, name))}`);
    } catch (error) {
      functionResults.push(`  ${name.padEnd(11)} failed: ${(error as Error).message}`);
    }
  }
  const catalogue = [...summary.films, summary.exchange.usdFilm].map((film) => {
    const upload = content.uploads.get(film.title)!;
    return `  #${film.filmId} ${film.title.padEnd(20)} ${upload.runtimeSeconds} s, metadata ${backend.ipfs.toGatewayUrl(upload.metadataUri)}`;
  });

  console.log(`
StreamSpace is running locally.

Dapp: ${dapp.url}   (connect any injected wallet on chain ${chainId}; the demo accounts' keys are below)

Chain (JSON-RPC): ${rpcUrl}   chain id ${await publicClient.getChainId()}
Contracts:
  StreamShare (SSH)  ${platform.ssh.address}
  FilmRegistry       ${platform.filmRegistry.address}
  PayPerView         ${platform.payPerView.address}
  CampaignFactory    ${platform.campaignFactory.address}
  ExchangeRateOracle ${platform.oracle.address}
  TokenExchange      ${platform.tokenExchange.address}
  CuratorStaking     ${platform.curatorStaking.address}
  FilmReviews        ${platform.filmReviews.address}
Addresses written to ${localDeploymentFile()}

Subgraph (GraphQL): ${subgraph.url}
  indexed to block ${subgraph.indexer.store.cursor?.number}, ${subgraph.indexer.eventsHandled} events; following the chain

Demo accounts (Hardhat's well-known test keys, funded with 10,000 ETH each; never use them elsewhere):
${Object.entries(accounts)
  .map(([role, address]) => `  ${role.padEnd(15)} ${address}`)
  .join("\n")}

${formatSummary(summary)}

${formatCardPayments(card, backend.stripe.url.toString())}

Films (encrypted HLS on IPFS, gateway ${backend.ipfs.gateway}; keys from ${backend.api}/keys/...):
${catalogue.join("\n")}

Functions (serverless-offline; HTTP API ${backend.api}, Lambda API http://127.0.0.1:${lambdaPort},
DynamoDB ${backend.dynamo.endpoint}, object storage ${backend.s3.endpoint}, exchange market ${market.url});
the keepers ran once now and then run on their schedules (\`npm run invoke -- <name>\` runs one now);
their logs: ${functionsLog}
${functionResults.join("\n")}

Ready. Press Ctrl+C to stop.`);

  const stop = async () => {
    await dapp.close();
    await backend.close();
    functionsLogFile.end();
    await market.close();
    await subgraph.close();
    await chain.close();
    await rm(stateDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await chain.server.afterClosed();

  /**
   * One line a person reads for what a keeper has done since the start: this run's result, and what its
   * schedule may already have done (a scheduled run can come first, at a minute's turn).
   */
  async function describeRun(name: FunctionName, result: unknown): Promise<string> {
    const r = result as Record<string, unknown>;
    switch (name) {
      case "rates": {
        const [roundId, answer] = await platform.oracle.read.latestRoundData();
        const sources = r.posted ? ` from ${r.sources} sources (Korean premium ${(Number(r.koreaPremiumBps) / 100).toFixed(2)}%)` : ` (round ${roundId}; this run: ${r.reason})`;
        return roundId > 1n ? `posted $${formatUnitsRounded(answer, 8, 6)} per SSH${sources}` : `did not post: ${r.reason}`;
      }
      case "popularity": {
        const films = [...summary.films, summary.exchange.usdFilm];
        const posted = await Promise.all(films.map(async (f) => (await platform.curatorStaking.read.popularityOf([f.filmId])).updatedAt > 0));
        return `${posted.filter(Boolean).length} of ${films.length} films' popularity posted`;
      }
      case "settle": {
        // The receipts the key server queued, settled by this run or by a scheduled one (possibly still
        // marking them): the chain says which are settled.
        const store = new ReceiptStore(backend.dynamo.client, backend.dynamo.tables.receipts);
        const receipts = [...(await store.byStatus("waiting")), ...(await store.byStatus("settled"))].map((s) => s.receipt);
        const states = await Promise.all(receipts.map((rc) => platform.payPerView.read.purchaseState([rc.purchaseId, rc.filmId, rc.viewer])));
        const settled = receipts.filter((_, i) => states[i] === 2).map((rc) => rc.purchaseId).sort((a, b) => (a < b ? -1 : 1));
        return `settled purchases ${settled.map((id) => `#${id}`).join(", ") || "none"}`;
      }
      case "onramp": {
        const all = await new CardPaymentStore(backend.dynamo.client, backend.dynamo.tables.cardPayments).all();
        const count = (status: string) => all.filter((p) => p.status === status).length;
        return `card payments: ${count("rented")} rental(s) bought, ${count("credited")} credit(s), ${count("refused")} refused`;
      }
      case "reconcile": {
        const report = r.report as { lossCents: number };
        return `${r.listed} Stripe events of the last 3 days checked, ${(r.missed as string[]).length} missed by the webhook; losses ${report.lossCents} cents`;
      }
      case "recommendationsTrain": {
        return `recommendations trained on ${r.interactions} verified views of ${r.films} films by ${r.wallets} wallets (${Number(r.seconds).toFixed(2)} s)`;
      }
      case "payouts": {
        // This run's payouts, or the scheduled run's before it: the provider's transfers say.
        const id = summary.exchange.cashOut.id;
        const transfer = backend.stripe.transfers.findIndex((t) => t["metadata[cash_out_id]"] === String(id));
        return transfer >= 0 ? `paid cash-outs #${id} (tr_${String(transfer + 1).padStart(4, "0")} to ${fanPayoutAccount})` : "paid cash-outs none";
      }
    }
  }
} catch (error) {
  console.error(`npm start failed: ${(error as Error).stack ?? error}`);
  for (const thing of started.reverse()) await thing.close().catch(() => undefined);
  process.exit(1);
}
