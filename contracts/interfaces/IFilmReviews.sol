// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IFilmReviews
/// @notice Verified reviews: only a wallet with a settled (delivered and paid) purchase of a film may
///         rate it, 1 to 5 stars, with an optional text kept on IPFS (its CID in the event). One review
///         per wallet and film; its author may change it (the latest counts) or remove it. Nobody
///         else can: the contract has no owner, no admin and no pause, so neither the operator nor the
///         filmmaker can remove or change a rating. Anyone who watched the film may flag a review's
///         text, once per text; a text with `TEXT_HIDDEN_AT_FLAGS` flags is hidden by the dapp, its
///         rating never is. Averages, counts and distributions are the subgraph's (from the events).
interface IFilmReviews {
    /// @notice A review's on-chain part (one slot). `rating` 0: no review.
    struct Review {
        uint8 rating;
        uint40 createdAt;
        uint40 updatedAt;
    }

    /// @notice The caller has no settled purchase of the film (PayPerView.hasWatched).
    error Reviews_NotAVerifiedViewer(uint256 filmId, address account);
    /// @notice A rating must be 1 to 5 stars.
    error Reviews_RatingOutOfRange(uint256 rating);
    /// @notice A text's CID is at most MAX_TEXT_CID_LENGTH bytes.
    error Reviews_TextCidTooLong(uint256 length, uint256 max);
    /// @notice There is no review by `reviewer` of the film.
    error Reviews_NoReview(uint256 filmId, address reviewer);
    /// @notice A review's author cannot flag its own text.
    error Reviews_OwnReview();
    /// @notice This account already flagged this text of this review.
    error Reviews_AlreadyFlagged(uint256 filmId, address reviewer, address flagger);
    /// @notice A text cannot be flagged when the review has none.
    error Reviews_NoText();

    /// @notice A review was written or changed (`edited`); `textCid` empty: a rating alone.
    event Reviewed(uint256 indexed filmId, address indexed reviewer, uint8 rating, string textCid, bool edited);
    /// @notice Its author removed a review: its rating no longer counts.
    event ReviewRemoved(uint256 indexed filmId, address indexed reviewer);
    /// @notice A verified viewer flagged a review's text; `flags` is that text's count now.
    event TextFlagged(uint256 indexed filmId, address indexed reviewer, address indexed flagger, string textCid, uint256 flags);

    /// @notice Writes or replaces the caller's review of `filmId`.
    function review(uint256 filmId, uint8 rating, string calldata textCid) external;

    /// @notice Removes the caller's review of `filmId`.
    function removeReview(uint256 filmId) external;

    /// @notice Flags the text `textCid` of `reviewer`'s review of `filmId` (the caller watched the film).
    /// @dev The flag counts for that text wherever it appears in this review: an author cannot shed
    ///      flags by posting the same text again. A CID that is not the current text counts nowhere.
    function flagText(uint256 filmId, address reviewer, string calldata textCid) external;

    /// @notice `reviewer`'s review of `filmId` (rating 0: none).
    function reviewOf(uint256 filmId, address reviewer) external view returns (Review memory);

    /// @notice How many verified viewers flagged this text of this review.
    function textFlags(uint256 filmId, address reviewer, string calldata textCid) external view returns (uint256);

    /// @notice Whether `flagger` flagged this text of this review.
    function hasFlagged(uint256 filmId, address reviewer, string calldata textCid, address flagger) external view returns (bool);
}
