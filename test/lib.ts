import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { base58, cidV0, rawCidV1 } from "@streamspace/core/cid";
import { formatSsh, formatUnitsRounded, formatUsd } from "@streamspace/core/format";
import * as generated from "@streamspace/core/generated/contracts";
import { POPULARITY_ONE, popularityIndices } from "@streamspace/core/popularity";

describe("lib/cid", () => {
  it("computes the CID that `ipfs add --cid-version 1 --raw-leaves` gives", () => {
    // The well-known CID of "hello world\n" in IPFS.
    assert.equal(
      rawCidV1(new TextEncoder().encode("hello world\n")),
      "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
    );
    assert.notEqual(rawCidV1(new TextEncoder().encode("hello world")), rawCidV1(new TextEncoder().encode("hello world\n")));
  });
});

describe("lib/cid base58", () => {
  it("encodes Bitcoin's base58, leading zero bytes as 1, and CIDv0-form names", () => {
    assert.equal(base58(new TextEncoder().encode("hello world")), "StV1DL6CwTryKyV");
    assert.equal(base58(Uint8Array.from([0, 0, 1])), "112");
    assert.match(cidV0(new TextEncoder().encode("manifest")), /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/);
  });
});

describe("lib/popularity", () => {
  it("scores films by paid views relative to the average film, capped at the ceiling", () => {
    const views = new Map([
      [1n, 6n],
      [2n, 2n],
      [3n, 0n],
    ]);
    // 8 views over 3 films: the average film has 8/3 views.
    assert.deepEqual(popularityIndices([1n, 2n, 3n], views, 10n * POPULARITY_ONE), [
      (6n * 3n * POPULARITY_ONE) / 8n, // 2.25
      (2n * 3n * POPULARITY_ONE) / 8n, // 0.75
      0n,
    ]);
    assert.deepEqual(popularityIndices([1n, 2n, 3n], views, 2n * POPULARITY_ONE)[0], 2n * POPULARITY_ONE, "capped");
    assert.deepEqual(popularityIndices([1n, 2n], new Map(), POPULARITY_ONE), [0n, 0n], "no views at all: nobody is popular");
    assert.deepEqual(popularityIndices([], views, POPULARITY_ONE), []);
  });
});

describe("lib/format", () => {
  it("prints SSH with four decimals at most, rounded half-up, with separators", () => {
    assert.equal(formatSsh(49_999_967_139_785_392_295_141n), "49,999.9671 SSH");
    assert.equal(formatSsh(2_137_500_000_000_000_000n), "2.1375 SSH");
    assert.equal(formatSsh(10n ** 18n), "1 SSH");
    assert.equal(formatSsh(0n), "0 SSH");
    assert.equal(formatSsh(32_860_214_607_704_859n), "0.0329 SSH");
    assert.equal(formatSsh(49_999n), "<0.0001 SSH", "dust is not shown as zero");
    assert.equal(formatSsh(99_995_000_000_000_000n), "0.1 SSH", "0.099995 rounds half-up");
    assert.equal(formatSsh(1_000_000_000n * 10n ** 18n), "1,000,000,000 SSH");
    assert.equal(formatUnitsRounded(-1_500_000n, 6, 0), "-2");
  });

  it("prints USD (8 decimals) in dollars and cents", () => {
    assert.equal(formatUsd(2_99000000n), "$2.99");
    assert.equal(formatUsd(25_00000000n), "$25.00");
    assert.equal(formatUsd(1_234_567_89000000n), "$1,234,567.89");
    assert.equal(formatUsd(4_999_999n), "$0.05");
    assert.equal(formatUsd(0n), "$0.00");
  });
});

describe("lib/generated/contracts (wagmi CLI, from the artifacts)", () => {
  it("holds every deployable contract's ABI exactly as compiled", () => {
    const contracts: Record<string, string> = {
      streamShareAbi: "token/StreamShare.sol/StreamShare",
      filmRegistryAbi: "films/FilmRegistry.sol/FilmRegistry",
      payPerViewAbi: "payments/PayPerView.sol/PayPerView",
      campaignFactoryAbi: "crowdfunds/CampaignFactory.sol/CampaignFactory",
      crowdfundVaultAbi: "crowdfunds/CrowdfundVault.sol/CrowdfundVault",
      exchangeRateOracleAbi: "oracle/ExchangeRateOracle.sol/ExchangeRateOracle",
      tokenExchangeAbi: "exchange/TokenExchange.sol/TokenExchange",
      curatorStakingAbi: "curation/CuratorStaking.sol/CuratorStaking",
      adminTimelockAbi: "governance/AdminTimelock.sol/AdminTimelock",
    };
    for (const [name, path] of Object.entries(contracts)) {
      const artifact = JSON.parse(readFileSync(join(import.meta.dirname, "..", "artifacts", "contracts", `${path}.json`), "utf8"));
      const abi = (generated as Record<string, unknown>)[name];
      assert.ok(abi, `${name} is generated`);
      assert.deepEqual(JSON.parse(JSON.stringify(abi)), artifact.abi, `${name} is current`);
    }
  });
});
