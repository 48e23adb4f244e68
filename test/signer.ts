import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { KMSClient } from "@aws-sdk/client-kms";
import { network } from "hardhat";
import { encodeFunctionData, hexToBytes, parseEther, parseEventLogs, recoverMessageAddress, verifyMessage } from "viem";

import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import { NonceSafeSender } from "@streamspace/functions/chain/sender";
import { kmsAccount, parseDerSignature, publicKeyFromSpki, SignerError } from "@streamspace/functions/chain/signer";
import { TxStore } from "@streamspace/functions/chain/tx-store";

import { startLocalDynamo } from "../dev/dynamo.js";
import { startLocalKms } from "../dev/kms.js";
import { accountsByRole, deployPlatform, localPrivateKeyOf, mined } from "../dev/platform.js";

const SECP256K1_HALF_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n / 2n;

/**
 * The production signer: each function's key in AWS KMS (secp256k1), through the official
 * `@aws-sdk/client-kms` against a local stand-in speaking KMS's wire protocol (KMS cannot be reached
 * from here), holding the same keys as the local roles so the contracts accept what it signs.
 */
describe("signing with an AWS KMS key", async () => {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const roles = await accountsByRole(connection);
  const chainId = await publicClient.getChainId();
  let kms: Awaited<ReturnType<typeof startLocalKms>>;
  let client: KMSClient;
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;

  before(async () => {
    kms = await startLocalKms({
      keys: {
        "alias/streamspace-local-delivery-signer": { privateKey: localPrivateKeyOf("deliverySigner") },
        "alias/streamspace-local-reporter": { privateKey: localPrivateKeyOf("reporter") },
        "alias/a-p256-key": { privateKey: localPrivateKeyOf("fan"), keySpec: "ECC_NIST_P256" },
      },
    });
    client = new KMSClient({ endpoint: kms.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    dynamo = await startLocalDynamo();
    platform = await deployPlatform(connection);
  });
  after(async () => {
    client.destroy();
    await kms.close();
    await dynamo.close();
  });

  it("derives the key's address, and signs with low s and the right recovery bit whatever s KMS returns", async () => {
    const account = await kmsAccount({ kms: client, keyId: "alias/streamspace-local-delivery-signer" });
    assert.equal(account.address.toLowerCase(), roles.deliverySigner);
    const before = kms.signatures.length;
    for (let i = 0; i < 24; i++) {
      const message = `message ${i}`;
      const signature = await account.signMessage({ message });
      assert.equal((await recoverMessageAddress({ message, signature })).toLowerCase(), roles.deliverySigner);
      assert.ok(BigInt(`0x${signature.slice(66, 130)}`) <= SECP256K1_HALF_N, "low s (EIP-2)");
      assert.ok(await verifyMessage({ address: roles.deliverySigner, message, signature }));
    }
    const made = kms.signatures.slice(before);
    assert.ok(made.every((s) => s.messageType === "DIGEST"), "KMS signs Ethereum's keccak digest as given, not its SHA-256");
    assert.ok(made.some((s) => s.highS) && made.some((s) => !s.highS), "KMS returned both halves of s");
  });

  it("signs a delivery receipt the contract settles", async () => {
    const account = await kmsAccount({ kms: client, keyId: "alias/streamspace-local-delivery-signer" });
    const price = parseEther("3");
    await mined(connection, platform.filmRegistry.write.registerFilm(["ipfs://kms", price, 86_400n, [roles.filmmakerAda], [10_000], 0n], { account: roles.filmmakerAda }));
    const filmId = await platform.filmRegistry.read.filmCount();
    await mined(connection, platform.ssh.write.transfer([roles.fan, price], { account: roles.treasury }));
    await mined(connection, platform.ssh.write.approve([platform.payPerView.address, price], { account: roles.fan }));
    const bought = await mined(connection, platform.payPerView.write.purchase([filmId, price], { account: roles.fan }));
    const [purchased] = parseEventLogs({ abi: platform.payPerView.abi, eventName: "Purchased", logs: bought.logs });
    const receipt = { purchaseId: purchased!.args.purchaseId, viewer: roles.fan, filmId, deadline: 2n ** 40n };
    const signature = await signDeliveryReceipt({ account, chainId, payPerView: platform.payPerView.address, receipt });
    await mined(connection, platform.payPerView.write.settle([receipt, signature], { account: roles.composer }));
    assert.equal(await platform.payPerView.read.purchaseState([receipt.purchaseId, filmId, roles.fan]), 2, "settled");
  });

  it("sends transactions through the nonce-safe sender, mined from the KMS key's address", async () => {
    const account = await kmsAccount({ kms: client, keyId: "alias/streamspace-local-reporter" });
    const sender = new NonceSafeSender({ account, publicClient, store: new TxStore(dynamo.client, "Transactions"), chainId });
    for (const uri of ["ipfs://kms-2", "ipfs://kms-3"]) {
      await mined(connection, platform.filmRegistry.write.registerFilm([uri, 1n, 86_400n, [roles.filmmakerAda], [10_000], 0n], { account: roles.filmmakerAda }));
    }
    const hashes = await Promise.all(
      [1n, 2n, 3n].map((filmId) =>
        sender.send({
          intentId: `kms-test:${filmId}`,
          to: platform.curatorStaking.address,
          data: encodeFunctionData({ abi: platform.curatorStaking.abi, functionName: "reportPopularity", args: [[filmId], [7_000n + filmId]] }),
        }),
      ),
    );
    for (const { hash } of hashes) {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
      assert.equal(receipt.from, roles.reporter.toLowerCase());
    }
    const nonces = hashes.map((h) => h.nonce).sort((a, b) => a - b);
    assert.deepEqual(nonces, [nonces[0]!, nonces[0]! + 1, nonces[0]! + 2], "consecutive nonces");
    assert.equal((await platform.curatorStaking.read.popularityOf([2n])).index, 7_002n);
  });

  it("refuses a key that is not a secp256k1 signing key, and surfaces KMS's errors", async () => {
    await assert.rejects(kmsAccount({ kms: client, keyId: "alias/a-p256-key" }), (e: Error) => e instanceof SignerError && /ECC_NIST_P256/.test(e.message));
    await assert.rejects(kmsAccount({ kms: client, keyId: "alias/nobody" }), (e: Error) => e.name === "NotFoundException");
  });

  it("reads only well-formed DER and SubjectPublicKeyInfo", () => {
    const good = hexToBytes("0x3006020101020102");
    assert.deepEqual(parseDerSignature(good), { r: 1n, s: 2n });
    const refused = (hex: `0x${string}`, message: RegExp) => assert.throws(() => parseDerSignature(hexToBytes(hex)), (e: Error) => e instanceof SignerError && message.test(e.message));
    refused("0x300602010102010200", /trailing bytes/);
    refused("0x3006020181020102", /bad INTEGER/); // negative r
    refused("0x3006020100020102", /out of range/); // r = 0
    refused("0x3007020101020102", /truncated/);
    refused("0x3081", /bad length/);
    refused("0x3107020101020102", /expected tag 0x30/);
    assert.throws(() => publicKeyFromSpki(hexToBytes("0x3059301306072a8648ce3d020106082a8648ce3d030107034200")), SignerError, "a P-256 key's header");
  });
});
