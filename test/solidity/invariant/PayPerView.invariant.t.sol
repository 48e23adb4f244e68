// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StdInvariant} from "forge-std/StdInvariant.sol";

import {StreamSpaceTest} from "../utils/StreamSpaceTest.sol";
import {IPayPerView} from "../../../contracts/interfaces/IPayPerView.sol";
import {PayPerViewHandler} from "./PayPerViewHandler.sol";

/// @dev Invariants of the pay-per-view money path, global and per actor.
contract PayPerViewInvariantTest is StreamSpaceTest {
    uint256 internal constant FUNDS = 100 ether;
    PayPerViewHandler internal handler;
    uint256 internal treasuryStart;

    function setUp() public override {
        super.setUp();
        handler = new PayPerViewHandler(ssh, registry, ppv, TREASURY, DELIVERY_KEY);
        for (uint256 i; i < handler.FANS(); ++i) {
            address fan = handler.fans(i);
            vm.prank(TREASURY);
            ssh.transfer(fan, FUNDS);
        }
        handler.init();
        treasuryStart = ssh.balanceOf(TREASURY);

        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = PayPerViewHandler.purchase.selector;
        selectors[1] = PayPerViewHandler.purchase.selector; // weighted: buying is the common action
        selectors[2] = PayPerViewHandler.settle.selector;
        selectors[3] = PayPerViewHandler.refund.selector;
        selectors[4] = PayPerViewHandler.claim.selector;
        selectors[5] = PayPerViewHandler.claimAll.selector;
        selectors[6] = PayPerViewHandler.changeSplit.selector;
        selectors[7] = PayPerViewHandler.setFee.selector;
        selectors[8] = PayPerViewHandler.collectFees.selector;
        selectors[9] = PayPerViewHandler.warp.selector;
        selectors[10] = PayPerViewHandler.purchaseFor.selector;
        selectors[11] = PayPerViewHandler.withdrawRefunds.selector;
        selectors[12] = PayPerViewHandler.transfer.selector;
        selectors[13] = PayPerViewHandler.refund.selector; // weighted: refunds are asked by many callers
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev The sum of open purchases read from the contract equals the ghost sum, and the contract's
    ///      balance is exactly open escrow + unclaimed royalties + accrued fees + refunds owed to payers.
    function invariant_escrowEqualsOpenPurchasesPlusOwed() public view {
        uint256 open;
        for (uint256 f; f < handler.FILMS(); ++f) {
            for (uint256 i; i < handler.FANS(); ++i) {
                open += ppv.rentalOf(handler.films(f), handler.fans(i)).amount;
            }
            open += ppv.rentalOf(handler.films(f), handler.GUEST()).amount;
        }
        uint256 owed;
        for (uint256 i; i < handler.FANS(); ++i) {
            owed += ppv.refundsOwed(handler.fans(i));
            assertEq(ppv.refundsOwed(handler.fans(i)), handler.ghostOwed(handler.fans(i)), "refunds owed");
        }
        assertFalse(handler.wrongRefund(), "a refund by the wrong caller, or a refused legal one");
        assertEq(open, handler.ghostOpen(), "open escrow");

        uint256 unclaimed;
        uint256 splits = handler.splitCount();
        for (uint256 s = 1; s <= splits; ++s) {
            uint256 claimedFromSplit;
            for (uint256 h; h < handler.HOLDERS(); ++h) claimedFromSplit += ppv.claimed(s, handler.holders(h));
            unclaimed += ppv.splitRevenue(s) - claimedFromSplit;
        }
        assertEq(ppv.accruedFees(), handler.ghostFeesAccrued() - handler.ghostFeesCollected(), "fees");
        assertEq(ssh.balanceOf(address(ppv)), open + unclaimed + ppv.accruedFees() + owed, "balance");
    }

    /// @dev For every holder and split: claimed + claimable == floor(revenue * share / 10,000) exactly.
    function invariant_everyHolderClaimedPlusClaimableEqualsShare() public view {
        uint256 splits = handler.splitCount();
        for (uint256 h; h < handler.HOLDERS(); ++h) {
            address holder = handler.holders(h);
            uint256 claimedTotal;
            for (uint256 s = 1; s <= splits; ++s) {
                assertEq(ppv.splitRevenue(s), handler.ghostRevenue(s), "split revenue");
                uint256 entitled = (handler.ghostRevenue(s) * registry.shareOf(s, holder)) / 10_000;
                assertEq(ppv.claimed(s, holder) + ppv.claimable(s, holder), entitled, "claimed + claimable");
                claimedTotal += ppv.claimed(s, holder);
            }
            assertEq(claimedTotal, handler.ghostClaimed(holder), "claimed total");
        }
    }

    /// @dev The unclaimable dust of each split stays below its number of recipients.
    function invariant_dustBelowRecipientCount() public view {
        uint256 splits = handler.splitCount();
        for (uint256 s = 1; s <= splits; ++s) {
            (, address[] memory recipients, uint16[] memory shares) = registry.split(s);
            uint256 entitled;
            for (uint256 i; i < recipients.length; ++i) entitled += (handler.ghostRevenue(s) * shares[i]) / 10_000;
            assertLe(entitled, handler.ghostRevenue(s));
            assertLt(handler.ghostRevenue(s) - entitled, recipients.length);
        }
    }

    /// @dev Per actor: fans hold exactly what they had minus paid plus refunded; holders exactly what
    ///      they claimed; the treasury exactly what was collected. Nobody gains anything else.
    function invariant_nobodyEndsWithMoreThanPaidInOrOwed() public view {
        for (uint256 i; i < handler.FANS(); ++i) {
            address fan = handler.fans(i);
            assertEq(
                ssh.balanceOf(fan),
                FUNDS - handler.ghostPaid(fan) + handler.ghostRefunded(fan) + handler.ghostReceived(fan) - handler.ghostSent(fan),
                "fan"
            );
            assertLe(handler.ghostRefunded(fan) + handler.ghostOwed(fan), handler.ghostPaid(fan));
        }
        assertEq(ssh.balanceOf(handler.GUEST()), 0, "the guest never paid, so is never refunded");
        for (uint256 h; h < handler.HOLDERS(); ++h) {
            address holder = handler.holders(h);
            assertEq(ssh.balanceOf(holder), handler.ghostClaimed(holder), "holder");
        }
        assertEq(ssh.balanceOf(TREASURY), treasuryStart + handler.ghostFeesCollected(), "treasury");
    }

    function invariant_totalSupplyNeverChanges() public view {
        assertEq(ssh.totalSupply(), ssh.TOTAL_SUPPLY());
    }

    /// @dev Every purchase ends in at most one of settled or refunded: the settled and refunded
    ///      amounts never exceed what was paid, and what was paid is exactly split three ways.
    function invariant_eachPurchaseSettledOrRefundedOnce() public view {
        uint256 paid;
        uint256 refunded;
        for (uint256 i; i < handler.FANS(); ++i) {
            paid += handler.ghostPaid(handler.fans(i));
            refunded += handler.ghostRefunded(handler.fans(i)) + handler.ghostOwed(handler.fans(i));
        }
        uint256 revenue;
        uint256 splits = handler.splitCount();
        for (uint256 s = 1; s <= splits; ++s) revenue += ppv.splitRevenue(s);
        assertEq(paid, handler.ghostOpen() + refunded + revenue + handler.ghostFeesAccrued());
    }

    /// @dev A verified view is exactly a settled purchase: set by the settlement, kept through later
    ///      purchases and refunds, never set for anyone whose purchase was only refunded or never made.
    function invariant_watchedExactlyWhenSettled() public view {
        for (uint256 f; f < handler.FILMS(); ++f) {
            uint256 filmId = handler.films(f);
            for (uint256 i; i < handler.FANS(); ++i) {
                assertEq(ppv.hasWatched(filmId, handler.fans(i)), handler.ghostWatched(filmId, handler.fans(i)));
            }
            assertEq(ppv.hasWatched(filmId, handler.GUEST()), handler.ghostWatched(filmId, handler.GUEST()));
            assertFalse(ppv.hasWatched(filmId, handler.STRANGER()));
        }
    }

    /// @dev Guards against a vacuous suite: over each run the handler must really move money.
    function afterInvariant() external view {
        uint256 depth = handler.calls("purchase") + handler.calls("warp") + handler.calls("claim") + handler.calls("purchaseFor");
        if (depth < 20) return; // very short sequences prove nothing either way
        assertGt(handler.calls("purchase"), 0, "no purchase in the run");
    }
}
