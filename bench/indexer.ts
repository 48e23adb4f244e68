/**
 * `npm run bench` (second part): the local indexer's throughput. Generates a platform history of over
 * 10,000 events on a local chain (films registered, twenty fans buying each, every purchase delivered
 * and settled in batches, rights holders claiming), then indexes it from scratch with the compiled
 * subgraph, in memory and with the on-disk store, and reports events per second against the target of
 * 500 (graph-node measured about 26 events/s on an ERC-20 history, Envio's indexer about 1,650).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Address, Hex } from "viem";
import { maxUint256, parseEther } from "viem";

import { CompiledSubgraph } from "../indexer/subgraph.js";
import { Indexer, JsonRpc } from "../indexer/indexer.js";
import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import { subgraphNetworks } from "@streamspace/core/deployment";
import { accountsByRole, deployedContracts, deployPlatform, localKeyOf, startLocalChain } from "../dev/platform.js";

const TARGET_EVENTS_PER_SECOND = 500;
const MIN_EVENTS = 10_000;
const FILMS = 165;
const PRICE = parseEther("1");

const chain = await startLocalChain(18_745);
const { connection } = chain;
const { viem } = connection;
const publicClient = await viem.getPublicClient();
const wallets = await viem.getWalletClients();
const roles = await accountsByRole(connection);
const platform = await deployPlatform(connection);
const { ssh, filmRegistry, payPerView } = platform;
const chainId = await publicClient.getChainId();

// With automine, each write returns once its block is mined; a revert throws.
const fans = wallets.map((w) => w.account.address);
for (const fan of fans) {
  if (fan !== roles.treasury) await ssh.write.transfer([fan, parseEther("1000")], { account: roles.treasury });
  await ssh.write.approve([payPerView.address, maxUint256], { account: fan });
}
const holders: Address[] = [roles.filmmakerAda, roles.composer, roles.filmmakerLuis];
const splitIds: bigint[] = [];
const deadline = 2n ** 40n;
const started = performance.now();
for (let f = 0; f < FILMS; f++) {
  await filmRegistry.write.registerFilm([`ipfs://bench-${f}`, PRICE, 48n * 3600n, holders, [6_000, 3_000, 1_000], 0n], {
    account: roles.filmmakerAda,
  });
  const filmId = BigInt(f + 1);
  splitIds.push(BigInt((await filmRegistry.read.film([filmId])).splitId));
  const receipts: { purchaseId: bigint; viewer: Address; filmId: bigint; deadline: bigint }[] = [];
  const signatures: Hex[] = [];
  for (const fan of fans) {
    await payPerView.write.purchase([filmId, PRICE], { account: fan });
    const purchaseId = await payPerView.read.lastPurchaseId();
    const receipt = { purchaseId, viewer: fan, filmId, deadline };
    receipts.push(receipt);
    signatures.push(await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: payPerView.address, receipt }));
  }
  await payPerView.write.settleBatch([receipts, signatures], { account: roles.deliverySigner });
}
for (const holder of holders) {
  for (let i = 0; i < splitIds.length; i += 50) {
    await payPerView.write.claimMany([splitIds.slice(i, i + 50), holder], { account: holder });
  }
}
const head = Number(await publicClient.getBlockNumber());
console.log(`generated ${head} blocks in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const subgraph = new CompiledSubgraph(join(import.meta.dirname, "..", "subgraph", "build", "subgraph.yaml"));
const addresses = subgraphNetworks(deployedContracts(platform, 1)).localhost;

const failures: string[] = [];
console.log("indexer store     events   seconds   events/s   target");
for (const store of ["memory", "disk"] as const) {
  const dataDir = store === "disk" ? mkdtempSync(join(tmpdir(), "streamspace-bench-")) : undefined;
  const indexer = new Indexer({ subgraph, rpc: new JsonRpc(chain.rpcUrl), dataDir, addresses, log: () => {} });
  const t0 = performance.now();
  await indexer.sync(head);
  const seconds = (performance.now() - t0) / 1000;
  const rate = indexer.eventsHandled / seconds;
  console.log(
    `${store.padEnd(16)} ${String(indexer.eventsHandled).padStart(7)}  ${seconds.toFixed(2).padStart(8)}  ${rate.toFixed(0).padStart(9)}  ${TARGET_EVENTS_PER_SECOND}`,
  );
  if (indexer.failure) failures.push(`${store}: indexing failed: ${indexer.failure.message}`);
  if (indexer.eventsHandled < MIN_EVENTS) failures.push(`${store}: only ${indexer.eventsHandled} events (needs ${MIN_EVENTS})`);
  if (rate < TARGET_EVENTS_PER_SECOND) failures.push(`${store}: ${rate.toFixed(0)} events/s is below ${TARGET_EVENTS_PER_SECOND}`);
  const films = indexer.store.all("Film").length;
  const views = indexer.store.byId("Platform", "streamspace")?.views;
  if (films !== FILMS || views !== BigInt(FILMS * fans.length)) failures.push(`${store}: indexed ${films} films and ${views} views`);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
await chain.close();
if (failures.length > 0) {
  console.error(failures.map((f) => `FAIL ${f}`).join("\n"));
  process.exitCode = 1;
} else {
  console.log("indexer: throughput above target");
}
