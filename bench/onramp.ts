/**
 * `npm run bench` (card payments): the functions under serverless-offline against a served local chain,
 * paid through the development payment provider, which delivers Stripe's signed webhooks.
 *
 * - Webhook acknowledgement: how long the webhook function takes to answer Stripe (verify, store once,
 *   start the on-ramp without waiting), one payment at a time; goal p99 at most 100 ms locally.
 * - Webhook to credit: from the delivery's start until the credit can be read on-chain.
 * - Load: 200 payments of 200 different quotes confirmed within 10 s; every one credited exactly once,
 *   the acknowledgements' p99 under that load, and how long until the last credit.
 * Timings vary with the machine's load: goals, not assertions (the exactly-once count is checked).
 * BENCH_FUNCTIONS_LOG=<file> keeps the functions' log lines.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { paymentIdOf } from "@streamspace/core/payment-id";

import { startBackend } from "../dev/backend.ts";
import { checkout, confirmCard, requestQuote } from "../dev/card.ts";
import { mined, startServedPlatform } from "../dev/platform.ts";
import { freePorts } from "../dev/ports.ts";
import { sessionFor } from "../dev/sign-in.ts";

const DOMAIN = "bench.streamspace.test";
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

const served = await startServedPlatform({ name: "onramp-bench" });
const dir = await mkdtemp(join(tmpdir(), "streamspace-onramp-bench-"));
const [lambdaPort, httpPort] = (await freePorts(2)) as [number, number];
const fnLog = createWriteStream(process.env.BENCH_FUNCTIONS_LOG ?? "/dev/null");
const backend = await startBackend({ rpcUrl: served.rpcUrl, chainId: served.chainId, contracts: served.contracts, dir, ports: { lambda: lambdaPort, http: httpPort }, siweDomain: DOMAIN, runWorker: false, log: (line) => fnLog.write(`${Date.now()} ${line}\n`) });
const { platform, roles, connection } = served;
const publicClient = await connection.viem.getPublicClient();
try {
  await mined(connection, platform.ssh.write.approve([platform.tokenExchange.address, parseEther("1000000")], { account: roles.treasury }));
  await mined(connection, platform.tokenExchange.write.depositInventory([parseEther("1000000")], { account: roles.treasury }));
  const block = await publicClient.getBlock({ blockTag: "latest" });
  await mined(connection, platform.oracle.write.updateRate([5_000_000n, block.timestamp, 3n], { account: roles.rateUpdater }));

  // Ten fans (sign-ins are rate-limited per address), each paying $1 many times.
  const fans = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const account = privateKeyToAccount(generatePrivateKey());
      return { account, session: await sessionFor({ api: backend.api, account, domain: DOMAIN, chainId: served.chainId }) };
    }),
  );
  const prepare = async (i: number) => {
    const fan = fans[(i + fans.length) % fans.length]!;
    const quote = await requestQuote(backend.api, fan.session, { kind: "topup", usd: "1" });
    return { fan, payment: await checkout(backend.api, fan.session, quote.quoteId) };
  };
  const credited = (pi: string) =>
    publicClient.readContract({ address: served.contracts.TokenExchange, abi: platform.tokenExchange.abi, functionName: "payment", args: [paymentIdOf("stripe", pi)] }).then(([buyer]) => buyer !== "0x0000000000000000000000000000000000000000");
  const ackOf = (pi: string) => {
    const event = backend.stripe.events.find((e) => e.type === "payment_intent.succeeded" && (e.data as { object: { id: string } }).object.id === pi)!;
    return backend.stripe.deliveries.find((d) => d.eventId === event.id && d.status === 200)?.ms;
  };

  // One at a time: acknowledgement and webhook-to-credit. The first payment starts each function's
  // container (a cold start, reported apart); the 30 after it are measured.
  const acks: number[] = [];
  const toCredit: number[] = [];
  for (let i = -1; i < 30; i++) {
    const { payment } = await prepare(i);
    const started = performance.now();
    await confirmCard(payment); // the provider emits the events and starts delivering them
    while (!(await credited(payment.paymentIntentId))) await new Promise((resolve) => setTimeout(resolve, 10));
    const credit = performance.now() - started;
    await backend.stripe.settled();
    if (i < 0) {
      console.log(`first payment (cold containers): acknowledged in ${ackOf(payment.paymentIntentId)!.toFixed(0)} ms, credited after ${credit.toFixed(0)} ms`);
      continue;
    }
    toCredit.push(credit);
    acks.push(ackOf(payment.paymentIntentId)!);
  }
  console.log(`webhook acknowledgement, one at a time: p50 ${percentile(acks, 50).toFixed(1)} ms, p99 ${percentile(acks, 99).toFixed(1)} ms of ${acks.length} (goal p99 100 ms)`);
  console.log(`webhook to credit on-chain: median ${percentile(toCredit, 50).toFixed(0)} ms, p90 ${percentile(toCredit, 90).toFixed(0)} ms of ${toCredit.length}`);

  // Load: 200 payments confirmed within 10 s.
  const batch = [];
  for (let i = 0; i < 200; i++) batch.push(await prepare(i));
  console.log("load: 200 quotes and payments prepared");
  const started = performance.now();
  await Promise.all(batch.map(({ payment }, i) => new Promise((resolve) => setTimeout(resolve, i * 45)).then(() => confirmCard(payment))));
  const confirmedIn = performance.now() - started;
  await backend.stripe.settled();
  const statuses: Record<number, number> = {};
  for (const { payment } of batch) {
    const event = backend.stripe.events.find((e) => e.type === "payment_intent.succeeded" && (e.data as { object: { id: string } }).object.id === payment.paymentIntentId)!;
    for (const d of backend.stripe.deliveries.filter((d) => d.eventId === event.id)) statuses[d.status] = (statuses[d.status] ?? 0) + 1;
  }
  console.log(`load: deliveries by HTTP status ${JSON.stringify(statuses)}`);
  let done = 0;
  const deadline = Date.now() + 300_000;
  for (const { payment } of batch) {
    while (!(await credited(payment.paymentIntentId))) {
      if (Date.now() > deadline) throw new Error(`only ${done} of 200 credited after 5 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    done += 1;
  }
  const allCredited = performance.now() - started;
  const loadAcks = batch.map(({ payment }) => ackOf(payment.paymentIntentId)!);
  const events = await publicClient.getContractEvents({ address: served.contracts.TokenExchange, abi: platform.tokenExchange.abi, eventName: "FiatCredited", fromBlock: 0n });
  const ids = new Set(batch.map(({ payment }) => paymentIdOf("stripe", payment.paymentIntentId)));
  const counted = events.filter((e) => ids.has(e.args.paymentId!)).length;
  if (counted !== 200) throw new Error(`${counted} credits for 200 payments`);
  console.log(`load: 200 payments confirmed in ${(confirmedIn / 1000).toFixed(1)} s; acknowledgements p50 ${percentile(loadAcks, 50).toFixed(1)} ms, p99 ${percentile(loadAcks, 99).toFixed(1)} ms; all 200 credited exactly once after ${(allCredited / 1000).toFixed(1)} s`);
} finally {
  await backend.close();
  await served.close();
  await rm(dir, { recursive: true, force: true });
}
