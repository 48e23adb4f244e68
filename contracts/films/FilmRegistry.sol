// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IFilmRegistry} from "../interfaces/IFilmRegistry.sol";
import {BasisPoints} from "../libraries/BasisPoints.sol";
import {MIN_RENTAL_WINDOW as MIN_WINDOW, MAX_RENTAL_WINDOW as MAX_WINDOW} from "../libraries/RentalLimits.sol";

/// @title FilmRegistry
/// @notice The catalogue of films, their sale terms and their rights-holder splits.
/// @dev Permissionless: anyone can register a film and becomes its owner. Holds no money.
contract FilmRegistry is IFilmRegistry {
    /// @notice The most recipients a split may have; bounds every loop over a split.
    uint256 public constant MAX_RECIPIENTS = 50;
    /// @notice The shortest rental window (see RentalLimits).
    uint256 public constant MIN_RENTAL_WINDOW = MIN_WINDOW;
    /// @notice The longest rental window.
    uint256 public constant MAX_RENTAL_WINDOW = MAX_WINDOW;

    uint256 private _filmCount;
    uint256 private _splitCount;
    mapping(uint256 filmId => Film) private _films;
    mapping(uint256 filmId => string) private _metadataURIs;
    mapping(uint256 filmId => address) private _pendingOwners;
    mapping(uint256 filmId => address) private _splitManagers;
    mapping(uint256 filmId => uint256[]) private _filmSplits;
    mapping(uint256 splitId => uint256 filmId) private _splitFilms;
    mapping(uint256 splitId => address[]) private _splitRecipients;
    mapping(uint256 splitId => uint16[]) private _splitShares;
    mapping(uint256 splitId => mapping(address account => uint16 bps)) private _shareOf;

    modifier onlyFilmOwner(uint256 filmId) {
        _checkFilmOwner(filmId);
        _;
    }

    /// @inheritdoc IFilmRegistry
    function registerFilm(
        string calldata metadataURI_,
        uint256 price,
        uint256 rentalWindow,
        address[] calldata recipients,
        uint16[] calldata sharesBps,
        uint256 splitLockedUntil
    ) external returns (uint256 filmId) {
        _checkTerms(price, rentalWindow);
        filmId = ++_filmCount;
        Film storage f = _films[filmId];
        f.owner = msg.sender;
        f.status = FilmStatus.Active;
        f.price = uint96(price);
        f.rentalWindow = uint32(rentalWindow);
        _metadataURIs[filmId] = metadataURI_;
        emit FilmRegistered(filmId, msg.sender, metadataURI_, price, rentalWindow);
        _writeSplit(filmId, f, recipients, sharesBps, splitLockedUntil);
    }

    /// @inheritdoc IFilmRegistry
    function setTerms(uint256 filmId, uint256 price, uint256 rentalWindow) external onlyFilmOwner(filmId) {
        _setTerms(filmId, price, rentalWindow, false);
    }

    /// @inheritdoc IFilmRegistry
    function setUsdTerms(uint256 filmId, uint256 usdPrice, uint256 rentalWindow) external onlyFilmOwner(filmId) {
        _setTerms(filmId, usdPrice, rentalWindow, true);
    }

    /// @inheritdoc IFilmRegistry
    function setMetadataURI(uint256 filmId, string calldata metadataURI_) external onlyFilmOwner(filmId) {
        _metadataURIs[filmId] = metadataURI_;
        emit FilmMetadataUpdated(filmId, metadataURI_);
    }

    /// @inheritdoc IFilmRegistry
    function setStatus(uint256 filmId, FilmStatus status) external onlyFilmOwner(filmId) {
        Film storage f = _films[filmId];
        // Deleted films never reach here (onlyFilmOwner), so the only illegal target is None.
        if (status == FilmStatus.None || status == f.status) {
            revert FilmRegistry_InvalidStatusChange(filmId, f.status, status);
        }
        // A managed split carries obligations (a crowdfund's investors): the film must stay.
        address manager = _splitManagers[filmId];
        if (status == FilmStatus.Deleted && manager != address(0)) revert FilmRegistry_SplitManaged(filmId, manager);
        f.status = status;
        if (status == FilmStatus.Deleted) f.deletedAt = uint40(block.timestamp);
        emit FilmStatusChanged(filmId, status);
    }

    /// @inheritdoc IFilmRegistry
    function setSplit(
        uint256 filmId,
        address[] calldata recipients,
        uint16[] calldata sharesBps,
        uint256 splitLockedUntil
    ) external returns (uint256 splitId) {
        Film storage f = _films[filmId];
        address manager = _splitManagers[filmId];
        // A deleted film never has a manager (deletion needs none; setting one needs a live film),
        // so the owner check covers deleted films.
        if (manager == address(0)) _checkFilmOwner(filmId);
        else if (msg.sender != manager) revert FilmRegistry_NotSplitManager(filmId, msg.sender);
        if (block.timestamp < f.splitLockedUntil) revert FilmRegistry_SplitLocked(filmId, f.splitLockedUntil);
        return _writeSplit(filmId, f, recipients, sharesBps, splitLockedUntil);
    }

    /// @inheritdoc IFilmRegistry
    function setSplitManager(uint256 filmId, address manager) external {
        address current = _splitManagers[filmId];
        if (current == address(0)) _checkFilmOwner(filmId);
        else if (msg.sender != current) revert FilmRegistry_NotSplitManager(filmId, msg.sender);
        _splitManagers[filmId] = manager;
        emit SplitManagerChanged(filmId, manager);
    }

    /// @inheritdoc IFilmRegistry
    function splitManager(uint256 filmId) external view returns (address) {
        return _splitManagers[filmId];
    }

    /// @inheritdoc IFilmRegistry
    function transferFilmOwnership(uint256 filmId, address newOwner) external onlyFilmOwner(filmId) {
        _pendingOwners[filmId] = newOwner;
        emit FilmOwnershipTransferStarted(filmId, msg.sender, newOwner);
    }

    /// @inheritdoc IFilmRegistry
    function acceptFilmOwnership(uint256 filmId) external {
        if (_pendingOwners[filmId] != msg.sender || msg.sender == address(0)) {
            revert FilmRegistry_NotPendingOwner(filmId, msg.sender);
        }
        Film storage f = _films[filmId];
        if (f.status == FilmStatus.Deleted) revert FilmRegistry_FilmDeleted(filmId);
        address previousOwner = f.owner;
        f.owner = msg.sender;
        delete _pendingOwners[filmId];
        emit FilmOwnershipTransferred(filmId, previousOwner, msg.sender);
    }

    /// @inheritdoc IFilmRegistry
    function film(uint256 filmId) external view returns (Film memory) {
        Film memory f = _films[filmId];
        if (f.status == FilmStatus.None) revert FilmRegistry_UnknownFilm(filmId);
        return f;
    }

    /// @inheritdoc IFilmRegistry
    function metadataURI(uint256 filmId) external view returns (string memory) {
        return _metadataURIs[filmId];
    }

    /// @inheritdoc IFilmRegistry
    function pendingOwner(uint256 filmId) external view returns (address) {
        return _pendingOwners[filmId];
    }

    /// @inheritdoc IFilmRegistry
    function saleTerms(uint256 filmId) external view returns (SaleTerms memory) {
        Film storage f = _films[filmId];
        return SaleTerms({
            status: f.status, price: f.price, rentalWindow: f.rentalWindow, splitId: f.splitId, priceInUsd: f.priceInUsd
        });
    }

    /// @inheritdoc IFilmRegistry
    function deletedAt(uint256 filmId) external view returns (uint256) {
        return _films[filmId].deletedAt;
    }

    /// @inheritdoc IFilmRegistry
    function split(uint256 splitId)
        external
        view
        returns (uint256 filmId, address[] memory recipients, uint16[] memory sharesBps)
    {
        filmId = _splitFilms[splitId];
        if (filmId == 0) revert FilmRegistry_UnknownSplit(splitId);
        return (filmId, _splitRecipients[splitId], _splitShares[splitId]);
    }

    /// @inheritdoc IFilmRegistry
    function shareOf(uint256 splitId, address account) external view returns (uint256) {
        return _shareOf[splitId][account];
    }

    /// @inheritdoc IFilmRegistry
    function splitsOf(uint256 filmId) external view returns (uint256[] memory) {
        return _filmSplits[filmId];
    }

    /// @inheritdoc IFilmRegistry
    function filmCount() external view returns (uint256) {
        return _filmCount;
    }

    /// @dev Validates and stores a new split for `filmId` and makes it the film's current split.
    ///      Duplicates are caught in O(n) by the share mapping itself: a recipient whose share in
    ///      this (brand-new) split is already non-zero was listed before.
    function _writeSplit(
        uint256 filmId,
        Film storage f,
        address[] calldata recipients,
        uint16[] calldata sharesBps,
        uint256 splitLockedUntil
    ) private returns (uint256 splitId) {
        uint256 count = recipients.length;
        if (count != sharesBps.length) revert FilmRegistry_SplitLengthMismatch(count, sharesBps.length);
        if (count == 0 || count > MAX_RECIPIENTS) revert FilmRegistry_InvalidRecipientCount(count, MAX_RECIPIENTS);
        if (splitLockedUntil > type(uint40).max) revert FilmRegistry_InvalidLockDate(splitLockedUntil);

        splitId = ++_splitCount;
        mapping(address account => uint16 bps) storage shares = _shareOf[splitId];
        uint256 sum;
        for (uint256 i; i < count; ++i) {
            address recipient = recipients[i];
            uint16 bps = sharesBps[i];
            if (recipient == address(0)) revert FilmRegistry_ZeroRecipient(i);
            if (bps == 0) revert FilmRegistry_ZeroShare(i);
            if (shares[recipient] != 0) revert FilmRegistry_DuplicateRecipient(recipient);
            shares[recipient] = bps;
            sum += bps;
        }
        if (sum != BasisPoints.MAX_BPS) revert FilmRegistry_SharesSumNot100Percent(sum);

        _splitFilms[splitId] = filmId;
        _splitRecipients[splitId] = recipients;
        _splitShares[splitId] = sharesBps;
        _filmSplits[filmId].push(splitId);
        f.splitId = uint32(splitId);
        f.splitLockedUntil = uint40(splitLockedUntil);
        emit SplitUpdated(filmId, splitId, recipients, sharesBps, splitLockedUntil);
    }

    function _setTerms(uint256 filmId, uint256 price, uint256 rentalWindow, bool priceInUsd) private {
        _checkTerms(price, rentalWindow);
        Film storage f = _films[filmId];
        f.price = uint96(price);
        f.rentalWindow = uint32(rentalWindow);
        f.priceInUsd = priceInUsd;
        emit FilmTermsUpdated(filmId, price, rentalWindow, priceInUsd);
    }

    /// @dev Reverts unless the caller owns the film and the film is not deleted.
    function _checkFilmOwner(uint256 filmId) private view {
        Film storage f = _films[filmId];
        if (f.status == FilmStatus.None) revert FilmRegistry_UnknownFilm(filmId);
        if (f.owner != msg.sender) revert FilmRegistry_NotFilmOwner(filmId, msg.sender);
        if (f.status == FilmStatus.Deleted) revert FilmRegistry_FilmDeleted(filmId);
    }

    /// @dev Reverts unless the price and rental window are within bounds.
    function _checkTerms(uint256 price, uint256 rentalWindow) private pure {
        // A purchase escrows at most 2^80 wei (1.2 million SSH): a price above it could never sell.
        if (price == 0 || price > type(uint80).max) revert FilmRegistry_InvalidPrice(price);
        if (rentalWindow < MIN_RENTAL_WINDOW || rentalWindow > MAX_RENTAL_WINDOW) {
            revert FilmRegistry_RentalWindowOutOfRange(rentalWindow, MIN_RENTAL_WINDOW, MAX_RENTAL_WINDOW);
        }
    }
}
