// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {StreamSpaceTest} from "./utils/StreamSpaceTest.sol";
import {IExchangeRateOracle} from "../../contracts/interfaces/IExchangeRateOracle.sol";
import {ExchangeRateOracle} from "../../contracts/oracle/ExchangeRateOracle.sol";

contract ExchangeRateOracleTest is StreamSpaceTest {
    int256 internal constant RATE = 5_000_000; // $0.05 per SSH

    function _update(int256 answer, uint256 observedAt, uint256 sources) internal {
        vm.prank(RATE_UPDATER);
        oracle.updateRate(answer, observedAt, sources);
    }

    function _next() internal {
        vm.warp(block.timestamp + 60);
    }

    function test_updateRate_storesRoundReadableAsAggregatorV3() public {
        vm.expectEmit(address(oracle));
        emit IExchangeRateOracle.RateUpdated(1, RATE, block.timestamp - 10, 4);
        _update(RATE, block.timestamp - 10, 4);
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            oracle.latestRoundData();
        assertEq(roundId, 1);
        assertEq(answer, RATE);
        assertEq(startedAt, block.timestamp - 10);
        assertEq(updatedAt, block.timestamp - 10);
        assertEq(answeredInRound, 1);
        assertEq(oracle.decimals(), 8);
        assertEq(oracle.description(), "SSH / USD");
        assertEq(oracle.version(), 1);
        (, int256 first,,,) = oracle.getRoundData(1);
        assertEq(first, RATE);
    }

    function test_getRoundData_keepsRecentRoundsOnly() public {
        for (uint256 i; i < 40; ++i) {
            _update(RATE + int256(i), block.timestamp, 3);
            _next();
        }
        (, int256 answer,,,) = oracle.getRoundData(40);
        assertEq(answer, RATE + 39);
        (, answer,,,) = oracle.getRoundData(9); // 40 - 32 + 1: the oldest kept
        assertEq(answer, RATE + 8);
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_RoundNotAvailable.selector, 8));
        oracle.getRoundData(8);
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_RoundNotAvailable.selector, 41));
        oracle.getRoundData(41);
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_RoundNotAvailable.selector, 0));
        oracle.getRoundData(0);
    }

    function test_updateRate_rejectsStranger() public {
        bytes32 role = oracle.RATE_UPDATER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ATTACKER, role));
        vm.prank(ATTACKER);
        oracle.updateRate(RATE, block.timestamp, 3);
    }

    function test_updateRate_rejectsZeroOrNegativeAnswer() public {
        vm.startPrank(RATE_UPDATER);
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_InvalidAnswer.selector, int256(0)));
        oracle.updateRate(0, block.timestamp, 3);
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_InvalidAnswer.selector, int256(-1)));
        oracle.updateRate(-1, block.timestamp, 3);
        vm.stopPrank();
    }

    function test_updateRate_rejectsStaleEqualOrFutureTimestamp() public {
        _update(RATE, block.timestamp - 10, 3);
        _next();
        uint256 last = block.timestamp - 70;
        vm.startPrank(RATE_UPDATER);
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_StaleObservation.selector, last, last));
        oracle.updateRate(RATE, last, 3); // equal
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_StaleObservation.selector, last - 1, last));
        oracle.updateRate(RATE, last - 1, 3); // older
        uint256 future = block.timestamp + 5 minutes + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IExchangeRateOracle.Oracle_ObservationInFuture.selector, future, future - 1)
        );
        oracle.updateRate(RATE, future, 3);
        oracle.updateRate(RATE, future - 1, 3); // exactly the skew is accepted
        vm.stopPrank();
    }

    function test_updateRate_rejectsBelowQuorum() public {
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_BelowQuorum.selector, 2, 3));
        _update(RATE, block.timestamp, 2);
    }

    function test_updateRate_circuitBreakerStopsAThousandfoldJump_guardianAccepts() public {
        _update(RATE, block.timestamp, 3);
        _next();
        // The 2019 sKRW incident: a feed reported a price about 1,000 times too high.
        vm.expectRevert(
            abi.encodeWithSelector(
                IExchangeRateOracle.Oracle_DeviationTooLarge.selector, RATE * 1_000, RATE, 9_990_000, 2_000
            )
        );
        _update(RATE * 1_000, block.timestamp, 3);
        _update(RATE * 12 / 10, block.timestamp, 3); // +20%: at the limit, accepted
        _next();
        bytes32 role = oracle.GUARDIAN_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, RATE_UPDATER, role));
        vm.prank(RATE_UPDATER);
        oracle.acceptRate(RATE * 3, block.timestamp, 3);
        vm.expectEmit(address(oracle));
        emit IExchangeRateOracle.RateAcceptedByGuardian(3, GUARDIAN);
        vm.prank(GUARDIAN);
        oracle.acceptRate(RATE * 3, block.timestamp, 3);
        (, int256 answer,,,) = oracle.latestRoundData();
        assertEq(answer, RATE * 3);
    }

    function test_updateRate_twiceInTheSameBlock_reverts() public {
        _update(RATE, block.timestamp - 2, 3);
        vm.expectRevert(IExchangeRateOracle.Oracle_AlreadyUpdatedThisBlock.selector);
        _update(RATE, block.timestamp - 1, 3);
    }

    function test_rateNoOlderThan_atMaxAgeAndOneSecondPast() public {
        vm.expectRevert(IExchangeRateOracle.Oracle_NoRate.selector);
        oracle.rateNoOlderThan(1 hours);
        vm.expectRevert(IExchangeRateOracle.Oracle_NoRate.selector);
        oracle.latestRoundData();
        uint256 observedAt = block.timestamp;
        _update(RATE, observedAt, 3);
        vm.warp(observedAt + 1 hours);
        (uint256 rate, uint256 updatedAt) = oracle.rateNoOlderThan(1 hours);
        assertEq(rate, uint256(RATE));
        assertEq(updatedAt, observedAt);
        vm.warp(observedAt + 1 hours + 1);
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_StaleRate.selector, observedAt, 1 hours));
        oracle.rateNoOlderThan(1 hours);
    }

    function test_setConfig_boundsAndAdminOnly() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(IExchangeRateOracle.Oracle_InvalidConfig.selector);
        oracle.setConfig(0, 1_000);
        vm.expectRevert(IExchangeRateOracle.Oracle_InvalidConfig.selector);
        oracle.setConfig(3, 0);
        vm.expectRevert(IExchangeRateOracle.Oracle_InvalidConfig.selector);
        oracle.setConfig(3, 10_001);
        vm.expectRevert(IExchangeRateOracle.Oracle_InvalidConfig.selector);
        oracle.setConfig(256, 1_000);
        oracle.setConfig(5, 500);
        vm.stopPrank();
        (uint256 quorum, uint256 maxDeviation) = oracle.config();
        assertEq(quorum, 5);
        assertEq(maxDeviation, 500);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ATTACKER, bytes32(0))
        );
        vm.prank(ATTACKER);
        oracle.setConfig(1, 1);
    }

    function test_updateRate_acceptsMoreThan255Sources() public {
        vm.expectEmit(address(oracle));
        emit IExchangeRateOracle.RateUpdated(1, RATE, block.timestamp, 1_000);
        _update(RATE, block.timestamp, 1_000); // stored as 255 (one byte); the event keeps the count
        (uint80 roundId, int256 answer,,,) = oracle.latestRoundData();
        assertEq(roundId, 1);
        assertEq(answer, RATE);
    }

    /// @dev Weakness: the breaker applied per update, so the updater alone reached x1000 in 38 blocks.
    ///      Now its moves add up against the maximum deviation per hour (the budget comes back linearly).
    function test_updateRate_breakerBoundsTheMoveOverAnHour_notPerUpdate() public {
        _update(RATE, block.timestamp, 3);
        int256 answer = RATE;
        uint256 accepted;
        for (uint256 i; i < 38; ++i) {
            _next(); // a minute: 33 bps of budget back
            int256 next = (answer * 12) / 10;
            vm.prank(RATE_UPDATER);
            try oracle.updateRate(next, block.timestamp, 3) {
                answer = next;
                ++accepted;
            } catch (bytes memory reason) {
                assertEq(bytes4(reason), IExchangeRateOracle.Oracle_DeviationTooLarge.selector);
            }
        }
        assertEq(accepted, 1, "one 20% step an hour at most: after it the budget is spent for the hour");
        (, int256 latest,,,) = oracle.latestRoundData();
        assertEq(latest, (RATE * 12) / 10);
        // Small steps add up as well: 1% a minute is refused once 20% is used within the window.
        vm.warp(block.timestamp + 1 hours);
        uint256 small;
        for (uint256 i; i < 60; ++i) {
            _next();
            int256 next = (answer * 101) / 100;
            vm.prank(RATE_UPDATER);
            try oracle.updateRate(next, block.timestamp, 3) {
                answer = next;
                ++small;
            } catch {}
        }
        assertLt(small, 60, "the updater cannot drift 1% a minute for an hour");
        assertLe(uint256(answer), uint256(RATE) * 12 / 10 * 150 / 100, "at most the budget plus an hour's worth, compounded");
        // The guardian can always accept a move, and gives the updater its budget back.
        _next();
        vm.prank(GUARDIAN);
        oracle.acceptRate(RATE * 1_000, block.timestamp, 3);
        _next();
        _update((RATE * 1_000 * 12) / 10, block.timestamp, 3);
    }

    /// @dev Weakness: a rate stamped up to 5 minutes in the future stayed fresh 5 minutes longer. Its
    ///      freshness counts from when it was posted at the latest.
    function test_rateNoOlderThan_futureStampNeverExtendsFreshness() public {
        uint256 postedAt = block.timestamp;
        _update(RATE, postedAt + 5 minutes, 3);
        (, uint256 updatedAt) = oracle.rateNoOlderThan(1 hours);
        assertEq(updatedAt, postedAt);
        (,,, uint256 roundUpdatedAt,) = oracle.latestRoundData();
        assertEq(roundUpdatedAt, postedAt, "AggregatorV3 readers see it too");
        (,,, roundUpdatedAt,) = oracle.getRoundData(1);
        assertEq(roundUpdatedAt, postedAt);
        vm.warp(postedAt + 1 hours);
        oracle.rateNoOlderThan(1 hours);
        vm.warp(postedAt + 1 hours + 1);
        vm.expectRevert(abi.encodeWithSelector(IExchangeRateOracle.Oracle_StaleRate.selector, postedAt, 1 hours));
        oracle.rateNoOlderThan(1 hours);
    }

    /// @dev Small rises compound: four 5% steps in a row would be 21.6% above the start, so the fourth is
    ///      refused; the budget counts a rise at its compounded weight.
    function test_updateRate_breakerCountsRisesCompounded() public {
        _update(RATE, block.timestamp, 3);
        int256 answer = RATE;
        for (uint256 i; i < 3; ++i) {
            vm.warp(block.timestamp + 1);
            answer = (answer * 105) / 100;
            _update(answer, block.timestamp, 3);
        }
        vm.warp(block.timestamp + 1);
        vm.expectPartialRevert(IExchangeRateOracle.Oracle_DeviationTooLarge.selector);
        _update((answer * 105) / 100, block.timestamp, 3);
    }

    /// @dev Whatever the updater posts within a short window, up and down, the rate stays within the
    ///      maximum deviation of where it started, plus what of the budget came back meanwhile (20% an
    ///      hour, so under 7 basis points over these 12 seconds; counted twice for its compounding).
    function testFuzz_updateRate_staysWithinTheBreakerOfTheStart(uint256[12] memory moves) public {
        _update(RATE, block.timestamp, 3);
        uint256 start = block.timestamp;
        int256 answer = RATE;
        for (uint256 i; i < moves.length; ++i) {
            vm.warp(block.timestamp + 1);
            int256 next = (answer * int256(bound(moves[i], 7_500, 12_500))) / 10_000;
            if (next <= 0) continue;
            vm.prank(RATE_UPDATER);
            try oracle.updateRate(next, block.timestamp, 3) {
                answer = next;
            } catch {}
            int256 recoveredBps = int256((2_000 * (block.timestamp - start) + 1 hours - 1) / 1 hours);
            assertLe(answer, (RATE * (12_000 + 2 * recoveredBps)) / 10_000 + 1, "never more than 20% above the start");
            assertGe(answer, (RATE * (8_000 - 2 * recoveredBps)) / 10_000 - 1, "never more than 20% below the start");
        }
    }
}
