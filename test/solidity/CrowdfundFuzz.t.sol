// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CrowdfundTest} from "./utils/CrowdfundTest.sol";
import {CrowdfundVault} from "../../contracts/crowdfunds/CrowdfundVault.sol";
import {ICrowdfundVault} from "../../contracts/interfaces/ICrowdfundVault.sol";

/// @dev Fuzz tests of the crowdfund money math: fees, per-share royalties and the payback waterfall.
contract CrowdfundFuzzTest is CrowdfundTest {
    function _openWith(uint256 x, uint256 y, uint256 multiple, uint256 tranches)
        internal
        returns (CrowdfundVault)
    {
        ICrowdfundVault.Terms memory t = _terms();
        t.investorShareBps = uint16(x);
        t.investorShareAfterPaybackBps = uint16(y);
        t.paybackMultipleBps = uint32(multiple);
        t.tranchesBps = new uint16[](tranches);
        t.trancheDelays = new uint32[](tranches);
        uint256 left = 10_000;
        for (uint256 i; i < tranches; ++i) {
            t.tranchesBps[i] = uint16(i == tranches - 1 ? left : 10_000 / tranches);
            left -= t.tranchesBps[i];
            t.trancheDelays[i] = uint32(i * 10 days);
        }
        return _open(t);
    }

    /// @dev Whatever the raise, fee and tranches, filmmaker + treasury receive exactly the raise.
    function testFuzz_withdraw_feePlusPayoutEqualsRaise(uint256 a, uint256 b, uint256 feeBps, uint256 tranches)
        public
    {
        a = bound(a, GOAL - MAX, MAX); // two investors, each within the maximum, reach the goal
        b = bound(b, GOAL - a, MAX);
        feeBps = bound(feeBps, 0, 1_000);
        tranches = bound(tranches, 1, 8);
        vm.prank(ADMIN);
        factory.setPlatformFee(feeBps);
        CrowdfundVault vault = _openWith(4_000, 1_500, 12_000, tranches);
        _contribute(vault, INVESTOR, a);
        _contribute(vault, INVESTOR2, b);
        uint256 treasuryBefore = ssh.balanceOf(TREASURY);
        vm.warp(deadline);
        vault.withdraw();
        vm.warp(deadline + tranches * 10 days);
        if (tranches > 1) vault.withdraw();
        uint256 fees = ssh.balanceOf(TREASURY) - treasuryBefore;
        assertEq(ssh.balanceOf(FILMMAKER) + fees, a + b, "no wei created or lost");
        assertLe(fees, ((a + b) * feeBps) / 10_000, "fee rounds down per tranche");
        assertEq(ssh.balanceOf(address(vault)), 0);
    }

    /// @dev The waterfall against an independent computation: over any sequence of incomes, investors
    ///      get everything up to the payback target, then exactly shareAfter/shareBefore of the rest,
    ///      within one wei per harvest; investors + filmmaker get exactly the income.
    function testFuzz_harvest_waterfallMatchesReference(
        uint256 x,
        uint256 y,
        uint256 multiple,
        uint96[6] memory prices
    ) public {
        x = bound(x, 1, 7_000);
        y = bound(y, 0, x);
        multiple = bound(multiple, 10_000, 100_000);
        CrowdfundVault vault = _openWith(x, y, multiple, 1);
        _contribute(vault, INVESTOR, 50_000 ether);
        _contribute(vault, INVESTOR2, 50_000 ether);
        vm.warp(deadline);
        vault.finalize();
        uint256 target = (GOAL * multiple) / 10_000;

        uint256 totalIncome;
        uint256 harvests;
        for (uint256 i; i < prices.length; ++i) {
            vm.prank(FILMMAKER);
            registry.setTerms(filmId, bound(prices[i], 1 ether, 200_000 ether), WINDOW);
            _sellViews(1);
            uint256 income = vault.harvest();
            totalIncome += income;
            if (income != 0) ++harvests;
        }
        (uint256 paidBack,) = vault.payback();
        uint256 reference_ = totalIncome <= target ? totalIncome : target + ((totalIncome - target) * y) / x;
        assertLe(paidBack, reference_, "never more than the formula");
        assertGe(paidBack + harvests, reference_, "at most one wei of rounding per harvest");
        assertEq(paidBack + vault.filmmakerRoyalties(), totalIncome, "the income is split, not created or lost");
    }

    /// @dev Per-share royalties with shares moving between holders: nobody ever claims more than was
    ///      distributed, and what is left unclaimed is dust.
    function testFuzz_royalties_sharesMovingNeverClaimMoreThanDistributed(
        uint256 a,
        uint256 b,
        uint256 moved,
        uint96 price1,
        uint96 price2
    ) public {
        a = bound(a, GOAL - MAX, MAX); // two investors, each within the maximum, reach the goal
        b = bound(b, GOAL - a, MAX);
        CrowdfundVault vault = _openWith(4_000, 1_500, 12_000, 1);
        _contribute(vault, INVESTOR, a);
        _contribute(vault, INVESTOR2, b);
        vm.warp(deadline);
        vault.finalize();

        vm.prank(FILMMAKER);
        registry.setTerms(filmId, bound(price1, 1 ether, 100_000 ether), WINDOW);
        _sellViews(1);
        vault.harvest();
        moved = bound(moved, 0, a);
        vm.prank(INVESTOR);
        vault.transfer(INVESTOR3, moved);
        vm.prank(FILMMAKER);
        registry.setTerms(filmId, bound(price2, 1 ether, 100_000 ether), WINDOW);
        _sellViews(1);
        vault.harvest();

        (uint256 distributed,) = vault.payback();
        uint256 claimed;
        address[3] memory holders = [INVESTOR, INVESTOR2, INVESTOR3];
        for (uint256 i; i < 3; ++i) {
            if (vault.claimableRoyalties(holders[i]) != 0) claimed += vault.claimRoyalties(holders[i]);
        }
        assertLe(claimed, distributed, "never more than distributed");
        assertLe(distributed - claimed, 1e6, "unclaimed remainder is dust (< 1e-12 SSH)");
    }
}
