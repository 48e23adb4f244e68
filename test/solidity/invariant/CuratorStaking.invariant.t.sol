// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StakingTest} from "../utils/StakingTest.sol";
import {CuratorStakingHandler} from "./CuratorStakingHandler.sol";
import {ICuratorStaking} from "../../../contracts/interfaces/ICuratorStaking.sol";

/// @dev Invariants of curator staking: the pool, the stakes and every curator's rewards add up.
contract CuratorStakingInvariantTest is StakingTest {
    CuratorStakingHandler internal handler;

    function setUp() public override {
        super.setUp();
        uint256 secondFilm = _registerFilm();
        handler = new CuratorStakingHandler(
            ssh, staking, AUDITOR, REPORTER, TREASURY, [filmId, secondFilm], registry, FILMMAKER
        );
        vm.startPrank(TREASURY);
        for (uint256 i; i < handler.CURATORS(); ++i) ssh.transfer(handler.curators(i), 100_000 ether);
        ssh.approve(address(staking), type(uint256).max);
        vm.stopPrank();
        handler.init();
        targetContract(address(handler));
    }

    /// @dev Rewards are only ever paid out of what was funded: pool + paid = funded.
    function invariant_poolPlusPaidEqualsFunded() public view {
        assertEq(staking.rewardPool() + staking.totalRewardsPaid(), POOL + handler.ghostFunded());
    }

    /// @dev The curators' SSH in the contract (staked + unbonding) is what they put in minus what was
    ///      slashed and withdrawn, and the contract holds exactly that plus the pool.
    function invariant_stakesEqualDepositsMinusSlashesAndWithdrawals() public view {
        uint256 held;
        for (uint256 i; i < handler.CURATORS(); ++i) {
            for (uint256 j; j < handler.FILMS(); ++j) {
                ICuratorStaking.Position memory p = handler.positionOf(i, j);
                held += uint256(p.stake) + p.unbonding + p.released;
            }
        }
        assertEq(held, handler.ghostStaked() - handler.ghostSlashed() - handler.ghostWithdrawn());
        assertEq(ssh.balanceOf(address(staking)), staking.rewardPool() + held);
    }

    /// @dev Per position, what the contract owes equals the reference formula's rewards minus what was
    ///      paid and forfeited; so no curator is ever paid more than the formula gives.
    function invariant_noCuratorPaidMoreThanTheFormula() public view {
        assertFalse(handler.paidMoreThanOwed());
        for (uint256 i; i < handler.CURATORS(); ++i) {
            uint256 owed;
            for (uint256 j; j < handler.FILMS(); ++j) {
                uint256 contractOwed = handler.positionOf(i, j).owed;
                assertEq(contractOwed, handler.ghostOwed(i, j), "owed matches the reference");
                owed += contractOwed;
            }
            address curator = handler.curators(i);
            assertEq(handler.ghostPaid(curator) + owed, handler.ghostEntitled(curator));
        }
    }

    /// @dev Per position: no SSH is slashed twice. Everything slashed from a position is at most the
    ///      slash rate of everything ever staked on it (plus the round-up, 2 wei an audit), however many
    ///      slash / re-attest / slash cycles it went through; and a remainder's withdrawal date never
    ///      moves because of a later audit.
    function invariant_noSshSlashedTwice() public view {
        assertFalse(handler.remainderClockMoved(), "a later audit moved a remainder's date");
        for (uint256 i; i < handler.CURATORS(); ++i) {
            for (uint256 j; j < handler.FILMS(); ++j) {
                assertLe(
                    handler.ghostSlashedFrom(i, j),
                    (handler.ghostStakedIn(i, j) * SLASH_BPS) / 10_000 + 2 * handler.ghostAudits(i, j),
                    "slashed more than once"
                );
            }
        }
    }

    function invariant_totalSupplyUnchanged() public view {
        assertEq(ssh.totalSupply(), ssh.TOTAL_SUPPLY());
    }
}
