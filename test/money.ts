import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";

import { parseUsd, paymentIdOf, sshToUsdDown, usdToSshDown, usdToSshUp } from "@streamspace/core/money";

/** The shared core's money mirrors the contracts' UsdConversion exactly, on random inputs. */
describe("@streamspace/core/money", async () => {
  const { viem } = await network.create();
  const deployed = await viem.deployContract("UsdConversionHarness");
  // A test-only contract: Hardhat types only the project's contracts, so its three functions are named here.
  const harness = await viem.getContractAt(
    "UsdConversionHarness",
    deployed.address,
  ) as unknown as { read: Record<"usdToSshDown" | "usdToSshUp" | "sshToUsdDown", (args: readonly [bigint, bigint]) => Promise<bigint>> };
  // A deterministic pseudo-random walk over the amounts the contracts meet (up to 2^96).
  let seed = 0x5353_4853n;
  const next = (bits: bigint) => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    const wide = (seed << 64n) | ((seed * 2862933555777941757n + 3037000493n) % 2n ** 64n);
    return wide % 2n ** bits;
  };

  it("converts USD and SSH exactly as the contract does, rounding included (200 random cases)", async () => {
    for (let i = 0; i < 200; i++) {
      const usd = next(BigInt(8 + (i % 60)));
      const ssh = next(BigInt(8 + (i % 88)));
      const rate = next(BigInt(4 + (i % 60))) + 1n;
      assert.equal(usdToSshDown(usd, rate), await harness.read.usdToSshDown([usd, rate]), `down ${usd} @ ${rate}`);
      assert.equal(usdToSshUp(usd, rate), await harness.read.usdToSshUp([usd, rate]), `up ${usd} @ ${rate}`);
      assert.equal(sshToUsdDown(ssh, rate), await harness.read.sshToUsdDown([ssh, rate]), `ssh ${ssh} @ ${rate}`);
    }
    assert.equal(usdToSshUp(0n, 7n), 0n);
    assert.throws(() => usdToSshDown(1n, 0n), /above zero/);
  });

  it("parses dollar amounts as people write them, and refuses the rest", () => {
    assert.equal(parseUsd("5"), 5_00000000n);
    assert.equal(parseUsd("$4.99"), 4_99000000n);
    assert.equal(parseUsd(" 1,200.5 "), 1_200_50000000n);
    assert.equal(parseUsd("0.00000001"), 1n);
    for (const bad of ["-1", "1.000000001", "abc", "", "1e3"]) assert.throws(() => parseUsd(bad), /not a dollar amount/, bad);
  });

  it("names a provider's payment the same way every time, and never as another provider's", () => {
    assert.equal(paymentIdOf("stripe", "pi_1"), paymentIdOf("stripe", "pi_1"));
    assert.notEqual(paymentIdOf("stripe", "pi_1"), paymentIdOf("stripe", "pi_2"));
    assert.notEqual(paymentIdOf("stripe", "x"), paymentIdOf("toss", "x"));
    assert.throws(() => paymentIdOf("Stripe!", "pi_1"), /not a provider/);
  });
});
