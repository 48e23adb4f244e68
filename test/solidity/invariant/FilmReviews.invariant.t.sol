// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StreamSpaceTest} from "../utils/StreamSpaceTest.sol";
import {FilmReviews} from "../../../contracts/reviews/FilmReviews.sol";
import {FilmReviewsHandler} from "./FilmReviewsHandler.sol";

/// @dev Invariants of verified reviews, with every party calling (see FilmReviewsHandler).
contract FilmReviewsInvariantTest is StreamSpaceTest {
    FilmReviews internal reviews;
    FilmReviewsHandler internal handler;

    function setUp() public override {
        super.setUp();
        reviews = new FilmReviews(ppv);
        handler = new FilmReviewsHandler(ssh, registry, ppv, reviews, ADMIN, DELIVERY_KEY);
        for (uint256 i; i < 6; ++i) {
            address actor = handler.actors(i); // read before the prank, which the next call takes
            vm.prank(TREASURY);
            ssh.transfer(actor, 20 ether);
        }
        handler.init();

        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = FilmReviewsHandler.buy.selector;
        selectors[1] = FilmReviewsHandler.deliver.selector;
        selectors[2] = FilmReviewsHandler.refund.selector;
        selectors[3] = FilmReviewsHandler.transfer.selector;
        selectors[4] = FilmReviewsHandler.warp.selector;
        selectors[5] = FilmReviewsHandler.review.selector;
        selectors[6] = FilmReviewsHandler.review.selector; // weighted: reviewing is the action under test
        selectors[7] = FilmReviewsHandler.remove.selector;
        selectors[8] = FilmReviewsHandler.flag.selector;
        selectors[9] = FilmReviewsHandler.flag.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev Every call went as the rules say: accepted exactly when allowed, refused with the right error.
    function invariant_everyCallFollowsTheRules() public view {
        assertFalse(handler.wrong(), handler.wrongWhy());
    }

    /// @dev Each rating is exactly what its author last wrote (0 after removal), whoever else called
    ///      whatever; only someone with a settled purchase has one; PayPerView agrees who watched.
    function invariant_ratingsAreTheAuthorsAndOnlyViewers() public view {
        for (uint256 f; f < handler.FILMS(); ++f) {
            uint256 filmId = handler.films(f);
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address actor = handler.actors(a);
                uint8 rating = reviews.reviewOf(filmId, actor).rating;
                assertEq(rating, handler.ghostRating(filmId, actor));
                assertEq(ppv.hasWatched(filmId, actor), handler.ghostWatched(filmId, actor));
                if (rating != 0) assertTrue(ppv.hasWatched(filmId, actor));
            }
        }
    }

    /// @dev A text's flags are exactly the distinct verified viewers (not its author) who flagged it.
    function invariant_flagsCountDistinctViewers() public view {
        for (uint256 f; f < handler.FILMS(); ++f) {
            uint256 filmId = handler.films(f);
            for (uint256 a; a < handler.ACTORS(); ++a) {
                for (uint256 t = 1; t <= handler.TEXTS(); ++t) {
                    address reviewer = handler.actors(a);
                    assertEq(reviews.textFlags(filmId, reviewer, handler.textOf(t)), handler.ghostFlagsOf(filmId, reviewer, t));
                }
            }
        }
    }

    /// @dev Guards against a vacuous suite: over a run reviews are really written.
    function afterInvariant() external view {
        uint256 depth = handler.calls("buy") + handler.calls("deliver") + handler.calls("review");
        if (depth < 20) return;
        assertGt(handler.calls("deliver"), 0, "no delivery in the run");
    }
}
