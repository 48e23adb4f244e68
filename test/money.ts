import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";

import { parseUsd, paymentIdOf, sshToUsdDown, usdToSshDown, usdToSshUp } from "@streamspace/core/money";
import { CENT, QuoteError, quoteRental, quoteTopUp, withinTolerance } from "@streamspace/core/quote";

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

  it("quotes a rental at the least whole-cent amount the exchange accepts for the price (200 random cases)", () => {
    const state = (rate: bigint) => ({ rate, buyerRemainingUsd: 10n ** 18n, totalRemainingUsd: 10n ** 18n, inventory: 10n ** 40n });
    const fee = { bps: 0n, fixedCents: 0n };
    for (let i = 0; i < 200; i++) {
      const rate = 1_000n + next(34n); // $0.00001 to $170 per SSH
      const priceSsh = 10n ** 15n + next(80n);
      let quote;
      try {
        quote = quoteRental({ priceSsh, state: state(rate), fee });
      } catch (error) {
        assert.ok(error instanceof QuoteError && error.code === "amount_too_small", String(error));
        continue;
      }
      assert.equal(quote.usdAmount % CENT, 0n, "whole cents");
      assert.ok(usdToSshUp(quote.usdAmount, rate) >= priceSsh, "rentFor's rule: the USD covers the price");
      assert.ok(usdToSshUp(quote.usdAmount - CENT, rate) < priceSsh, "and a cent less would not");
      // A dollar-priced film: exactly its price in whole cents, which covers the escrow's rounded-up price.
      const priceUsd = 50n * CENT + (next(40n) / CENT) * CENT;
      const dollar = quoteRental({ priceSsh: usdToSshUp(priceUsd, rate), priceUsd, state: state(rate), fee });
      assert.equal(dollar.usdAmount, priceUsd);
      assert.ok(usdToSshUp(dollar.usdAmount, rate) >= dollar.sshAmount);
    }
  });

  it("quotes a top-up as credit computes it, the fee on top rounded up to the cent, and refuses what the contract would", () => {
    const state = { rate: 5_000_000n, buyerRemainingUsd: 10_000n * 10n ** 8n, totalRemainingUsd: 20_000n * 10n ** 8n, inventory: 10n ** 24n };
    const quote = quoteTopUp({ usd: parseUsd("5"), state, fee: { bps: 290n, fixedCents: 30n } });
    assert.deepEqual([quote.sshAmount, quote.feeCents, quote.chargeCents], [100n * 10n ** 18n, 45n, 545n]);
    const refused = (usd: string, code: string, s = state) =>
      assert.throws(() => quoteTopUp({ usd: parseUsd(usd), state: s, fee: { bps: 0n, fixedCents: 0n } }), (e: Error) => e instanceof QuoteError && e.code === code);
    refused("0.49", "amount_too_small");
    refused("1.005", "bad_amount");
    refused("10000.01", "buyer_limit");
    assert.equal(quoteTopUp({ usd: parseUsd("10000"), state, fee: { bps: 0n, fixedCents: 0n } }).usdAmount, 10_000n * 10n ** 8n, "exactly at the limit");
    refused("1", "total_limit", { ...state, totalRemainingUsd: 99_999_999n });
    refused("1", "inventory", { ...state, inventory: 20n * 10n ** 18n - 1n });
    // The tolerance as the contract checks it: gap x 10,000 <= oracle x tolerance.
    assert.ok(withinTolerance(101n, 100n, 100n) && withinTolerance(99n, 100n, 100n));
    assert.ok(!withinTolerance(102n, 100n, 100n) && !withinTolerance(98n, 100n, 100n));
  });
});
