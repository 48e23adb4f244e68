// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IFilmRegistry
/// @notice The catalogue of StreamSpace: each film's owner, metadata, sale terms and rights-holder split.
/// @dev A split is immutable once written and has its own id. Changing a film's split writes a new
///      split and points the film at it, so a purchase made earlier keeps paying the split that was
///      in force when it was made ("a change applies to future sales only").
interface IFilmRegistry {
    /// @notice Lifecycle of a film. Only `Active` films can be bought. `Deleted` is final.
    enum FilmStatus {
        None,
        Active,
        Delisted,
        Deleted
    }

    /// @notice What the pay-per-view contract needs to sell one view, read in one call.
    /// @param status The film's status.
    /// @param price Price of one rental in SSH wei.
    /// @param rentalWindow How long a purchase gives access, in seconds.
    /// @param splitId The split that receives the revenue of a purchase made now.
    /// @param priceInUsd Whether `price` is in USD (8 decimals), converted at the oracle rate on purchase.
    struct SaleTerms {
        FilmStatus status;
        uint96 price;
        uint32 rentalWindow;
        uint32 splitId;
        bool priceInUsd;
    }

    /// @notice A film as stored. Everything a purchase reads shares the first slot (one cold read).
    /// @param status The film's status.
    /// @param splitId The film's current split.
    /// @param price Price of one rental in SSH wei.
    /// @param rentalWindow How long a purchase gives access, in seconds.
    /// @param splitLockedUntil The split cannot change before this timestamp (0: not locked).
    /// @param priceInUsd Whether `price` is in USD (8 decimals) rather than SSH wei.
    /// @param deletedAt When the film was deleted (0: it is not deleted).
    /// @param owner The filmmaker account that manages the film.
    struct Film {
        FilmStatus status;
        uint32 splitId;
        uint96 price;
        uint32 rentalWindow;
        uint40 splitLockedUntil;
        bool priceInUsd;
        uint40 deletedAt;
        address owner;
    }

    /// @notice The film does not exist.
    error FilmRegistry_UnknownFilm(uint256 filmId);
    /// @notice Only the film's owner may do this.
    error FilmRegistry_NotFilmOwner(uint256 filmId, address caller);
    /// @notice Only the proposed new owner may accept the film.
    error FilmRegistry_NotPendingOwner(uint256 filmId, address caller);
    /// @notice A deleted film cannot be changed.
    error FilmRegistry_FilmDeleted(uint256 filmId);
    /// @notice The price must be above zero and fit in 96 bits.
    error FilmRegistry_InvalidPrice(uint256 price);
    /// @notice The rental window must lie in [min, max] seconds.
    error FilmRegistry_RentalWindowOutOfRange(uint256 rentalWindow, uint256 min, uint256 max);
    /// @notice `None` is not a status one can set, and `Deleted` is final.
    error FilmRegistry_InvalidStatusChange(uint256 filmId, FilmStatus from, FilmStatus to);
    /// @notice Recipients and shares must have the same length.
    error FilmRegistry_SplitLengthMismatch(uint256 recipients, uint256 shares);
    /// @notice A split has between 1 and `MAX_RECIPIENTS` recipients.
    error FilmRegistry_InvalidRecipientCount(uint256 count, uint256 max);
    /// @notice A split recipient cannot be the zero address.
    error FilmRegistry_ZeroRecipient(uint256 index);
    /// @notice A split recipient appears twice.
    error FilmRegistry_DuplicateRecipient(address recipient);
    /// @notice Every recipient's share must be above zero.
    error FilmRegistry_ZeroShare(uint256 index);
    /// @notice A split's shares must sum to exactly 10,000 basis points.
    error FilmRegistry_SharesSumNot100Percent(uint256 sum);
    /// @notice The split is locked until `lockedUntil`.
    error FilmRegistry_SplitLocked(uint256 filmId, uint256 lockedUntil);
    /// @notice The lock date does not fit in 40 bits.
    error FilmRegistry_InvalidLockDate(uint256 lockedUntil);
    /// @notice The split does not exist.
    error FilmRegistry_UnknownSplit(uint256 splitId);
    /// @notice Only the film's split manager may change its split (or hand the role on).
    error FilmRegistry_NotSplitManager(uint256 filmId, address caller);
    /// @notice A film whose split is managed (e.g. by a crowdfund) cannot be deleted.
    error FilmRegistry_SplitManaged(uint256 filmId, address manager);

    /// @notice The account allowed to change a film's split changed (zero: back to the owner).
    /// @param filmId The film.
    /// @param manager The new split manager.
    event SplitManagerChanged(uint256 indexed filmId, address indexed manager);
    /// @notice A filmmaker registered a film.
    /// @param filmId The new film's id.
    /// @param owner The filmmaker, owner of the film.
    /// @param metadataURI The film's metadata (an IPFS URI of a JSON document).
    /// @param price Price of one rental in SSH wei.
    /// @param rentalWindow Seconds of access per purchase.
    event FilmRegistered(
        uint256 indexed filmId, address indexed owner, string metadataURI, uint256 price, uint256 rentalWindow
    );
    /// @notice A film's split was set (at registration or later). Carries the whole split.
    /// @param filmId The film.
    /// @param splitId The id of the new split; purchases from now on pay it.
    /// @param recipients The rights holders.
    /// @param sharesBps Each rights holder's share, in basis points, summing to 10,000.
    /// @param lockedUntil The split cannot change again before this timestamp (0: not locked).
    event SplitUpdated(
        uint256 indexed filmId, uint256 indexed splitId, address[] recipients, uint16[] sharesBps, uint256 lockedUntil
    );
    /// @notice A film's price or rental window changed (applies to future purchases).
    /// @param filmId The film.
    /// @param price The new price: SSH wei, or USD with 8 decimals if `priceInUsd`.
    /// @param rentalWindow The new rental window in seconds.
    /// @param priceInUsd Whether the price is in USD.
    event FilmTermsUpdated(uint256 indexed filmId, uint256 price, uint256 rentalWindow, bool priceInUsd);
    /// @notice A film's metadata URI changed.
    /// @param filmId The film.
    /// @param metadataURI The new metadata URI.
    event FilmMetadataUpdated(uint256 indexed filmId, string metadataURI);
    /// @notice A film's status changed.
    /// @param filmId The film.
    /// @param status The new status.
    event FilmStatusChanged(uint256 indexed filmId, FilmStatus status);
    /// @notice The owner proposed a new owner (the zero address cancels a proposal).
    /// @param filmId The film.
    /// @param owner The current owner.
    /// @param pendingOwner The proposed owner, who must accept.
    event FilmOwnershipTransferStarted(uint256 indexed filmId, address indexed owner, address indexed pendingOwner);
    /// @notice The film changed owner.
    /// @param filmId The film.
    /// @param previousOwner The former owner.
    /// @param newOwner The new owner.
    event FilmOwnershipTransferred(uint256 indexed filmId, address indexed previousOwner, address indexed newOwner);

    /// @notice Registers a film owned by the caller, active and for sale at once.
    /// @param metadataURI The film's metadata URI.
    /// @param price Price of one rental in SSH wei (> 0, < 2^80: a purchase escrows at most 2^80 wei).
    /// @param rentalWindow Seconds of access per purchase, within [MIN_RENTAL_WINDOW, MAX_RENTAL_WINDOW].
    /// @param recipients The rights holders (1 to MAX_RECIPIENTS, distinct, non-zero).
    /// @param sharesBps Their shares in basis points (each > 0, summing to 10,000).
    /// @param splitLockedUntil The split cannot change before this timestamp (0: not locked).
    /// @return filmId The new film's id (ids start at 1).
    function registerFilm(
        string calldata metadataURI,
        uint256 price,
        uint256 rentalWindow,
        address[] calldata recipients,
        uint16[] calldata sharesBps,
        uint256 splitLockedUntil
    ) external returns (uint256 filmId);

    /// @notice Sets the price (in SSH wei) and rental window of future purchases. Owner only.
    function setTerms(uint256 filmId, uint256 price, uint256 rentalWindow) external;

    /// @notice Sets a price in USD (8 decimals), converted to SSH at the oracle rate on each purchase,
    ///         and the rental window of future purchases. Owner only.
    function setUsdTerms(uint256 filmId, uint256 usdPrice, uint256 rentalWindow) external;

    /// @notice Sets the film's metadata URI. Owner only.
    function setMetadataURI(uint256 filmId, string calldata metadataURI) external;

    /// @notice Moves the film between Active and Delisted, or to Deleted (final). Owner only.
    function setStatus(uint256 filmId, FilmStatus status) external;

    /// @notice Replaces the film's split for future purchases, not while locked. The owner may, or
    ///         only the split manager while one is set.
    /// @return splitId The id of the new split.
    function setSplit(
        uint256 filmId,
        address[] calldata recipients,
        uint16[] calldata sharesBps,
        uint256 splitLockedUntil
    ) external returns (uint256 splitId);

    /// @notice Hands the right to change the film's split to `manager` (a crowdfund vault, or the
    ///         factory that creates one). The owner may set one when none is set; the current
    ///         manager may hand it on or give it back (zero). While set, the film cannot be deleted.
    function setSplitManager(uint256 filmId, address manager) external;

    /// @notice The film's split manager (zero: the owner manages the split).
    function splitManager(uint256 filmId) external view returns (address);

    /// @notice Proposes a new owner for the film, who must accept. The zero address cancels.
    function transferFilmOwnership(uint256 filmId, address newOwner) external;

    /// @notice Accepts the ownership of a film proposed to the caller.
    function acceptFilmOwnership(uint256 filmId) external;

    /// @notice The film as stored. Reverts for an unknown film.
    function film(uint256 filmId) external view returns (Film memory);

    /// @notice The film's metadata URI.
    function metadataURI(uint256 filmId) external view returns (string memory);

    /// @notice The account proposed as the film's next owner, if any.
    function pendingOwner(uint256 filmId) external view returns (address);

    /// @notice What a purchase made now would cost and pay. An unknown film has status `None`.
    function saleTerms(uint256 filmId) external view returns (SaleTerms memory);

    /// @notice When the film was deleted, or 0 if it is not (or does not exist). One storage read.
    function deletedAt(uint256 filmId) external view returns (uint256);

    /// @notice The film, recipients and shares of a split. Reverts for an unknown split.
    function split(uint256 splitId)
        external
        view
        returns (uint256 filmId, address[] memory recipients, uint16[] memory sharesBps);

    /// @notice The share of `account` in a split, in basis points (0 if it is not a recipient).
    function shareOf(uint256 splitId, address account) external view returns (uint256);

    /// @notice Every split a film has had, oldest first.
    function splitsOf(uint256 filmId) external view returns (uint256[] memory);

    /// @notice The number of films registered (the id of the last one).
    function filmCount() external view returns (uint256);
}
