// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {StreamShare} from "../../../contracts/token/StreamShare.sol";
import {FilmRegistry} from "../../../contracts/films/FilmRegistry.sol";
import {PayPerView} from "../../../contracts/payments/PayPerView.sol";
import {IPayPerView} from "../../../contracts/interfaces/IPayPerView.sol";
import {FilmReviews} from "../../../contracts/reviews/FilmReviews.sol";
import {IFilmReviews} from "../../../contracts/interfaces/IFilmReviews.sol";

/// @dev Every party that can call FilmReviews tries everything on every film: fans who watched, fans
///      who only bought or were refunded, the filmmaker, the platform's admin and delivery key, a
///      stranger. They buy, get deliveries settled, refund, review with any rating and text, remove
///      anyone's review, flag anyone's any text, and move SSH between them. Ghosts keep what must be
///      true; any call whose outcome differs from the rule (accepted when it should be refused or the
///      reverse, or refused with another error) is recorded as wrong.
contract FilmReviewsHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant FILMS = 2;
    uint256 public constant ACTORS = 7;
    uint256 public constant TEXTS = 3;

    StreamShare public immutable SSH;
    FilmRegistry public immutable REGISTRY;
    PayPerView public immutable PPV;
    FilmReviews public immutable REVIEWS;
    uint256 private immutable DELIVERY_KEY;

    /// @dev 0-3: fans; 4: the filmmaker; 5: the platform's admin; 6: a stranger who never buys.
    address[ACTORS] public actors;
    uint256[FILMS] public films;
    string[TEXTS + 1] internal _texts;

    mapping(uint256 filmId => mapping(address => bool)) public ghostWatched;
    mapping(uint256 filmId => mapping(address => uint8)) public ghostRating;
    mapping(bytes32 text => uint256) public ghostFlags;
    mapping(bytes32 textAndFlagger => bool) internal _ghostFlagged;
    bool public wrong;
    string public wrongWhy;
    mapping(bytes32 => uint256) public calls;

    constructor(StreamShare ssh, FilmRegistry registry, PayPerView ppv, FilmReviews reviews, address admin, uint256 deliveryKey) {
        SSH = ssh;
        REGISTRY = registry;
        PPV = ppv;
        REVIEWS = reviews;
        DELIVERY_KEY = deliveryKey;
        for (uint256 i; i < 4; ++i) actors[i] = makeAddr(string.concat("revFan", vm.toString(i)));
        actors[4] = makeAddr("revFilmmaker");
        actors[5] = admin;
        actors[6] = makeAddr("revStranger");
        _texts = ["", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"];
    }

    /// @dev Called once by the test, after the treasury funded actors 0-5.
    function init() external {
        for (uint256 i; i < 6; ++i) {
            vm.prank(actors[i]);
            SSH.approve(address(PPV), type(uint256).max);
        }
        address[] memory r = new address[](1);
        r[0] = actors[4];
        uint16[] memory s = new uint16[](1);
        s[0] = 10_000;
        for (uint256 i; i < FILMS; ++i) {
            vm.prank(actors[4]);
            films[i] = REGISTRY.registerFilm("ipfs://rev", 1 ether, 6 hours, r, s, 0);
        }
    }

    function _text(uint256 seed) internal view returns (string memory) {
        return _texts[seed % (TEXTS + 1)];
    }

    function _key(uint256 filmId, address reviewer, string memory text) internal pure returns (bytes32) {
        return keccak256(abi.encode(filmId, reviewer, text));
    }

    function _fail(string memory why) internal {
        wrong = true;
        wrongWhy = why;
    }

    // ------------------------------------------------------------ the pay-per-view side

    function buy(uint256 actorSeed, uint256 filmSeed) external {
        address actor = actors[actorSeed % 6];
        uint256 filmId = films[filmSeed % FILMS];
        IPayPerView.Rental memory r = PPV.rentalOf(filmId, actor);
        if (r.expiresAt > block.timestamp || r.amount != 0 || SSH.balanceOf(actor) < 1 ether) return;
        vm.prank(actor);
        PPV.purchase(filmId, 1 ether);
        ++calls["buy"];
    }

    function deliver(uint256 actorSeed, uint256 filmSeed) external {
        address actor = actors[actorSeed % 6];
        uint256 filmId = films[filmSeed % FILMS];
        IPayPerView.Rental memory r = PPV.rentalOf(filmId, actor);
        if (r.amount == 0) return;
        IPayPerView.DeliveryReceipt memory receipt = IPayPerView.DeliveryReceipt({purchaseId: r.purchaseId, viewer: actor, filmId: filmId, deadline: block.timestamp});
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(DELIVERY_KEY, PPV.receiptDigest(receipt));
        PPV.settle(receipt, abi.encodePacked(rr, s, v));
        ghostWatched[filmId][actor] = true;
        ++calls["deliver"];
    }

    function refund(uint256 actorSeed, uint256 filmSeed) external {
        address actor = actors[actorSeed % 6];
        uint256 filmId = films[filmSeed % FILMS];
        IPayPerView.Rental memory r = PPV.rentalOf(filmId, actor);
        if (r.amount == 0 || block.timestamp < r.refundableAt) return;
        vm.prank(actor);
        PPV.refund(filmId);
        ++calls["refund"];
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = actors[fromSeed % 6];
        address to = actors[toSeed % ACTORS];
        amount = bound(amount, 0, SSH.balanceOf(from));
        vm.prank(from);
        SSH.transfer(to, amount);
    }

    function warp(uint256 secondsForward) external {
        vm.warp(block.timestamp + bound(secondsForward, 1, 3 days));
    }

    // ------------------------------------------------------------ reviews, by anyone

    function review(uint256 actorSeed, uint256 filmSeed, uint256 rating, uint256 textSeed) external {
        address actor = actors[actorSeed % ACTORS];
        uint256 filmId = films[filmSeed % FILMS];
        uint8 stars = uint8(bound(rating, 0, 7));
        string memory text = _text(textSeed);
        bool allowed = stars >= 1 && stars <= 5 && ghostWatched[filmId][actor];
        vm.prank(actor);
        try REVIEWS.review(filmId, stars, text) {
            if (!allowed) return _fail("a review accepted from a non-viewer or out of range");
            ghostRating[filmId][actor] = stars;
            ++calls["review"];
        } catch (bytes memory reason) {
            bytes4 expected = stars == 0 || stars > 5 ? IFilmReviews.Reviews_RatingOutOfRange.selector : IFilmReviews.Reviews_NotAVerifiedViewer.selector;
            if (allowed || bytes4(reason) != expected) _fail("a review refused wrongly");
        }
    }

    function remove(uint256 actorSeed, uint256 filmSeed) external {
        address actor = actors[actorSeed % ACTORS];
        uint256 filmId = films[filmSeed % FILMS];
        bool allowed = ghostRating[filmId][actor] != 0;
        vm.prank(actor);
        try REVIEWS.removeReview(filmId) {
            if (!allowed) return _fail("a removal of nothing accepted");
            ghostRating[filmId][actor] = 0;
            ++calls["remove"];
        } catch (bytes memory reason) {
            if (allowed || bytes4(reason) != IFilmReviews.Reviews_NoReview.selector) _fail("a removal refused wrongly");
        }
    }

    function flag(uint256 actorSeed, uint256 reviewerSeed, uint256 filmSeed, uint256 textSeed) external {
        address actor = actors[actorSeed % ACTORS];
        address reviewer = actors[reviewerSeed % ACTORS];
        uint256 filmId = films[filmSeed % FILMS];
        string memory text = _text(textSeed);
        bytes32 key = _key(filmId, reviewer, text);
        bytes32 flagKey = keccak256(abi.encode(key, actor));
        bool allowed = actor != reviewer && bytes(text).length != 0 && ghostRating[filmId][reviewer] != 0 && ghostWatched[filmId][actor] && !_ghostFlagged[flagKey];
        vm.prank(actor);
        try REVIEWS.flagText(filmId, reviewer, text) {
            if (!allowed) return _fail("a flag accepted wrongly");
            _ghostFlagged[flagKey] = true;
            ++ghostFlags[key];
            ++calls["flag"];
        } catch {
            if (allowed) _fail("a flag refused wrongly");
        }
    }

    /// @dev The ghost flag count of a text, for the invariant.
    function ghostFlagsOf(uint256 filmId, address reviewer, uint256 textSeed) external view returns (uint256) {
        return ghostFlags[_key(filmId, reviewer, _text(textSeed))];
    }

    function textOf(uint256 textSeed) external view returns (string memory) {
        return _text(textSeed);
    }
}
