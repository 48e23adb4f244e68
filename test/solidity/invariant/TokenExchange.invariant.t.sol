// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ExchangeTest} from "../TokenExchange.t.sol";
import {TokenExchangeHandler} from "./TokenExchangeHandler.sol";

/// @dev Invariants of the private exchange.
contract TokenExchangeInvariantTest is ExchangeTest {
    TokenExchangeHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new TokenExchangeHandler(ssh, oracle, exchange, ONRAMP, PAYOUT, RATE_UPDATER);
        for (uint256 i; i < handler.ACTORS(); ++i) {
            address actor = handler.actors(i);
            vm.prank(TREASURY);
            ssh.transfer(actor, 50_000 ether);
        }
        handler.init(ppv, registry, DELIVERY_KEY, TREASURY);
        targetContract(address(handler));
    }

    /// @dev The exchange's SSH is exactly its inventory + pending credits + locked cash-outs.
    function invariant_balanceEqualsInventoryPlusPendingPlusLocked() public view {
        uint256 pending;
        for (uint256 i; i < handler.ACTORS(); ++i) pending += exchange.pendingCredits(handler.actors(i));
        assertEq(ssh.balanceOf(address(exchange)), exchange.inventory() + pending + handler.ghostLockedCashOuts());
    }

    /// @dev Per buyer, pending credit is exactly its payments neither claimed nor reversed; a claimed
    ///      payment is never reversed and an unclaimed one always can be.
    function invariant_pendingCreditIsTrackedPerPayment() public view {
        assertFalse(handler.wrongReversal());
        for (uint256 i; i < handler.ACTORS(); ++i) {
            address actor = handler.actors(i);
            assertEq(exchange.pendingCredits(actor), handler.ghostPending(actor));
        }
    }

    function invariant_noPaymentIdCreditedTwice() public view {
        assertFalse(handler.creditedTwice());
    }

    /// @dev The inventory is exactly what came in and went out: stock, credits and their reversals,
    ///      rentals paid and their refunds collected, paid cash-outs less fees. What viewers refunded
    ///      in PayPerView and nobody collected yet is owed to the exchange there, to the wei.
    function invariant_inventoryIsItsLedger_rentalRefundsComeBack() public view {
        assertEq(exchange.inventory(), handler.ghostInventory(), "inventory");
        assertEq(ppv.refundsOwed(address(exchange)), handler.ghostOwedToExchange(), "owed by PayPerView");
        assertFalse(handler.wrongRental(), "a rental refunded wrongly, or its payment reversed");
        assertEq(ssh.allowance(address(exchange), address(ppv)), 0, "no allowance left behind");
    }

    /// @dev Guards against a vacuous suite: a long run must really pay and refund rentals.
    function afterInvariant() external view {
        if (handler.calls("credit") + handler.calls("rent") + handler.calls("refundRental") < 20) return;
        assertGt(handler.calls("rent"), 0, "no rental paid in the run");
    }

    function invariant_totalSupplyUnchanged() public view {
        assertEq(ssh.totalSupply(), ssh.TOTAL_SUPPLY());
    }
}
