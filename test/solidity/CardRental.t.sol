// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ExchangeTest} from "./TokenExchange.t.sol";
import {ITokenExchange} from "../../contracts/interfaces/ITokenExchange.sol";
import {IFilmRegistry} from "../../contracts/interfaces/IFilmRegistry.sol";
import {IPayPerView} from "../../contracts/interfaces/IPayPerView.sol";

/// @dev Rentals paid by card: the exchange's inventory buys the rental in PayPerView for the fan, once per
///      payment id, within the limits; the same settlement pays the rights holders, and a refund after
///      the delivery timeout (asked by the on-ramp key or by the viewer) brings the SSH back to the
///      inventory. Purchases for someone else (gifts) in general: only the viewer or the payer refunds,
///      and the money goes to whoever paid.
contract CardRentalTest is ExchangeTest {
    uint256 internal filmId;
    address internal VIEWER = makeAddr("cardViewer");
    uint256 internal constant FILM_USD = 25_000_000; // PRICE (5 SSH) at $0.05

    function setUp() public override {
        super.setUp();
        filmId = _registerFilm();
    }

    function _rent(bytes32 paymentId, address viewer, uint256 usd) internal returns (uint256) {
        vm.prank(ONRAMP);
        return exchange.rentFor(paymentId, viewer, filmId, usd, RATE, block.timestamp + 10 minutes);
    }

    function _balanceInvariant() internal view {
        assertEq(ssh.balanceOf(address(exchange)), exchange.inventory() + exchange.pendingCredits(VIEWER) + exchange.pendingCredits(BUYER));
    }

    function test_rentFor_buysTheRentalForTheViewer_paidFromInventory_settledToRightsHolders() public {
        vm.expectEmit(address(ppv));
        emit IPayPerView.PurchasedFor(1, address(exchange));
        vm.expectEmit(address(exchange));
        emit ITokenExchange.RentalPaid("pi1", VIEWER, filmId, 1, FILM_USD, RATE, PRICE);
        uint256 purchaseId = _rent("pi1", VIEWER, FILM_USD);
        assertEq(purchaseId, 1);
        assertTrue(ppv.hasAccess(filmId, VIEWER));
        assertEq(ppv.payerOf(purchaseId), address(exchange));
        assertEq(ppv.rentalOf(filmId, VIEWER).amount, PRICE);
        assertEq(exchange.inventory(), INVENTORY - PRICE);
        assertEq(exchange.pendingCredits(VIEWER), 0, "a rental is not a credit");
        assertEq(ssh.allowance(address(exchange), address(ppv)), 0, "no allowance left behind");
        (address buyer, uint256 amount, bool reversed) = exchange.payment("pi1");
        assertEq(buyer, VIEWER);
        assertEq(amount, PRICE);
        assertFalse(reversed);
        (uint256 buyerRoom,) = exchange.creditLimits(VIEWER);
        assertEq(buyerRoom, 10_000e8 - FILM_USD, "counted against the viewer's daily limit");

        _settle(purchaseId, VIEWER, filmId);
        uint256 revenue = PRICE - (PRICE * FEE_BPS) / 10_000;
        assertEq(ppv.claimable(registry.saleTerms(filmId).splitId, FILMMAKER), (revenue * 7_000) / 10_000);
        _balanceInvariant();
    }

    function test_rentFor_coversAUsdPricedFilmAtTheQuotedRate_roundedAsTheEscrowRounds() public {
        vm.prank(FILMMAKER);
        registry.setUsdTerms(filmId, 4_99000000, WINDOW); // $4.99 at $0.05: 99.8 SSH
        uint256 price = ppv.priceOf(filmId);
        _rent("pi1", VIEWER, 4_99000000);
        assertEq(ppv.rentalOf(filmId, VIEWER).amount, price);
        // A cent short of the price is refused, and nothing moves.
        vm.expectRevert(
            abi.encodeWithSelector(ITokenExchange.Exchange_PaymentBelowPrice.selector, price, (4_98000000 * 1e18 + RATE - 1) / RATE)
        );
        _rent("pi2", FAN2, 4_98000000);
        assertEq(exchange.inventory(), INVENTORY - price);
    }

    function test_rentFor_oncePerPaymentId_sharedWithCredits() public {
        _rent("pi1", VIEWER, FILM_USD);
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_PaymentAlreadyCredited.selector, bytes32("pi1")));
        _rent("pi1", FAN2, FILM_USD);
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_PaymentAlreadyCredited.selector, bytes32("pi1")));
        _credit("pi1", VIEWER, FILM_USD);
        _credit("pi2", BUYER, FILM_USD);
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_PaymentAlreadyCredited.selector, bytes32("pi2")));
        _rent("pi2", FAN2, FILM_USD);
        _balanceInvariant();
    }

    function test_rentFor_refusals_changeNothing() public {
        // Not enough USD for the price; an expired quote; a rate outside the tolerance; a stranger.
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_PaymentBelowPrice.selector, PRICE, PRICE - 2e17));
        _rent("pi1", VIEWER, FILM_USD - 1_000_000);
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_QuoteExpired.selector, block.timestamp - 1));
        vm.prank(ONRAMP);
        exchange.rentFor("pi1", VIEWER, filmId, FILM_USD, RATE, block.timestamp - 1);
        vm.expectPartialRevert(ITokenExchange.Exchange_RateOutOfTolerance.selector);
        vm.prank(ONRAMP);
        exchange.rentFor("pi1", VIEWER, filmId, FILM_USD, (RATE * 102) / 100, block.timestamp);
        bytes32 role = exchange.ONRAMP_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ATTACKER, role));
        vm.prank(ATTACKER);
        exchange.rentFor("pi1", ATTACKER, filmId, FILM_USD, RATE, block.timestamp);
        vm.expectRevert(ITokenExchange.Exchange_InvalidInput.selector);
        _rent("pi1", address(0), FILM_USD);
        // A film that is not for sale (delisted), or that the viewer already has: PayPerView's refusals.
        vm.prank(FILMMAKER);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Delisted);
        vm.expectPartialRevert(IPayPerView.PayPerView_FilmNotForSale.selector);
        _rent("pi1", VIEWER, FILM_USD);
        vm.prank(FILMMAKER);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Active);
        _buy(FAN, filmId);
        vm.expectPartialRevert(IPayPerView.PayPerView_AccessStillValid.selector);
        _rent("pi1", FAN, FILM_USD);

        assertEq(exchange.inventory(), INVENTORY);
        (address buyer,,) = exchange.payment("pi1");
        assertEq(buyer, address(0), "the payment id is still unused");
        (uint256 buyerRoom,) = exchange.creditLimits(VIEWER);
        assertEq(buyerRoom, 10_000e8);
    }

    function test_rentFor_withinTheDailyLimits() public {
        vm.prank(ADMIN);
        exchange.setConfig(100, 100, 1 hours, FILM_USD, FILM_USD * 3 / 2);
        _rent("pi1", VIEWER, FILM_USD);
        uint256 film2 = _registerFilm();
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_TotalDailyLimit.selector, FILM_USD * 2, FILM_USD * 3 / 2));
        vm.prank(ONRAMP);
        exchange.rentFor("pi2", FAN2, film2, FILM_USD, RATE, block.timestamp);
        // Credits and rentals share the limits: the viewer has no room left for even a cent.
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_BuyerDailyLimit.selector, FILM_USD + 1e6, FILM_USD));
        _credit("pi3", VIEWER, 1e6);
        vm.warp(block.timestamp + 1 days);
        vm.prank(RATE_UPDATER);
        oracle.updateRate(int256(RATE), block.timestamp, 3);
        vm.prank(ONRAMP);
        exchange.rentFor("pi2", VIEWER, film2, FILM_USD, RATE, block.timestamp); // the rolling limit came back
    }

    function test_refundRental_afterTheTimeout_returnsTheSshToTheInventory() public {
        uint256 purchaseId = _rent("pi1", VIEWER, FILM_USD);
        vm.expectRevert(abi.encodeWithSelector(IPayPerView.PayPerView_RefundTooEarly.selector, purchaseId, block.timestamp + TIMEOUT));
        vm.prank(ONRAMP);
        exchange.refundRental(filmId, VIEWER);
        vm.warp(block.timestamp + TIMEOUT);
        bytes32 role = exchange.ONRAMP_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ATTACKER, role));
        vm.prank(ATTACKER);
        exchange.refundRental(filmId, VIEWER);

        vm.expectEmit(address(ppv));
        emit IPayPerView.PurchaseRefunded(purchaseId, filmId, VIEWER, PRICE);
        vm.expectEmit(address(exchange));
        emit ITokenExchange.RentalRefundsCollected(PRICE);
        vm.prank(ONRAMP);
        assertEq(exchange.refundRental(filmId, VIEWER), PRICE);
        assertEq(exchange.inventory(), INVENTORY);
        assertFalse(ppv.hasAccess(filmId, VIEWER));
        assertEq(ppv.payerOf(purchaseId), address(0));
        assertEq(ssh.balanceOf(VIEWER), 0, "the viewer never paid, and gets nothing");
        vm.expectRevert(abi.encodeWithSelector(IPayPerView.PayPerView_NothingToRefund.selector, filmId, VIEWER));
        vm.prank(ONRAMP);
        exchange.refundRental(filmId, VIEWER);
        // A refund never frees the payment id: the card payment is refunded, not spent again.
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_PaymentAlreadyCredited.selector, bytes32("pi1")));
        _rent("pi1", VIEWER, FILM_USD);
        _balanceInvariant();
    }

    function test_viewerRefundsACardRental_theSshComesBackToTheExchange_notTheViewer() public {
        uint256 purchaseId = _rent("pi1", VIEWER, FILM_USD);
        vm.warp(block.timestamp + TIMEOUT);
        vm.prank(VIEWER);
        ppv.refund(filmId);
        assertEq(ssh.balanceOf(VIEWER), 0);
        assertEq(ppv.refundsOwed(address(exchange)), PRICE);
        assertEq(ppv.payerOf(purchaseId), address(0));
        // Anyone may bring it into the inventory; only once.
        vm.prank(ATTACKER);
        assertEq(exchange.collectRentalRefunds(), PRICE);
        assertEq(exchange.collectRentalRefunds(), 0);
        assertEq(exchange.inventory(), INVENTORY);
        assertEq(ppv.refundsOwed(address(exchange)), 0);
        _balanceInvariant();
    }

    function test_settledCardRental_isNeverRefunded_andTheViewerRentsAgainLater() public {
        uint256 purchaseId = _rent("pi1", VIEWER, FILM_USD);
        _settle(purchaseId, VIEWER, filmId);
        vm.warp(block.timestamp + TIMEOUT);
        vm.expectRevert(abi.encodeWithSelector(IPayPerView.PayPerView_PurchaseNotOpen.selector, purchaseId, IPayPerView.PurchaseState.Settled));
        vm.prank(ONRAMP);
        exchange.refundRental(filmId, VIEWER);
        vm.warp(block.timestamp + WINDOW);
        vm.prank(RATE_UPDATER);
        oracle.updateRate(int256(RATE), block.timestamp, 3);
        _fund(VIEWER, PRICE);
        uint256 second = _buy(VIEWER, filmId);
        // The exchange may not refund the viewer's own purchase.
        vm.warp(block.timestamp + TIMEOUT);
        vm.expectRevert(abi.encodeWithSelector(IPayPerView.PayPerView_NotViewerNorPayer.selector, second, address(exchange)));
        vm.prank(ONRAMP);
        exchange.refundRental(filmId, VIEWER);
        vm.prank(VIEWER);
        ppv.refund(filmId);
        assertEq(ssh.balanceOf(VIEWER), PRICE, "the viewer's own purchase refunds to the viewer");
    }

    function test_reverse_neverTouchesARentalPayment_norTheViewersCredits() public {
        _credit("c1", VIEWER, 100e8);
        _rent("pi1", VIEWER, FILM_USD);
        vm.expectRevert(abi.encodeWithSelector(ITokenExchange.Exchange_PaymentNotReversible.selector, bytes32("pi1")));
        vm.prank(ONRAMP);
        exchange.reverse("pi1");
        assertEq(exchange.pendingCredits(VIEWER), 2_000 ether);
        _balanceInvariant();
    }
}

/// @dev Purchases paid by someone else, in general (a gift): the viewer gets the access; only the viewer
///      or the payer may refund, and the money goes to the payer, who withdraws it.
contract GiftedPurchaseTest is ExchangeTest {
    uint256 internal filmId;
    address internal FRIEND = makeAddr("friend");

    function setUp() public override {
        super.setUp();
        filmId = _registerFilm();
    }

    function test_purchaseFor_givesTheViewerAccess_refundGoesToThePayer() public {
        vm.prank(FAN);
        uint256 purchaseId = ppv.purchaseFor(FRIEND, filmId, PRICE);
        assertTrue(ppv.hasAccess(filmId, FRIEND));
        assertFalse(ppv.hasAccess(filmId, FAN));
        assertEq(ppv.payerOf(purchaseId), FAN);
        vm.warp(block.timestamp + TIMEOUT);
        vm.expectRevert(abi.encodeWithSelector(IPayPerView.PayPerView_NotViewerNorPayer.selector, purchaseId, ATTACKER));
        vm.prank(ATTACKER);
        ppv.refundFor(filmId, FRIEND);
        // The viewer may end it (a gift can never lock the viewer out of buying the film again).
        vm.prank(FRIEND);
        ppv.refund(filmId);
        assertEq(ssh.balanceOf(FRIEND), 0);
        assertEq(ppv.refundsOwed(FAN), PRICE);
        vm.expectEmit(address(ppv));
        emit IPayPerView.RefundsWithdrawn(FAN, PRICE);
        vm.prank(FAN);
        assertEq(ppv.withdrawRefunds(), PRICE);
        assertEq(ssh.balanceOf(FAN), FAN_FUNDS);
        vm.prank(FAN);
        assertEq(ppv.withdrawRefunds(), 0);
    }

    function test_purchaseFor_payerRefunds_andOneselfIsAnOrdinaryPurchase() public {
        vm.prank(FAN);
        ppv.purchaseFor(FRIEND, filmId, PRICE);
        vm.warp(block.timestamp + TIMEOUT);
        vm.prank(FAN);
        ppv.refundFor(filmId, FRIEND);
        assertEq(ppv.refundsOwed(FAN), PRICE);
        vm.prank(FAN);
        uint256 own = ppv.purchaseFor(FAN, filmId, PRICE);
        assertEq(ppv.payerOf(own), address(0), "buying for oneself is a purchase");
        vm.expectRevert(IPayPerView.PayPerView_ZeroAddress.selector);
        vm.prank(FAN);
        ppv.purchaseFor(address(0), filmId, PRICE);
        // Another payer (not this purchase's) may not refund it.
        vm.prank(FAN2);
        uint256 gift = ppv.purchaseFor(FRIEND, filmId, PRICE);
        vm.warp(block.timestamp + TIMEOUT);
        vm.expectRevert(abi.encodeWithSelector(IPayPerView.PayPerView_NotViewerNorPayer.selector, gift, FAN));
        vm.prank(FAN);
        ppv.refundFor(filmId, FRIEND);
    }
}
