// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ExchangeTest} from "./TokenExchange.t.sol";
import {UsdConversion} from "../../contracts/libraries/UsdConversion.sol";

/// @dev Fuzz tests of the conversion rounding and the cash-out fee math.
contract TokenExchangeFuzzTest is ExchangeTest {
    /// @dev Against an independent computation: down and up differ by at most one wei, bracket the
    ///      exact value, and converting back never yields more USD than was paid.
    function testFuzz_usdToSsh_roundingBracketsTheExactValue(uint256 usd, uint256 rate) public pure {
        usd = bound(usd, 1, 1e20); // up to $1e12
        rate = bound(rate, 1, type(uint96).max);
        uint256 down = UsdConversion.usdToSshDown(usd, rate);
        uint256 up = UsdConversion.usdToSshUp(usd, rate);
        uint256 scaled = usd * 1e18;
        assertLe(down * rate, scaled, "down never exceeds the exact value");
        assertGe(up * rate, scaled, "up never falls short of it");
        assertLe(up - down, 1);
        assertEq(up == down, scaled % rate == 0);
        assertLe(UsdConversion.sshToUsdDown(down, rate), usd, "a round trip never creates dollars");
    }

    /// @dev Credits: the buyer gets floor(usd / rate) SSH and the inventory loses exactly that.
    function testFuzz_credit_exactSshAndInventory(uint256 usd, uint256 rateMove) public {
        usd = bound(usd, 1, 10_000e8);
        uint256 rate = bound(rateMove, RATE * 99 / 100 + 1, RATE * 101 / 100); // within the 1% tolerance
        vm.prank(ONRAMP);
        exchange.credit("p", BUYER, usd, rate, block.timestamp);
        uint256 credited = exchange.pendingCredits(BUYER);
        assertEq(credited, (usd * 1e18) / rate);
        assertEq(exchange.inventory(), INVENTORY - credited);
    }

    /// @dev Cash-outs: fee + converted part == locked; USD rounds down; fee <= 5%; on payment the
    ///      treasury and the inventory together receive exactly the locked SSH.
    function testFuzz_cashOut_feeMathAndPaymentSplit(uint256 amount, uint256 feeBps) public {
        amount = bound(amount, 1 ether, FAN_FUNDS);
        feeBps = bound(feeBps, 0, 500);
        vm.prank(ADMIN);
        exchange.setConfig(feeBps, 100, 1 hours, 10_000e8, 1_000_000e8);
        uint256 fee = (amount * feeBps) / 10_000;
        uint256 usd = ((amount - fee) * RATE) / 1e18;
        uint256 id = _request(amount, usd);
        assertLe(fee, amount / 20);

        uint256 treasuryBefore = ssh.balanceOf(TREASURY);
        vm.prank(PAYOUT);
        exchange.markPaid(id, "ref");
        uint256 toTreasury = ssh.balanceOf(TREASURY) - treasuryBefore;
        assertEq(toTreasury, fee);
        assertEq(toTreasury + exchange.inventory() - INVENTORY, amount, "no wei created or lost");
        assertEq(ssh.balanceOf(address(exchange)), exchange.inventory());
    }
}
