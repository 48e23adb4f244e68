// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {CrowdfundTest} from "./utils/CrowdfundTest.sol";
import {CampaignFactory} from "../../contracts/crowdfunds/CampaignFactory.sol";
import {CrowdfundVault} from "../../contracts/crowdfunds/CrowdfundVault.sol";
import {CrowdfundVaultDeployer} from "../../contracts/crowdfunds/CrowdfundVaultDeployer.sol";
import {ICampaignFactory} from "../../contracts/interfaces/ICampaignFactory.sol";
import {ICrowdfundVault} from "../../contracts/interfaces/ICrowdfundVault.sol";
import {IFilmRegistry} from "../../contracts/interfaces/IFilmRegistry.sol";
import {RevertingReceiver} from "./mocks/RevertingReceiver.sol";

contract CampaignFactoryTest is CrowdfundTest {
    function test_createCampaign_deploysVaultHandsItTheSplitAndEmitsTerms() public {
        ICrowdfundVault.Terms memory t = _terms();
        vm.prank(FILMMAKER);
        registry.setSplitManager(filmId, address(factory));
        vm.expectEmit(false, true, true, true, address(factory));
        emit ICampaignFactory.CampaignCreated(address(0), filmId, FILMMAKER, t, "Shares", "SHR", CF_FEE_BPS);
        vm.prank(FILMMAKER);
        address vault = factory.createCampaign(t, "Shares", "SHR");

        assertEq(registry.splitManager(filmId), vault);
        assertEq(factory.campaignsOf(filmId)[0], vault);
        CrowdfundVault v = CrowdfundVault(vault);
        assertEq(v.name(), "Shares");
        assertEq(v.FILMMAKER(), FILMMAKER);
        assertEq(v.PLATFORM_FEE_BPS(), CF_FEE_BPS);
        assertEq(v.terms().goal, GOAL);
        assertEq(v.terms().tranchesBps.length, 1);
        assertEq(uint8(v.state()), uint8(ICrowdfundVault.State.Funding));
    }

    function test_createCampaign_revertsForSomeoneElsesFilm() public {
        vm.prank(FILMMAKER);
        registry.setSplitManager(filmId, address(factory));
        ICrowdfundVault.Terms memory t = _terms();
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_NotFilmOwner.selector, filmId, ATTACKER));
        vm.prank(ATTACKER);
        factory.createCampaign(t, "x", "x");
    }

    function test_createCampaign_revertsWithoutSplitDelegation() public {
        ICrowdfundVault.Terms memory t = _terms();
        vm.expectRevert(
            abi.encodeWithSelector(ICampaignFactory.CampaignFactory_NotSplitManager.selector, filmId, address(0))
        );
        vm.prank(FILMMAKER);
        factory.createCampaign(t, "x", "x");
    }

    function test_createCampaign_revertsForUnknownFilm() public {
        ICrowdfundVault.Terms memory t = _terms();
        t.filmId = 77;
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_UnknownFilm.selector, 77));
        factory.createCampaign(t, "x", "x");
    }

    /// @dev Regression (review #6): a split locked until any time after now, even before the deadline,
    ///      could keep success (the cap, reached early) from taking effect: refused at creation.
    function test_createCampaign_revertsWhenSplitLockedAtAll() public {
        address[] memory r = new address[](1);
        r[0] = FILMMAKER;
        uint16[] memory s = new uint16[](1);
        s[0] = 10_000;
        uint256[3] memory locks = [deadline + 1, deadline, block.timestamp + 1];
        for (uint256 i; i < locks.length; ++i) {
            vm.startPrank(FILMMAKER);
            uint256 lockedFilm = registry.registerFilm("u", PRICE, WINDOW, r, s, locks[i]);
            registry.setSplitManager(lockedFilm, address(factory));
            ICrowdfundVault.Terms memory t = _terms();
            t.filmId = lockedFilm;
            vm.expectRevert(
                abi.encodeWithSelector(ICampaignFactory.CampaignFactory_SplitLocked.selector, locks[i], block.timestamp)
            );
            factory.createCampaign(t, "x", "x");
            vm.stopPrank();
        }
        // A lock that has ended is no obstacle, and success then takes effect the moment the cap is met.
        vm.startPrank(FILMMAKER);
        uint256 film = registry.registerFilm("u", PRICE, WINDOW, r, s, block.timestamp);
        registry.setSplitManager(film, address(factory));
        ICrowdfundVault.Terms memory terms = _terms();
        terms.filmId = film;
        CrowdfundVault vault = CrowdfundVault(factory.createCampaign(terms, "x", "x"));
        vm.stopPrank();
        for (uint256 i; i < 3; ++i) {
            address investor = [INVESTOR, INVESTOR2, INVESTOR3][i];
            vm.startPrank(investor);
            ssh.approve(address(vault), CAP);
            vault.contribute(50_000 ether); // the third fills the cap
            vm.stopPrank();
        }
        vault.withdraw();
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Succeeded));
    }

    /// @dev A split that names the vault's (predictable) address already could never take the vault in.
    function test_createCampaign_revertsWhenTheSplitAlreadyNamesTheVault() public {
        address predicted = vm.computeCreateAddress(address(factory.VAULT_DEPLOYER()), 1);
        address[] memory r = new address[](2);
        r[0] = FILMMAKER;
        r[1] = predicted;
        uint16[] memory s = new uint16[](2);
        s[0] = 9_000;
        s[1] = 1_000;
        vm.startPrank(FILMMAKER);
        uint256 film = registry.registerFilm("u", PRICE, WINDOW, r, s, 0);
        registry.setSplitManager(film, address(factory));
        ICrowdfundVault.Terms memory t = _terms();
        t.filmId = film;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_VaultInSplit.selector, predicted));
        factory.createCampaign(t, "x", "x");
        vm.stopPrank();
    }

    function test_createCampaign_revertsWhenInvestorShareExceedsOwnersShare() public {
        vm.prank(FILMMAKER);
        registry.setSplitManager(filmId, address(factory));
        ICrowdfundVault.Terms memory t = _terms();
        t.investorShareBps = 7_001; // FILMMAKER holds 70%: 70.01% would take the split over 100%
        vm.expectRevert(
            abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvestorShareAboveOwnerShare.selector, 7_001, 7_000)
        );
        vm.prank(FILMMAKER);
        factory.createCampaign(t, "x", "x");
    }

    function test_createCampaign_revertsWhenSplitHasNoRoom() public {
        (address[] memory r, uint16[] memory s) = _evenSplit(50);
        r[0] = FILMMAKER;
        vm.startPrank(FILMMAKER);
        uint256 full = registry.registerFilm("u", PRICE, WINDOW, r, s, 0);
        registry.setSplitManager(full, address(factory));
        ICrowdfundVault.Terms memory t = _terms();
        t.filmId = full;
        t.investorShareBps = 100;
        t.investorShareAfterPaybackBps = 50;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_SplitFull.selector, 50));
        factory.createCampaign(t, "x", "x");
        t.investorShareBps = s[0]; // taking the owner's whole share replaces it: fits
        factory.createCampaign(t, "x", "x");
        vm.stopPrank();
    }

    function test_createCampaign_rejectsInvalidTerms() public {
        vm.prank(FILMMAKER);
        registry.setSplitManager(filmId, address(factory));
        vm.startPrank(FILMMAKER);

        ICrowdfundVault.Terms memory t = _terms();
        t.goal = 1 ether - 1;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidGoalOrCap.selector, t.goal, t.cap));
        factory.createCampaign(t, "x", "x");
        t = _terms();
        t.cap = GOAL - 1;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidGoalOrCap.selector, GOAL, GOAL - 1));
        factory.createCampaign(t, "x", "x");

        t = _terms();
        t.deadline = block.timestamp;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidDeadline.selector, block.timestamp));
        factory.createCampaign(t, "x", "x");
        t.deadline = block.timestamp + 366 days;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidDeadline.selector, t.deadline));
        factory.createCampaign(t, "x", "x");

        t = _terms();
        t.minContribution = MAX + 1;
        vm.expectRevert(
            abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidContributionLimits.selector, MAX + 1, MAX)
        );
        factory.createCampaign(t, "x", "x");
        t.minContribution = 0;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidContributionLimits.selector, 0, MAX));
        factory.createCampaign(t, "x", "x");

        t = _terms();
        t.investorShareAfterPaybackBps = 4_001;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidInvestorShares.selector, 4_000, 4_001));
        factory.createCampaign(t, "x", "x");
        t.investorShareBps = 0;
        t.investorShareAfterPaybackBps = 0;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidInvestorShares.selector, 0, 0));
        factory.createCampaign(t, "x", "x");

        t = _terms();
        t.paybackMultipleBps = 9_999;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidPaybackMultiple.selector, 9_999));
        factory.createCampaign(t, "x", "x");
        t.paybackMultipleBps = 100_001;
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_InvalidPaybackMultiple.selector, 100_001));
        factory.createCampaign(t, "x", "x");

        t = _terms();
        t.tranchesBps[0] = 9_999;
        vm.expectRevert(ICampaignFactory.CampaignFactory_InvalidTranches.selector);
        factory.createCampaign(t, "x", "x");
        t = _terms();
        t.trancheDelays[0] = 1;
        vm.expectRevert(ICampaignFactory.CampaignFactory_InvalidTranches.selector);
        factory.createCampaign(t, "x", "x");
        t = _terms();
        t.tranchesBps = new uint16[](2);
        t.tranchesBps[0] = 5_000;
        t.tranchesBps[1] = 5_000;
        vm.expectRevert(ICampaignFactory.CampaignFactory_InvalidTranches.selector); // delays length mismatch
        factory.createCampaign(t, "x", "x");
        t.trancheDelays = new uint32[](2);
        t.tranchesBps[1] = 0;
        t.tranchesBps[0] = 10_000;
        vm.expectRevert(ICampaignFactory.CampaignFactory_InvalidTranches.selector); // a zero tranche
        factory.createCampaign(t, "x", "x");
        vm.stopPrank();
    }

    function test_registry_managedSplitCannotBeChangedByOwnerNorFilmDeleted() public {
        CrowdfundVault vault = _open();
        (address[] memory r, uint16[] memory s) = _evenSplit(2);
        vm.startPrank(FILMMAKER);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotSplitManager.selector, filmId, FILMMAKER));
        registry.setSplit(filmId, r, s, 0);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_SplitManaged.selector, filmId, address(vault)));
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotSplitManager.selector, filmId, FILMMAKER));
        registry.setSplitManager(filmId, address(0));
        vm.stopPrank();
    }

    function test_adminSetters_boundsAndAccess() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_FeeTooHigh.selector, 1_001, 1_000));
        factory.setPlatformFee(1_001);
        factory.setPlatformFee(1_000);
        vm.expectRevert(ICampaignFactory.CampaignFactory_ZeroAddress.selector);
        factory.setTreasury(address(0));
        factory.setTreasury(COMPOSER);
        vm.stopPrank();
        assertEq(factory.platformFeeBps(), 1_000);
        assertEq(factory.treasury(), COMPOSER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ATTACKER, bytes32(0))
        );
        vm.prank(ATTACKER);
        factory.setPlatformFee(0);
    }

    function test_constructor_rejectsZeroAddressesAndFee() public {
        IERC20 token = IERC20(address(ssh));
        vm.expectRevert(ICampaignFactory.CampaignFactory_ZeroAddress.selector);
        new CampaignFactory(IERC20(address(0)), registry, ppv, ADMIN, TREASURY, 0);
        vm.expectRevert(ICampaignFactory.CampaignFactory_ZeroAddress.selector);
        new CampaignFactory(token, registry, ppv, ADMIN, address(0), 0);
        vm.expectRevert(abi.encodeWithSelector(ICampaignFactory.CampaignFactory_FeeTooHigh.selector, 1_001, 1_000));
        new CampaignFactory(token, registry, ppv, ADMIN, TREASURY, 1_001);
    }

    function test_vaultDeployer_onlyFactory() public {
        CrowdfundVaultDeployer deployer = factory.VAULT_DEPLOYER();
        ICrowdfundVault.Terms memory t = _terms();
        vm.expectRevert(
            abi.encodeWithSelector(CrowdfundVaultDeployer.CrowdfundVaultDeployer_NotFactory.selector, ATTACKER)
        );
        vm.prank(ATTACKER);
        deployer.deploy(IERC20(address(ssh)), registry, ppv, t, ATTACKER, ATTACKER, 0, "x", "x");
    }
}

contract CrowdfundVaultTest is CrowdfundTest {
    // ------------------------------------------------------------ contributions

    function test_contribute_mintsSharesOneToOneAndEmits() public {
        CrowdfundVault vault = _open();
        vm.expectEmit(address(vault));
        emit ICrowdfundVault.Contributed(INVESTOR, 1_000 ether, 1_000 ether, 1_000 ether);
        _contribute(vault, INVESTOR, 1_000 ether);
        _contribute(vault, INVESTOR, 500 ether);
        assertEq(vault.balanceOf(INVESTOR), 1_500 ether);
        assertEq(vault.contributionOf(INVESTOR), 1_500 ether);
        assertEq(vault.raised(), 1_500 ether);
        assertEq(ssh.balanceOf(address(vault)), 1_500 ether);
    }

    function test_contribute_rejectsZeroOneWeiBelowMinAboveMax() public {
        CrowdfundVault vault = _open();
        vm.startPrank(INVESTOR);
        vm.expectRevert(ICrowdfundVault.Crowdfund_ZeroAmount.selector);
        vault.contribute(0);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_BelowMinimum.selector, 1, MIN));
        vault.contribute(1);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_BelowMinimum.selector, MIN - 1, MIN));
        vault.contribute(MIN - 1);
        vault.contribute(MIN);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_AboveInvestorMaximum.selector, MAX + 1, MAX));
        vault.contribute(MAX - MIN + 1);
        vault.contribute(MAX - MIN);
        vm.stopPrank();
        assertEq(vault.balanceOf(INVESTOR), MAX);
    }

    function test_contribute_atDeadlineMinusOneOk_atDeadlineAndAfterClosed() public {
        CrowdfundVault vault = _open();
        vm.warp(deadline - 1);
        _contribute(vault, INVESTOR, MIN);
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Failed));
        _contribute(vault, INVESTOR, MIN);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Failed));
        _contribute(vault, INVESTOR, MIN);
    }

    function test_contribute_cannotOvershootCap_lastSmallContributionFillsIt() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 60_000 ether);
        _contribute(vault, INVESTOR2, 60_000 ether);
        _contribute(vault, INVESTOR3, 30_000 ether - 50 ether);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_AboveCap.selector, 51 ether, 50 ether));
        _contribute(vault, INVESTOR3, 51 ether);
        _contribute(vault, INVESTOR3, 50 ether); // below MIN but fills the cap exactly
        assertEq(vault.raised(), CAP);
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Succeeded), "cap reached before the deadline");
        vm.expectRevert(
            abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Succeeded)
        );
        _contribute(vault, INVESTOR3, MIN);
    }

    function test_contributeWithPermit_inOneTransaction_evenIfFrontRun() public {
        CrowdfundVault vault = _open();
        vm.prank(INVESTOR);
        ssh.approve(address(vault), 0);
        uint256 permitDeadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(INVESTOR_KEY, INVESTOR, address(vault), 1_000 ether, permitDeadline);
        vm.prank(INVESTOR);
        vault.contributeWithPermit(1_000 ether, permitDeadline, v, r, s);
        assertEq(vault.balanceOf(INVESTOR), 1_000 ether);

        (v, r, s) = _permit(INVESTOR_KEY, INVESTOR, address(vault), 2_000 ether, permitDeadline);
        ssh.permit(INVESTOR, address(vault), 2_000 ether, permitDeadline, v, r, s); // front-run
        vm.prank(INVESTOR);
        vault.contributeWithPermit(2_000 ether, permitDeadline, v, r, s);
        assertEq(vault.balanceOf(INVESTOR), 3_000 ether);
    }

    function test_goalMinusOneFails_goalAndGoalPlusOneSucceed() public {
        uint256[3] memory raises = [GOAL - 1, GOAL, GOAL + 1];
        ICrowdfundVault.State[3] memory expected =
            [ICrowdfundVault.State.Failed, ICrowdfundVault.State.Succeeded, ICrowdfundVault.State.Succeeded];
        for (uint256 i; i < 3; ++i) {
            filmId = _registerFilm();
            CrowdfundVault vault = _open();
            _contribute(vault, INVESTOR, 50_000 ether);
            _contribute(vault, INVESTOR2, raises[i] - 50_000 ether);
            vm.warp(deadline);
            assertEq(uint8(vault.state()), uint8(expected[i]));
            deadline = block.timestamp + 28 days;
        }
    }

    function test_contractThatRevertsOnReceipt_canInvestAndRefund() public {
        RevertingReceiver receiver = new RevertingReceiver();
        vm.prank(TREASURY);
        ssh.transfer(address(receiver), 1_000 ether);
        CrowdfundVault vault = _open();
        receiver.invest(IERC20(address(ssh)), vault, 1_000 ether);
        vm.warp(deadline);
        receiver.refund(vault);
        assertEq(ssh.balanceOf(address(receiver)), 1_000 ether);
    }

    // ------------------------------------------------------------ success and withdrawal

    function test_finalize_vaultJoinsSplitFromFilmmakersShare_lockedForGood() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 50_000 ether);
        _contribute(vault, INVESTOR2, 50_000 ether);
        vm.warp(deadline);
        vm.expectEmit(address(vault));
        emit ICrowdfundVault.CampaignSucceeded(2, 4_000, GOAL);
        vault.finalize();

        IFilmRegistry.Film memory f = registry.film(filmId);
        assertEq(f.splitId, 2);
        assertEq(f.splitLockedUntil, type(uint40).max);
        assertEq(registry.shareOf(2, FILMMAKER), 3_000, "70% - 40%");
        assertEq(registry.shareOf(2, address(vault)), 4_000);
        assertEq(registry.shareOf(2, CO_PRODUCER), 2_000, "other holders untouched");
        assertEq(registry.splitManager(filmId), address(vault), "the vault manages the split for good");
        (uint256 paidBack, uint256 target) = vault.payback();
        assertEq(paidBack, 0);
        assertEq(target, 120_000 ether);
        vault.finalize(); // a second call changes nothing
        assertEq(registry.film(filmId).splitId, 2);
    }

    function test_finalize_vaultTakingWholeOwnerShareReplacesTheOwner() public {
        ICrowdfundVault.Terms memory t = _terms();
        t.investorShareBps = 7_000;
        CrowdfundVault vault = _open(t);
        _contribute(vault, INVESTOR, 50_000 ether);
        _contribute(vault, INVESTOR2, 50_000 ether);
        vm.warp(deadline);
        vault.finalize();
        (, address[] memory r,) = registry.split(2);
        assertEq(r.length, 3);
        assertEq(registry.shareOf(2, FILMMAKER), 0);
        assertEq(registry.shareOf(2, address(vault)), 7_000);
    }

    function test_withdraw_paysRaiseLessFeeOnce() public {
        CrowdfundVault vault = _succeeded();
        uint256 fee = (GOAL * CF_FEE_BPS) / 10_000;
        uint256 treasuryBefore = ssh.balanceOf(TREASURY);
        vm.expectEmit(address(vault));
        emit ICrowdfundVault.Withdrawn(1, GOAL - fee, fee);
        vm.prank(ATTACKER); // anyone may trigger; the money goes to the filmmaker
        vault.withdraw();
        assertEq(ssh.balanceOf(FILMMAKER), GOAL - fee);
        assertEq(ssh.balanceOf(TREASURY), treasuryBefore + fee);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToWithdraw.selector, 0));
        vault.withdraw();
    }

    function test_withdraw_beforeSuccess_reverts_andFinalizesIfNeeded() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 50_000 ether);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Funding));
        vault.withdraw();
        _contribute(vault, INVESTOR2, 50_000 ether);
        vm.warp(deadline);
        vault.withdraw(); // joins the split on the way
        assertEq(registry.shareOf(registry.film(filmId).splitId, address(vault)), 4_000);
    }

    function test_withdraw_trancheByTranche() public {
        ICrowdfundVault.Terms memory t = _tranchedTerms([uint16(4_000), 3_000, 3_000], [uint32(0), 30 days, 90 days]);
        CrowdfundVault vault = _open(t);
        _contribute(vault, INVESTOR, 50_000 ether);
        _contribute(vault, INVESTOR2, 50_000 ether);
        vm.warp(deadline);
        vault.withdraw();
        uint256 feeFactor = 10_000 - CF_FEE_BPS;
        assertEq(ssh.balanceOf(FILMMAKER), (40_000 ether * feeFactor) / 10_000);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToWithdraw.selector, deadline + 30 days));
        vault.withdraw();
        vm.warp(deadline + 90 days); // both remaining tranches at once
        vault.withdraw();
        assertEq(vault.tranchesReleased(), 3);
        assertEq(ssh.balanceOf(FILMMAKER), (GOAL * feeFactor) / 10_000);
        assertEq(ssh.balanceOf(address(vault)), 0);
    }

    // ------------------------------------------------------------ failure and refunds

    function test_refund_returnsExactlyWhatWasPutIn_burnsShares_once() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 12_345 ether);
        _contribute(vault, INVESTOR2, 100 ether);
        vm.warp(deadline);
        vm.expectEmit(address(vault));
        emit ICrowdfundVault.CampaignFailed(12_445 ether);
        vm.prank(INVESTOR);
        vault.refund();
        assertEq(ssh.balanceOf(INVESTOR), INVESTOR_FUNDS);
        assertEq(vault.balanceOf(INVESTOR), 0);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToRefund.selector, INVESTOR));
        vm.prank(INVESTOR);
        vault.refund();
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToRefund.selector, ATTACKER));
        vm.prank(ATTACKER);
        vault.refund();
        vm.prank(INVESTOR2);
        vault.refund();
        assertEq(ssh.balanceOf(address(vault)), 0);
        assertEq(vault.totalSupply(), 0);
    }

    function test_refund_whenSucceededOrFunding_reverts() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 50_000 ether);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Funding));
        vm.prank(INVESTOR);
        vault.refund();
        _contribute(vault, INVESTOR2, 50_000 ether);
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Succeeded)
        );
        vm.prank(INVESTOR);
        vault.refund();
    }

    function test_releaseSplit_afterFailureGivesOwnerControlBack() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 500 ether);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Funding));
        vault.releaseSplit();
        vm.warp(deadline);
        vault.releaseSplit();
        vault.releaseSplit(); // no-op the second time
        assertEq(registry.splitManager(filmId), address(0));
        (address[] memory r, uint16[] memory s) = _evenSplit(2);
        vm.prank(FILMMAKER);
        registry.setSplit(filmId, r, s, 0);
    }

    function test_refundedShares_cannotClaimRoyalties_withZeroSupply() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 500 ether);
        vm.warp(deadline);
        vm.prank(INVESTOR);
        vault.refund();
        assertEq(vault.totalSupply(), 0);
        assertEq(vault.harvest(), 0, "a failed vault is no rights holder");
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToClaim.selector, INVESTOR));
        vault.claimRoyalties(INVESTOR);
    }

    // ------------------------------------------------------------ royalties and the waterfall

    function test_harvest_beforePaybackAllVaultIncomeGoesToInvestorsProRata() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 60_000 ether);
        _contribute(vault, INVESTOR2, 40_000 ether);
        vm.warp(deadline);
        vault.finalize();
        _sellViews(10);

        uint256 filmRevenue = 10 * (PRICE - (PRICE * FEE_BPS) / 10_000);
        uint256 income = (filmRevenue * 4_000) / 10_000;
        vm.expectEmit(address(vault));
        emit ICrowdfundVault.RoyaltiesHarvested(income, income, 0, income);
        assertEq(vault.harvest(), income);
        assertEq(vault.claimableRoyalties(INVESTOR), (income * 6) / 10);
        assertEq(vault.claimRoyalties(INVESTOR), (income * 6) / 10);
        assertEq(vault.claimRoyalties(INVESTOR2), (income * 4) / 10);
        assertEq(vault.filmmakerRoyalties(), 0);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToClaim.selector, INVESTOR));
        vault.claimRoyalties(INVESTOR);
    }

    function test_harvest_switchesAtPaybackExactly_thenFilmmakerGetsTheRest() public {
        CrowdfundVault vault = _succeeded(); // raise 100,000: payback target 120,000
        vm.prank(FILMMAKER);
        registry.setTerms(filmId, 100_000 ether, WINDOW); // one view: revenue 95,000, vault income 38,000
        _sellViews(3);
        vault.harvest(); // 114,000, all to investors
        (uint256 paidBack,) = vault.payback();
        assertEq(paidBack, 114_000 ether);
        _sellViews(1);
        // 38,000 income: 6,000 reach the target, the other 32,000 are shared 15/40 to investors
        uint256 after_ = (32_000 ether * 1_500) / 4_000;
        vm.expectEmit(address(vault));
        emit ICrowdfundVault.RoyaltiesHarvested(38_000 ether, 6_000 ether + after_, 32_000 ether - after_, 120_000 ether + after_);
        vault.harvest();
        _sellViews(1);
        vault.harvest();
        assertEq(vault.filmmakerRoyalties(), 32_000 ether - after_ + 38_000 ether - (38_000 ether * 1_500) / 4_000);

        uint256 owed = vault.filmmakerRoyalties();
        vm.prank(ATTACKER);
        vault.claimFilmmakerRoyalties();
        assertEq(ssh.balanceOf(FILMMAKER), owed);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToClaim.selector, FILMMAKER));
        vault.claimFilmmakerRoyalties();
    }

    function test_transferSharesThenClaimFromBoth_neverTwice() public {
        CrowdfundVault vault = _succeeded(); // INVESTOR and INVESTOR2 hold 50,000 each
        _sellViews(10);
        vault.harvest();
        uint256 firstIncome = vault.claimableRoyalties(INVESTOR);
        vm.prank(INVESTOR);
        vault.transfer(INVESTOR3, 50_000 ether); // sends all shares after earning on them
        assertEq(vault.claimableRoyalties(INVESTOR), firstIncome, "earned before the transfer stays");
        assertEq(vault.claimableRoyalties(INVESTOR3), 0, "the buyer cannot claim past income");

        _sellViews(10);
        vault.harvest();
        uint256 secondIncome = vault.claimableRoyalties(INVESTOR3);
        assertEq(vault.claimRoyalties(INVESTOR), firstIncome);
        assertEq(vault.claimRoyalties(INVESTOR3), secondIncome);
        assertApproxEqAbs(firstIncome, secondIncome, 1);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToClaim.selector, INVESTOR));
        vault.claimRoyalties(INVESTOR);
    }

    function test_donationBeforeFirstContribution_skewsNothing() public {
        CrowdfundVault vault = _open();
        vm.prank(TREASURY);
        ssh.transfer(address(vault), 1_000_000 ether); // a donation straight to the vault
        _contribute(vault, INVESTOR, 50_000 ether);
        _contribute(vault, INVESTOR2, 50_000 ether);
        assertEq(vault.balanceOf(INVESTOR), 50_000 ether, "shares are 1:1 with contributions");
        vm.warp(deadline);
        vault.withdraw();
        assertEq(ssh.balanceOf(FILMMAKER), GOAL - (GOAL * CF_FEE_BPS) / 10_000, "the raise, not the donation");
        _sellViews(2);
        uint256 income = (2 * (PRICE - (PRICE * FEE_BPS) / 10_000) * 4_000) / 10_000;
        assertEq(vault.harvest(), income, "only film revenue is income");
        assertEq(vault.claimableRoyalties(INVESTOR), income / 2);
    }

    // ------------------------------------------------------------ milestone stop vote

    function _trancheVault() internal returns (CrowdfundVault vault) {
        ICrowdfundVault.Terms memory t = _tranchedTerms([uint16(4_000), 6_000, 0], [uint32(0), 60 days, 0]);
        vault = _open(t);
        _contribute(vault, INVESTOR, 50_000 ether);
        _contribute(vault, INVESTOR2, 30_000 ether);
        _contribute(vault, INVESTOR3, 20_000 ether);
        vm.warp(deadline);
        vault.withdraw(); // tranche 1: 40,000
        skip(1); // the vote opens the block after success
    }

    function test_stopVote_majorityStopsTranches_unreleasedRefundableProRata() public {
        CrowdfundVault vault = _trancheVault();
        vm.prank(INVESTOR2);
        vault.voteToStop();
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Succeeded), "30% is no majority");
        vm.prank(INVESTOR3);
        vault.voteToStop();
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Succeeded), "exactly 50% is no majority");
        vm.expectEmit(address(vault));
        emit ICrowdfundVault.TranchesStopped(60_000 ether, 48_000 ether);
        vm.prank(INVESTOR);
        vault.voteToStop();
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Stopped));

        assertEq(vault.claimRoyalties(INVESTOR), 30_000 ether);
        assertEq(vault.claimRoyalties(INVESTOR2), 18_000 ether);
        assertEq(vault.claimRoyalties(INVESTOR3), 12_000 ether);
        vm.warp(deadline + 60 days);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Stopped));
        vault.withdraw();
        (, uint256 target) = vault.payback();
        assertEq(target, 48_000 ether, "payback owed on the released 40,000 only");
    }

    function test_stopVote_transferredSharesCannotVoteTwice() public {
        CrowdfundVault vault = _trancheVault();
        vm.prank(INVESTOR);
        vault.voteToStop(); // 50%
        vm.prank(INVESTOR);
        vault.transfer(INVESTOR2, 50_000 ether); // the vote was cast with the balance at the opening
        (uint256 total, uint256 mine) = vault.stopVotes(INVESTOR);
        assertEq(total, 50_000 ether);
        assertEq(mine, 50_000 ether);
        assertEq(vault.stopVoteWeight(INVESTOR2), 30_000 ether, "received shares carry no second vote");
        vm.prank(INVESTOR2);
        vault.voteToStop(); // 80% now, each share counted once
        (total,) = vault.stopVotes(INVESTOR2);
        assertEq(total, 80_000 ether);
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Stopped));
    }

    function test_stopVote_withdrawAndInvalidVotes() public {
        CrowdfundVault vault = _trancheVault();
        vm.prank(INVESTOR2);
        vault.voteToStop();
        vm.prank(INVESTOR2);
        vault.withdrawStopVote();
        (uint256 total,) = vault.stopVotes(INVESTOR2);
        assertEq(total, 0);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_CannotVote.selector, INVESTOR2));
        vm.prank(INVESTOR2);
        vault.withdrawStopVote();
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_CannotVote.selector, ATTACKER));
        vm.prank(ATTACKER);
        vault.voteToStop();
        vm.warp(deadline + 60 days);
        vault.withdraw(); // everything released: nothing left to stop
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_CannotVote.selector, INVESTOR));
        vm.prank(INVESTOR);
        vault.voteToStop();
    }

    // ------------------------------------------------------------ review regressions

    /// @dev Regression (review #2): with the default single tranche, a 10% holder voting, moving its
    ///      shares to a fresh address and voting again stopped the campaign. There is nothing to stop
    ///      once the only tranche is unlocked (at success), so the vote is closed; and shares moved to
    ///      fresh addresses never vote twice in any configuration.
    function test_stopVote_singleTranche_closed_sharesHoppingAddressesCannotStopIt() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 60_000 ether);
        _contribute(vault, INVESTOR2, 30_000 ether);
        _contribute(vault, INVESTOR3, 10_000 ether);
        vm.warp(deadline);
        vault.finalize();
        skip(1);
        address holder = INVESTOR3;
        for (uint256 i; i < 7; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_CannotVote.selector, holder));
            vm.prank(holder);
            vault.voteToStop();
            address next = makeAddr(string.concat("hop", vm.toString(i)));
            vm.prank(holder);
            vault.transfer(next, 10_000 ether);
            holder = next;
        }
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Succeeded));
        vault.withdraw();
        assertEq(ssh.balanceOf(FILMMAKER), GOAL - (GOAL * CF_FEE_BPS) / 10_000, "the filmmaker is paid");
    }

    function test_stopVote_tranches_sharesHoppingAddressesVoteOnce() public {
        CrowdfundVault vault = _trancheVault(); // INVESTOR 50%, INVESTOR2 30%, INVESTOR3 20%
        address holder = INVESTOR3;
        vm.prank(holder);
        vault.voteToStop();
        for (uint256 i; i < 6; ++i) {
            address next = makeAddr(string.concat("hop", vm.toString(i)));
            vm.prank(holder);
            vault.transfer(next, 20_000 ether);
            holder = next;
            vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_CannotVote.selector, holder));
            vm.prank(holder);
            vault.voteToStop();
        }
        (uint256 total,) = vault.stopVotes(INVESTOR3);
        assertEq(total, 20_000 ether, "the 20% counted once");
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Succeeded));
    }

    /// @dev Weakness: borrowed or flash-bought shares could stop a campaign atomically. Votes count
    ///      balances held when the vote opened, so shares received after that carry no vote.
    function test_stopVote_borrowedSharesCountNothing() public {
        CrowdfundVault vault = _trancheVault();
        // A lender lends the attacker a majority of shares (or an AMM sells them) and gets them back.
        vm.prank(INVESTOR);
        vault.transfer(ATTACKER, 50_000 ether);
        vm.prank(INVESTOR2);
        vault.transfer(ATTACKER, 30_000 ether);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_CannotVote.selector, ATTACKER));
        vm.prank(ATTACKER);
        vault.voteToStop();
        assertEq(vault.stopVoteWeight(ATTACKER), 0);
        assertEq(vault.stopVoteWeight(INVESTOR), 50_000 ether, "the lender keeps its vote");
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Succeeded));
    }

    /// @dev The vote opens only after the success block: shares moved in that block count as held at its end.
    function test_stopVote_closedInTheSuccessBlock_andAfterTheLastTrancheUnlocks() public {
        ICrowdfundVault.Terms memory t = _tranchedTerms([uint16(5_000), 5_000, 0], [uint32(0), 30 days, 0]);
        CrowdfundVault vault = _open(t);
        _contribute(vault, INVESTOR, 60_000 ether);
        _contribute(vault, INVESTOR2, 40_000 ether);
        vm.warp(deadline);
        vault.finalize();
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_CannotVote.selector, INVESTOR));
        vm.prank(INVESTOR);
        vault.voteToStop();
        vm.warp(deadline + 30 days);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_CannotVote.selector, INVESTOR));
        vm.prank(INVESTOR);
        vault.voteToStop();
    }

    /// @dev A stop pays the filmmaker the tranches already unlocked and returns only the locked ones.
    function test_stopVote_paysUnlockedTranches_returnsLockedOnes() public {
        ICrowdfundVault.Terms memory t = _tranchedTerms([uint16(4_000), 3_000, 3_000], [uint32(0), 10 days, 20 days]);
        CrowdfundVault vault = _open(t);
        _contribute(vault, INVESTOR, 60_000 ether);
        _contribute(vault, INVESTOR2, 40_000 ether);
        vm.warp(deadline);
        vault.finalize();
        vm.warp(deadline + 10 days); // tranches 1 and 2 unlocked, none withdrawn
        vm.prank(INVESTOR);
        vault.voteToStop();
        assertEq(uint8(vault.state()), uint8(ICrowdfundVault.State.Stopped));
        assertEq(ssh.balanceOf(FILMMAKER), 70_000 ether - (70_000 ether * CF_FEE_BPS) / 10_000, "unlocked: paid");
        assertEq(vault.claimRoyalties(INVESTOR), 18_000 ether, "60% of the locked 30,000");
        (, uint256 target) = vault.payback();
        assertEq(target, 84_000 ether, "payback on the 70,000 released");
    }

    /// @dev Regression (review #1): a stranger claiming the vault's royalties in PayPerView before
    ///      `harvest()` no longer strands them: income is the vault's entitlement, whoever collected it.
    function test_harvest_countsRoyaltiesAStrangerClaimedForTheVault() public {
        CrowdfundVault vault = _succeeded(); // 50,000 + 50,000
        _sellViews(10);
        uint256 splitId = registry.film(filmId).splitId;
        uint256 income = (10 * (PRICE - (PRICE * FEE_BPS) / 10_000) * 4_000) / 10_000;
        vm.prank(ATTACKER);
        assertEq(ppv.claim(splitId, address(vault)), income, "the SSH arrives in the vault");
        assertEq(vault.harvest(), income, "and is booked as income all the same");
        _sellViews(2);
        uint256[] memory ids = new uint256[](1);
        ids[0] = splitId;
        vm.prank(ATTACKER);
        ppv.claimMany(ids, address(vault));
        vault.harvest();
        vm.prank(ATTACKER);
        ppv.claim(splitId, address(vault)); // nothing more to collect
        uint256 total = (12 * (PRICE - (PRICE * FEE_BPS) / 10_000) * 4_000) / 10_000;
        assertEq(vault.claimRoyalties(INVESTOR) + vault.claimRoyalties(INVESTOR2), total);
        assertApproxEqAbs(ssh.balanceOf(address(vault)), GOAL, 1, "the raise, nothing stranded (rounding dust at most)");
    }

    /// @dev Regression (review #3): income settled while a holder held its shares stays that holder's,
    ///      even if nobody harvested before the shares moved (a flash-buy before a harvest gets nothing).
    function test_transfer_incomeSettledBeforeAMoveBelongsToTheSeller() public {
        CrowdfundVault vault = _succeeded();
        _sellViews(10); // settled, not harvested
        uint256 income = (10 * (PRICE - (PRICE * FEE_BPS) / 10_000) * 4_000) / 10_000;
        vm.prank(INVESTOR);
        vault.transfer(ATTACKER, 50_000 ether); // e.g. sold into a pool and flash-bought
        vault.harvest();
        assertEq(vault.claimableRoyalties(ATTACKER), 0, "the buyer gets nothing of past income");
        assertEq(vault.claimableRoyalties(INVESTOR), income / 2, "the seller keeps what it earned");
        vm.prank(ATTACKER);
        vault.transfer(INVESTOR, 50_000 ether);
        assertEq(vault.claimRoyalties(INVESTOR), income / 2);
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_NothingToClaim.selector, ATTACKER));
        vault.claimRoyalties(ATTACKER);
    }

    /// @dev Regression (review #4): once the vault is a rights holder, the film cannot be deleted, nor
    ///      its split replaced or handed to anyone else, while investors hold shares.
    function test_succeededVault_filmCannotBeDeletedNorStrippedOfTheInvestorsShare() public {
        CrowdfundVault vault = _succeeded();
        (address[] memory r, uint16[] memory s) = _evenSplit(2);
        vm.startPrank(FILMMAKER);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_SplitManaged.selector, filmId, address(vault)));
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotSplitManager.selector, filmId, FILMMAKER));
        registry.setSplit(filmId, r, s, 0);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotSplitManager.selector, filmId, FILMMAKER));
        registry.setSplitManager(filmId, FILMMAKER);
        registry.transferFilmOwnership(filmId, ATTACKER);
        vm.stopPrank();
        vm.startPrank(ATTACKER);
        registry.acceptFilmOwnership(filmId);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_SplitManaged.selector, filmId, address(vault)));
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(ICrowdfundVault.Crowdfund_WrongState.selector, ICrowdfundVault.State.Succeeded));
        vault.releaseSplit();
        assertEq(registry.shareOf(registry.film(filmId).splitId, address(vault)), 4_000);
    }

    /// @dev Royalties from another film's split that names the vault (a sequel sharing its revenue with
    ///      the first film's investors) run through the same waterfall, once, whoever collected them.
    function test_harvestFrom_anotherFilmsSplitNamingTheVault() public {
        CrowdfundVault vault = _open();
        address[] memory r = new address[](2);
        r[0] = FILMMAKER;
        r[1] = address(vault);
        uint16[] memory s = new uint16[](2);
        s[0] = 5_000;
        s[1] = 5_000;
        vm.prank(FILMMAKER);
        uint256 sequel = registry.registerFilm("ipfs://sequel", PRICE, WINDOW, r, s, 0);
        uint256 sequelSplit = registry.film(sequel).splitId;
        _fund(FAN, PRICE);
        _settle(_buy(FAN, sequel), FAN, sequel);
        uint256 income = (PRICE - (PRICE * FEE_BPS) / 10_000) / 2;
        vm.expectRevert(ICrowdfundVault.Crowdfund_NotRightsHolder.selector);
        vault.harvestFrom(sequelSplit);

        _contribute(vault, INVESTOR, 50_000 ether);
        _contribute(vault, INVESTOR2, 50_000 ether);
        vm.warp(deadline);
        vault.finalize();
        vm.prank(ATTACKER);
        ppv.claim(sequelSplit, address(vault)); // collected by a stranger first
        assertEq(vault.harvestFrom(sequelSplit), income);
        assertEq(vault.harvestFrom(sequelSplit), 0, "booked once");
        assertEq(vault.claimRoyalties(INVESTOR), income / 2);
        assertEq(vault.harvestFrom(registry.film(filmId).splitId), 0, "its own split: as harvest()");
        assertEq(vault.harvestFrom(12345), 0, "a split that does not name the vault books nothing");
    }

    /// @dev A failed campaign has no waterfall: another film's royalties paid to it go to the filmmaker,
    ///      never stay stuck, and never touch the investors' refunds.
    function test_harvestFrom_afterFailure_goesToTheFilmmaker() public {
        CrowdfundVault vault = _open();
        _contribute(vault, INVESTOR, 500 ether);
        address[] memory r = new address[](1);
        r[0] = address(vault);
        uint16[] memory s = new uint16[](1);
        s[0] = 10_000;
        vm.prank(FILMMAKER);
        uint256 sequel = registry.registerFilm("ipfs://sequel", PRICE, WINDOW, r, s, 0);
        uint256 sequelSplit = registry.film(sequel).splitId;
        _fund(FAN, PRICE);
        _settle(_buy(FAN, sequel), FAN, sequel);
        vm.prank(ATTACKER);
        ppv.claim(sequelSplit, address(vault)); // arrives while funding
        vm.warp(deadline);
        uint256 income = PRICE - (PRICE * FEE_BPS) / 10_000;
        assertEq(vault.harvestFrom(sequelSplit), income);
        assertEq(vault.claimFilmmakerRoyalties(), income);
        vm.prank(INVESTOR);
        vault.refund();
        assertEq(ssh.balanceOf(address(vault)), 0, "nothing left behind");
    }
}
