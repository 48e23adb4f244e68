// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StreamSpaceTest} from "./utils/StreamSpaceTest.sol";
import {BasisPoints} from "../../contracts/libraries/BasisPoints.sol";

/// @dev Fuzz tests of the money math: fees, shares and dust (run 1,000 times in the CI profile).
contract PayPerViewFuzzTest is StreamSpaceTest {
    /// @dev A random split of `n` recipients (1..50) whose shares are each >= 1 and sum to 10,000.
    function _randomSplit(uint256 n, uint256 seed) internal pure returns (address[] memory r, uint16[] memory s) {
        r = new address[](n);
        s = new uint16[](n);
        uint256 left = 10_000;
        for (uint256 i; i < n; ++i) {
            r[i] = address(uint160(0xA000 + i));
            // leave at least 1 bp for each recipient still to come
            uint256 share = i == n - 1 ? left : 1 + (uint256(keccak256(abi.encode(seed, i))) % (left - (n - 1 - i)));
            s[i] = uint16(share);
            left -= share;
        }
    }

    function _buyAndSettle(address fan, uint256 filmId) internal {
        uint256 purchaseId = _buy(fan, filmId);
        _settle(purchaseId, fan, filmId);
    }

    function testFuzz_mulDown_neverExceedsAmount(uint256 amount, uint256 bps) public pure {
        amount = bound(amount, 0, type(uint128).max);
        bps = bound(bps, 0, 10_000);
        uint256 part = BasisPoints.mulDown(amount, bps);
        assertLe(part, amount);
        assertEq(part, (amount * bps) / 10_000);
        // the rounding loses strictly less than one wei
        assertLt(amount * bps - part * 10_000, 10_000);
    }

    function testFuzz_settle_feePlusRevenueEqualsPrice(uint96 price, uint256 feeBps) public {
        price = uint96(bound(price, 1, 1_000_000 ether));
        feeBps = bound(feeBps, 0, 1_000);
        vm.prank(ADMIN);
        ppv.setPlatformFee(feeBps);
        address[] memory r = new address[](1);
        r[0] = FILMMAKER;
        uint16[] memory s = new uint16[](1);
        s[0] = 10_000;
        vm.prank(FILMMAKER);
        uint256 filmId = registry.registerFilm("u", price, WINDOW, r, s, 0);
        _fund(FAN, price);

        _buyAndSettle(FAN, filmId);
        uint256 fee = ppv.accruedFees();
        uint256 revenue = ppv.splitRevenue(1);
        assertEq(fee + revenue, price, "no wei created or lost");
        assertEq(fee, (uint256(price) * feeBps) / 10_000, "fee rounds down, in favour of rights holders");
        assertLe(fee, uint256(price) / 10, "fee never above 10%");
        assertEq(ppv.claim(1, FILMMAKER), revenue, "a sole holder gets all the revenue, no dust");
    }

    function testFuzz_claim_neverExceedsShare_dustBelowRecipientCount(
        uint256 n,
        uint256 seed,
        uint96[8] memory prices,
        uint256 purchases
    ) public {
        n = bound(n, 1, 50);
        purchases = bound(purchases, 1, 8);
        (address[] memory r, uint16[] memory s) = _randomSplit(n, seed);
        uint256 filmId = _registerFilm(r, s);

        address fan = makeAddr("fuzzFan");
        for (uint256 i; i < purchases; ++i) {
            uint256 price = bound(prices[i], 1, 100_000 ether);
            vm.prank(FILMMAKER);
            registry.setTerms(filmId, price, WINDOW);
            _fund(fan, price);
            _buyAndSettle(fan, filmId);
            vm.warp(block.timestamp + WINDOW);
            // claim the first recipient after every settlement: interleaving must not change totals
            ppv.claim(1, r[0]);
        }

        uint256 revenue = ppv.splitRevenue(1);
        uint256 paid;
        for (uint256 i; i < n; ++i) {
            ppv.claim(1, r[i]);
            uint256 got = ssh.balanceOf(r[i]);
            assertEq(got, (revenue * s[i]) / 10_000, "each holder gets exactly floor(R * share)");
            paid += got;
        }
        assertLe(paid, revenue, "never more than the revenue");
        assertLt(revenue - paid, n, "dust below the number of recipients");
        assertEq(ssh.balanceOf(address(ppv)), revenue - paid + ppv.accruedFees(), "the rest stays, accounted");
    }

    function testFuzz_claimMany_equalsSumOfSingleClaims(uint96 price1, uint96 price2) public {
        uint256 film1 = _registerFilm();
        uint256 film2 = _registerFilm();
        vm.startPrank(FILMMAKER);
        registry.setTerms(film1, bound(price1, 1, 10_000 ether), WINDOW);
        registry.setTerms(film2, bound(price2, 1, 10_000 ether), WINDOW);
        vm.stopPrank();
        _fund(FAN, 20_000 ether);
        _buyAndSettle(FAN, film1);
        _buyAndSettle(FAN, film2);

        uint256 expected = ppv.claimable(1, COMPOSER) + ppv.claimable(2, COMPOSER);
        uint256[] memory splits = new uint256[](2);
        splits[0] = 1;
        splits[1] = 2;
        assertEq(ppv.claimMany(splits, COMPOSER), expected);
        assertEq(ssh.balanceOf(COMPOSER), expected);
    }
}
