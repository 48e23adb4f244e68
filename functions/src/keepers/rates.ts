/**
 * The rates keeper (every minute): collects the SSH/USD rate from the exchanges (../rates), and posts it
 * to the oracle only on a 0.5% move or the 1-hour heartbeat. A move the on-chain breaker would refuse is
 * not retried blindly: the keeper simulates the update first and, when the breaker refuses it, reports
 * it for the guardian (`escalate`) and posts nothing.
 */
import type { Hex, PublicClient } from "viem";
import { BaseError, ContractFunctionRevertedError, encodeFunctionData } from "viem";

import { exchangeRateOracleAbi } from "@streamspace/core/generated/contracts";

import type { NonceSafeSender } from "../chain/sender.ts";
import { shouldPost } from "../rates/aggregate.ts";
import { collectRate, type RatesConfig } from "../rates/collect.ts";

export interface RatesRun {
  rate?: bigint;
  posted: boolean;
  escalate: boolean;
  reason: string;
  sources: number;
  koreaPremiumBps?: number;
  dropped: { source: string; reason: string }[];
  transaction?: Hex;
}

export async function runRates({
  publicClient,
  sender,
  oracle,
  rates,
}: {
  publicClient: PublicClient;
  sender: NonceSafeSender;
  oracle: `0x${string}`;
  rates: RatesConfig;
}): Promise<RatesRun> {
  const [quorum] = await publicClient.readContract({ address: oracle, abi: exchangeRateOracleAbi, functionName: "config" });
  const aggregate = await collectRate(rates, { maxQuoteAge: 300, maxFxAge: 4 * 86_400, quorum: Number(quorum) });
  const base = { sources: aggregate.sources, koreaPremiumBps: aggregate.koreaPremiumBps, dropped: [...aggregate.dropped, ...aggregate.fxFailures] };
  if (aggregate.rate === undefined) return { ...base, posted: false, escalate: false, reason: aggregate.reason! };

  const chainNow = Number((await publicClient.getBlock({ blockTag: "latest" })).timestamp);
  const last = await publicClient
    .readContract({ address: oracle, abi: exchangeRateOracleAbi, functionName: "latestRoundData" })
    .then(([roundId, answer, , updatedAt]) => ({ roundId, answer: BigInt(answer), postedAt: Number(updatedAt) }))
    .catch(() => undefined); // no rate yet
  const decision = shouldPost(aggregate.rate, last, chainNow);
  if (!decision.post) return { ...base, rate: aggregate.rate, posted: false, escalate: false, reason: decision.reason };

  // Observed now (its quotes are at most maxQuoteAge old): the chain's next second, which the next block
  // reaches, and later than any rate posted before.
  const args = [aggregate.rate, BigInt(chainNow + 1), BigInt(aggregate.sources)] as const;
  const data = encodeFunctionData({ abi: exchangeRateOracleAbi, functionName: "updateRate", args });
  try {
    // Simulated in the pending block, where the update would land.
    await publicClient.simulateContract({
      address: oracle,
      abi: exchangeRateOracleAbi,
      functionName: "updateRate",
      args,
      account: sender.address,
      blockTag: "pending",
    });
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
    if (name === "Oracle_DeviationTooLarge") {
      return { ...base, rate: aggregate.rate, posted: false, escalate: true, reason: "the breaker would refuse this move: the guardian must decide" };
    }
    throw error;
  }
  const round = (last?.roundId ?? 0n) + 1n;
  const { hash } = await sender.send({ intentId: `rate:${round}`, to: oracle, data });
  await publicClient.waitForTransactionReceipt({ hash });
  return { ...base, rate: aggregate.rate, posted: true, escalate: false, reason: decision.reason, transaction: hash };
}
