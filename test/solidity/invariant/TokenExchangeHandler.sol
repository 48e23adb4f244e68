// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {StreamShare} from "../../../contracts/token/StreamShare.sol";
import {ExchangeRateOracle} from "../../../contracts/oracle/ExchangeRateOracle.sol";
import {TokenExchange} from "../../../contracts/exchange/TokenExchange.sol";
import {ITokenExchange} from "../../../contracts/interfaces/ITokenExchange.sol";
import {IExchangeRateOracle} from "../../../contracts/interfaces/IExchangeRateOracle.sol";
import {FilmRegistry} from "../../../contracts/films/FilmRegistry.sol";
import {PayPerView} from "../../../contracts/payments/PayPerView.sol";
import {IPayPerView} from "../../../contracts/interfaces/IPayPerView.sol";
import {UsdConversion} from "../../../contracts/libraries/UsdConversion.sol";

/// @dev Drives the exchange with bounded random credits (some reusing payment ids), reversals of any
///      payment (claimed or not, across several payments of one buyer), claims, cash-outs and their
///      outcomes, rate moves and time; rentals paid by card (payment ids shared with credits), settled,
///      refunded by the on-ramp key or by the viewer directly in PayPerView, collected by anyone; the
///      actors' own purchases (which the exchange must never refund); the treasurer stocking and
///      drawing the inventory. Keeps ghost accounting per payment, per buyer and of the inventory.
contract TokenExchangeHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant ACTORS = 3;

    StreamShare public immutable SSH;
    ExchangeRateOracle public immutable ORACLE;
    TokenExchange public immutable EXCHANGE;
    address public immutable ONRAMP;
    address public immutable PAYOUT;
    address public immutable RATE_UPDATER;

    address[ACTORS] public actors;
    bytes32[] public paymentIds;
    uint256[] public cashOutIds;
    mapping(bytes32 => uint256) public timesCredited;
    bool public creditedTwice;
    uint256 public ghostLockedCashOuts;
    // Per payment: its buyer, SSH and the buyer's claim count when credited; per buyer: claims, pending.
    mapping(bytes32 => address) internal _buyerOf;
    mapping(bytes32 => uint256) internal _amountOf;
    mapping(bytes32 => uint256) internal _epochOf;
    mapping(bytes32 => bool) internal _reversed;
    mapping(address => uint256) internal _claims;
    mapping(address => uint256) public ghostPending;
    bool public wrongReversal; // a claimed payment reversed, or an unclaimed one refused
    mapping(bytes32 => uint256) public calls;

    PayPerView public ppv;
    FilmRegistry public registry;
    uint256 public filmId;
    uint256 internal _deliveryKey;
    address public treasury;
    uint256 public ghostInventory;
    uint256 public ghostOwedToExchange; // refunds of card rentals not yet collected
    bytes32[] public rentalIds;
    bool public wrongRental; // a rental refund that went wrong, or a rental payment reversed

    constructor(
        StreamShare ssh,
        ExchangeRateOracle oracle,
        TokenExchange exchange,
        address onramp,
        address payout,
        address rateUpdater
    ) {
        SSH = ssh;
        ORACLE = oracle;
        EXCHANGE = exchange;
        ONRAMP = onramp;
        PAYOUT = payout;
        RATE_UPDATER = rateUpdater;
        for (uint256 i; i < ACTORS; ++i) actors[i] = makeAddr(string.concat("xActor", vm.toString(i)));
    }

    /// @dev Called once by the test (later calls by the fuzzer change nothing).
    function init(PayPerView ppv_, FilmRegistry registry_, uint256 deliveryKey, address treasury_) external {
        if (address(ppv) != address(0)) return;
        (ppv, registry, _deliveryKey, treasury) = (ppv_, registry_, deliveryKey, treasury_);
        for (uint256 i; i < ACTORS; ++i) {
            vm.startPrank(actors[i]);
            SSH.approve(address(EXCHANGE), type(uint256).max);
            SSH.approve(address(ppv), type(uint256).max);
            vm.stopPrank();
        }
        vm.prank(treasury);
        SSH.approve(address(EXCHANGE), type(uint256).max);
        address[] memory recipients = new address[](1);
        recipients[0] = makeAddr("xFilmmaker");
        uint16[] memory shares = new uint16[](1);
        shares[0] = 10_000;
        vm.prank(recipients[0]);
        filmId = registry.registerFilm("ipfs://x", 7 ether, 6 hours, recipients, shares, 0);
        ghostInventory = EXCHANGE.inventory();
    }

    function credit(uint256 actorSeed, uint256 usd, uint256 idSeed) external {
        address buyer = actors[actorSeed % ACTORS];
        usd = bound(usd, 1e8, 2_000e8);
        // Half the time, replay a payment id that was already credited (a duplicated webhook).
        bytes32 paymentId = _paymentId(idSeed, "payment");
        (, int256 rate,,,) = ORACLE.latestRoundData();
        vm.prank(ONRAMP);
        try EXCHANGE.credit(paymentId, buyer, usd, uint256(rate), block.timestamp) {
            if (++timesCredited[paymentId] > 1) creditedTwice = true;
            (, uint256 amount,) = EXCHANGE.payment(paymentId);
            (_buyerOf[paymentId], _amountOf[paymentId], _epochOf[paymentId]) = (buyer, amount, _claims[buyer]);
            ghostPending[buyer] += amount;
            ghostInventory -= amount;
            paymentIds.push(paymentId);
            ++calls["credit"];
        } catch (bytes memory reason) {
            bytes4 selector = bytes4(reason);
            // Only these refusals are legal here; anything else fails the run.
            require(
                selector == ITokenExchange.Exchange_PaymentAlreadyCredited.selector
                    || selector == ITokenExchange.Exchange_BuyerDailyLimit.selector
                    || selector == ITokenExchange.Exchange_TotalDailyLimit.selector
                    || selector == ITokenExchange.Exchange_InsufficientInventory.selector,
                "unexpected credit revert"
            );
        }
    }

    /// @dev Tries to reverse any credited payment: it must succeed exactly when the payment was neither
    ///      claimed nor reversed, whatever other payments of the buyer are pending.
    function reverse(uint256 idSeed) external {
        if (paymentIds.length == 0) return;
        bytes32 paymentId = paymentIds[idSeed % paymentIds.length];
        address buyer = _buyerOf[paymentId];
        bool claimed = _claims[buyer] > _epochOf[paymentId];
        vm.prank(ONRAMP);
        try EXCHANGE.reverse(paymentId) {
            if (claimed || _reversed[paymentId]) wrongReversal = true;
            _reversed[paymentId] = true;
            ghostPending[buyer] -= _amountOf[paymentId];
            ghostInventory += _amountOf[paymentId];
            ++calls["reverse"];
        } catch (bytes memory reason) {
            bytes4 selector = bytes4(reason);
            if (!claimed && !_reversed[paymentId]) wrongReversal = true;
            require(
                selector == ITokenExchange.Exchange_CreditAlreadySpent.selector
                    || selector == ITokenExchange.Exchange_PaymentNotReversible.selector,
                "unexpected reverse revert"
            );
        }
    }

    function claim(uint256 actorSeed) external {
        address buyer = actors[actorSeed % ACTORS];
        if (EXCHANGE.pendingCredits(buyer) == 0) return;
        vm.prank(buyer);
        EXCHANGE.claimCredits();
        ++_claims[buyer];
        ghostPending[buyer] = 0;
        ++calls["claim"];
    }

    function requestCashOut(uint256 actorSeed, uint256 amount) external {
        address owner = actors[actorSeed % ACTORS];
        uint256 balance = SSH.balanceOf(owner);
        if (balance < 1 ether) return;
        amount = bound(amount, 1 ether, balance);
        vm.prank(owner);
        cashOutIds.push(EXCHANGE.requestCashOut(amount, 1));
        ghostLockedCashOuts += amount;
        ++calls["request"];
    }

    function settleCashOut(uint256 idSeed, uint256 outcome) external {
        if (cashOutIds.length == 0) return;
        uint256 id = cashOutIds[idSeed % cashOutIds.length];
        ITokenExchange.CashOut memory c = EXCHANGE.cashOut(id);
        bool open = c.status == ITokenExchange.CashOutStatus.Requested || c.status == ITokenExchange.CashOutStatus.PickedUp;
        if (!open) return;
        outcome %= 4;
        if (outcome == 0 && c.status == ITokenExchange.CashOutStatus.Requested) {
            vm.prank(PAYOUT);
            EXCHANGE.pickUp(id);
            return;
        }
        if (outcome == 1) {
            vm.prank(PAYOUT);
            EXCHANGE.markPaid(id, "ref");
            ghostInventory += c.sshAmount - (uint256(c.sshAmount) * EXCHANGE.config().cashOutFeeBps) / 10_000;
        } else if (outcome == 2) {
            vm.prank(PAYOUT);
            EXCHANGE.markFailed(id);
        } else if (c.status == ITokenExchange.CashOutStatus.Requested) {
            vm.prank(c.owner);
            EXCHANGE.cancelCashOut(id);
        } else {
            return;
        }
        ghostLockedCashOuts -= c.sshAmount;
        ++calls["settleCashOut"];
    }

    function moveRate(uint256 moveBps, uint256 secondsForward) external {
        vm.warp(block.timestamp + bound(secondsForward, 1, 6 hours));
        (, int256 rate,,,) = ORACLE.latestRoundData();
        moveBps = bound(moveBps, 8_000, 12_000);
        vm.prank(RATE_UPDATER);
        // The breaker may refuse a move that would exceed its hourly budget; that is its job. The rate
        // function then posts the unchanged rate (a heartbeat), which keeps it fresh.
        try ORACLE.updateRate((rate * int256(moveBps)) / 10_000, block.timestamp, 3) {
            ++calls["moveRate"];
        } catch (bytes memory reason) {
            require(bytes4(reason) == IExchangeRateOracle.Oracle_DeviationTooLarge.selector, "unexpected rate revert");
            vm.prank(RATE_UPDATER);
            ORACLE.updateRate(rate, block.timestamp, 3);
        }
    }

    // ------------------------------------------------------------ rentals paid by card

    /// @dev The on-ramp key pays a rental for an actor, half the time with a payment id already used
    ///      (by a credit or another rental): once per id, whatever it paid before.
    function rent(uint256 actorSeed, uint256 idSeed) external {
        address viewer = actors[actorSeed % ACTORS];
        bytes32 paymentId = _paymentId(idSeed, "rental");
        (, int256 rate,,,) = ORACLE.latestRoundData();
        uint256 price = ppv.priceOf(filmId);
        uint256 usd = (price * uint256(rate) + 1e18 - 1) / 1e18; // the card covers the price, rounded up
        vm.prank(ONRAMP);
        try EXCHANGE.rentFor(paymentId, viewer, filmId, usd, uint256(rate), block.timestamp) {
            if (++timesCredited[paymentId] > 1) creditedTwice = true;
            ghostInventory -= price;
            rentalIds.push(paymentId);
            ++calls["rent"];
        } catch (bytes memory reason) {
            bytes4 selector = bytes4(reason);
            require(
                selector == ITokenExchange.Exchange_PaymentAlreadyCredited.selector
                    || selector == ITokenExchange.Exchange_BuyerDailyLimit.selector
                    || selector == ITokenExchange.Exchange_TotalDailyLimit.selector
                    || selector == ITokenExchange.Exchange_InsufficientInventory.selector
                    || selector == IPayPerView.PayPerView_AccessStillValid.selector
                    || selector == IPayPerView.PayPerView_PreviousPurchaseOpen.selector,
                "unexpected rentFor revert"
            );
        }
    }

    /// @dev An actor buys the film with its own SSH: the exchange must never be able to refund that.
    function buyOwn(uint256 actorSeed) external {
        address viewer = actors[actorSeed % ACTORS];
        IPayPerView.Rental memory r = ppv.rentalOf(filmId, viewer);
        if (r.expiresAt > block.timestamp || r.amount != 0 || SSH.balanceOf(viewer) < ppv.priceOf(filmId)) return;
        vm.prank(viewer);
        ppv.purchase(filmId, type(uint256).max);
        ++calls["buyOwn"];
    }

    function settleRental(uint256 actorSeed) external {
        address viewer = actors[actorSeed % ACTORS];
        IPayPerView.Rental memory r = ppv.rentalOf(filmId, viewer);
        if (r.amount == 0) return;
        IPayPerView.DeliveryReceipt memory receipt =
            IPayPerView.DeliveryReceipt({purchaseId: r.purchaseId, viewer: viewer, filmId: filmId, deadline: block.timestamp});
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(_deliveryKey, ppv.receiptDigest(receipt));
        ppv.settle(receipt, abi.encodePacked(rr, s, v));
        ++calls["settleRental"];
    }

    /// @dev After the timeout, the on-ramp key (through the exchange) or the viewer (in PayPerView)
    ///      refunds the viewer's open purchase: a card rental comes back to the exchange; the viewer's
    ///      own purchase only ever to the viewer, never through the exchange.
    function refundRental(uint256 actorSeed, bool byViewer) external {
        address viewer = actors[actorSeed % ACTORS];
        IPayPerView.Rental memory r = ppv.rentalOf(filmId, viewer);
        if (r.amount == 0 || block.timestamp < r.refundableAt) return;
        bool card = ppv.payerOf(r.purchaseId) == address(EXCHANGE);
        uint256 viewerBefore = SSH.balanceOf(viewer);
        if (byViewer) {
            vm.prank(viewer);
            ppv.refund(filmId);
            if (card) ghostOwedToExchange += r.amount;
            if (SSH.balanceOf(viewer) != viewerBefore + (card ? 0 : r.amount)) wrongRental = true;
        } else {
            vm.prank(ONRAMP);
            try EXCHANGE.refundRental(filmId, viewer) returns (uint256 collected) {
                if (!card || collected != ghostOwedToExchange + r.amount) wrongRental = true;
                ghostInventory += collected;
                ghostOwedToExchange = 0;
            } catch (bytes memory reason) {
                if (card || bytes4(reason) != IPayPerView.PayPerView_NotViewerNorPayer.selector) wrongRental = true;
                return;
            }
        }
        ++calls["refundRental"];
    }

    /// @dev Anyone brings the refunds the viewers asked for into the inventory.
    function collectRentalRefunds(uint256 actorSeed) external {
        vm.prank(actors[actorSeed % ACTORS]);
        uint256 collected = EXCHANGE.collectRentalRefunds();
        if (collected != ghostOwedToExchange) wrongRental = true;
        ghostInventory += collected;
        ghostOwedToExchange = 0;
        ++calls["collect"];
    }

    /// @dev Reversing a rental's payment must always be refused (its SSH is in escrow, not pending).
    function reverseRental(uint256 idSeed) external {
        if (rentalIds.length == 0) return;
        bytes32 paymentId = rentalIds[idSeed % rentalIds.length];
        vm.prank(ONRAMP);
        try EXCHANGE.reverse(paymentId) {
            wrongRental = true;
        } catch (bytes memory reason) {
            if (bytes4(reason) != ITokenExchange.Exchange_PaymentNotReversible.selector) wrongRental = true;
        }
    }

    /// @dev The treasurer stocks or draws the inventory (never what is owed).
    function treasurer(uint256 amount, bool deposit) external {
        if (deposit) {
            amount = bound(amount, 1, 10_000 ether);
            vm.prank(treasury);
            EXCHANGE.depositInventory(amount);
            ghostInventory += amount;
        } else {
            if (EXCHANGE.inventory() == 0) return;
            amount = bound(amount, 1, EXCHANGE.inventory());
            vm.prank(treasury);
            EXCHANGE.withdrawInventory(amount, treasury);
            ghostInventory -= amount;
        }
        ++calls["treasurer"];
    }

    /// @dev SSH moves between actors between steps.
    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = actors[fromSeed % ACTORS];
        amount = bound(amount, 0, SSH.balanceOf(from));
        vm.prank(from);
        SSH.transfer(actors[toSeed % ACTORS], amount);
    }

    /// @dev A third of the time a credit's id, a third a rental's (a duplicated webhook, or one for the
    ///      other flow), else a fresh one.
    function _paymentId(uint256 idSeed, string memory kind) internal view returns (bytes32) {
        if (idSeed % 3 == 0 && paymentIds.length > 0) return paymentIds[idSeed % paymentIds.length];
        if (idSeed % 3 == 1 && rentalIds.length > 0) return rentalIds[idSeed % rentalIds.length];
        return keccak256(abi.encode(kind, paymentIds.length, rentalIds.length));
    }

    function paymentCount() external view returns (uint256) {
        return paymentIds.length;
    }
}
