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

/// @dev Drives the exchange with bounded random credits (some reusing payment ids), reversals of any
///      payment (claimed or not, across several payments of one buyer), claims, cash-outs and their
///      outcomes, rate moves and time; keeps ghost accounting per payment and per buyer.
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

    function init() external {
        for (uint256 i; i < ACTORS; ++i) {
            vm.prank(actors[i]);
            SSH.approve(address(EXCHANGE), type(uint256).max);
        }
    }

    function credit(uint256 actorSeed, uint256 usd, uint256 idSeed) external {
        address buyer = actors[actorSeed % ACTORS];
        usd = bound(usd, 1e8, 2_000e8);
        // Half the time, replay a payment id that was already credited (a duplicated webhook).
        bytes32 paymentId = paymentIds.length > 0 && idSeed % 2 == 0
            ? paymentIds[idSeed % paymentIds.length]
            : keccak256(abi.encode("payment", paymentIds.length));
        (, int256 rate,,,) = ORACLE.latestRoundData();
        vm.prank(ONRAMP);
        try EXCHANGE.credit(paymentId, buyer, usd, uint256(rate), block.timestamp) {
            if (++timesCredited[paymentId] > 1) creditedTwice = true;
            (, uint256 amount,) = EXCHANGE.payment(paymentId);
            (_buyerOf[paymentId], _amountOf[paymentId], _epochOf[paymentId]) = (buyer, amount, _claims[buyer]);
            ghostPending[buyer] += amount;
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

    function paymentCount() external view returns (uint256) {
        return paymentIds.length;
    }
}
