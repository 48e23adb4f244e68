// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IExchangeRateOracle} from "../interfaces/IExchangeRateOracle.sol";
import {IFilmRegistry} from "../interfaces/IFilmRegistry.sol";
import {IPayPerView} from "../interfaces/IPayPerView.sol";
import {BasisPoints} from "../libraries/BasisPoints.sol";
import {Permits} from "../libraries/Permits.sol";
import {UsdConversion} from "../libraries/UsdConversion.sol";
import {MIN_RENTAL_WINDOW} from "../libraries/RentalLimits.sol";

/// @title PayPerView
/// @notice Escrowed pay-per-view for the films of a FilmRegistry, and the pull-based royalties they earn.
/// @dev Accounting, all in SSH held by this contract:
///      balance = sum(open purchase amounts) + sum(split revenue - claimed) + accrued fees
///                + refunds owed to payers of purchases bought for someone else.
///      Settling is O(1) whatever the number of rights holders: it only adds to the split's cumulative
///      revenue R. A holder with share b is owed floor(R * b / 10_000) - claimed. Because the floor is
///      taken of the cumulative revenue (not of each settlement), the unclaimable dust of a split is
///      below its number of recipients, in wei, at any time, however many purchases it settles.
contract PayPerView is IPayPerView, AccessControlDefaultAdminRules, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice May sign delivery receipts (the delivery function's key).
    bytes32 public constant DELIVERY_SIGNER_ROLE = keccak256("DELIVERY_SIGNER_ROLE");
    /// @notice May pause and resume purchases.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice The platform fee can never exceed 10%.
    uint256 public constant MAX_PLATFORM_FEE_BPS = 1_000;
    /// @notice The shortest delivery timeout.
    uint256 public constant MIN_DELIVERY_TIMEOUT = 5 minutes;
    /// @notice The longest delivery timeout: the shortest rental window, so that a purchase whose
    ///         access has expired is always settled or refundable, and the viewer can buy again.
    uint256 public constant MAX_DELIVERY_TIMEOUT = MIN_RENTAL_WINDOW;
    /// @notice How long a transfer of the admin role takes to become effective.
    uint48 public constant ADMIN_TRANSFER_DELAY = 2 days;
    /// @notice The EIP-712 type of a delivery receipt.
    bytes32 public constant DELIVERY_RECEIPT_TYPEHASH =
        keccak256("DeliveryReceipt(uint256 purchaseId,address viewer,uint256 filmId,uint256 deadline)");

    /// @notice The SSH token.
    IERC20 public immutable SSH;
    /// @notice The film catalogue.
    IFilmRegistry public immutable REGISTRY;
    /// @notice The SSH/USD rate, for films priced in USD.
    IExchangeRateOracle public immutable ORACLE;
    /// @notice The largest accepted maximum rate age.
    uint256 public constant MAX_RATE_MAX_AGE = 1 days;

    /// @dev Everything a purchase or a settlement reads and writes besides the rental, in one slot.
    struct Config {
        uint40 lastPurchaseId;
        uint32 deliveryTimeout;
        uint16 platformFeeBps;
        bool paused;
        uint128 accruedFees;
        uint32 rateMaxAge;
    }

    /// @dev A rights holder's position in a split. The share is cached from the registry on first
    ///      claim (splits are immutable); `claimed` is cumulative.
    struct Position {
        uint16 shareBps;
        uint240 claimed;
    }

    Config private _config;
    address private _treasury;
    mapping(uint256 filmId => mapping(address viewer => Rental)) private _rentals;
    mapping(uint256 splitId => uint256 revenue) private _splitRevenue;
    mapping(uint256 splitId => mapping(address holder => Position)) private _positions;
    /// @dev Who paid each open purchase bought for someone else (`purchaseFor`); unset when the viewer paid.
    mapping(uint256 purchaseId => address payer) private _payers;
    /// @dev Refunds of purchases bought for someone else, owed to their payers, who withdraw them.
    mapping(address payer => uint256 amount) private _refundsOwed;

    /// @param ssh The SSH token.
    /// @param registry The film registry.
    /// @param oracle The SSH/USD oracle (for films priced in USD).
    /// @param admin Holds DEFAULT_ADMIN_ROLE (fees, timeout, treasury, roles).
    /// @param treasury_ Receives platform fees.
    /// @param deliverySigner The delivery function's key.
    /// @param pauser May pause purchases.
    /// @param platformFeeBps_ The platform fee, in basis points.
    /// @param deliveryTimeout_ Seconds after a purchase from which an undelivered purchase is refundable.
    constructor(
        IERC20 ssh,
        IFilmRegistry registry,
        IExchangeRateOracle oracle,
        address admin,
        address treasury_,
        address deliverySigner,
        address pauser,
        uint256 platformFeeBps_,
        uint256 deliveryTimeout_
    ) AccessControlDefaultAdminRules(ADMIN_TRANSFER_DELAY, admin) EIP712("StreamSpace PayPerView", "1") {
        if (address(ssh) == address(0) || address(registry) == address(0) || address(oracle) == address(0)) {
            revert PayPerView_ZeroAddress();
        }
        if (deliverySigner == address(0) || pauser == address(0)) revert PayPerView_ZeroAddress();
        SSH = ssh;
        REGISTRY = registry;
        ORACLE = oracle;
        _config.rateMaxAge = 1 hours;
        _grantRole(DELIVERY_SIGNER_ROLE, deliverySigner);
        _grantRole(PAUSER_ROLE, pauser);
        _setTreasury(treasury_);
        _setPlatformFee(platformFeeBps_);
        _setDeliveryTimeout(deliveryTimeout_);
    }

    // ---------------------------------------------------------------- purchases

    /// @inheritdoc IPayPerView
    function purchase(uint256 filmId, uint256 maxPrice) external nonReentrant returns (uint256) {
        return _purchase(filmId, maxPrice, msg.sender);
    }

    /// @inheritdoc IPayPerView
    function purchaseWithPermit(uint256 filmId, uint256 maxPrice, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        returns (uint256)
    {
        Permits.tryPermit(address(SSH), msg.sender, address(this), maxPrice, deadline, v, r, s);
        return _purchase(filmId, maxPrice, msg.sender);
    }

    /// @inheritdoc IPayPerView
    function purchaseFor(address viewer, uint256 filmId, uint256 maxPrice) external nonReentrant returns (uint256) {
        if (viewer == address(0)) revert PayPerView_ZeroAddress();
        return _purchase(filmId, maxPrice, viewer);
    }

    /// @inheritdoc IPayPerView
    function settle(DeliveryReceipt calldata receipt, bytes calldata signature) external nonReentrant {
        _settle(receipt, signature, false);
    }

    /// @inheritdoc IPayPerView
    function settleBatch(DeliveryReceipt[] calldata receipts, bytes[] calldata signatures)
        external
        nonReentrant
        returns (uint256 settled)
    {
        if (receipts.length != signatures.length) {
            revert PayPerView_BatchLengthMismatch(receipts.length, signatures.length);
        }
        for (uint256 i; i < receipts.length; ++i) {
            if (_settle(receipts[i], signatures[i], true)) ++settled;
        }
    }

    /// @inheritdoc IPayPerView
    function refund(uint256 filmId) external nonReentrant {
        _refund(filmId, msg.sender);
    }

    /// @inheritdoc IPayPerView
    function refundFor(uint256 filmId, address viewer) external nonReentrant {
        _refund(filmId, viewer);
    }

    /// @inheritdoc IPayPerView
    function withdrawRefunds() external nonReentrant returns (uint256 amount) {
        amount = _refundsOwed[msg.sender];
        if (amount == 0) return 0;
        _refundsOwed[msg.sender] = 0;
        emit RefundsWithdrawn(msg.sender, amount);
        SSH.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- royalties and fees

    /// @inheritdoc IPayPerView
    function claim(uint256 splitId, address holder) external nonReentrant returns (uint256 amount) {
        amount = _accrueClaim(splitId, holder);
        if (amount != 0) SSH.safeTransfer(holder, amount);
    }

    /// @inheritdoc IPayPerView
    function claimMany(uint256[] calldata splitIds, address holder) external nonReentrant returns (uint256 amount) {
        for (uint256 i; i < splitIds.length; ++i) {
            amount += _accrueClaim(splitIds[i], holder);
        }
        if (amount != 0) SSH.safeTransfer(holder, amount);
    }

    /// @inheritdoc IPayPerView
    function collectFees() external nonReentrant returns (uint256 amount) {
        amount = _config.accruedFees;
        if (amount == 0) return 0;
        _config.accruedFees = 0;
        address to = _treasury;
        emit FeesCollected(to, amount);
        SSH.safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- administration

    /// @inheritdoc IPayPerView
    function setPlatformFee(uint256 feeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPlatformFee(feeBps);
    }

    /// @inheritdoc IPayPerView
    function setDeliveryTimeout(uint256 timeout) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDeliveryTimeout(timeout);
    }

    /// @inheritdoc IPayPerView
    function setRateMaxAge(uint256 maxAge) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (maxAge == 0 || maxAge > MAX_RATE_MAX_AGE) revert PayPerView_RateMaxAgeOutOfRange(maxAge, MAX_RATE_MAX_AGE);
        _config.rateMaxAge = uint32(maxAge);
        emit RateMaxAgeUpdated(maxAge);
    }

    /// @inheritdoc IPayPerView
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc IPayPerView
    function pause() external onlyRole(PAUSER_ROLE) {
        if (_config.paused) return;
        _config.paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IPayPerView
    function unpause() external onlyRole(PAUSER_ROLE) {
        if (!_config.paused) return;
        _config.paused = false;
        emit Unpaused(msg.sender);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IPayPerView
    function hasAccess(uint256 filmId, address viewer) external view returns (bool) {
        return _rentals[filmId][viewer].expiresAt > block.timestamp;
    }

    /// @inheritdoc IPayPerView
    function hasWatched(uint256 filmId, address viewer) external view returns (bool) {
        return _rentals[filmId][viewer].watched;
    }

    /// @inheritdoc IPayPerView
    function rentalOf(uint256 filmId, address viewer) external view returns (Rental memory) {
        return _rentals[filmId][viewer];
    }

    /// @inheritdoc IPayPerView
    function purchaseState(uint256 purchaseId, uint256 filmId, address viewer) external view returns (PurchaseState) {
        Rental memory r = _rentals[filmId][viewer];
        return r.purchaseId == purchaseId ? _stateOf(r) : PurchaseState.None;
    }

    /// @inheritdoc IPayPerView
    function payerOf(uint256 purchaseId) external view returns (address) {
        return _payers[purchaseId];
    }

    /// @inheritdoc IPayPerView
    function refundsOwed(address payer) external view returns (uint256) {
        return _refundsOwed[payer];
    }

    /// @inheritdoc IPayPerView
    function claimable(uint256 splitId, address holder) external view returns (uint256) {
        uint256 share = REGISTRY.shareOf(splitId, holder);
        return BasisPoints.mulDown(_splitRevenue[splitId], share) - _positions[splitId][holder].claimed;
    }

    /// @inheritdoc IPayPerView
    function claimed(uint256 splitId, address holder) external view returns (uint256) {
        return _positions[splitId][holder].claimed;
    }

    /// @inheritdoc IPayPerView
    function splitRevenue(uint256 splitId) external view returns (uint256) {
        return _splitRevenue[splitId];
    }

    /// @inheritdoc IPayPerView
    function accruedFees() external view returns (uint256) {
        return _config.accruedFees;
    }

    /// @inheritdoc IPayPerView
    function receiptDigest(DeliveryReceipt calldata receipt) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    DELIVERY_RECEIPT_TYPEHASH, receipt.purchaseId, receipt.viewer, receipt.filmId, receipt.deadline
                )
            )
        );
    }

    /// @inheritdoc IPayPerView
    function platformFeeBps() external view returns (uint256) {
        return _config.platformFeeBps;
    }

    /// @inheritdoc IPayPerView
    function deliveryTimeout() external view returns (uint256) {
        return _config.deliveryTimeout;
    }

    /// @inheritdoc IPayPerView
    function rateMaxAge() external view returns (uint256) {
        return _config.rateMaxAge;
    }

    /// @inheritdoc IPayPerView
    function priceOf(uint256 filmId) external view returns (uint256) {
        return _priceInSsh(REGISTRY.saleTerms(filmId), _config.rateMaxAge);
    }

    /// @inheritdoc IPayPerView
    function lastPurchaseId() external view returns (uint256) {
        return _config.lastPurchaseId;
    }

    /// @inheritdoc IPayPerView
    function paused() external view returns (bool) {
        return _config.paused;
    }

    /// @inheritdoc IPayPerView
    function treasury() external view returns (address) {
        return _treasury;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Checks, records `viewer`'s rental (and who paid, when it is someone else), then pulls the
    ///      price from the caller (checks-effects-interactions).
    function _purchase(uint256 filmId, uint256 maxPrice, address viewer) private returns (uint256 purchaseId) {
        Config memory config = _config;
        if (config.paused) revert PayPerView_Paused();

        IFilmRegistry.SaleTerms memory terms = REGISTRY.saleTerms(filmId);
        if (terms.status != IFilmRegistry.FilmStatus.Active) revert PayPerView_FilmNotForSale(filmId, terms.status);
        uint256 price = _priceInSsh(terms, config.rateMaxAge);
        if (price > maxPrice) revert PayPerView_PriceAboveMax(price, maxPrice);

        Rental memory previous = _rentals[filmId][viewer];
        if (previous.expiresAt > block.timestamp) {
            revert PayPerView_AccessStillValid(filmId, viewer, previous.expiresAt);
        }
        // The rental slot holds one purchase; an open one must end before it is replaced.
        if (previous.amount != 0) revert PayPerView_PreviousPurchaseOpen(previous.purchaseId, previous.refundableAt);

        uint256 expiresAt;
        uint256 refundableAt;
        // Unchecked: a 40-bit counter plus one, and timestamps plus bounded windows, fit in 256 bits.
        unchecked {
            purchaseId = uint256(config.lastPurchaseId) + 1;
            expiresAt = block.timestamp + terms.rentalWindow;
            refundableAt = block.timestamp + config.deliveryTimeout;
        }
        _config.lastPurchaseId = SafeCast.toUint40(purchaseId); // never wraps to reuse an id
        _rentals[filmId][viewer] = Rental({
            amount: SafeCast.toUint80(price), // a view priced above 2^80 wei (1.2 million SSH) is refused
            feeBps: config.platformFeeBps,
            splitId: terms.splitId,
            purchaseId: uint40(purchaseId),
            refundableAt: uint40(refundableAt),
            expiresAt: uint40(expiresAt),
            watched: previous.watched
        });
        emit Purchased(purchaseId, filmId, viewer, terms.splitId, price, expiresAt, refundableAt);
        if (viewer != msg.sender) {
            _payers[purchaseId] = msg.sender;
            emit PurchasedFor(purchaseId, msg.sender);
        }

        SSH.safeTransferFrom(msg.sender, address(this), price);
    }

    /// @dev The price of a view in SSH wei. A USD price converts at the oracle rate, which must be
    ///      no older than `maxAge`, rounded up: in favour of the rights holders.
    function _priceInSsh(IFilmRegistry.SaleTerms memory terms, uint256 maxAge) private view returns (uint256) {
        if (!terms.priceInUsd) return terms.price;
        (uint256 rate,) = ORACLE.rateNoOlderThan(maxAge);
        return UsdConversion.usdToSshUp(terms.price, rate);
    }

    /// @dev Verifies a receipt and settles its purchase. With `skipClosed`, a purchase that is no
    ///      longer open is skipped (returns false) instead of reverting; a bad receipt always reverts.
    function _settle(DeliveryReceipt calldata receipt, bytes calldata signature, bool skipClosed)
        private
        returns (bool)
    {
        if (block.timestamp > receipt.deadline) revert PayPerView_ReceiptExpired(receipt.deadline);
        (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(receiptDigest(receipt), signature);
        if (error != ECDSA.RecoverError.NoError || !hasRole(DELIVERY_SIGNER_ROLE, signer)) {
            revert PayPerView_InvalidReceiptSigner(signer);
        }

        Rental storage rental = _rentals[receipt.filmId][receipt.viewer];
        Rental memory r = rental;
        if (r.purchaseId != receipt.purchaseId || r.amount == 0) {
            if (skipClosed) return false;
            PurchaseState state = r.purchaseId == receipt.purchaseId ? _stateOf(r) : PurchaseState.None;
            revert PayPerView_PurchaseNotOpen(receipt.purchaseId, state);
        }

        // The fee fixed at purchase: a fee raised while the purchase sat in escrow never applies to it.
        uint256 fee = BasisPoints.mulDown(r.amount, r.feeBps);
        uint256 revenue = r.amount - fee;
        // One slot write: the escrow emptied and the view verified together.
        (rental.amount, rental.watched) = (0, true);
        _config.accruedFees += uint128(fee);
        _splitRevenue[r.splitId] += revenue;
        emit PurchaseSettled(receipt.purchaseId, receipt.filmId, r.splitId, revenue, fee);
        return true;
    }

    /// @dev Refunds `viewer`'s open purchase of `filmId` once the delivery timeout passed, at the
    ///      request of the viewer or of whoever paid it. The money goes to whoever paid: the viewer at
    ///      once; another payer as a refund it withdraws (so that a payer that keeps books, like the
    ///      exchange, books it as it arrives).
    function _refund(uint256 filmId, address viewer) private {
        Rental memory r = _rentals[filmId][viewer];
        if (r.purchaseId == 0) revert PayPerView_NothingToRefund(filmId, viewer);
        if (r.amount == 0) revert PayPerView_PurchaseNotOpen(r.purchaseId, PurchaseState.Settled);
        address payer = _payers[r.purchaseId];
        if (msg.sender != viewer && (payer == address(0) || msg.sender != payer)) {
            revert PayPerView_NotViewerNorPayer(r.purchaseId, msg.sender);
        }
        if (block.timestamp < r.refundableAt) revert PayPerView_RefundTooEarly(r.purchaseId, r.refundableAt);

        // A refunded purchase keeps nothing: no escrow, no access. Clearing the slot ends both (its
        // storage refund goes to the caller), except a verified view of an earlier purchase, which a
        // refund of a later one does not undo. The history is in the events.
        if (r.watched) _rentals[filmId][viewer] = Rental(0, 0, 0, 0, 0, 0, true);
        else delete _rentals[filmId][viewer];
        emit PurchaseRefunded(r.purchaseId, filmId, viewer, r.amount);
        if (payer == address(0)) {
            SSH.safeTransfer(viewer, r.amount);
        } else {
            delete _payers[r.purchaseId];
            _refundsOwed[payer] += r.amount;
        }
    }

    /// @dev Books what `holder` is owed from `splitId` as claimed and returns it; the caller pays.
    function _accrueClaim(uint256 splitId, address holder) private returns (uint256 amount) {
        Position memory position = _positions[splitId][holder];
        uint256 share = position.shareBps;
        if (share == 0) {
            share = REGISTRY.shareOf(splitId, holder);
            if (share == 0) return 0;
        }
        uint256 entitled = BasisPoints.mulDown(_splitRevenue[splitId], share);
        amount = entitled - position.claimed;
        if (amount == 0) return 0;
        _positions[splitId][holder] = Position({shareBps: uint16(share), claimed: SafeCast.toUint240(entitled)});
        emit RoyaltyClaimed(splitId, holder, amount);
    }

    function _setPlatformFee(uint256 feeBps) private {
        if (feeBps > MAX_PLATFORM_FEE_BPS) revert PayPerView_FeeTooHigh(feeBps, MAX_PLATFORM_FEE_BPS);
        _config.platformFeeBps = uint16(feeBps);
        emit PlatformFeeUpdated(feeBps);
    }

    function _setDeliveryTimeout(uint256 timeout) private {
        if (timeout < MIN_DELIVERY_TIMEOUT || timeout > MAX_DELIVERY_TIMEOUT) {
            revert PayPerView_DeliveryTimeoutOutOfRange(timeout, MIN_DELIVERY_TIMEOUT, MAX_DELIVERY_TIMEOUT);
        }
        _config.deliveryTimeout = uint32(timeout);
        emit DeliveryTimeoutUpdated(timeout);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert PayPerView_ZeroAddress();
        _treasury = newTreasury;
        emit TreasuryUpdated(newTreasury);
    }

    /// @dev The state of the purchase stored in `r` (a refunded purchase is deleted: None).
    function _stateOf(Rental memory r) private pure returns (PurchaseState) {
        if (r.purchaseId == 0) return PurchaseState.None;
        return r.amount != 0 ? PurchaseState.Open : PurchaseState.Settled;
    }
}
