/**
 * The settle keeper (every minute): settles the delivery receipts waiting in DynamoDB with
 * `PayPerView.settleBatch`, in chunks sized to a gas budget. It never submits a purchase twice: each
 * receipt's purchase is checked on-chain first (open: to settle; settled: recorded as such; gone,
 * because refunded or replaced: dropped, it can never settle), and a chunk is an intent named by its
 * purchases, so a run retried before the last one's transaction was mined sends nothing new.
 */
import type { Address, Hex, PublicClient } from "viem";
import { BaseError, ContractFunctionRevertedError, encodeFunctionData, keccak256, toHex } from "viem";

import { payPerViewAbi } from "@streamspace/core/generated/contracts";

import type { NonceSafeSender } from "../chain/sender.ts";
import type { ReceiptStore, StoredReceipt } from "../receipts/receipt-store.ts";

export interface SettleConfig {
  payPerView: Address;
  /** The most gas one settlement transaction may use. */
  gasBudget?: bigint;
  /** The most receipts in one transaction. */
  maxBatch?: number;
}

const PURCHASE_STATE = ["None", "Open", "Settled"] as const;

export async function runSettle({
  publicClient,
  sender,
  receipts,
  config,
}: {
  publicClient: PublicClient;
  sender: NonceSafeSender;
  receipts: ReceiptStore;
  config: SettleConfig;
}): Promise<{ settled: bigint[]; dropped: { purchaseId: bigint; reason: string }[]; transactions: Hex[] }> {
  const now = (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
  const open: StoredReceipt[] = [];
  const dropped: { purchaseId: bigint; reason: string }[] = [];
  for (const stored of await receipts.byStatus("waiting")) {
    const { purchaseId, filmId, viewer } = stored.receipt;
    const state =
      PURCHASE_STATE[
        await publicClient.readContract({ address: config.payPerView, abi: payPerViewAbi, functionName: "purchaseState", args: [purchaseId, filmId, viewer] })
      ];
    if (state === "Settled") {
      await receipts.mark(purchaseId, "settled", "settled on-chain");
    } else if (state === "None") {
      const reason = "the purchase was refunded or replaced";
      await receipts.mark(purchaseId, "dropped", reason);
      dropped.push({ purchaseId, reason });
    } else if (stored.receipt.deadline < now) {
      const reason = "the receipt expired";
      await receipts.mark(purchaseId, "dropped", reason);
      dropped.push({ purchaseId, reason });
    } else {
      open.push(stored);
    }
  }
  open.sort((a, b) => (a.receipt.purchaseId < b.receipt.purchaseId ? -1 : 1));

  const settled: bigint[] = [];
  const transactions: Hex[] = [];
  const gasBudget = config.gasBudget ?? 3_000_000n;
  let size = Math.min(config.maxBatch ?? 100, open.length);
  for (let i = 0; i < open.length; ) {
    const chunk = open.slice(i, i + size);
    const data = encodeFunctionData({
      abi: payPerViewAbi,
      functionName: "settleBatch",
      args: [chunk.map((r) => r.receipt), chunk.map((r) => r.signature)],
    });
    let gas: bigint;
    try {
      gas = await publicClient.estimateGas({ account: sender.address, to: config.payPerView, data });
    } catch (error) {
      // A bad receipt (a wrong signature, say) makes the whole batch revert: narrow it down, and
      // drop that one receipt with the reason, so that it never holds up the others.
      if (chunk.length > 1) {
        size = Math.max(1, Math.floor(chunk.length / 2));
        continue;
      }
      const reason = `refused on-chain: ${await revertReason(publicClient, config.payPerView, sender.address, chunk[0]!)}`;
      await receipts.mark(chunk[0]!.receipt.purchaseId, "dropped", reason);
      dropped.push({ purchaseId: chunk[0]!.receipt.purchaseId, reason });
      i += 1;
      continue;
    }
    if (gas > gasBudget && chunk.length > 1) {
      size = Math.max(1, Math.floor(chunk.length / 2)); // smaller chunks until one fits the budget
      continue;
    }
    const intentId = `settle:${keccak256(toHex(chunk.map((r) => r.receipt.purchaseId.toString()).join(",")))}`;
    const { hash } = await sender.send({ intentId, to: config.payPerView, data, gas: (gas * 12n) / 10n });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`settleBatch ${hash} reverted`);
    for (const r of chunk) {
      await receipts.mark(r.receipt.purchaseId, "settled", hash);
      settled.push(r.receipt.purchaseId);
    }
    transactions.push(hash);
    i += chunk.length;
  }
  return { settled, dropped, transactions };
}

/** The contract's custom error for one receipt, decoded from its ABI (e.g. PayPerView_InvalidReceiptSigner). */
async function revertReason(publicClient: PublicClient, payPerView: Address, account: Address, stored: StoredReceipt): Promise<string> {
  try {
    await publicClient.simulateContract({
      address: payPerView,
      abi: payPerViewAbi,
      functionName: "settleBatch",
      args: [[stored.receipt], [stored.signature]],
      account,
    });
    return "the estimate failed";
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
      return `${reverted.data.errorName}(${(reverted.data.args ?? []).map(String).join(", ")})`;
    }
    return (error as BaseError).shortMessage ?? (error as Error).message;
  }
}
