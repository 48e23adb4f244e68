// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ITokenExchange} from "../interfaces/ITokenExchange.sol";
import {IExchangeRateOracle} from "../interfaces/IExchangeRateOracle.sol";
import {IPayPerView} from "../interfaces/IPayPerView.sol";
import {BasisPoints} from "../libraries/BasisPoints.sol";
import {Permits} from "../libraries/Permits.sol";
import {UsdConversion} from "../libraries/UsdConversion.sol";

/// @title TokenExchange
/// @notice The private exchange: fiat -> SSH credits, rentals paid by card, and SSH -> fiat cash-outs at
///         the oracle's rate.
contract TokenExchange is ITokenExchange, AccessControlDefaultAdminRules, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice May credit fiat payments, pay rentals with them and reverse or refund them (the on-ramp's key).
    bytes32 public constant ONRAMP_ROLE = keccak256("ONRAMP_ROLE");
    /// @notice May pick up, pay and fail cash-outs (the cash-out function's key).
    bytes32 public constant PAYOUT_ROLE = keccak256("PAYOUT_ROLE");
    /// @notice May deposit and withdraw inventory.
    bytes32 public constant TREASURER_ROLE = keccak256("TREASURER_ROLE");
    /// @notice The cash-out fee can never exceed 5%.
    uint256 public constant MAX_CASH_OUT_FEE_BPS = 500;
    /// @notice A quote may never be further than 5% from the oracle rate.
    uint256 public constant MAX_RATE_TOLERANCE_BPS = 500;
    /// @notice How long a transfer of the admin role takes to become effective.
    uint48 public constant ADMIN_TRANSFER_DELAY = 2 days;
    /// @notice The daily limits' rolling window: a limit's used part comes back linearly over it.
    uint256 public constant LIMIT_WINDOW = 1 days;
    /// @dev Claims counted per buyer; from here on a buyer's payments can no longer be told apart from
    ///      claimed ones, so they are treated as claimed (never reversible: the safe side for the buyer).
    uint8 private constant MAX_TRACKED_CLAIMS = 253;
    /// @dev `Payment.claimEpoch` of a payment that paid a rental (never a credit, never reversible here:
    ///      its SSH is in PayPerView's escrow, and comes back only by that purchase's refund).
    uint8 private constant RENTAL = 254;
    /// @dev `Payment.claimEpoch` of a reversed payment.
    uint8 private constant REVERSED = 255;

    /// @notice The SSH token.
    IERC20 public immutable SSH;
    /// @notice The SSH/USD oracle.
    IExchangeRateOracle public immutable ORACLE;
    /// @notice The pay-per-view escrow, where rentals paid by card are bought.
    IPayPerView public immutable PAY_PER_VIEW;

    /// @dev The rules and the cash-out counter, in one slot.
    struct Config {
        uint16 cashOutFeeBps;
        uint16 rateToleranceBps;
        uint32 rateMaxAge;
        uint40 lastCashOutId;
        uint64 buyerDailyLimitUsd;
        uint64 totalDailyLimitUsd;
    }

    /// @dev The inventory and the used part of the total daily limit, in one slot. The used part
    ///      decays linearly (the whole limit over LIMIT_WINDOW) from `usedAt`: a rolling window, so
    ///      no midnight lets a second limit through a second after the first.
    struct Ledger {
        uint128 inventory;
        uint40 usedAt;
        uint64 usedUsd;
    }

    /// @dev A buyer's used daily limit (decaying as the ledger's), its unclaimed credited SSH and how
    ///      many times it claimed (saturating at MAX_TRACKED_CLAIMS), in one slot.
    struct Buyer {
        uint40 usedAt;
        uint64 usedUsd;
        uint128 pending;
        uint8 claims;
    }

    /// @dev A credited payment: who, how much, and the buyer's claim count when it was credited. It
    ///      is claimed once the buyer has claimed since (claims > claimEpoch); REVERSED once reversed.
    struct Payment {
        address buyer;
        uint88 sshAmount;
        uint8 claimEpoch;
    }

    Config private _config;
    Ledger private _ledger;
    address private _treasury;
    mapping(address buyer => Buyer) private _buyers;
    mapping(bytes32 paymentId => Payment) private _payments;
    mapping(uint256 cashOutId => CashOut) private _cashOuts;

    /// @param ssh The SSH token.
    /// @param oracle The SSH/USD oracle.
    /// @param payPerView The pay-per-view escrow (rentals paid by card).
    /// @param admin Sets the rules and grants roles.
    /// @param treasury_ Receives cash-out fees; also the treasurer.
    /// @param onramp The on-ramp key.
    /// @param payout The payout key.
    constructor(
        IERC20 ssh,
        IExchangeRateOracle oracle,
        IPayPerView payPerView,
        address admin,
        address treasury_,
        address onramp,
        address payout
    ) AccessControlDefaultAdminRules(ADMIN_TRANSFER_DELAY, admin) {
        if (
            address(ssh) == address(0) || address(oracle) == address(0) || address(payPerView) == address(0)
                || treasury_ == address(0)
        ) revert Exchange_InvalidInput();
        SSH = ssh;
        ORACLE = oracle;
        PAY_PER_VIEW = payPerView;
        _treasury = treasury_;
        _grantRole(TREASURER_ROLE, treasury_);
        _grantRole(ONRAMP_ROLE, onramp);
        _grantRole(PAYOUT_ROLE, payout);
        // 1% cash-out fee, 1% quote tolerance, 1 hour rate age, $10,000 a buyer and $1,000,000 in all per day.
        _setConfig(100, 100, 1 hours, 10_000e8, 1_000_000e8);
    }

    // ---------------------------------------------------------------- inventory

    /// @inheritdoc ITokenExchange
    function depositInventory(uint256 amount) external nonReentrant onlyRole(TREASURER_ROLE) {
        if (amount == 0) revert Exchange_InvalidInput();
        _ledger.inventory += SafeCast.toUint128(amount);
        emit InventoryDeposited(msg.sender, amount);
        SSH.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc ITokenExchange
    function withdrawInventory(uint256 amount, address to) external nonReentrant onlyRole(TREASURER_ROLE) {
        if (amount == 0 || to == address(0)) revert Exchange_InvalidInput();
        uint256 available = _ledger.inventory;
        if (amount > available) revert Exchange_InsufficientInventory(amount, available);
        _ledger.inventory = uint128(available - amount);
        emit InventoryWithdrawn(to, amount);
        SSH.safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- fiat -> SSH

    /// @inheritdoc ITokenExchange
    function credit(bytes32 paymentId, address buyer, uint256 usdAmount, uint256 rate, uint256 quoteExpiry)
        external
        onlyRole(ONRAMP_ROLE)
    {
        Config memory c = _config;
        _checkPayment(paymentId, buyer, usdAmount, rate, quoteExpiry, c);
        uint256 sshAmount = UsdConversion.usdToSshDown(usdAmount, rate); // rounds for the inventory
        if (sshAmount == 0) revert Exchange_InvalidInput(); // worth less than one wei of SSH
        _book(buyer, usdAmount, sshAmount, true, c);
        _payments[paymentId] =
            Payment({buyer: buyer, sshAmount: SafeCast.toUint88(sshAmount), claimEpoch: _buyers[buyer].claims});
        emit FiatCredited(paymentId, buyer, usdAmount, rate, sshAmount);
    }

    /// @inheritdoc ITokenExchange
    function rentFor(bytes32 paymentId, address viewer, uint256 filmId, uint256 usdAmount, uint256 rate, uint256 quoteExpiry)
        external
        nonReentrant
        onlyRole(ONRAMP_ROLE)
        returns (uint256 purchaseId)
    {
        Config memory c = _config;
        _checkPayment(paymentId, viewer, usdAmount, rate, quoteExpiry, c);
        // The escrow's price now (a USD-priced film's rounded up at the oracle's rate), paid only if the
        // card's USD covers it at the quoted rate, rounded the same way.
        uint256 price = PAY_PER_VIEW.priceOf(filmId);
        uint256 covered = UsdConversion.usdToSshUp(usdAmount, rate);
        if (price > covered) revert Exchange_PaymentBelowPrice(price, covered);
        _book(viewer, usdAmount, price, false, c);
        _payments[paymentId] = Payment({buyer: viewer, sshAmount: SafeCast.toUint88(price), claimEpoch: RENTAL});
        SSH.forceApprove(address(PAY_PER_VIEW), price);
        purchaseId = PAY_PER_VIEW.purchaseFor(viewer, filmId, price);
        emit RentalPaid(paymentId, viewer, filmId, purchaseId, usdAmount, rate, price);
    }

    /// @inheritdoc ITokenExchange
    function refundRental(uint256 filmId, address viewer) external nonReentrant onlyRole(ONRAMP_ROLE) returns (uint256) {
        PAY_PER_VIEW.refundFor(filmId, viewer); // only a purchase this exchange paid; owed to it there
        return _collectRentalRefunds();
    }

    /// @inheritdoc ITokenExchange
    function collectRentalRefunds() external nonReentrant returns (uint256) {
        return _collectRentalRefunds();
    }

    /// @inheritdoc ITokenExchange
    function reverse(bytes32 paymentId) external onlyRole(ONRAMP_ROLE) {
        Payment memory p = _payments[paymentId];
        if (p.buyer == address(0) || p.claimEpoch == REVERSED || p.claimEpoch == RENTAL) {
            revert Exchange_PaymentNotReversible(paymentId);
        }
        Buyer storage b = _buyers[p.buyer];
        // Tracked per payment: a payment the buyer has claimed can never be reversed, not even out of
        // another payment's pending credit.
        uint256 claims = b.claims;
        if (claims > p.claimEpoch || claims == MAX_TRACKED_CLAIMS) revert Exchange_CreditAlreadySpent(paymentId, b.pending);
        b.pending -= p.sshAmount; // unclaimed, so part of pending
        _ledger.inventory += p.sshAmount;
        _payments[paymentId].claimEpoch = REVERSED;
        emit CreditReversed(paymentId, p.buyer, p.sshAmount);
    }

    /// @inheritdoc ITokenExchange
    function claimCredits() external nonReentrant returns (uint256 amount) {
        Buyer storage b = _buyers[msg.sender];
        amount = b.pending;
        if (amount == 0) revert Exchange_NothingToClaim(msg.sender);
        b.pending = 0;
        if (b.claims < MAX_TRACKED_CLAIMS) ++b.claims;
        emit CreditClaimed(msg.sender, amount);
        SSH.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- SSH -> fiat

    /// @inheritdoc ITokenExchange
    function requestCashOut(uint256 sshAmount, uint256 minUsd) external nonReentrant returns (uint256) {
        return _requestCashOut(sshAmount, minUsd);
    }

    /// @inheritdoc ITokenExchange
    function requestCashOutWithPermit(uint256 sshAmount, uint256 minUsd, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256)
    {
        Permits.tryPermit(address(SSH), msg.sender, address(this), sshAmount, deadline, v, r, s);
        return _requestCashOut(sshAmount, minUsd);
    }

    /// @inheritdoc ITokenExchange
    function pickUp(uint256 cashOutId) external onlyRole(PAYOUT_ROLE) {
        CashOut storage c = _cashOuts[cashOutId];
        if (c.status != CashOutStatus.Requested) revert Exchange_WrongCashOutStatus(cashOutId, c.status);
        c.status = CashOutStatus.PickedUp;
        emit CashOutPickedUp(cashOutId);
    }

    /// @inheritdoc ITokenExchange
    function markPaid(uint256 cashOutId, bytes32 payoutRef) external nonReentrant onlyRole(PAYOUT_ROLE) {
        CashOut storage c = _cashOuts[cashOutId];
        CashOutStatus status = c.status;
        if (status != CashOutStatus.Requested && status != CashOutStatus.PickedUp) {
            revert Exchange_WrongCashOutStatus(cashOutId, status);
        }
        c.status = CashOutStatus.Paid;
        // The holder was paid the USD fixed at request. Its locked SSH now belongs to the platform: the
        // fee part to the treasury, the rest to the inventory. (The fee rate only divides the platform's
        // own side; the holder's payout, and the full return on failure, never depend on it.)
        uint256 locked = c.sshAmount;
        uint256 fee = BasisPoints.mulDown(locked, _config.cashOutFeeBps);
        _ledger.inventory += uint128(locked - fee);
        emit CashOutPaid(cashOutId, payoutRef);
        if (fee != 0) SSH.safeTransfer(_treasury, fee);
    }

    /// @inheritdoc ITokenExchange
    function markFailed(uint256 cashOutId) external nonReentrant onlyRole(PAYOUT_ROLE) {
        CashOut storage c = _cashOuts[cashOutId];
        CashOutStatus status = c.status;
        if (status != CashOutStatus.Requested && status != CashOutStatus.PickedUp) {
            revert Exchange_WrongCashOutStatus(cashOutId, status);
        }
        c.status = CashOutStatus.Failed;
        emit CashOutFailed(cashOutId);
        SSH.safeTransfer(c.owner, c.sshAmount);
    }

    /// @inheritdoc ITokenExchange
    function cancelCashOut(uint256 cashOutId) external nonReentrant {
        CashOut storage c = _cashOuts[cashOutId];
        if (c.owner != msg.sender) revert Exchange_NotCashOutOwner(cashOutId, msg.sender);
        if (c.status != CashOutStatus.Requested) revert Exchange_WrongCashOutStatus(cashOutId, c.status);
        c.status = CashOutStatus.Cancelled;
        emit CashOutCancelled(cashOutId);
        SSH.safeTransfer(msg.sender, c.sshAmount);
    }

    // ---------------------------------------------------------------- administration and views

    /// @inheritdoc ITokenExchange
    function setConfig(
        uint256 cashOutFeeBps,
        uint256 rateToleranceBps,
        uint256 rateMaxAge,
        uint256 buyerDailyLimitUsd,
        uint256 totalDailyLimitUsd
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setConfig(cashOutFeeBps, rateToleranceBps, rateMaxAge, buyerDailyLimitUsd, totalDailyLimitUsd);
    }

    /// @inheritdoc ITokenExchange
    function inventory() external view returns (uint256) {
        return _ledger.inventory;
    }

    /// @inheritdoc ITokenExchange
    function pendingCredits(address buyer) external view returns (uint256) {
        return _buyers[buyer].pending;
    }

    /// @inheritdoc ITokenExchange
    function payment(bytes32 paymentId) external view returns (address buyer, uint256 sshAmount, bool reversed) {
        Payment memory p = _payments[paymentId];
        return (p.buyer, p.sshAmount, p.claimEpoch == REVERSED);
    }

    /// @inheritdoc ITokenExchange
    function creditLimits(address buyer) external view returns (uint256 buyerRemainingUsd, uint256 totalRemainingUsd) {
        Config memory c = _config;
        Ledger memory ledger = _ledger;
        Buyer memory b = _buyers[buyer];
        totalRemainingUsd = _remaining(ledger.usedUsd, ledger.usedAt, c.totalDailyLimitUsd);
        buyerRemainingUsd = _remaining(b.usedUsd, b.usedAt, c.buyerDailyLimitUsd);
    }

    /// @inheritdoc ITokenExchange
    function cashOut(uint256 cashOutId) external view returns (CashOut memory) {
        return _cashOuts[cashOutId];
    }

    /// @notice The rules: fee, quote tolerance, maximum rate age and daily limits.
    function config() external view returns (Config memory) {
        return _config;
    }

    // ---------------------------------------------------------------- internal

    /// @dev The checks every fiat payment passes: a buyer and an amount, a payment id never used (by a
    ///      credit or a rental: a retried or duplicated webhook can never pay twice, whoever sends it), a
    ///      live quote, and a quoted rate within the tolerance of the oracle's fresh rate.
    function _checkPayment(
        bytes32 paymentId,
        address buyer,
        uint256 usdAmount,
        uint256 rate,
        uint256 quoteExpiry,
        Config memory c
    ) private view {
        if (buyer == address(0) || usdAmount == 0) revert Exchange_InvalidInput();
        if (_payments[paymentId].buyer != address(0)) revert Exchange_PaymentAlreadyCredited(paymentId);
        if (block.timestamp > quoteExpiry) revert Exchange_QuoteExpired(quoteExpiry);
        (uint256 oracleRate,) = ORACLE.rateNoOlderThan(c.rateMaxAge);
        uint256 gap = rate > oracleRate ? rate - oracleRate : oracleRate - rate;
        if (gap * BasisPoints.MAX_BPS > oracleRate * c.rateToleranceBps) {
            revert Exchange_RateOutOfTolerance(rate, oracleRate, c.rateToleranceBps);
        }
    }

    /// @dev Checks the rolling daily limits and the inventory, then takes `sshAmount` from the inventory
    ///      (to the buyer's pending credits when `toPending`; a rental's is paid into escrow by the caller)
    ///      and counts `usdAmount` against both limits.
    function _book(address buyer, uint256 usdAmount, uint256 sshAmount, bool toPending, Config memory c) private {
        Ledger memory ledger = _ledger;
        uint256 total = _used(ledger.usedUsd, ledger.usedAt, c.totalDailyLimitUsd) + usdAmount;
        if (total > c.totalDailyLimitUsd) revert Exchange_TotalDailyLimit(total, c.totalDailyLimitUsd);
        Buyer memory b = _buyers[buyer];
        uint256 buyerTotal = _used(b.usedUsd, b.usedAt, c.buyerDailyLimitUsd) + usdAmount;
        if (buyerTotal > c.buyerDailyLimitUsd) revert Exchange_BuyerDailyLimit(buyerTotal, c.buyerDailyLimitUsd);
        if (sshAmount > ledger.inventory) revert Exchange_InsufficientInventory(sshAmount, ledger.inventory);
        // Both totals are within limits that fit in 64 bits.
        _ledger = Ledger({
            inventory: uint128(ledger.inventory - sshAmount), usedAt: uint40(block.timestamp), usedUsd: uint64(total)
        });
        _buyers[buyer] = Buyer({
            usedAt: uint40(block.timestamp),
            usedUsd: uint64(buyerTotal),
            pending: toPending ? b.pending + uint128(sshAmount) : b.pending,
            claims: b.claims
        });
    }

    /// @dev The part of `limit` still used at this time by `used` recorded at `usedAt`: it comes back
    ///      linearly, the whole limit over LIMIT_WINDOW (rounded in favour of the limit).
    function _used(uint256 used, uint256 usedAt, uint256 limit) private view returns (uint256) {
        uint256 recovered = (limit * (block.timestamp - usedAt)) / LIMIT_WINDOW;
        return used > recovered ? used - recovered : 0;
    }

    /// @dev What is left of `limit` (0 if a lowered limit is below what is still used).
    function _remaining(uint256 used, uint256 usedAt, uint256 limit) private view returns (uint256) {
        uint256 stillUsed = _used(used, usedAt, limit);
        return stillUsed < limit ? limit - stillUsed : 0;
    }

    /// @dev Withdraws what PayPerView owes this exchange for refunded rentals, into the inventory as it
    ///      arrives.
    function _collectRentalRefunds() private returns (uint256 amount) {
        amount = PAY_PER_VIEW.withdrawRefunds();
        if (amount == 0) return 0;
        _ledger.inventory += SafeCast.toUint128(amount);
        emit RentalRefundsCollected(amount);
    }

    function _requestCashOut(uint256 sshAmount, uint256 minUsd) private returns (uint256 cashOutId) {
        if (sshAmount == 0) revert Exchange_InvalidInput();
        Config memory c = _config;
        (uint256 rate,) = ORACLE.rateNoOlderThan(c.rateMaxAge);
        uint256 fee = BasisPoints.mulDown(sshAmount, c.cashOutFeeBps);
        uint256 usdAmount = UsdConversion.sshToUsdDown(sshAmount - fee, rate);
        if (usdAmount == 0 || usdAmount < minUsd) revert Exchange_BelowMinimumUsd(usdAmount, minUsd);

        cashOutId = uint256(c.lastCashOutId) + 1;
        _config.lastCashOutId = SafeCast.toUint40(cashOutId);
        _cashOuts[cashOutId] =
            CashOut({owner: msg.sender, status: CashOutStatus.Requested, sshAmount: SafeCast.toUint88(sshAmount)});
        emit CashOutRequested(cashOutId, msg.sender, sshAmount, fee, usdAmount, rate);
        SSH.safeTransferFrom(msg.sender, address(this), sshAmount);
    }

    function _setConfig(
        uint256 cashOutFeeBps,
        uint256 rateToleranceBps,
        uint256 rateMaxAge,
        uint256 buyerDailyLimitUsd,
        uint256 totalDailyLimitUsd
    ) private {
        if (
            cashOutFeeBps > MAX_CASH_OUT_FEE_BPS || rateToleranceBps > MAX_RATE_TOLERANCE_BPS || rateMaxAge == 0
                || rateMaxAge > 1 days || buyerDailyLimitUsd > totalDailyLimitUsd || totalDailyLimitUsd > type(uint64).max
        ) revert Exchange_InvalidConfig();
        Config storage c = _config;
        c.cashOutFeeBps = uint16(cashOutFeeBps);
        c.rateToleranceBps = uint16(rateToleranceBps);
        c.rateMaxAge = uint32(rateMaxAge);
        c.buyerDailyLimitUsd = uint64(buyerDailyLimitUsd);
        c.totalDailyLimitUsd = uint64(totalDailyLimitUsd);
        emit ConfigUpdated(cashOutFeeBps, rateToleranceBps, rateMaxAge, buyerDailyLimitUsd, totalDailyLimitUsd);
    }
}
