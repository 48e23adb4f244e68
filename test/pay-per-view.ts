import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { hashTypedData, parseEther, zeroAddress } from "viem";

import { DELIVERY_RECEIPT_TYPES, deliveryReceiptDomain, signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import { signPermit } from "@streamspace/core/permit";
import { accountsByRole, deployPlatform, localKeyOf, mined } from "../dev/platform.js";

/** The money path through viem, as the dapp and the delivery function drive it, on the Ignition module. */
describe("PayPerView through viem on the production Ignition module", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const roles = await accountsByRole(connection);
  const publicClient = await viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const PRICE = parseEther("4");

  async function fixture() {
    const platform = await deployPlatform(connection);
    const { ssh, filmRegistry } = platform;
    await mined(connection, ssh.write.transfer([roles.fan, parseEther("100")], { account: roles.treasury }));
    await mined(
      connection,
      filmRegistry.write.registerFilm(
        ["ipfs://bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", PRICE, 48n * 3600n,
          [roles.filmmakerAda, roles.composer], [8_000, 2_000], 0n],
        { account: roles.filmmakerAda },
      ),
    );
    return platform;
  }

  const platformTimelock = (platform: Awaited<ReturnType<typeof fixture>>) => platform.timelock.address.toLowerCase();

  async function buyWithPermit(platform: Awaited<ReturnType<typeof fixture>>) {
    const { ssh, payPerView } = platform;
    const deadline = BigInt((await publicClient.getBlock()).timestamp) + 600n;
    const permit = await signPermit({
      account: localKeyOf("fan"),
      token: { address: ssh.address, name: await ssh.read.name(), nonce: await ssh.read.nonces([roles.fan]) },
      chainId,
      spender: payPerView.address,
      value: PRICE,
      deadline,
    });
    return payPerView.write.purchaseWithPermit([1n, PRICE, deadline, permit.v, permit.r, permit.s], {
      account: roles.fan,
    });
  }

  it("buys with a permit in one transaction, settles with a viem-signed receipt, pays each holder", async () => {
    const platform = await networkHelpers.loadFixture(fixture);
    const { ssh, payPerView } = platform;

    await viem.assertions.emitWithArgs(buyWithPermit(platform), payPerView, "Purchased", [
      1n, 1n, (v: string) => v.toLowerCase() === roles.fan, 1n, PRICE, (v: bigint) => v > 0n, (v: bigint) => v > 0n,
    ]);
    assert.equal(await payPerView.read.hasAccess([1n, roles.fan]), true);
    assert.equal(await ssh.read.balanceOf([payPerView.address]), PRICE);

    const receipt = { purchaseId: 1n, viewer: roles.fan, filmId: 1n, deadline: 2n ** 40n };
    const signature = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: payPerView.address, receipt });
    assert.equal(
      await payPerView.read.receiptDigest([receipt]),
      hashTypedData({
        domain: deliveryReceiptDomain(chainId, payPerView.address),
        types: DELIVERY_RECEIPT_TYPES,
        primaryType: "DeliveryReceipt",
        message: receipt,
      }),
      "the contract's digest is the standard EIP-712 digest viem signs",
    );
    const fee = (PRICE * 500n) / 10_000n;
    await viem.assertions.emitWithArgs(
      payPerView.write.settle([receipt, signature], { account: roles.composer }),
      payPerView, "PurchaseSettled", [1n, 1n, 1n, PRICE - fee, fee],
    );

    await viem.assertions.emitWithArgs(
      payPerView.write.claimMany([[1n], roles.filmmakerAda], { account: roles.composer }),
      payPerView, "RoyaltyClaimed", [1n, (v: string) => v.toLowerCase() === roles.filmmakerAda, ((PRICE - fee) * 8_000n) / 10_000n],
    );
    assert.equal(await ssh.read.balanceOf([roles.filmmakerAda]), ((PRICE - fee) * 8_000n) / 10_000n);
    assert.equal(await payPerView.read.claimable([1n, roles.composer]), ((PRICE - fee) * 2_000n) / 10_000n);
  });

  it("rejects a receipt signed for another chain, and a replayed receipt", async () => {
    const platform = await networkHelpers.loadFixture(fixture);
    const { payPerView } = platform;
    await mined(connection, buyWithPermit(platform));
    const receipt = { purchaseId: 1n, viewer: roles.fan, filmId: 1n, deadline: 2n ** 40n };
    const otherChain = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId: chainId + 1, payPerView: payPerView.address, receipt });
    await viem.assertions.revertWithCustomError(
      payPerView.write.settle([receipt, otherChain]), payPerView, "PayPerView_InvalidReceiptSigner",
    );
    const good = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: payPerView.address, receipt });
    await mined(connection, payPerView.write.settle([receipt, good]));
    await viem.assertions.revertWithCustomErrorWithArgs(
      payPerView.write.settle([receipt, good]), payPerView, "PayPerView_PurchaseNotOpen", [1n, 2],
    );
  });

  it("refunds the fan after the delivery timeout, not before", async () => {
    const platform = await networkHelpers.loadFixture(fixture);
    const { ssh, payPerView } = platform;
    await mined(connection, buyWithPermit(platform));
    await viem.assertions.revertWithCustomError(
      payPerView.write.refund([1n], { account: roles.fan }), payPerView, "PayPerView_RefundTooEarly",
    );
    await networkHelpers.time.increase(2 * 3600);
    await viem.assertions.emitWithArgs(
      payPerView.write.refund([1n], { account: roles.fan }), payPerView, "PurchaseRefunded",
      [1n, 1n, (v: string) => v.toLowerCase() === roles.fan, PRICE],
    );
    assert.equal(await ssh.read.balanceOf([roles.fan]), parseEther("100"));
    assert.equal(await payPerView.read.hasAccess([1n, roles.fan]), false);
  });

  it("deploys with the intended roles and parameters", async () => {
    const { payPerView, ssh, filmRegistry } = await networkHelpers.loadFixture(fixture);
    assert.equal((await payPerView.read.SSH()).toLowerCase(), ssh.address.toLowerCase());
    assert.equal((await payPerView.read.REGISTRY()).toLowerCase(), filmRegistry.address.toLowerCase());
    assert.equal((await payPerView.read.defaultAdmin()).toLowerCase(), platformTimelock(await networkHelpers.loadFixture(fixture)));
    assert.equal(await payPerView.read.hasRole([await payPerView.read.DELIVERY_SIGNER_ROLE(), roles.deliverySigner]), true);
    assert.equal(await payPerView.read.hasRole([await payPerView.read.DELIVERY_SIGNER_ROLE(), roles.treasury]), false);
    assert.equal(await payPerView.read.platformFeeBps(), 500n);
    assert.equal(await ssh.read.totalSupply(), parseEther("1000000000"));
    assert.notEqual(await payPerView.read.treasury(), zeroAddress);
  });
});
