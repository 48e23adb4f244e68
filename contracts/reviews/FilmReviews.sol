// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IFilmReviews} from "../interfaces/IFilmReviews.sol";
import {IPayPerView} from "../interfaces/IPayPerView.sol";

/// @title FilmReviews
/// @notice Ratings and reviews only paying viewers can write (see IFilmReviews).
/// @dev Gas: a first review writes one new slot and emits the text's CID (a review costs under 60,000
///      gas, checked by `npm run bench`); the CID is not stored, the subgraph reads it from the event.
///      No external call but the view `hasWatched`, no money, no admin: nothing to reenter or seize.
contract FilmReviews is IFilmReviews {
    /// @notice A text's CID (CIDv1 base32 of a sha-256 file is 59 characters) is at most this long.
    uint256 public constant MAX_TEXT_CID_LENGTH = 100;
    /// @notice The dapp hides a text from this many flags on (its rating stays shown).
    uint256 public constant TEXT_HIDDEN_AT_FLAGS = 3;

    /// @notice Where verified views are recorded.
    IPayPerView public immutable PAY_PER_VIEW;

    mapping(uint256 filmId => mapping(address reviewer => Review)) private _reviews;
    /// @dev keccak(filmId, reviewer, textCid) => flags, and keccak(..., flagger) => flagged.
    mapping(bytes32 text => uint256 flags) private _textFlags;
    mapping(bytes32 textAndFlagger => bool) private _flagged;

    constructor(IPayPerView payPerView) {
        PAY_PER_VIEW = payPerView;
    }

    /// @inheritdoc IFilmReviews
    function review(uint256 filmId, uint8 rating, string calldata textCid) external {
        if (rating == 0 || rating > 5) revert Reviews_RatingOutOfRange(rating);
        if (bytes(textCid).length > MAX_TEXT_CID_LENGTH) revert Reviews_TextCidTooLong(bytes(textCid).length, MAX_TEXT_CID_LENGTH);
        _requireWatched(filmId, msg.sender);
        Review memory previous = _reviews[filmId][msg.sender];
        bool edited = previous.rating != 0;
        _reviews[filmId][msg.sender] = Review({
            rating: rating,
            createdAt: edited ? previous.createdAt : uint40(block.timestamp),
            updatedAt: uint40(block.timestamp)
        });
        emit Reviewed(filmId, msg.sender, rating, textCid, edited);
    }

    /// @inheritdoc IFilmReviews
    function removeReview(uint256 filmId) external {
        if (_reviews[filmId][msg.sender].rating == 0) revert Reviews_NoReview(filmId, msg.sender);
        delete _reviews[filmId][msg.sender];
        emit ReviewRemoved(filmId, msg.sender);
    }

    /// @inheritdoc IFilmReviews
    function flagText(uint256 filmId, address reviewer, string calldata textCid) external {
        if (reviewer == msg.sender) revert Reviews_OwnReview();
        if (bytes(textCid).length == 0) revert Reviews_NoText();
        if (bytes(textCid).length > MAX_TEXT_CID_LENGTH) revert Reviews_TextCidTooLong(bytes(textCid).length, MAX_TEXT_CID_LENGTH);
        if (_reviews[filmId][reviewer].rating == 0) revert Reviews_NoReview(filmId, reviewer);
        _requireWatched(filmId, msg.sender);
        bytes32 text = _textKey(filmId, reviewer, textCid);
        bytes32 flag = keccak256(abi.encode(text, msg.sender));
        if (_flagged[flag]) revert Reviews_AlreadyFlagged(filmId, reviewer, msg.sender);
        _flagged[flag] = true;
        uint256 flags = ++_textFlags[text];
        emit TextFlagged(filmId, reviewer, msg.sender, textCid, flags);
    }

    /// @inheritdoc IFilmReviews
    function reviewOf(uint256 filmId, address reviewer) external view returns (Review memory) {
        return _reviews[filmId][reviewer];
    }

    /// @inheritdoc IFilmReviews
    function textFlags(uint256 filmId, address reviewer, string calldata textCid) external view returns (uint256) {
        return _textFlags[_textKey(filmId, reviewer, textCid)];
    }

    /// @inheritdoc IFilmReviews
    function hasFlagged(uint256 filmId, address reviewer, string calldata textCid, address flagger) external view returns (bool) {
        return _flagged[keccak256(abi.encode(_textKey(filmId, reviewer, textCid), flagger))];
    }

    function _requireWatched(uint256 filmId, address account) private view {
        if (!PAY_PER_VIEW.hasWatched(filmId, account)) revert Reviews_NotAVerifiedViewer(filmId, account);
    }

    function _textKey(uint256 filmId, address reviewer, string calldata textCid) private pure returns (bytes32) {
        return keccak256(abi.encode(filmId, reviewer, keccak256(bytes(textCid))));
    }
}
