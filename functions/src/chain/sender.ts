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
 * node answers with the same hash (or says it knows it). A transaction that stays unmined (its fee
 * too low for the market) is replaced by `replaceStuck`: the same nonce and call, fees raised by at
 * least 12.5% (nodes ask 10% to replace) or to the market's, whichever is higher.
 */
import type { Address, Hex, LocalAccount, PublicClient } from "viem";
import { keccak256 } from "viem";

import type { IntentRecord, TxStore } from "./tx-store.ts";

const MAX_IN_FLIGHT = 256;

export interface SendRequest {
  intentId: string;
  to: Address;
  data: Hex;
  /** The gas limit; by default the node's estimate in the pending block plus a 20% margin. */
  gas?: bigint;
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
  /** Fee raise of a replacement, in basis points (default 1,250: 12.5%). */
  replacementBumpBps?: bigint;
  /** Test seam: runs after a transaction is signed and recorded, before it is broadcast. */
  afterSign?: (record: IntentRecord) => Promise<void> | void;
}

export class NonceSafeSender {
  private readonly key: string;
  private readonly owner = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private leases = 0;

  private readonly options: SenderOptions;

  constructor(options: SenderOptions) {
    this.options = options;
    this.key = `${options.chainId}#${options.account.address.toLowerCase()}`;
  }

  /** The key's address. */
  get address(): Address {
    return this.options.account.address;
  }

  async send(request: SendRequest): Promise<{ hash: Hex; nonce: number; reused: boolean }> {
    return this.withLease(async () => {
      await this.recover();
      const { store } = this.options;
      const existing = await store.intent(this.key, request.intentId);
      if (existing?.hash) return { hash: existing.hash, nonce: existing.nonce, reused: true };

      // The next nonce: past everything recorded and everything the chain has seen from this key.
      const gas =
        request.gas ??
        ((await this.options.publicClient.estimateGas({ account: this.address, to: request.to, data: request.data, blockTag: "pending" })) * 12n) / 10n;
      const nonces = await store.nonces(this.key);
      const chainNonce = await this.options.publicClient.getTransactionCount({ address: this.options.account.address, blockTag: "pending" });
      const nonce = Math.max(nonces.next, chainNonce);
      const record: IntentRecord = {
        intentId: request.intentId,
        nonce,
        to: request.to,
        data: request.data,
        gas: gas.toString(),
        status: "reserved",
        updatedAt: Date.now(),
      };
      await store.putIntent(this.key, record);
      await store.setNonces(this.key, { ...nonces, next: nonce + 1, pending: [...nonces.pending, request.intentId] });
      const sent = await this.signAndBroadcast(record);
      return { hash: sent.hash!, nonce, reused: false };
    });
  }

  /**
   * Replaces the key's transactions broadcast more than `olderThanMs` ago and still not mined, with the
   * same nonce and call at a higher fee. Returns the replacements' hashes.
   */
  async replaceStuck(olderThanMs: number): Promise<{ intentId: string; nonce: number; hash: Hex }[]> {
    return this.withLease(async () => {
      const { store, publicClient, account } = this.options;
      const mined = await publicClient.getTransactionCount({ address: account.address, blockTag: "latest" });
      const nonces = await store.nonces(this.key);
      const stillInFlight: string[] = [];
      const replaced: { intentId: string; nonce: number; hash: Hex }[] = [];
      for (const intentId of nonces.inFlight ?? []) {
        const record = await store.intent(this.key, intentId);
        if (!record || record.nonce < mined) continue; // mined (this or a replacement): done
        stillInFlight.push(intentId);
        if (Date.now() - (record.sentAt ?? 0) < olderThanMs) continue;
        const bump = this.options.replacementBumpBps ?? 1_250n;
        const raise = (fee: string | undefined) => ((BigInt(fee ?? "0") * (10_000n + bump)) / 10_000n) + 1n;
        const market = await publicClient.estimateFeesPerGas();
        const maxFeePerGas = [raise(record.maxFeePerGas), market.maxFeePerGas].reduce((a, b) => (a > b ? a : b));
        const maxPriorityFeePerGas = [raise(record.maxPriorityFeePerGas), market.maxPriorityFeePerGas].reduce((a, b) => (a > b ? a : b));
        const sent = await this.signAndBroadcast({ ...record, status: "reserved" }, { skipHook: true, fees: { maxFeePerGas, maxPriorityFeePerGas } });
        replaced.push({ intentId, nonce: record.nonce, hash: sent.hash! });
      }
      const latest = await store.nonces(this.key);
      await store.setNonces(this.key, { ...latest, inFlight: stillInFlight });
      return replaced;
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

  private async signAndBroadcast(
    record: IntentRecord,
    { skipHook = false, fees: givenFees }: { skipHook?: boolean; fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } } = {},
  ): Promise<IntentRecord> {
    const { store, account, publicClient } = this.options;
    let signed = record;
    if (record.status === "reserved") {
      const fees = givenFees ?? (await publicClient.estimateFeesPerGas());
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
      signed = {
        ...record,
        raw,
        hash: keccak256(raw),
        status: "signed",
        maxFeePerGas: fees.maxFeePerGas.toString(),
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString(),
        updatedAt: Date.now(),
      };
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
    const sent = { ...signed, status: "sent" as const, sentAt: Date.now(), updatedAt: Date.now() };
    await store.putIntent(this.key, sent);
    const nonces = await store.nonces(this.key);
    const inFlight = (nonces.inFlight ?? []).filter((id) => id !== record.intentId);
    await store.setNonces(this.key, {
      ...nonces,
      pending: nonces.pending.filter((id) => id !== record.intentId),
      // Bounded: an intent this many sends old has long been mined or replaced.
      inFlight: [...inFlight, record.intentId].slice(-MAX_IN_FLIGHT),
    });
    return sent;
  }

  private async withLease<T>(work: () => Promise<T>): Promise<T> {
    const { store } = this.options;
    const leaseMs = this.options.leaseMs ?? 30_000;
    const deadline = Date.now() + (this.options.waitMs ?? 60_000);
    let delay = 5;
    // Each acquisition is its own lease holder, even within one sender: two sends of this process
    // wait for each other exactly as two containers do.
    const owner = `${this.owner}#${++this.leases}`;
    while (!(await store.acquire(this.key, owner, leaseMs))) {
      if (Date.now() > deadline) throw new Error(`the key ${this.options.account.address} stayed busy`);
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 200);
    }
    try {
      return await work();
    } finally {
      await store.release(this.key, owner);
    }
  }
}
