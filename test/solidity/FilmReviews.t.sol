// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StreamSpaceTest} from "./utils/StreamSpaceTest.sol";
import {IFilmReviews} from "../../contracts/interfaces/IFilmReviews.sol";
import {IPayPerView} from "../../contracts/interfaces/IPayPerView.sol";
import {FilmReviews} from "../../contracts/reviews/FilmReviews.sol";

contract FilmReviewsTest is StreamSpaceTest {
    string internal constant TEXT = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    string internal constant TEXT2 = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    FilmReviews internal reviews;
    uint256 internal filmId;

    function setUp() public override {
        super.setUp();
        reviews = new FilmReviews(ppv);
        filmId = _registerFilm();
    }

    function _watch(address viewer) internal {
        uint256 purchaseId = _buy(viewer, filmId);
        _settle(purchaseId, viewer, filmId);
    }

    // ------------------------------------------------------------ who may review

    function test_review_byAVerifiedViewer_storesAndEmits() public {
        _watch(FAN);
        vm.expectEmit(address(reviews));
        emit IFilmReviews.Reviewed(filmId, FAN, 4, TEXT, false);
        vm.prank(FAN);
        reviews.review(filmId, 4, TEXT);
        IFilmReviews.Review memory r = reviews.reviewOf(filmId, FAN);
        assertEq(r.rating, 4);
        assertEq(r.createdAt, block.timestamp);
        assertEq(r.updatedAt, block.timestamp);
    }

    function test_review_refusedWithoutASettledPurchase() public {
        // Never bought; bought but not delivered (open); bought then refunded: none of them watched.
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NotAVerifiedViewer.selector, filmId, FAN));
        vm.prank(FAN);
        reviews.review(filmId, 5, "");
        _buy(FAN, filmId);
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NotAVerifiedViewer.selector, filmId, FAN));
        vm.prank(FAN);
        reviews.review(filmId, 5, "");
        vm.warp(block.timestamp + TIMEOUT);
        vm.prank(FAN);
        ppv.refund(filmId);
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NotAVerifiedViewer.selector, filmId, FAN));
        vm.prank(FAN);
        reviews.review(filmId, 5, "");
    }

    function test_review_theFilmmakerAndOperatorAreNotViewers() public {
        address[3] memory parties = [FILMMAKER, ADMIN, DELIVERY_SIGNER];
        for (uint256 i; i < parties.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NotAVerifiedViewer.selector, filmId, parties[i]));
            vm.prank(parties[i]);
            reviews.review(filmId, 1, "");
        }
    }

    function test_review_aGiftedRentalCountsForItsViewerNotItsPayer() public {
        vm.prank(FAN2);
        uint256 purchaseId = ppv.purchaseFor(FAN, filmId, PRICE);
        _settle(purchaseId, FAN, filmId);
        vm.prank(FAN);
        reviews.review(filmId, 5, "");
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NotAVerifiedViewer.selector, filmId, FAN2));
        vm.prank(FAN2);
        reviews.review(filmId, 5, "");
    }

    function test_review_aVerifiedViewStaysThroughALaterPurchaseAndItsRefund() public {
        _watch(FAN);
        vm.warp(block.timestamp + WINDOW);
        _buy(FAN, filmId); // open again
        vm.warp(block.timestamp + TIMEOUT);
        vm.prank(FAN);
        ppv.refund(filmId);
        assertTrue(ppv.hasWatched(filmId, FAN));
        IPayPerView.Rental memory r = ppv.rentalOf(filmId, FAN);
        assertEq(r.purchaseId, 0);
        assertEq(r.amount, 0);
        assertEq(uint8(ppv.purchaseState(2, filmId, FAN)), uint8(IPayPerView.PurchaseState.None));
        vm.prank(FAN);
        reviews.review(filmId, 3, "");
        // And the slot still sells: the next purchase works as a first one.
        _buy(FAN, filmId);
        assertTrue(ppv.hasWatched(filmId, FAN));
    }

    function test_review_onlyForTheFilmWatched() public {
        _watch(FAN);
        uint256 other = _registerFilm();
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NotAVerifiedViewer.selector, other, FAN));
        vm.prank(FAN);
        reviews.review(other, 5, "");
    }

    // ------------------------------------------------------------ what a review may be

    function test_review_ratingMustBeOneToFive() public {
        _watch(FAN);
        uint8[3] memory bad = [0, 6, 255];
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_RatingOutOfRange.selector, bad[i]));
            vm.prank(FAN);
            reviews.review(filmId, bad[i], "");
        }
        for (uint8 stars = 1; stars <= 5; ++stars) {
            vm.prank(FAN);
            reviews.review(filmId, stars, "");
            assertEq(reviews.reviewOf(filmId, FAN).rating, stars);
        }
    }

    function test_review_textCidLengthBounded() public {
        _watch(FAN);
        bytes memory long = new bytes(101);
        for (uint256 i; i < long.length; ++i) long[i] = "b";
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_TextCidTooLong.selector, 101, 100));
        vm.prank(FAN);
        reviews.review(filmId, 4, string(long));
        assertEq(reviews.reviewOf(filmId, FAN).rating, 0, "nothing written");
    }

    function test_review_editKeepsCreatedAtLatestCounts() public {
        _watch(FAN);
        vm.prank(FAN);
        reviews.review(filmId, 2, TEXT);
        uint256 created = block.timestamp;
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(address(reviews));
        emit IFilmReviews.Reviewed(filmId, FAN, 5, TEXT2, true);
        vm.prank(FAN);
        reviews.review(filmId, 5, TEXT2);
        IFilmReviews.Review memory r = reviews.reviewOf(filmId, FAN);
        assertEq(r.rating, 5);
        assertEq(r.createdAt, created);
        assertEq(r.updatedAt, block.timestamp);
    }

    function test_removeReview_onlyItsAuthor() public {
        _watch(FAN);
        _watch(FAN2);
        vm.prank(FAN);
        reviews.review(filmId, 1, TEXT);
        // Nobody else can remove it: another viewer removes only its own (none), the filmmaker and admin likewise.
        address[4] memory others = [FAN2, FILMMAKER, ADMIN, ATTACKER];
        for (uint256 i; i < others.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NoReview.selector, filmId, others[i]));
            vm.prank(others[i]);
            reviews.removeReview(filmId);
        }
        assertEq(reviews.reviewOf(filmId, FAN).rating, 1);
        vm.expectEmit(address(reviews));
        emit IFilmReviews.ReviewRemoved(filmId, FAN);
        vm.prank(FAN);
        reviews.removeReview(filmId);
        assertEq(reviews.reviewOf(filmId, FAN).rating, 0);
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NoReview.selector, filmId, FAN));
        vm.prank(FAN);
        reviews.removeReview(filmId);
        // Written again after removal: a new review (not an edit).
        vm.expectEmit(address(reviews));
        emit IFilmReviews.Reviewed(filmId, FAN, 3, "", false);
        vm.prank(FAN);
        reviews.review(filmId, 3, "");
    }

    // ------------------------------------------------------------ flags

    function test_flagText_byVerifiedViewersOncePerText() public {
        _watch(FAN);
        _watch(FAN2);
        vm.prank(FAN);
        reviews.review(filmId, 1, TEXT);
        vm.expectEmit(address(reviews));
        emit IFilmReviews.TextFlagged(filmId, FAN, FAN2, TEXT, 1);
        vm.prank(FAN2);
        reviews.flagText(filmId, FAN, TEXT);
        assertEq(reviews.textFlags(filmId, FAN, TEXT), 1);
        assertTrue(reviews.hasFlagged(filmId, FAN, TEXT, FAN2));
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_AlreadyFlagged.selector, filmId, FAN, FAN2));
        vm.prank(FAN2);
        reviews.flagText(filmId, FAN, TEXT);
        // Not the author, not someone who never watched (the filmmaker, a stranger).
        vm.expectRevert(IFilmReviews.Reviews_OwnReview.selector);
        vm.prank(FAN);
        reviews.flagText(filmId, FAN, TEXT);
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NotAVerifiedViewer.selector, filmId, FILMMAKER));
        vm.prank(FILMMAKER);
        reviews.flagText(filmId, FAN, TEXT);
        vm.expectRevert(IFilmReviews.Reviews_NoText.selector);
        vm.prank(FAN2);
        reviews.flagText(filmId, FAN, "");
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NoReview.selector, filmId, FAN2));
        vm.prank(FAN);
        reviews.flagText(filmId, FAN2, TEXT);
        // Flags never touch the rating.
        assertEq(reviews.reviewOf(filmId, FAN).rating, 1);
    }

    function test_flagText_followsTheTextAcrossEdits() public {
        _watch(FAN);
        _watch(FAN2);
        vm.prank(FAN);
        reviews.review(filmId, 1, TEXT);
        vm.prank(FAN2);
        reviews.flagText(filmId, FAN, TEXT);
        vm.prank(FAN);
        reviews.review(filmId, 1, TEXT2); // a new text starts without flags
        assertEq(reviews.textFlags(filmId, FAN, TEXT2), 0);
        vm.prank(FAN);
        reviews.review(filmId, 1, TEXT); // the flagged text again: its flags are still there
        assertEq(reviews.textFlags(filmId, FAN, TEXT), 1);
    }

    // ------------------------------------------------------------ fuzz

    function testFuzz_review_anyoneWithoutASettledPurchaseIsRefused(address caller, uint8 rating) public {
        vm.assume(caller != FAN);
        _watch(FAN);
        rating = uint8(bound(rating, 1, 5));
        vm.expectRevert(abi.encodeWithSelector(IFilmReviews.Reviews_NotAVerifiedViewer.selector, filmId, caller));
        vm.prank(caller);
        reviews.review(filmId, rating, TEXT);
    }
}
