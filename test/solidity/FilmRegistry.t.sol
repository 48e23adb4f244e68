// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StreamSpaceTest} from "./utils/StreamSpaceTest.sol";
import {IFilmRegistry} from "../../contracts/interfaces/IFilmRegistry.sol";

contract FilmRegistryTest is StreamSpaceTest {
    function _one(address a) internal pure returns (address[] memory r, uint16[] memory s) {
        r = new address[](1);
        r[0] = a;
        s = new uint16[](1);
        s[0] = 10_000;
    }

    function _two(address a, address b, uint16 sa, uint16 sb) internal pure returns (address[] memory r, uint16[] memory s) {
        r = new address[](2);
        r[0] = a;
        r[1] = b;
        s = new uint16[](2);
        s[0] = sa;
        s[1] = sb;
    }

    function test_registerFilm_storesFilmAndSplitAndEmits() public {
        (address[] memory r, uint16[] memory s) = _two(FILMMAKER, COMPOSER, 9_000, 1_000);
        vm.expectEmit(address(registry));
        emit IFilmRegistry.FilmRegistered(1, FILMMAKER, "ipfs://film", PRICE, WINDOW);
        vm.expectEmit(address(registry));
        emit IFilmRegistry.SplitUpdated(1, 1, r, s, 0);
        uint256 filmId = _registerFilm(r, s);

        assertEq(filmId, 1);
        assertEq(registry.filmCount(), 1);
        IFilmRegistry.Film memory f = registry.film(filmId);
        assertEq(f.owner, FILMMAKER);
        assertEq(uint8(f.status), uint8(IFilmRegistry.FilmStatus.Active));
        assertEq(f.price, PRICE);
        assertEq(f.rentalWindow, WINDOW);
        assertEq(f.splitId, 1);
        assertEq(registry.metadataURI(filmId), "ipfs://film");
        assertEq(registry.shareOf(1, FILMMAKER), 9_000);
        assertEq(registry.shareOf(1, COMPOSER), 1_000);
        assertEq(registry.shareOf(1, ATTACKER), 0);
        (uint256 splitFilm, address[] memory rr, uint16[] memory ss) = registry.split(1);
        assertEq(splitFilm, filmId);
        assertEq(rr, r);
        assertEq(ss.length, 2);
        assertEq(registry.splitsOf(filmId).length, 1);
        IFilmRegistry.SaleTerms memory t = registry.saleTerms(filmId);
        assertEq(t.price, PRICE);
        assertEq(t.splitId, 1);
    }

    function test_registerFilm_acceptsOneAndFiftyRecipients() public {
        (address[] memory r, uint16[] memory s) = _one(FILMMAKER);
        _registerFilm(r, s);
        (r, s) = _evenSplit(50);
        uint256 filmId = _registerFilm(r, s);
        (,, uint16[] memory ss) = registry.split(registry.film(filmId).splitId);
        assertEq(ss.length, 50);
    }

    function test_registerFilm_revertsOnSharesSumming9999Or10001() public {
        (address[] memory r, uint16[] memory s) = _two(FILMMAKER, COMPOSER, 9_000, 999);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_SharesSumNot100Percent.selector, 9_999));
        _registerFilm(r, s);
        (r, s) = _two(FILMMAKER, COMPOSER, 9_000, 1_001);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_SharesSumNot100Percent.selector, 10_001));
        _registerFilm(r, s);
    }

    function test_registerFilm_revertsOnDuplicateRecipient() public {
        (address[] memory r, uint16[] memory s) = _two(FILMMAKER, FILMMAKER, 5_000, 5_000);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_DuplicateRecipient.selector, FILMMAKER));
        _registerFilm(r, s);
    }

    function test_registerFilm_revertsOnZeroRecipient() public {
        (address[] memory r, uint16[] memory s) = _two(FILMMAKER, address(0), 5_000, 5_000);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_ZeroRecipient.selector, 1));
        _registerFilm(r, s);
    }

    function test_registerFilm_revertsOnZeroShare() public {
        (address[] memory r, uint16[] memory s) = _two(FILMMAKER, COMPOSER, 10_000, 0);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_ZeroShare.selector, 1));
        _registerFilm(r, s);
    }

    function test_registerFilm_revertsOnZeroOr51Recipients() public {
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_InvalidRecipientCount.selector, 0, 50));
        _registerFilm(new address[](0), new uint16[](0));
        (address[] memory r, uint16[] memory s) = _evenSplit(51);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_InvalidRecipientCount.selector, 51, 50));
        _registerFilm(r, s);
    }

    function test_registerFilm_revertsOnLengthMismatch() public {
        (address[] memory r,) = _two(FILMMAKER, COMPOSER, 5_000, 5_000);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_SplitLengthMismatch.selector, 2, 1));
        _registerFilm(r, new uint16[](1));
    }

    function test_registerFilm_revertsOnBadPriceOrWindow() public {
        (address[] memory r, uint16[] memory s) = _one(FILMMAKER);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_InvalidPrice.selector, 0));
        registry.registerFilm("u", 0, WINDOW, r, s, 0);
        uint256 tooHigh = uint256(type(uint80).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_InvalidPrice.selector, tooHigh));
        registry.registerFilm("u", tooHigh, WINDOW, r, s, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IFilmRegistry.FilmRegistry_RentalWindowOutOfRange.selector, 6 hours - 1, 6 hours, 365 days)
        );
        registry.registerFilm("u", PRICE, 6 hours - 1, r, s, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IFilmRegistry.FilmRegistry_RentalWindowOutOfRange.selector, 365 days + 1, 6 hours, 365 days)
        );
        registry.registerFilm("u", PRICE, 365 days + 1, r, s, 0);
    }

    function test_registerFilm_revertsOnLockDateBeyond40Bits() public {
        (address[] memory r, uint16[] memory s) = _one(FILMMAKER);
        uint256 lock = uint256(type(uint40).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_InvalidLockDate.selector, lock));
        registry.registerFilm("u", PRICE, WINDOW, r, s, lock);
    }

    function test_setTerms_updatesAndEmits_onlyOwner() public {
        uint256 filmId = _registerFilm();
        vm.expectEmit(address(registry));
        emit IFilmRegistry.FilmTermsUpdated(filmId, 7 ether, 72 hours, false);
        vm.prank(FILMMAKER);
        registry.setTerms(filmId, 7 ether, 72 hours);
        assertEq(registry.film(filmId).price, 7 ether);
        assertEq(registry.film(filmId).rentalWindow, 72 hours);

        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotFilmOwner.selector, filmId, ATTACKER));
        vm.prank(ATTACKER);
        registry.setTerms(filmId, 1, 72 hours);

        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_InvalidPrice.selector, 0));
        vm.prank(FILMMAKER);
        registry.setTerms(filmId, 0, 72 hours);
    }

    function test_setMetadataURI_updatesAndEmits() public {
        uint256 filmId = _registerFilm();
        vm.expectEmit(address(registry));
        emit IFilmRegistry.FilmMetadataUpdated(filmId, "ipfs://v2");
        vm.prank(FILMMAKER);
        registry.setMetadataURI(filmId, "ipfs://v2");
        assertEq(registry.metadataURI(filmId), "ipfs://v2");
    }

    function test_unknownFilm_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_UnknownFilm.selector, 9));
        registry.film(9);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_UnknownFilm.selector, 9));
        registry.setMetadataURI(9, "x");
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_UnknownSplit.selector, 9));
        registry.split(9);
        assertEq(uint8(registry.saleTerms(0).status), uint8(IFilmRegistry.FilmStatus.None));
    }

    function test_setStatus_delistRelistDelete_andDeletedIsFinal() public {
        uint256 filmId = _registerFilm();
        vm.startPrank(FILMMAKER);
        vm.expectEmit(address(registry));
        emit IFilmRegistry.FilmStatusChanged(filmId, IFilmRegistry.FilmStatus.Delisted);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Delisted);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Active);

        vm.expectRevert(
            abi.encodeWithSelector(
                IFilmRegistry.FilmRegistry_InvalidStatusChange.selector,
                filmId,
                IFilmRegistry.FilmStatus.Active,
                IFilmRegistry.FilmStatus.Active
            )
        );
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Active);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFilmRegistry.FilmRegistry_InvalidStatusChange.selector,
                filmId,
                IFilmRegistry.FilmStatus.Active,
                IFilmRegistry.FilmStatus.None
            )
        );
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.None);

        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_FilmDeleted.selector, filmId));
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Active);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_FilmDeleted.selector, filmId));
        registry.setTerms(filmId, PRICE, WINDOW);
        vm.stopPrank();
    }

    function test_setSplit_newSplitForFutureSales_oldSplitKept() public {
        uint256 filmId = _registerFilm();
        (address[] memory r, uint16[] memory s) = _two(FILMMAKER, ATTACKER, 5_000, 5_000);
        vm.expectEmit(address(registry));
        emit IFilmRegistry.SplitUpdated(filmId, 2, r, s, 0);
        vm.prank(FILMMAKER);
        uint256 splitId = registry.setSplit(filmId, r, s, 0);

        assertEq(splitId, 2);
        assertEq(registry.film(filmId).splitId, 2);
        assertEq(registry.shareOf(1, COMPOSER), 1_000, "old split unchanged");
        assertEq(registry.shareOf(2, COMPOSER), 0);
        assertEq(registry.splitsOf(filmId)[1], 2);
    }

    function test_setSplit_revertsWhileLocked_allowedAtLockDate() public {
        (address[] memory r, uint16[] memory s) = _one(FILMMAKER);
        uint256 lock = block.timestamp + 30 days;
        vm.prank(FILMMAKER);
        uint256 filmId = registry.registerFilm("u", PRICE, WINDOW, r, s, lock);

        vm.warp(lock - 1);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_SplitLocked.selector, filmId, lock));
        vm.prank(FILMMAKER);
        registry.setSplit(filmId, r, s, 0);

        vm.warp(lock);
        vm.prank(FILMMAKER);
        registry.setSplit(filmId, r, s, 0);
        assertEq(registry.film(filmId).splitLockedUntil, 0);
    }

    function test_setSplit_rejectsInvalidSplitAndStranger() public {
        uint256 filmId = _registerFilm();
        (address[] memory r, uint16[] memory s) = _two(FILMMAKER, COMPOSER, 9_000, 999);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_SharesSumNot100Percent.selector, 9_999));
        vm.prank(FILMMAKER);
        registry.setSplit(filmId, r, s, 0);
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotFilmOwner.selector, filmId, ATTACKER));
        vm.prank(ATTACKER);
        registry.setSplit(filmId, r, s, 0);
        assertEq(registry.film(filmId).splitId, 1);
    }

    function test_ownershipTransfer_isTwoStep() public {
        uint256 filmId = _registerFilm();
        vm.expectEmit(address(registry));
        emit IFilmRegistry.FilmOwnershipTransferStarted(filmId, FILMMAKER, CO_PRODUCER);
        vm.prank(FILMMAKER);
        registry.transferFilmOwnership(filmId, CO_PRODUCER);
        assertEq(registry.pendingOwner(filmId), CO_PRODUCER);
        assertEq(registry.film(filmId).owner, FILMMAKER, "not yet");

        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotPendingOwner.selector, filmId, ATTACKER));
        vm.prank(ATTACKER);
        registry.acceptFilmOwnership(filmId);

        vm.expectEmit(address(registry));
        emit IFilmRegistry.FilmOwnershipTransferred(filmId, FILMMAKER, CO_PRODUCER);
        vm.prank(CO_PRODUCER);
        registry.acceptFilmOwnership(filmId);
        assertEq(registry.film(filmId).owner, CO_PRODUCER);
        assertEq(registry.pendingOwner(filmId), address(0));

        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotFilmOwner.selector, filmId, FILMMAKER));
        vm.prank(FILMMAKER);
        registry.setTerms(filmId, PRICE, WINDOW);
    }

    function test_acceptFilmOwnership_revertsWithNoProposalOrDeletedFilm() public {
        uint256 filmId = _registerFilm();
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_NotPendingOwner.selector, filmId, address(0)));
        vm.prank(address(0));
        registry.acceptFilmOwnership(filmId);

        vm.startPrank(FILMMAKER);
        registry.transferFilmOwnership(filmId, CO_PRODUCER);
        registry.setStatus(filmId, IFilmRegistry.FilmStatus.Deleted);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IFilmRegistry.FilmRegistry_FilmDeleted.selector, filmId));
        vm.prank(CO_PRODUCER);
        registry.acceptFilmOwnership(filmId);
    }
}
