// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ITokenExchange
/// @notice StreamSpace's private exchange between fiat and SSH at the oracle's averaged rate.
/// @dev USD amounts have 8 decimals (like the oracle). Fiat -> SSH: the on-ramp key credits a buyer
///      once per payment id; the SSH is held for the buyer as a pending credit, which the buyer
///      claims to its wallet, and which can be reversed (refund or chargeback) until claimed.
///      SSH -> fiat: a holder locks SSH in a cash-out request at the fresh rate less a fee; the payout
///      key marks it paid (the SSH joins the inventory, the fee goes to the treasury) or failed (the
///      SSH goes back in full). Rentals paid by card: the on-ramp key buys the rental in PayPerView for
///      the fan with inventory SSH (once per payment id, as a credit); a refund of that purchase comes
///      back to the inventory. Balance = inventory + pending credits + locked cash-outs.
interface ITokenExchange {
    /// @notice Where a cash-out is in its life.
    enum CashOutStatus {
        None,
        Requested,
        PickedUp,
        Paid,
        Failed,
        Cancelled
    }

    /// @notice A cash-out request as stored (one slot). The USD to pay is fixed at request and
    ///         carried by CashOutRequested, which the payout function reads.
    struct CashOut {
        address owner;
        CashOutStatus status;
        uint88 sshAmount;
    }

    /// @notice An amount was zero or an address was the zero address.
    error Exchange_InvalidInput();
    /// @notice This payment id was credited already (whoever sends it again).
    error Exchange_PaymentAlreadyCredited(bytes32 paymentId);
    /// @notice The quote expired.
    error Exchange_QuoteExpired(uint256 quoteExpiry);
    /// @notice The quoted rate is too far from the oracle's current rate.
    error Exchange_RateOutOfTolerance(uint256 quotedRate, uint256 oracleRate, uint256 toleranceBps);
    /// @notice The credit would exceed the buyer's daily limit (USD, over a rolling 24 hours: the used
    ///         part comes back linearly over LIMIT_WINDOW).
    error Exchange_BuyerDailyLimit(uint256 wouldBe, uint256 limit);
    /// @notice The credit would exceed the exchange's total daily limit (USD).
    error Exchange_TotalDailyLimit(uint256 wouldBe, uint256 limit);
    /// @notice Not enough SSH in inventory.
    error Exchange_InsufficientInventory(uint256 needed, uint256 inventory);
    /// @notice The payment was never credited, was reversed already, or paid a rental (which only its
    ///         purchase's refund undoes).
    error Exchange_PaymentNotReversible(bytes32 paymentId);
    /// @notice The buyer already claimed this payment's SSH (pending: the buyer's pending credit now).
    error Exchange_CreditAlreadySpent(bytes32 paymentId, uint256 pending);
    /// @notice Nothing to claim.
    error Exchange_NothingToClaim(address buyer);
    /// @notice The cash-out would pay less USD than the holder accepts.
    error Exchange_BelowMinimumUsd(uint256 usdAmount, uint256 minUsd);
    /// @notice The cash-out is not in a state that allows this.
    error Exchange_WrongCashOutStatus(uint256 cashOutId, CashOutStatus status);
    /// @notice Only the cash-out's owner may cancel it.
    error Exchange_NotCashOutOwner(uint256 cashOutId, address caller);
    /// @notice The card's USD, at the quoted rate, does not cover the film's price now.
    error Exchange_PaymentBelowPrice(uint256 price, uint256 covered);
    /// @notice A fee, tolerance, age or limit is out of range.
    error Exchange_InvalidConfig();

    /// @notice SSH was added to the inventory.
    event InventoryDeposited(address indexed from, uint256 amount);
    /// @notice SSH was taken out of the inventory.
    event InventoryWithdrawn(address indexed to, uint256 amount);
    /// @notice A fiat payment was credited to a buyer as SSH.
    /// @param paymentId The payment provider's id.
    /// @param buyer The buyer credited.
    /// @param usdAmount USD paid (8 decimals).
    /// @param rate The quoted rate (USD per SSH, 8 decimals).
    /// @param sshAmount SSH credited.
    event FiatCredited(bytes32 indexed paymentId, address indexed buyer, uint256 usdAmount, uint256 rate, uint256 sshAmount);
    /// @notice A fiat payment paid a rental for `viewer`, bought in PayPerView with inventory SSH.
    /// @param paymentId The payment provider's id.
    /// @param viewer The fan who gets the rental.
    /// @param filmId The film.
    /// @param purchaseId PayPerView's purchase.
    /// @param usdAmount USD paid (8 decimals).
    /// @param rate The quoted rate (USD per SSH, 8 decimals).
    /// @param sshAmount SSH paid into escrow.
    event RentalPaid(
        bytes32 indexed paymentId,
        address indexed viewer,
        uint256 indexed filmId,
        uint256 purchaseId,
        uint256 usdAmount,
        uint256 rate,
        uint256 sshAmount
    );
    /// @notice Refunds of rentals this exchange paid came back from PayPerView into the inventory.
    event RentalRefundsCollected(uint256 amount);
    /// @notice A credit was reversed (refund or chargeback); its SSH went back to the inventory.
    event CreditReversed(bytes32 indexed paymentId, address indexed buyer, uint256 sshAmount);
    /// @notice A buyer claimed its credited SSH to its wallet.
    event CreditClaimed(address indexed buyer, uint256 sshAmount);
    /// @notice A holder asked to cash SSH out to fiat.
    /// @param cashOutId The request's id.
    /// @param owner The holder.
    /// @param sshAmount SSH locked (fee included).
    /// @param fee The fee at the current rate (taken from the locked SSH for the treasury once paid).
    /// @param usdAmount USD to pay out (8 decimals).
    /// @param rate The oracle rate used.
    event CashOutRequested(
        uint256 indexed cashOutId, address indexed owner, uint256 sshAmount, uint256 fee, uint256 usdAmount, uint256 rate
    );
    /// @notice The payout key started paying a cash-out; it can no longer be cancelled.
    event CashOutPickedUp(uint256 indexed cashOutId);
    /// @notice A cash-out was paid; `payoutRef` is the payment provider's reference.
    event CashOutPaid(uint256 indexed cashOutId, bytes32 payoutRef);
    /// @notice A cash-out failed; its SSH went back to its owner in full.
    event CashOutFailed(uint256 indexed cashOutId);
    /// @notice The owner cancelled a cash-out before it was picked up; its SSH went back in full.
    event CashOutCancelled(uint256 indexed cashOutId);
    /// @notice The exchange's rules changed.
    event ConfigUpdated(
        uint256 cashOutFeeBps, uint256 rateToleranceBps, uint256 rateMaxAge, uint256 buyerDailyLimitUsd, uint256 totalDailyLimitUsd
    );

    /// @notice Pulls `amount` SSH from the caller into the inventory. Treasurer only.
    function depositInventory(uint256 amount) external;
    /// @notice Sends `amount` SSH of inventory (never what is owed) to `to`. Treasurer only.
    function withdrawInventory(uint256 amount, address to) external;
    /// @notice Credits a fiat payment as SSH at the quoted rate, once per payment id. On-ramp only.
    function credit(bytes32 paymentId, address buyer, uint256 usdAmount, uint256 rate, uint256 quoteExpiry) external;
    /// @notice Pays a rental of `filmId` for `viewer` with a fiat payment: inventory SSH buys it in
    ///         PayPerView (at the escrow's price now, if the USD covers it at the quoted rate), once per
    ///         payment id (shared with credits), within the daily limits. On-ramp only.
    /// @return purchaseId PayPerView's purchase.
    function rentFor(bytes32 paymentId, address viewer, uint256 filmId, uint256 usdAmount, uint256 rate, uint256 quoteExpiry)
        external
        returns (uint256 purchaseId);
    /// @notice Refunds the viewer's open rental that this exchange paid, once PayPerView's delivery timeout
    ///         passed; the SSH comes back to the inventory (and the card is refunded off-chain). On-ramp only.
    /// @return amount SSH collected back into the inventory.
    function refundRental(uint256 filmId, address viewer) external returns (uint256 amount);
    /// @notice Collects into the inventory the refunds of rentals this exchange paid (a viewer may have
    ///         refunded one in PayPerView directly). Anyone may call.
    /// @return amount SSH collected.
    function collectRentalRefunds() external returns (uint256 amount);
    /// @notice Reverses a credit whose SSH the buyer has not claimed: this payment's, tracked per payment
    ///         (another payment's pending credit never pays for it). On-ramp only.
    function reverse(bytes32 paymentId) external;
    /// @notice Claims the caller's credited SSH to its wallet.
    function claimCredits() external returns (uint256 amount);
    /// @notice Locks `sshAmount` SSH for a cash-out at the fresh rate, if it pays at least `minUsd`.
    function requestCashOut(uint256 sshAmount, uint256 minUsd) external returns (uint256 cashOutId);
    /// @notice `requestCashOut` with an EIP-2612 permit for `sshAmount`.
    function requestCashOutWithPermit(uint256 sshAmount, uint256 minUsd, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256 cashOutId);
    /// @notice Marks a requested cash-out as being paid. Payout only.
    function pickUp(uint256 cashOutId) external;
    /// @notice Marks a cash-out paid with the provider's reference. Payout only.
    function markPaid(uint256 cashOutId, bytes32 payoutRef) external;
    /// @notice Marks a cash-out failed; its SSH goes back in full. Payout only.
    function markFailed(uint256 cashOutId) external;
    /// @notice Cancels the caller's cash-out that was not picked up; its SSH goes back in full.
    function cancelCashOut(uint256 cashOutId) external;
    /// @notice Sets the rules. Admin only.
    function setConfig(
        uint256 cashOutFeeBps,
        uint256 rateToleranceBps,
        uint256 rateMaxAge,
        uint256 buyerDailyLimitUsd,
        uint256 totalDailyLimitUsd
    ) external;

    /// @notice SSH available for credits (not owed to anyone).
    function inventory() external view returns (uint256);
    /// @notice The buyer's credited, unclaimed SSH.
    function pendingCredits(address buyer) external view returns (uint256);
    /// @notice The buyer credited (or the viewer whose rental it paid) for `paymentId` (zero: never),
    ///         its SSH, and whether it was reversed.
    function payment(bytes32 paymentId) external view returns (address buyer, uint256 sshAmount, bool reversed);
    /// @notice How many USD (8 decimals) can be credited now: to `buyer`, and in all.
    function creditLimits(address buyer) external view returns (uint256 buyerRemainingUsd, uint256 totalRemainingUsd);
    /// @notice A cash-out request.
    function cashOut(uint256 cashOutId) external view returns (CashOut memory);
}
