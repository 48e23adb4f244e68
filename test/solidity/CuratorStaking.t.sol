// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {StakingTest} from "./utils/StakingTest.sol";
import {NodeKeys} from "./utils/NodeKeys.sol";
import {ICuratorStaking} from "../../contracts/interfaces/ICuratorStaking.sol";
import {IFilmRegistry} from "../../contracts/interfaces/IFilmRegistry.sol";
import {CuratorStaking} from "../../contracts/curation/CuratorStaking.sol";

contract CuratorStakingTest is StakingTest {
    uint256 internal constant STAKE = 12_053 ether;

    // ------------------------------------------------------------ deployment

    function test_constructor_revertsOnParametersOutOfBounds() public {
        IERC20 token = IERC20(address(ssh));
        vm.expectRevert(ICuratorStaking.Staking_InvalidParameter.selector);
        new CuratorStaking(token, registry, ADMIN, address(0), AUDITOR, REPORTER, 1 days, 7 days, 90 days, 10e18, 1_000);
        vm.expectRevert(ICuratorStaking.Staking_InvalidParameter.selector);
        new CuratorStaking(token, registry, ADMIN, TREASURY, AUDITOR, REPORTER, 1 days, 7 days, 90 days, 0.5e18, 1_000);
        vm.expectRevert(ICuratorStaking.Staking_InvalidParameter.selector);
        new CuratorStaking(token, registry, ADMIN, TREASURY, AUDITOR, REPORTER, 1 days, 7 days, 366 days, 10e18, 1_000);
        vm.expectRevert(ICuratorStaking.Staking_InvalidParameter.selector);
        new CuratorStaking(token, registry, ADMIN, TREASURY, AUDITOR, REPORTER, 1 days, 30 minutes, 90 days, 10e18, 1_000);
        vm.expectRevert(ICuratorStaking.Staking_InvalidParameter.selector);
        new CuratorStaking(token, registry, ADMIN, TREASURY, AUDITOR, REPORTER, 1 days, 7 days, 90 days, 10e18, 10_001);
    }

    // ------------------------------------------------------------ nodes and attestations

    function test_registerNode_idIsTheKeyHash_andCannotBeTakenTwice() public {
        (bytes memory publicKey,) = NodeKeys.key(NODE);
        assertEq(nodeId, keccak256(publicKey));
        assertEq(staking.nodeCurator(nodeId), CURATOR);
        (, bytes memory signature) = NodeKeys.registration(staking, NODE, ATTACKER);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_InvalidNode.selector, nodeId));
        vm.prank(ATTACKER);
        staking.registerNode(publicKey, signature);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_InvalidNode.selector, keccak256("")));
        staking.registerNode("", signature);
        bytes memory compressed = new bytes(33);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_InvalidNode.selector, keccak256(compressed)));
        staking.registerNode(compressed, signature);
    }

    /// @dev Regression (review #5): a registration seen in the mempool cannot be front-run. The copy
    ///      names the original curator, so it fails for anyone else; a node's key is needed to sign.
    function test_registerNode_revertsWhenFrontRunWithTheCuratorsSignature() public {
        (bytes memory publicKey, bytes memory signature) = NodeKeys.registration(staking, 1, CURATOR2);
        bytes32 id = keccak256(publicKey);
        address nodeAddress = address(uint160(uint256(id)));
        address signer = ECDSA.recover(staking.nodeRegistrationDigest(id, ATTACKER), signature);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_NodeSignatureInvalid.selector, id, signer, nodeAddress));
        vm.prank(ATTACKER);
        staking.registerNode(publicKey, signature);
        assertEq(staking.nodeCurator(id), address(0), "the attacker did not take the node");

        vm.prank(CURATOR2);
        assertEq(staking.registerNode(publicKey, signature), id);
        assertEq(staking.nodeCurator(id), CURATOR2, "the curator registered its node");
    }

    function test_registerNode_revertsWhenSignedByAnotherKey_orForAnotherContract() public {
        (bytes memory publicKey,) = NodeKeys.key(2);
        bytes32 id = keccak256(publicKey);
        // Signed by a key that is not the node's (a curator signing for a node it does not run).
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(CURATOR_KEY, staking.nodeRegistrationDigest(id, CURATOR));
        vm.expectRevert(
            abi.encodeWithSelector(ICuratorStaking.Staking_NodeSignatureInvalid.selector, id, CURATOR, address(uint160(uint256(id))))
        );
        vm.prank(CURATOR);
        staking.registerNode(publicKey, abi.encodePacked(r, s, v));
        // Signed by the node, but for another staking contract (another deployment or chain).
        CuratorStaking other = new CuratorStaking(
            IERC20(address(ssh)), registry, ADMIN, TREASURY, AUDITOR, REPORTER, MIN_HOLDING, UNBONDING, MAX_AGE, CEILING, SLASH_BPS
        );
        (, bytes memory elsewhere) = NodeKeys.registration(other, 2, CURATOR);
        vm.prank(CURATOR);
        vm.expectPartialRevert(ICuratorStaking.Staking_NodeSignatureInvalid.selector);
        staking.registerNode(publicKey, elsewhere);
        // Garbage.
        vm.prank(CURATOR);
        vm.expectPartialRevert(ICuratorStaking.Staking_NodeSignatureInvalid.selector);
        staking.registerNode(publicKey, hex"1234");
    }

    function test_attest_emitsTheFragment_andCannotAttestTwice() public {
        bytes32 fragmentId = staking.fragmentIdOf(filmId, CONTENT);
        assertEq(fragmentId, keccak256(abi.encode(filmId, CONTENT)));
        vm.expectEmit(address(staking));
        emit ICuratorStaking.FragmentAttested(nodeId, fragmentId, filmId, CONTENT, CURATOR, block.timestamp + MIN_HOLDING);
        _attest(nodeId, filmId, CONTENT);
        ICuratorStaking.Position memory p = staking.positionOf(nodeId, filmId, CONTENT);
        assertEq(uint8(p.status), uint8(ICuratorStaking.HoldingStatus.Held));
        assertEq(p.heldSince, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_AlreadyHeld.selector, nodeId, fragmentId));
        _attest(nodeId, filmId, CONTENT);
    }

    function test_attest_revertsOnUnknownNodeOrFilm_orDeletedFilm() public {
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_UnknownNode.selector, bytes32("nope")));
        _attest(bytes32("nope"), filmId, CONTENT);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_UnknownFilm.selector, 99));
        _attest(nodeId, 99, CONTENT);
        vm.prank(FILMMAKER);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_FilmDeleted.selector, filmId));
        _attest(nodeId, filmId, CONTENT);
    }

    function test_roles_strangerCannotAttestSlashOrReport() public {
        bytes32 auditor = staking.AUDITOR_ROLE();
        vm.startPrank(ATTACKER);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ATTACKER, auditor));
        staking.attest(nodeId, filmId, CONTENT);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ATTACKER, auditor));
        staking.reportFailedAudit(nodeId, filmId, CONTENT);
        uint256[] memory films = new uint256[](1);
        films[0] = filmId;
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ATTACKER, staking.REPORTER_ROLE())
        );
        staking.reportPopularity(films, films);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ staking

    function test_stake_revertsOnZero_unattested_beforeHoldingTime_deletedFilm() public {
        bytes32 fragmentId = staking.fragmentIdOf(filmId, CONTENT);
        vm.startPrank(CURATOR);
        vm.expectRevert(ICuratorStaking.Staking_ZeroAmount.selector);
        staking.stake(nodeId, filmId, CONTENT, 0);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_NotHeld.selector, nodeId, fragmentId));
        staking.stake(nodeId, filmId, CONTENT, 1 ether);
        vm.stopPrank();

        _attest(nodeId, filmId, CONTENT);
        skip(MIN_HOLDING - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICuratorStaking.Staking_HoldingTimeNotMet.selector, nodeId, fragmentId, block.timestamp + 1
            )
        );
        vm.prank(CURATOR);
        staking.stake(nodeId, filmId, CONTENT, 1 ether);

        skip(1);
        vm.prank(FILMMAKER);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_FilmDeleted.selector, filmId));
        vm.prank(CURATOR);
        staking.stake(nodeId, filmId, CONTENT, 1 ether);
        assertEq(ssh.balanceOf(CURATOR), CURATOR_FUNDS, "nothing moved");
    }

    function test_stake_onlyTheNodesCuratorHasAPosition() public {
        _attest(nodeId, filmId, CONTENT);
        skip(MIN_HOLDING);
        // Another account staking "on" the node finds no position of its own.
        vm.expectRevert(
            abi.encodeWithSelector(ICuratorStaking.Staking_NotHeld.selector, nodeId, staking.fragmentIdOf(filmId, CONTENT))
        );
        vm.prank(CURATOR2);
        staking.stake(nodeId, filmId, CONTENT, 1 ether);
    }

    function test_stake_pullsTheTokens_andRestartsCoinAge() public {
        _attestAndStake(STAKE, 1e18);
        assertEq(ssh.balanceOf(address(staking)), POOL + STAKE);
        skip(10 days);
        uint256 accrued = _referenceReward(10 days, STAKE, 1e18);
        vm.expectEmit(address(staking));
        emit ICuratorStaking.Staked(nodeId, staking.fragmentIdOf(filmId, CONTENT), CURATOR, 1 ether, STAKE + 1 ether, accrued);
        vm.prank(CURATOR);
        staking.stake(nodeId, filmId, CONTENT, 1 ether);
        ICuratorStaking.Position memory p = staking.positionOf(nodeId, filmId, CONTENT);
        assertEq(p.stake, STAKE + 1 ether);
        assertEq(p.owed, accrued, "the old stake's reward is booked");
        assertEq(p.ageStart, block.timestamp, "coin-age restarts");
        (uint256 pending,,,) = staking.pendingReward(nodeId, filmId, CONTENT);
        assertEq(pending, 0);
    }

    function test_stakeWithPermit_oneTransaction_andSurvivesAFrontRunPermit() public {
        _attest(nodeId, filmId, CONTENT);
        skip(MIN_HOLDING);
        vm.prank(CURATOR);
        ssh.approve(address(staking), 0);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(CURATOR_KEY, CURATOR, address(staking), 5 ether, deadline);
        // Someone submits the permit first: the stake still goes through on the allowance it created.
        ssh.permit(CURATOR, address(staking), 5 ether, deadline, v, r, s);
        vm.prank(CURATOR);
        staking.stakeWithPermit(nodeId, filmId, CONTENT, 5 ether, deadline, v, r, s);
        assertEq(staking.positionOf(nodeId, filmId, CONTENT).stake, 5 ether);
    }

    // ------------------------------------------------------------ the reward formula

    function test_reward_matchesTheWhitepaperFormula() public {
        // V = 12,053 SSH, P = 1.0, T = 90 days: R = 90 x 12,053 x 1 x 0.02 x 33/12,053 = 59.4 SSH.
        _attestAndStake(STAKE, 1e18);
        skip(90 days);
        (uint256 reward, uint256 coinAge, uint256 v, uint256 p) = staking.pendingReward(nodeId, filmId, CONTENT);
        assertEq(reward, 59.4 ether);
        assertEq(coinAge, 90 days);
        assertEq(v, STAKE);
        assertEq(p, 1e18);
        assertEq(staking.rewardFor(90 days, STAKE, 1e18), 59.4 ether);
    }

    function test_reward_popularityWeights_andAveragesOverTheCoinAge() public {
        _attestAndStake(STAKE, 1e18);
        skip(10 days);
        _report(filmId, 3e18); // from now on the film is three times as popular
        skip(10 days);
        (uint256 reward,, , uint256 p) = staking.pendingReward(nodeId, filmId, CONTENT);
        assertEq(p, 2e18, "P averaged over T");
        assertEq(reward, _referenceReward(20 days, STAKE, 2e18));
        assertEq(reward, 26.4 ether); // 20 x 12,053 x 2 x 0.02 x 33/12,053
    }

    function test_reward_zeroAtTZero_andCappedAtMaxAge() public {
        _attestAndStake(STAKE, 1e18);
        (uint256 atZero,,,) = staking.pendingReward(nodeId, filmId, CONTENT);
        assertEq(atZero, 0, "T = 0");
        skip(MAX_AGE - 1);
        (uint256 under, uint256 tUnder,,) = staking.pendingReward(nodeId, filmId, CONTENT);
        assertEq(tUnder, MAX_AGE - 1);
        assertEq(under, _referenceReward(MAX_AGE - 1, STAKE, 1e18));
        skip(1);
        (uint256 at,,,) = staking.pendingReward(nodeId, filmId, CONTENT);
        skip(1);
        (uint256 over, uint256 tOver,,) = staking.pendingReward(nodeId, filmId, CONTENT);
        assertEq(tOver, MAX_AGE, "T is capped");
        assertEq(over, at, "a second past the cap earns nothing more");
        assertGt(at, under);
        skip(365 days);
        (uint256 muchLater,,,) = staking.pendingReward(nodeId, filmId, CONTENT);
        assertEq(muchLater, at);
    }

    function test_reward_zeroPopularityEarnsNothing_ceilingIsAllowed_aboveItReverts() public {
        _attestAndStake(STAKE, 0);
        skip(30 days);
        assertEq(_claim(), 0, "P = 0");
        _report(filmId, CEILING);
        skip(30 days);
        assertEq(_claim(), _referenceReward(30 days, STAKE, CEILING), "P at the ceiling");
        uint256[] memory films = new uint256[](1);
        films[0] = filmId;
        uint256[] memory indices = new uint256[](1);
        indices[0] = CEILING + 1;
        vm.expectRevert(
            abi.encodeWithSelector(ICuratorStaking.Staking_PopularityAboveCeiling.selector, filmId, CEILING + 1, CEILING)
        );
        vm.prank(REPORTER);
        staking.reportPopularity(films, indices);
        assertEq(staking.popularityOf(filmId).index, CEILING, "unchanged");
    }

    function test_reportPopularity_rejectsBadBatches_unknownFilms_andPopularDeletedFilms() public {
        uint256[] memory none = new uint256[](0);
        vm.startPrank(REPORTER);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_InvalidReport.selector, 0, 0));
        staking.reportPopularity(none, none);
        uint256[] memory one = new uint256[](1);
        one[0] = 99;
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_UnknownFilm.selector, 99));
        staking.reportPopularity(one, new uint256[](1));
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_InvalidReport.selector, 1, 2));
        staking.reportPopularity(one, new uint256[](2));
        vm.stopPrank();
        vm.prank(FILMMAKER);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_FilmDeleted.selector, filmId));
        _report(filmId, 1e18);
        _report(filmId, 0); // a deleted film's popularity can only go to zero
    }

    // ------------------------------------------------------------ claims and the pool

    function test_claim_paysTheReward_andTheSecondClaimInTheBlockPaysZero() public {
        _attestAndStake(STAKE, 1e18);
        skip(90 days);
        bytes32 fragmentId = staking.fragmentIdOf(filmId, CONTENT);
        vm.expectEmit(address(staking));
        emit ICuratorStaking.RewardClaimed(nodeId, fragmentId, CURATOR, 90 days, STAKE, 1e18, 59.4 ether, 59.4 ether, 0);
        assertEq(_claim(), 59.4 ether);
        assertEq(_claim(), 0, "coin-age was reset");
        assertEq(ssh.balanceOf(CURATOR), CURATOR_FUNDS - STAKE + 59.4 ether);
        assertEq(staking.rewardPool(), POOL - 59.4 ether);
        assertEq(staking.totalRewardsPaid(), 59.4 ether);
    }

    function test_claim_revertsWhenNothingWasEverStaked() public {
        bytes32 fragmentId = staking.fragmentIdOf(filmId, CONTENT);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_NothingStaked.selector, nodeId, fragmentId));
        _claim();
        _attest(nodeId, filmId, CONTENT);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_NothingStaked.selector, nodeId, fragmentId));
        _claim();
    }

    function test_claim_underfundedPoolPaysWhatItHolds_andTheRestStaysOwed() public {
        CuratorStaking poor = new CuratorStaking(
            IERC20(address(ssh)), registry, ADMIN, TREASURY, AUDITOR, REPORTER, MIN_HOLDING, UNBONDING, MAX_AGE, CEILING, SLASH_BPS
        );
        staking = poor;
        vm.prank(CURATOR);
        ssh.approve(address(poor), type(uint256).max);
        nodeId = NodeKeys.register(poor, 3, CURATOR);
        _attestAndStake(STAKE, 1e18);
        skip(90 days);
        assertEq(_claim(), 0, "an empty pool pays nothing");
        assertEq(poor.positionOf(nodeId, filmId, CONTENT).owed, 59.4 ether, "and owes everything");

        vm.startPrank(TREASURY);
        ssh.approve(address(poor), 20 ether);
        poor.fundRewards(20 ether);
        vm.stopPrank();
        assertEq(_claim(), 20 ether, "never more than the pool holds");
        assertEq(poor.positionOf(nodeId, filmId, CONTENT).owed, 39.4 ether);
        assertEq(poor.rewardPool(), 0);

        vm.startPrank(TREASURY);
        ssh.approve(address(poor), 100 ether);
        poor.fundRewards(100 ether);
        vm.stopPrank();
        assertEq(_claim(), 39.4 ether, "the rest is paid once funded");
        assertEq(poor.rewardPool(), 60.6 ether);
        assertEq(poor.totalRewardsPaid(), 59.4 ether);
    }

    function test_fundRewards_revertsOnZero() public {
        vm.expectRevert(ICuratorStaking.Staking_ZeroAmount.selector);
        vm.prank(TREASURY);
        staking.fundRewards(0);
    }

    // ------------------------------------------------------------ unstaking

    function test_unstake_thenWithdrawAfterTheDelay_notBefore_notTwice() public {
        _attestAndStake(STAKE, 1e18);
        skip(30 days);
        vm.prank(CURATOR);
        staking.requestUnstake(nodeId, filmId, CONTENT, 2_053 ether);
        ICuratorStaking.Position memory p = staking.positionOf(nodeId, filmId, CONTENT);
        assertEq(p.stake, 10_000 ether);
        assertEq(p.unbonding, 2_053 ether);
        assertEq(p.owed, _referenceReward(30 days, STAKE, 1e18), "reward so far booked");
        assertEq(p.unlocksAt, block.timestamp + UNBONDING);

        skip(UNBONDING - 1);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_StillUnbonding.selector, block.timestamp + 1));
        vm.prank(CURATOR);
        staking.withdraw(nodeId, filmId, CONTENT);
        skip(1);
        uint256 before = ssh.balanceOf(CURATOR);
        vm.prank(CURATOR);
        assertEq(staking.withdraw(nodeId, filmId, CONTENT), 2_053 ether);
        assertEq(ssh.balanceOf(CURATOR), before + 2_053 ether);
        vm.expectRevert(
            abi.encodeWithSelector(ICuratorStaking.Staking_NothingToWithdraw.selector, nodeId, staking.fragmentIdOf(filmId, CONTENT))
        );
        vm.prank(CURATOR);
        staking.withdraw(nodeId, filmId, CONTENT);
        // The unbonding SSH earned nothing while unbonding: only 10,000 SSH for the last 7 days.
        assertEq(_claim(), _referenceReward(30 days, STAKE, 1e18) + _referenceReward(UNBONDING, 10_000 ether, 1e18));
    }

    function test_unstake_revertsOnZeroOrMoreThanStaked() public {
        _attestAndStake(STAKE, 1e18);
        vm.startPrank(CURATOR);
        vm.expectRevert(ICuratorStaking.Staking_ZeroAmount.selector);
        staking.requestUnstake(nodeId, filmId, CONTENT, 0);
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_InsufficientStake.selector, STAKE + 1, STAKE));
        staking.requestUnstake(nodeId, filmId, CONTENT, STAKE + 1);
        vm.stopPrank();
    }

    function test_stakeAndUnstakeInTheSameBlock_earnNothing() public {
        _attest(nodeId, filmId, CONTENT);
        _report(filmId, CEILING);
        skip(MIN_HOLDING);
        vm.startPrank(CURATOR);
        staking.stake(nodeId, filmId, CONTENT, STAKE);
        staking.requestUnstake(nodeId, filmId, CONTENT, STAKE);
        vm.stopPrank();
        skip(UNBONDING);
        assertEq(_claim(), 0);
        ICuratorStaking.Position memory p = staking.positionOf(nodeId, filmId, CONTENT);
        assertEq(p.owed, 0);
        vm.prank(CURATOR);
        staking.withdraw(nodeId, filmId, CONTENT);
        assertEq(ssh.balanceOf(CURATOR), CURATOR_FUNDS);
    }

    // ------------------------------------------------------------ failed audits

    function test_failedAudit_forfeitsRewards_slashesStakeAndUnbonding_restUnbonds() public {
        _attestAndStake(STAKE, 1e18);
        skip(10 days);
        vm.prank(CURATOR);
        staking.requestUnstake(nodeId, filmId, CONTENT, 2_053 ether); // owed: 10 days of reward
        skip(5 days);
        uint256 forfeited = _referenceReward(10 days, STAKE, 1e18) + _referenceReward(5 days, 10_000 ether, 1e18);
        uint256 slashed = 1_000 ether + 205.3 ether; // 10% of the stake and of the unbonding amount
        uint256 treasuryBefore = ssh.balanceOf(TREASURY);

        vm.expectEmit(address(staking));
        emit ICuratorStaking.FragmentSlashed(
            nodeId, staking.fragmentIdOf(filmId, CONTENT), CURATOR, slashed, forfeited, STAKE - slashed, block.timestamp + UNBONDING
        );
        vm.prank(AUDITOR);
        staking.reportFailedAudit(nodeId, filmId, CONTENT);

        assertEq(ssh.balanceOf(TREASURY), treasuryBefore + slashed);
        ICuratorStaking.Position memory p = staking.positionOf(nodeId, filmId, CONTENT);
        assertEq(uint8(p.status), uint8(ICuratorStaking.HoldingStatus.Slashed));
        assertEq(p.stake, 0);
        assertEq(p.owed, 0);
        assertEq(p.unbonding, 0);
        assertEq(p.released, STAKE - slashed, "the rest is released, on its own clock");
        assertEq(p.releasedAt, block.timestamp + UNBONDING);

        skip(30 days);
        assertEq(_claim(), 0, "a slashed fragment accrues nothing");
        vm.expectRevert(
            abi.encodeWithSelector(ICuratorStaking.Staking_NotHeld.selector, nodeId, staking.fragmentIdOf(filmId, CONTENT))
        );
        vm.prank(CURATOR);
        staking.stake(nodeId, filmId, CONTENT, 1 ether);
        vm.prank(CURATOR);
        assertEq(staking.withdraw(nodeId, filmId, CONTENT), STAKE - slashed, "withdraw after a slash: only the rest");
        assertEq(ssh.balanceOf(address(staking)), POOL, "only the pool is left");
    }

    function test_failedAudit_slashRoundsUp_andCannotRepeat() public {
        _attestAndStake(19, 1e18); // 10% of 19 wei = 1.9 -> 2
        vm.prank(AUDITOR);
        staking.reportFailedAudit(nodeId, filmId, CONTENT);
        assertEq(staking.positionOf(nodeId, filmId, CONTENT).released, 17);
        vm.expectRevert(
            abi.encodeWithSelector(ICuratorStaking.Staking_NotHeld.selector, nodeId, staking.fragmentIdOf(filmId, CONTENT))
        );
        vm.prank(AUDITOR);
        staking.reportFailedAudit(nodeId, filmId, CONTENT);
    }

    function test_failedAudit_unattestedFragmentCannotBeSlashed_reattestRestartsHolding() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICuratorStaking.Staking_NotHeld.selector, nodeId, staking.fragmentIdOf(filmId, CONTENT))
        );
        vm.prank(AUDITOR);
        staking.reportFailedAudit(nodeId, filmId, CONTENT);

        _attestAndStake(STAKE, 1e18);
        vm.prank(AUDITOR);
        staking.reportFailedAudit(nodeId, filmId, CONTENT);
        _attest(nodeId, filmId, CONTENT); // the node fetched the fragment again
        vm.expectRevert(
            abi.encodeWithSelector(
                ICuratorStaking.Staking_HoldingTimeNotMet.selector,
                nodeId,
                staking.fragmentIdOf(filmId, CONTENT),
                block.timestamp + MIN_HOLDING
            )
        );
        vm.prank(CURATOR);
        staking.stake(nodeId, filmId, CONTENT, 1 ether);
    }

    /// @dev Regression (review #8): slash, re-attest, slash again. The remainder of the first slash is
    ///      not slashed by the second audit (which concerns the new stake only) and its withdrawal date
    ///      does not move; repeated, it is never drained.
    function test_failedAudit_neverSlashesAnEarlierRemainderAgain_norRestartsItsClock() public {
        _attestAndStake(STAKE, 1e18);
        vm.prank(AUDITOR);
        staking.reportFailedAudit(nodeId, filmId, CONTENT);
        uint256 remainder = STAKE - STAKE / 10;
        uint256 firstUnlock = block.timestamp + UNBONDING;

        for (uint256 round; round < 5; ++round) {
            skip(1 days);
            _attest(nodeId, filmId, CONTENT);
            skip(MIN_HOLDING);
            vm.prank(CURATOR);
            staking.stake(nodeId, filmId, CONTENT, 100 ether);
            vm.prank(AUDITOR);
            staking.reportFailedAudit(nodeId, filmId, CONTENT);
            remainder += 90 ether; // only the new stake is slashed
            ICuratorStaking.Position memory p = staking.positionOf(nodeId, filmId, CONTENT);
            assertEq(p.released, remainder, "earlier remainders are never slashed again");
            if (block.timestamp < firstUnlock) assertEq(p.releasedAt, firstUnlock, "and their clock never restarts");
        }
        vm.warp(firstUnlock);
        vm.prank(CURATOR);
        assertEq(staking.withdraw(nodeId, filmId, CONTENT), remainder);
        assertEq(ssh.balanceOf(CURATOR), CURATOR_FUNDS - (STAKE + 500 ether) / 10, "lost exactly one slash per stake");
    }

    /// @dev Unstaked SSH still unbonding is slashed by a failed audit (an unstake cannot outrun an
    ///      audit), once; a remainder and an unbonding amount each keep their own clock.
    function test_failedAudit_slashesUnbondingOnce_andEachAmountKeepsItsClock() public {
        _attestAndStake(STAKE, 1e18);
        vm.prank(AUDITOR);
        staking.reportFailedAudit(nodeId, filmId, CONTENT); // remainder 90% of the stake, at +7 days
        uint256 releasedAt = block.timestamp + UNBONDING;
        _attest(nodeId, filmId, CONTENT);
        skip(MIN_HOLDING);
        vm.startPrank(CURATOR);
        staking.stake(nodeId, filmId, CONTENT, 1_000 ether);
        skip(1 days);
        staking.requestUnstake(nodeId, filmId, CONTENT, 1_000 ether);
        vm.stopPrank();
        uint256 unlocksAt = block.timestamp + UNBONDING;
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_StillUnbonding.selector, releasedAt));
        vm.prank(CURATOR);
        staking.withdraw(nodeId, filmId, CONTENT); // both waiting: the error names the earlier date
        vm.warp(releasedAt);
        vm.prank(CURATOR);
        assertEq(staking.withdraw(nodeId, filmId, CONTENT), STAKE - STAKE / 10, "the remainder, on its own date");
        vm.expectRevert(abi.encodeWithSelector(ICuratorStaking.Staking_StillUnbonding.selector, unlocksAt));
        vm.prank(CURATOR);
        staking.withdraw(nodeId, filmId, CONTENT);
        vm.warp(unlocksAt);
        vm.prank(CURATOR);
        assertEq(staking.withdraw(nodeId, filmId, CONTENT), 1_000 ether);
    }

    /// @dev Regression (review #9): a deleted film earns nothing from the moment it is deleted, even
    ///      though the reporter never posted 0 for it.
    function test_claim_deletedFilmEarnsNothingFromItsDeletion() public {
        _attestAndStake(STAKE, 1e18);
        skip(10 days);
        vm.prank(FILMMAKER);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        (uint256 atDeletion,,,) = staking.pendingReward(nodeId, filmId, CONTENT);
        assertEq(atDeletion, _referenceReward(10 days, STAKE, 1e18));
        skip(30 days);
        (uint256 later,,,) = staking.pendingReward(nodeId, filmId, CONTENT);
        // The coin-age keeps growing, but P x seconds stops at the deletion.
        assertLe(later, atDeletion, "nothing accrues after the deletion");
        uint256 paid = _claim();
        assertEq(paid, later);
        skip(30 days);
        assertEq(_claim(), 0, "a claim after the deletion earns nothing more");
        _report(filmId, 0);
        assertEq(staking.popularityOf(filmId).cumulative, (MIN_HOLDING + 10 days) * 1e18, "the integral stopped at the deletion");
    }
}
