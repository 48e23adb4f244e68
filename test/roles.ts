import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { encodeFunctionData, keccak256, toHex, zeroHash } from "viem";

import { LOCAL_TIMELOCK_DELAY, accountsByRole, deployPlatform, mined } from "../dev/platform.js";

/**
 * The deployment bounds the keys (docs/security.md): one account per role, and every contract's admin
 * is the AdminTimelock, so a grant of a money-moving role is scheduled in public and waits its delay.
 */
describe("roles of the production Ignition module", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const roles = await accountsByRole(connection);
  const fixture = () => deployPlatform(connection);
  const lower = (a: string) => a.toLowerCase();

  it("gives each role its own account and every admin role to the timelock", async () => {
    const { timelock, payPerView, oracle, tokenExchange, curatorStaking, campaignFactory } =
      await networkHelpers.loadFixture(fixture);
    const admin = lower(timelock.address);
    for (const contract of [payPerView, oracle, tokenExchange, curatorStaking, campaignFactory]) {
      assert.equal(lower(await contract.read.defaultAdmin()), admin, `${contract.address} admin`);
    }
    const holds = async (c: { read: { hasRole: (a: readonly [`0x${string}`, `0x${string}`]) => Promise<boolean> } }, role: string, account: `0x${string}`) =>
      c.read.hasRole([keccak256(toHex(role)), account]);
    assert.equal(await holds(payPerView, "DELIVERY_SIGNER_ROLE", roles.deliverySigner), true);
    assert.equal(await holds(payPerView, "PAUSER_ROLE", roles.pauser), true);
    assert.equal(await holds(oracle, "RATE_UPDATER_ROLE", roles.rateUpdater), true);
    assert.equal(await holds(oracle, "GUARDIAN_ROLE", roles.guardian), true);
    assert.equal(await holds(tokenExchange, "ONRAMP_ROLE", roles.onramp), true);
    assert.equal(await holds(tokenExchange, "PAYOUT_ROLE", roles.payout), true);
    assert.equal(await holds(tokenExchange, "TREASURER_ROLE", roles.treasury), true);
    assert.equal(await holds(curatorStaking, "AUDITOR_ROLE", roles.auditor), true);
    assert.equal(await holds(curatorStaking, "REPORTER_ROLE", roles.reporter), true);
    // No key holds two powers: the treasury signs nothing, the delivery key pauses nothing.
    assert.equal(await holds(payPerView, "PAUSER_ROLE", roles.treasury), false);
    assert.equal(await holds(payPerView, "DELIVERY_SIGNER_ROLE", roles.treasury), false);
    assert.equal(await holds(oracle, "GUARDIAN_ROLE", roles.rateUpdater), false);
    assert.equal(await holds(tokenExchange, "ONRAMP_ROLE", roles.admin), false);
    assert.equal(await timelock.read.getMinDelay(), LOCAL_TIMELOCK_DELAY);
    assert.equal(await timelock.read.hasRole([await timelock.read.PROPOSER_ROLE(), roles.admin]), true);
    assert.equal(await timelock.read.hasRole([await timelock.read.DEFAULT_ADMIN_ROLE(), roles.admin]), false);
  });

  it("grants a money-moving role only through the timelock, after its delay", async () => {
    const { timelock, tokenExchange } = await networkHelpers.loadFixture(fixture);
    const onramp = await tokenExchange.read.ONRAMP_ROLE();
    const newKey = roles.fan2;
    // The admin key alone cannot grant: the contracts' admin is the timelock.
    await viem.assertions.revertWithCustomError(
      tokenExchange.write.grantRole([onramp, newKey], { account: roles.admin }),
      tokenExchange,
      "AccessControlUnauthorizedAccount",
    );
    const data = encodeFunctionData({ abi: tokenExchange.abi, functionName: "grantRole", args: [onramp, newKey] });
    const salt = keccak256(toHex("grant a new on-ramp key"));
    // Only a proposer schedules; the schedule is public (CallScheduled) for the whole delay.
    await viem.assertions.revertWithCustomError(
      timelock.write.schedule([tokenExchange.address, 0n, data, zeroHash, salt, LOCAL_TIMELOCK_DELAY], { account: roles.fan }),
      timelock,
      "AccessControlUnauthorizedAccount",
    );
    await viem.assertions.emit(
      timelock.write.schedule([tokenExchange.address, 0n, data, zeroHash, salt, LOCAL_TIMELOCK_DELAY], { account: roles.admin }),
      timelock,
      "CallScheduled",
    );
    await viem.assertions.revertWithCustomError(
      timelock.write.execute([tokenExchange.address, 0n, data, zeroHash, salt], { account: roles.admin }),
      timelock,
      "TimelockUnexpectedOperationState",
    );
    assert.equal(await tokenExchange.read.hasRole([onramp, newKey]), false);
    await networkHelpers.time.increase(Number(LOCAL_TIMELOCK_DELAY));
    await mined(connection, timelock.write.execute([tokenExchange.address, 0n, data, zeroHash, salt], { account: roles.admin }));
    assert.equal(await tokenExchange.read.hasRole([onramp, newKey]), true);
  });
});
