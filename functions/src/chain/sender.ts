/**
 * Sends transactions from one key, safely under concurrency and crashes: several invocations may
 * send from the same key at once; none reuses or skips a nonce, and a crash between any two steps
 * is recovered by the next sender without sending anything twice. Each transaction has an intent id
 * (e.g. "settle:<batch hash>", "rate:<round>"): sending an intent again returns the transaction
 * already sent for it.
 *
 * Under the key's lease (TxStore): recover what a crashed sender left (sign what it reserved,
 * broadcast what it signed), then record the intent with its nonce, sign, record the signed
 * transaction, broadcast, and mark it sent. Broadcasting a signed transaction twice is harmless: the
 * node answers with the same hash (or says it knows it).
 */
import type { Address, Hex, LocalAccount, PublicClient } from "viem";
import { keccak256 } from "viem";

import type { IntentRecord, TxStore } from "./tx-store.ts";

export interface SendRequest {
  intentId: string;
  to: Address;
  data: Hex;
  gas: bigint;
}

export interface SenderOptions {
  account: LocalAccount;
  publicClient: PublicClient;
  store: TxStore;
  chainId: number;
  /** How long a sender holds the key's lease before another may take over (a crashed one's). */
  leaseMs?: number;
  /** How long to wait for the lease before giving up. */
  waitMs?: number;
  /** Test seam: runs after a transaction is signed and recorded, before it is broadcast. */
  afterSign?: (record: IntentRecord) => Promise<void> | void;
}

export class NonceSafeSender {
  private readonly key: string;
  private readonly owner = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(private readonly options: SenderOptions) {
    this.key = `${options.chainId}#${options.account.address.toLowerCase()}`;
  }

  async send(request: SendRequest): Promise<{ hash: Hex; nonce: number; reused: boolean }> {
    return this.withLease(async () => {
      await this.recover();
      const { store } = this.options;
      const existing = await store.intent(this.key, request.intentId);
      if (existing?.hash) return { hash: existing.hash, nonce: existing.nonce, reused: true };

      // The next nonce: past everything recorded and everything the chain has seen from this key.
      const nonces = await store.nonces(this.key);
      const chainNonce = await this.options.publicClient.getTransactionCount({ address: this.options.account.address, blockTag: "pending" });
      const nonce = Math.max(nonces.next, chainNonce);
      const record: IntentRecord = {
        intentId: request.intentId,
        nonce,
        to: request.to,
        data: request.data,
        gas: request.gas.toString(),
        status: "reserved",
        updatedAt: Date.now(),
      };
      await store.putIntent(this.key, record);
      await store.setNonces(this.key, { next: nonce + 1, pending: [...nonces.pending, request.intentId] });
      const sent = await this.signAndBroadcast(record);
      return { hash: sent.hash!, nonce, reused: false };
    });
  }

  /** Finishes what a crashed sender left: signs what it reserved, broadcasts what it signed. */
  private async recover(): Promise<void> {
    const { store } = this.options;
    const nonces = await store.nonces(this.key);
    if (nonces.pending.length === 0) return;
    for (const intentId of nonces.pending) {
      const record = await store.intent(this.key, intentId);
      if (record && record.status !== "sent") await this.signAndBroadcast(record, { skipHook: true });
    }
    await store.setNonces(this.key, { ...(await store.nonces(this.key)), pending: [] });
  }

  private async signAndBroadcast(record: IntentRecord, { skipHook = false } = {}): Promise<IntentRecord> {
    const { store, account, publicClient } = this.options;
    let signed = record;
    if (record.status === "reserved") {
      const fees = await publicClient.estimateFeesPerGas();
      const raw = await account.signTransaction({
        chainId: this.options.chainId,
        type: "eip1559",
        nonce: record.nonce,
        to: record.to,
        data: record.data,
        gas: BigInt(record.gas),
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      });
      signed = { ...record, raw, hash: keccak256(raw), status: "signed", updatedAt: Date.now() };
      await store.putIntent(this.key, signed);
    }
    if (!skipHook) await this.options.afterSign?.(signed);
    try {
      await publicClient.sendRawTransaction({ serializedTransaction: signed.raw! });
    } catch (error) {
      // The same signed transaction sent again: the node knows it, or it was mined already.
      const message = (error as Error).message.toLowerCase();
      if (!/already known|known transaction|nonce too low|already imported/.test(message)) throw error;
    }
    const sent = { ...signed, status: "sent" as const, updatedAt: Date.now() };
    await store.putIntent(this.key, sent);
    const nonces = await store.nonces(this.key);
    await store.setNonces(this.key, { ...nonces, pending: nonces.pending.filter((id) => id !== record.intentId) });
    return sent;
  }

  private async withLease<T>(work: () => Promise<T>): Promise<T> {
    const { store } = this.options;
    const leaseMs = this.options.leaseMs ?? 30_000;
    const deadline = Date.now() + (this.options.waitMs ?? 60_000);
    let delay = 5;
    while (!(await store.acquire(this.key, this.owner, leaseMs))) {
      if (Date.now() > deadline) throw new Error(`the key ${this.options.account.address} stayed busy`);
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 200);
    }
    try {
      return await work();
    } finally {
      await store.release(this.key, this.owner);
    }
  }
}
