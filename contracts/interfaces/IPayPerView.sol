// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IFilmRegistry} from "./IFilmRegistry.sol";

/// @title IPayPerView
/// @notice Escrowed pay-per-view and pull-based royalties for the films of a FilmRegistry.
/// @dev Money flow: `purchase` pulls the film's price into escrow and grants access for the rental
///      window. A delivery receipt signed by the delivery key settles it: the platform fee accrues to
///      the treasury and the rest is credited to the split in force at purchase time, in O(1). Each
///      rights holder then claims `revenue(split) * share / 10_000 - claimed`. Without a receipt
///      within the delivery timeout, the viewer refunds. A purchase ends settled or refunded, never both.
///      Anyone may buy a rental for someone else (`purchaseFor`: the exchange does, for fans who pay by
///      card; or a gift): the viewer gets the access, and a refund goes back to whoever paid, which
///      withdraws it (`withdrawRefunds`). Either the viewer or that payer may ask for the refund.
interface IPayPerView {
    /// @notice A delivery receipt, signed (EIP-712) by an account holding DELIVERY_SIGNER_ROLE.
    /// @param purchaseId The purchase that was delivered.
    /// @param viewer The viewer it was delivered to.
    /// @param filmId The film delivered.
    /// @param deadline The receipt cannot be used after this timestamp.
    struct DeliveryReceipt {
        uint256 purchaseId;
        address viewer;
        uint256 filmId;
        uint256 deadline;
    }

    /// @notice The latest purchase of a film by a viewer, as stored (one slot; cleared on refund but
    ///         for `watched`).
    /// @param amount SSH held in escrow for it; 0 once settled.
    /// @param feeBps The platform fee in force when it was bought: the fee its settlement takes, so
    ///        that no later fee change reaches money already in escrow.
    /// @param splitId The split in force when it was bought; its revenue on settlement.
    /// @param purchaseId The purchase's id (0: never bought, or refunded).
    /// @param refundableAt From this time the viewer may refund it if it is still open.
    /// @param expiresAt Access ends at this time.
    /// @param watched Whether any purchase of the film by the viewer was ever settled (delivered and
    ///        paid to the rights holders): a verified view, which no later purchase or refund undoes.
    ///        What reviews (FilmReviews) and recommendations take as proof of having watched.
    struct Rental {
        uint80 amount;
        uint16 feeBps;
        uint32 splitId;
        uint40 purchaseId;
        uint40 refundableAt;
        uint40 expiresAt;
        bool watched;
    }

    /// @notice Where a purchase is in its life. A refunded purchase is deleted, so it reads as None
    ///         (as does an unknown purchase, or one superseded by a later purchase of the same film).
    enum PurchaseState {
        None,
        Open,
        Settled
    }

    /// @notice The film is not for sale (unknown, delisted or deleted).
    error PayPerView_FilmNotForSale(uint256 filmId, IFilmRegistry.FilmStatus status);
    /// @notice The film costs more than the buyer accepted to pay.
    error PayPerView_PriceAboveMax(uint256 price, uint256 maxPrice);
    /// @notice The viewer still has access to the film; buying again would extend nothing.
    error PayPerView_AccessStillValid(uint256 filmId, address viewer, uint256 expiresAt);
    /// @notice The viewer's previous purchase of this film is neither settled nor refunded yet.
    error PayPerView_PreviousPurchaseOpen(uint256 purchaseId, uint256 refundableAt);
    /// @notice Purchases are paused.
    error PayPerView_Paused();
    /// @notice The receipt's deadline has passed.
    error PayPerView_ReceiptExpired(uint256 deadline);
    /// @notice The receipt was not signed by a delivery signer (or not for this chain and contract).
    error PayPerView_InvalidReceiptSigner(address signer);
    /// @notice The purchase is not open: settled, or None (unknown, superseded or refunded).
    error PayPerView_PurchaseNotOpen(uint256 purchaseId, PurchaseState state);
    /// @notice Receipts and signatures must come in pairs.
    error PayPerView_BatchLengthMismatch(uint256 receipts, uint256 signatures);
    /// @notice The viewer has no purchase of the film to refund (never bought, or already refunded).
    error PayPerView_NothingToRefund(uint256 filmId, address viewer);
    /// @notice The delivery timeout has not passed yet.
    error PayPerView_RefundTooEarly(uint256 purchaseId, uint256 refundableAt);
    /// @notice Only the viewer, or whoever paid the purchase for them, may refund it.
    error PayPerView_NotViewerNorPayer(uint256 purchaseId, address caller);
    /// @notice The platform fee cannot exceed MAX_PLATFORM_FEE_BPS.
    error PayPerView_FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The delivery timeout must lie in [min, max] seconds.
    error PayPerView_DeliveryTimeoutOutOfRange(uint256 timeout, uint256 min, uint256 max);
    /// @notice An address that must be set was zero.
    error PayPerView_ZeroAddress();
    /// @notice The maximum rate age must lie in (0, max] seconds.
    error PayPerView_RateMaxAgeOutOfRange(uint256 maxAge, uint256 max);

    /// @notice A viewer bought a rental; the price is now held in escrow.
    /// @param purchaseId The purchase's id.
    /// @param filmId The film.
    /// @param viewer The buyer, who has access until `expiresAt`.
    /// @param splitId The split that the revenue will be credited to.
    /// @param amount The price paid, in SSH wei.
    /// @param expiresAt End of access.
    /// @param refundableAt From this time the viewer may refund if no receipt settled it.
    event Purchased(
        uint256 indexed purchaseId,
        uint256 indexed filmId,
        address indexed viewer,
        uint256 splitId,
        uint256 amount,
        uint256 expiresAt,
        uint256 refundableAt
    );
    /// @notice A purchase was settled by a delivery receipt.
    /// @param purchaseId The purchase.
    /// @param filmId The film.
    /// @param splitId The split credited with `revenue`.
    /// @param revenue Credited to the split's rights holders.
    /// @param fee Accrued to the treasury.
    event PurchaseSettled(uint256 indexed purchaseId, uint256 indexed filmId, uint256 indexed splitId, uint256 revenue, uint256 fee);
    /// @notice The purchase was paid by `payer` for its viewer (`purchaseFor`); a refund goes to `payer`.
    event PurchasedFor(uint256 indexed purchaseId, address indexed payer);
    /// @notice A payer withdrew the refunds of purchases it had paid for others.
    event RefundsWithdrawn(address indexed payer, uint256 amount);
    /// @notice A purchase was refunded to whoever paid it (the viewer, or the payer of `PurchasedFor`),
    ///         and the viewer's access ends.
    /// @param purchaseId The purchase.
    /// @param filmId The film.
    /// @param viewer The viewer whose purchase it was.
    /// @param amount SSH returned (to the viewer, or owed to the payer).
    event PurchaseRefunded(uint256 indexed purchaseId, uint256 indexed filmId, address indexed viewer, uint256 amount);
    /// @notice A rights holder was paid its royalties of a split.
    /// @param splitId The split.
    /// @param holder The rights holder paid.
    /// @param amount SSH paid.
    event RoyaltyClaimed(uint256 indexed splitId, address indexed holder, uint256 amount);
    /// @notice Accrued platform fees were sent to the treasury.
    /// @param treasury The receiver.
    /// @param amount SSH sent.
    event FeesCollected(address indexed treasury, uint256 amount);
    /// @notice The platform fee changed (applies to settlements from now on).
    /// @param feeBps The new fee in basis points.
    event PlatformFeeUpdated(uint256 feeBps);
    /// @notice The delivery timeout changed (applies to purchases from now on).
    /// @param timeout The new timeout in seconds.
    event DeliveryTimeoutUpdated(uint256 timeout);
    /// @notice The oldest oracle rate accepted for USD-priced films changed.
    /// @param maxAge The new maximum age in seconds.
    event RateMaxAgeUpdated(uint256 maxAge);
    /// @notice The treasury changed.
    /// @param treasury The new treasury.
    event TreasuryUpdated(address indexed treasury);
    /// @notice Purchases were paused.
    /// @param account The pauser.
    event Paused(address account);
    /// @notice Purchases were resumed.
    /// @param account The pauser.
    event Unpaused(address account);

    /// @notice Buys a rental of `filmId` for the caller, pulling the price (at most `maxPrice`) into escrow.
    /// @return purchaseId The new purchase's id.
    function purchase(uint256 filmId, uint256 maxPrice) external returns (uint256 purchaseId);

    /// @notice `purchase` with an EIP-2612 permit for `maxPrice`, in one transaction. A permit that
    ///         fails (e.g. already used by someone who front-ran it) is ignored if the allowance suffices.
    function purchaseWithPermit(uint256 filmId, uint256 maxPrice, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 purchaseId);

    /// @notice Buys a rental of `filmId` for `viewer`, paid by the caller (at most `maxPrice`). The viewer
    ///         gets the access; a refund goes to the caller, as a refund it withdraws.
    /// @return purchaseId The new purchase's id.
    function purchaseFor(address viewer, uint256 filmId, uint256 maxPrice) external returns (uint256 purchaseId);

    /// @notice Settles a purchase with its delivery receipt. Anyone may call.
    function settle(DeliveryReceipt calldata receipt, bytes calldata signature) external;

    /// @notice Settles many purchases. Purchases already settled or refunded are skipped; an invalid
    ///         or expired receipt reverts the whole batch.
    /// @return settled How many purchases this call settled.
    function settleBatch(DeliveryReceipt[] calldata receipts, bytes[] calldata signatures)
        external
        returns (uint256 settled);

    /// @notice Refunds the caller's open purchase of `filmId` once the delivery timeout has passed, to
    ///         whoever paid it.
    function refund(uint256 filmId) external;

    /// @notice Refunds `viewer`'s open purchase of `filmId` that the caller paid for them, once the delivery
    ///         timeout has passed; the refund is owed to the caller (`withdrawRefunds`).
    function refundFor(uint256 filmId, address viewer) external;

    /// @notice Pays the caller the refunds of purchases it paid for others.
    /// @return amount SSH paid (0 when nothing is owed).
    function withdrawRefunds() external returns (uint256 amount);

    /// @notice Pays `holder` what it is owed from `splitId`. Anyone may call; the money goes to `holder`.
    /// @return amount SSH paid (0 when nothing is owed).
    function claim(uint256 splitId, address holder) external returns (uint256 amount);

    /// @notice Pays `holder` what it is owed from each of `splitIds`, in one transfer.
    /// @return amount SSH paid in total.
    function claimMany(uint256[] calldata splitIds, address holder) external returns (uint256 amount);

    /// @notice Sends the accrued platform fees to the treasury. Anyone may call.
    function collectFees() external returns (uint256 amount);

    /// @notice Sets the platform fee, at most MAX_PLATFORM_FEE_BPS, for purchases made from now on: a
    ///         purchase settles at the fee in force when it was bought. Admin only.
    function setPlatformFee(uint256 feeBps) external;

    /// @notice Sets the delivery timeout of future purchases. Admin only.
    function setDeliveryTimeout(uint256 timeout) external;

    /// @notice Sets the oldest oracle rate accepted for USD-priced films. Admin only.
    function setRateMaxAge(uint256 maxAge) external;

    /// @notice Sets the treasury that receives platform fees. Admin only.
    function setTreasury(address newTreasury) external;

    /// @notice Stops new purchases. Claims, settlements, refunds and fee collection go on. Pauser only.
    function pause() external;

    /// @notice Resumes purchases. Pauser only.
    function unpause() external;

    /// @notice Who paid `purchaseId` for its viewer while it is not refunded (zero: the viewer paid).
    function payerOf(uint256 purchaseId) external view returns (address);

    /// @notice Refunds owed to `payer` for purchases it paid for others.
    function refundsOwed(address payer) external view returns (uint256);

    /// @notice Whether `viewer` may watch `filmId` now.
    function hasAccess(uint256 filmId, address viewer) external view returns (bool);

    /// @notice Whether a purchase of `filmId` by `viewer` was ever settled: a verified, paid view.
    function hasWatched(uint256 filmId, address viewer) external view returns (bool);

    /// @notice The latest purchase of `filmId` by `viewer`.
    function rentalOf(uint256 filmId, address viewer) external view returns (Rental memory);

    /// @notice The state of `purchaseId`, which must be the latest purchase of `filmId` by `viewer`.
    function purchaseState(uint256 purchaseId, uint256 filmId, address viewer) external view returns (PurchaseState);

    /// @notice What `holder` can claim from `splitId` now.
    function claimable(uint256 splitId, address holder) external view returns (uint256);

    /// @notice What `holder` has claimed from `splitId` so far.
    function claimed(uint256 splitId, address holder) external view returns (uint256);

    /// @notice The cumulative revenue credited to `splitId` (after fees).
    function splitRevenue(uint256 splitId) external view returns (uint256);

    /// @notice Platform fees accrued and not yet collected.
    function accruedFees() external view returns (uint256);

    /// @notice The platform fee in basis points, applied when a purchase is settled.
    function platformFeeBps() external view returns (uint256);

    /// @notice The delivery timeout in seconds, fixed into each purchase when it is made.
    function deliveryTimeout() external view returns (uint256);

    /// @notice The oldest oracle rate, in seconds, accepted for USD-priced films.
    function rateMaxAge() external view returns (uint256);

    /// @notice What a view of `filmId` costs now in SSH wei (a USD price converted at the fresh rate).
    function priceOf(uint256 filmId) external view returns (uint256);

    /// @notice The id of the last purchase (ids start at 1).
    function lastPurchaseId() external view returns (uint256);

    /// @notice Whether purchases are paused.
    function paused() external view returns (bool);

    /// @notice The account that receives platform fees.
    function treasury() external view returns (address);

    /// @notice The EIP-712 digest a delivery signer signs for `receipt`.
    function receiptDigest(DeliveryReceipt calldata receipt) external view returns (bytes32);
}
