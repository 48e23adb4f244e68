/**
 * The payouts keeper (every minute): every cash-out still open on the exchange is picked up (so its
 * owner can no longer cancel it), paid through the payout provider with the cash-out id as the
 * idempotency key, then marked paid with the provider's reference, or failed (its SSH goes back in
 * full). Each step is an intent named by the cash-out (`pickUp:<id>`, `markPaid:<id>`,
 * `markFailed:<id>`) and each run starts from the chain's state, so a crash anywhere, even between
 * paying and marking, is finished by the next run without paying twice.
 */
import type { Address, Hex, PublicClient } from "viem";
import { encodeFunctionData, getAbiItem, keccak256, toHex } from "viem";

import { tokenExchangeAbi } from "@streamspace/core/generated/contracts";

import type { NonceSafeSender } from "../chain/sender.ts";
import type { PayoutProvider } from "../payouts/provider.ts";

const STATUS = ["None", "Requested", "PickedUp", "Paid", "Failed", "Cancelled"] as const;
const CASH_OUT_REQUESTED = getAbiItem({ abi: tokenExchangeAbi, name: "CashOutRequested" });

export interface PayoutsConfig {
  tokenExchange: Address;
  fromBlock?: bigint;
}

export interface PayoutsRun {
  paid: { cashOutId: bigint; reference: string }[];
  failed: { cashOutId: bigint; reason: string }[];
  transactions: Hex[];
}

export async function runPayouts({
  publicClient,
  sender,
  provider,
  config,
  afterPay,
}: {
  publicClient: PublicClient;
  sender: NonceSafeSender;
  provider: PayoutProvider;
  config: PayoutsConfig;
  /** Test seam: runs after the provider paid, before the chain is told. */
  afterPay?: (cashOutId: bigint) => Promise<void> | void;
}): Promise<PayoutsRun> {
  const run: PayoutsRun = { paid: [], failed: [], transactions: [] };
  const requests = await publicClient.getLogs({ address: config.tokenExchange, event: CASH_OUT_REQUESTED, fromBlock: config.fromBlock ?? 0n });
  const exchange = { address: config.tokenExchange, abi: tokenExchangeAbi } as const;

  const send = async (intent: string, data: Hex) => {
    const { hash } = await sender.send({ intentId: intent, to: config.tokenExchange, data });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${intent}: ${hash} reverted`);
    run.transactions.push(hash);
  };

  for (const log of requests) {
    const { cashOutId, owner, usdAmount } = log.args as { cashOutId: bigint; owner: Address; usdAmount: bigint };
    let status = STATUS[(await publicClient.readContract({ ...exchange, functionName: "cashOut", args: [cashOutId] })).status];
    if (status === "Requested") {
      await send(`pickUp:${cashOutId}`, encodeFunctionData({ abi: tokenExchangeAbi, functionName: "pickUp", args: [cashOutId] }));
      status = "PickedUp";
    }
    if (status !== "PickedUp") continue; // paid, failed or cancelled: done
    const result = await provider.pay({ cashOutId, owner, usdAmount });
    await afterPay?.(cashOutId);
    if (result.status === "paid") {
      // The provider's reference, as bytes32, on-chain; the full reference is in the provider's records.
      const payoutRef = keccak256(toHex(result.reference));
      await send(`markPaid:${cashOutId}`, encodeFunctionData({ abi: tokenExchangeAbi, functionName: "markPaid", args: [cashOutId, payoutRef] }));
      run.paid.push({ cashOutId, reference: result.reference });
    } else {
      await send(`markFailed:${cashOutId}`, encodeFunctionData({ abi: tokenExchangeAbi, functionName: "markFailed", args: [cashOutId] }));
      run.failed.push({ cashOutId, reason: result.reason });
    }
  }
  return run;
}
