// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StakingTest} from "./utils/StakingTest.sol";
import {ICuratorStaking} from "../../contracts/interfaces/ICuratorStaking.sol";

contract CuratorStakingFuzzTest is StakingTest {
    /// @dev The contract's reward (one mulDiv) equals the whitepaper formula computed independently.
    function testFuzz_rewardFor_matchesTheReferenceFormula(uint256 t, uint256 v, uint256 p) public view {
        t = bound(t, 0, 400 days);
        v = bound(v, 0, 1e27); // up to the whole SSH supply
        p = bound(p, 0, CEILING);
        assertEq(staking.rewardFor(t, v, p), _referenceReward(t, v, p));
    }

    /// @dev Staking, waiting and claiming pays exactly the formula, within the pool, T capped.
    function testFuzz_claim_paysTheFormulaForTheCoinAge(uint256 t, uint256 v, uint256 p) public {
        t = bound(t, 0, 200 days);
        v = bound(v, 1, CURATOR_FUNDS);
        p = bound(p, 0, CEILING);
        _attestAndStake(v, p);
        skip(t);
        uint256 expected = _referenceReward(t, v, p);
        uint256 paid = _claim();
        assertEq(paid, expected);
        assertLe(paid, POOL);
        assertEq(_claim(), 0, "the second claim in the block pays nothing");
    }

    /// @dev When P changes during T, the reward is the formula with P averaged over T: the sum of the
    ///      two periods' rewards, within 1 wei of rounding per period.
    function testFuzz_claim_popularityChangeIsTimeWeighted(uint256 t1, uint256 t2, uint256 p1, uint256 p2) public {
        t1 = bound(t1, 1, 45 days);
        t2 = bound(t2, 1, 45 days);
        p1 = bound(p1, 0, CEILING);
        p2 = bound(p2, 0, CEILING);
        uint256 v = 10_000 ether;
        _attestAndStake(v, p1);
        skip(t1);
        _report(filmId, p2);
        skip(t2);
        uint256 paid = _claim();
        uint256 pieces = _referenceReward(t1, v, p1) + _referenceReward(t2, v, p2);
        assertGe(paid, pieces, "never less than the two periods apart");
        assertLe(paid, pieces + 1, "at most the rounding of one period more");
    }

    /// @dev A slash takes ceil(stake x bps) and the curator can withdraw exactly the rest.
    function testFuzz_failedAudit_slashesAtMostTheConfiguredPart(uint256 v, uint256 unstake) public {
        v = bound(v, 1, CURATOR_FUNDS);
        unstake = bound(unstake, 0, v);
        _attestAndStake(v, 1e18);
        if (unstake > 0) {
            vm.prank(CURATOR);
            staking.requestUnstake(nodeId, filmId, CONTENT, unstake);
        }
        uint256 treasuryBefore = ssh.balanceOf(TREASURY);
        vm.prank(AUDITOR);
        staking.reportFailedAudit(nodeId, filmId, CONTENT);
        uint256 slashed = ssh.balanceOf(TREASURY) - treasuryBefore;
        assertGe(slashed * 10_000, v * SLASH_BPS, "at least the configured part");
        assertLe(slashed, (v * SLASH_BPS) / 10_000 + 2, "rounded up by under 1 wei per amount");
        skip(UNBONDING);
        if (v == slashed) {
            // A tiny stake can be slashed whole (rounded up): nothing is left to withdraw.
            vm.expectRevert(
                abi.encodeWithSelector(ICuratorStaking.Staking_NothingToWithdraw.selector, nodeId, staking.fragmentIdOf(filmId, CONTENT))
            );
            vm.prank(CURATOR);
            staking.withdraw(nodeId, filmId, CONTENT);
        } else {
            vm.prank(CURATOR);
            assertEq(staking.withdraw(nodeId, filmId, CONTENT), v - slashed);
        }
        ICuratorStaking.Position memory p = staking.positionOf(nodeId, filmId, CONTENT);
        assertEq(p.unbonding + p.stake, 0);
    }
}
