import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { network } from "hardhat";
import { parseEther, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { NonceSafeSender } from "@streamspace/functions/chain/sender";
import { TxStore } from "@streamspace/functions/chain/tx-store";

import { startLocalDynamo } from "../dev/dynamo.js";

/**
 * One signing key, many invocations: against the real local chain and DynamoDB (dynalite, in-process),
 * concurrent senders never reuse or skip a nonce, and a sender that dies between signing and
 * broadcasting leaves nothing to be sent twice.
 */
describe("sending transactions from one key", async () => {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const [funder] = await connection.viem.getWalletClients();
  const chainId = await publicClient.getChainId();
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let store: TxStore;

  before(async () => {
    dynamo = await startLocalDynamo();
    store = new TxStore(dynamo.client, "Transactions");
  });
  after(() => dynamo.close());

  async function fundedKey() {
    const account = privateKeyToAccount(generatePrivateKey());
    const hash = await funder!.sendTransaction({ to: account.address, value: parseEther("10") });
    await publicClient.waitForTransactionReceipt({ hash });
    return account;
  }
  const sink = "0x000000000000000000000000000000000000dEaD" as const;

  it("20 concurrent invocations from one key: 20 mined transactions with consecutive nonces", async () => {
    const account = await fundedKey();
    // Each invocation has its own sender (its own process in production), sharing only the table.
    const sends = Array.from({ length: 20 }, (_, i) =>
      new NonceSafeSender({ account, publicClient, store, chainId }).send({ intentId: `ping:${i}`, to: sink, data: toHex(i), gas: 30_000n }),
    );
    const results = await Promise.all(sends);
    const receipts = await Promise.all(results.map((r) => publicClient.waitForTransactionReceipt({ hash: r.hash })));
    assert.ok(receipts.every((r) => r.status === "success"));
    const nonces = results.map((r) => r.nonce).sort((a, b) => a - b);
    assert.deepEqual(nonces, Array.from({ length: 20 }, (_, i) => i), "consecutive, from the key's first nonce");
    assert.equal(await publicClient.getTransactionCount({ address: account.address }), 20, "nothing more was sent");
    // The same intent again is the same transaction, not a new one.
    const again = await new NonceSafeSender({ account, publicClient, store, chainId }).send({ intentId: "ping:7", to: sink, data: toHex(7), gas: 30_000n });
    assert.deepEqual(again, { ...results[7]!, reused: true });
    assert.equal(await publicClient.getTransactionCount({ address: account.address }), 20);
  });

  it("concurrent sends through one sender (one container) wait for each other too: consecutive nonces", async () => {
    const account = await fundedKey();
    const sender = new NonceSafeSender({ account, publicClient, store, chainId });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => sender.send({ intentId: `one:${i}`, to: sink, data: toHex(i), gas: 30_000n })));
    assert.deepEqual(results.map((r) => r.nonce).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
    const receipts = await Promise.all(results.map((r) => publicClient.waitForTransactionReceipt({ hash: r.hash })));
    assert.ok(receipts.every((r) => r.status === "success"));
    // Mixed with other containers' senders of the same key.
    const mixed = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? sender : new NonceSafeSender({ account, publicClient, store, chainId })).send({ intentId: `mixed:${i}`, to: sink, data: toHex(i), gas: 30_000n })),
    );
    assert.deepEqual(mixed.map((r) => r.nonce).sort((a, b) => a - b), [8, 9, 10, 11, 12, 13]);
    assert.equal(await publicClient.getTransactionCount({ address: account.address }), 14);
  });

  it("a sender that dies between signing and broadcasting: its successor sends that transaction once", async () => {
    const account = await fundedKey();
    let signedHash: `0x${string}` | undefined;
    const dying = new NonceSafeSender({
      account, publicClient, store, chainId,
      afterSign: (record) => {
        signedHash = record.hash;
        throw new Error("killed between sign and broadcast");
      },
    });
    await assert.rejects(dying.send({ intentId: "settle:batch-1", to: sink, data: "0x01", gas: 30_000n }), /killed/);
    assert.equal(await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" }), 0, "nothing was broadcast");

    // The restarted function retries the same intent, and sends a new one.
    const restarted = new NonceSafeSender({ account, publicClient, store, chainId });
    const retried = await restarted.send({ intentId: "settle:batch-1", to: sink, data: "0x01", gas: 30_000n });
    assert.equal(retried.hash, signedHash, "the transaction signed before the crash, not a new one");
    assert.equal(retried.reused, true);
    const next = await restarted.send({ intentId: "settle:batch-2", to: sink, data: "0x02", gas: 30_000n });
    assert.equal(next.nonce, 1, "no nonce skipped");
    await publicClient.waitForTransactionReceipt({ hash: next.hash });
    assert.equal(await publicClient.getTransactionCount({ address: account.address }), 2, "two intents, two transactions");
  });

  it("a crashed sender's lease expires, and the next sender broadcasts what it had signed", async () => {
    const account = await fundedKey();
    const key = `${chainId}#${account.address.toLowerCase()}`;
    // A sender that died holding the lease, its transaction signed and recorded but never broadcast.
    const dying = new NonceSafeSender({ account, publicClient, store, chainId, leaseMs: 300, afterSign: () => new Promise(() => {}) });
    void dying.send({ intentId: "rate:1", to: sink, data: "0x03", gas: 30_000n });
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(await store.acquire(key, "someone else", 1_000), false, "the lease is held");
    const successor = new NonceSafeSender({ account, publicClient, store, chainId });
    const other = await successor.send({ intentId: "rate:2", to: sink, data: "0x04", gas: 30_000n });
    await publicClient.waitForTransactionReceipt({ hash: other.hash });
    assert.equal(other.nonce, 1);
    assert.equal(await publicClient.getTransactionCount({ address: account.address }), 2, "the dead sender's transaction went out, once");
    assert.equal((await store.intent(key, "rate:1"))!.status, "sent");
  });

  it("replaces a transaction stuck with a low fee: same nonce and call, a higher fee, mined once", async () => {
    const account = await fundedKey();
    const provider = connection.provider;
    const sender = new NonceSafeSender({ account, publicClient, store, chainId });
    await provider.request({ method: "evm_setAutomine", params: [false] });
    try {
      const first = await sender.send({ intentId: "payout:9", to: sink, data: "0x09", gas: 30_000n });
      // The market moves: the next blocks' base fee is far above what the transaction offers.
      const offered = (await publicClient.getTransaction({ hash: first.hash })).maxFeePerGas!;
      await provider.request({ method: "hardhat_setNextBlockBaseFeePerGas", params: [toHex(offered * 4n)] });
      await provider.request({ method: "hardhat_mine", params: ["0x1"] });
      assert.equal(await publicClient.getTransactionCount({ address: account.address }), 0, "stuck");
      assert.deepEqual(await sender.replaceStuck(60_000), [], "not stuck for long yet");

      const [replacement] = await sender.replaceStuck(0);
      assert.equal(replacement!.nonce, first.nonce);
      assert.notEqual(replacement!.hash, first.hash);
      const bumped = (await publicClient.getTransaction({ hash: replacement!.hash })).maxFeePerGas!;
      assert.ok(bumped >= (offered * 11_250n) / 10_000n, "at least 12.5% more");
      await provider.request({ method: "hardhat_mine", params: ["0x1"] });
      const receipt = await publicClient.getTransactionReceipt({ hash: replacement!.hash });
      assert.equal(receipt.status, "success");
      assert.equal(await publicClient.getTransactionCount({ address: account.address }), 1, "one transaction for the intent");
      assert.deepEqual(await sender.replaceStuck(0), [], "mined: nothing left to replace");
    } finally {
      await provider.request({ method: "evm_setAutomine", params: [true] });
    }
  });
});
