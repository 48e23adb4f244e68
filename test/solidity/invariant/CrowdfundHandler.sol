// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {StreamShare} from "../../../contracts/token/StreamShare.sol";
import {PayPerView} from "../../../contracts/payments/PayPerView.sol";
import {CrowdfundVault} from "../../../contracts/crowdfunds/CrowdfundVault.sol";
import {ICrowdfundVault} from "../../../contracts/interfaces/ICrowdfundVault.sol";
import {IPayPerView} from "../../../contracts/interfaces/IPayPerView.sol";

/// @dev Drives one crowdfund through its whole life with bounded random actions (contributions, time,
///      withdrawals, refunds, share transfers between investors and to fresh addresses and back, film
///      sales, harvests, strangers claiming the vault's royalties in PayPerView, claims, stop votes) and
///      keeps ghost accounting per holder. Income can be booked by any transfer or claim, so every
///      action books what it moved at the balances before it. Never reverts on a legal action.
contract CrowdfundHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant ACTORS = 4;
    /// @dev Holders 0..ACTORS-1 invest; the others are fresh addresses that only ever receive shares.
    uint256 public constant HOLDERS = 7;
    uint256 public constant VIEW_PRICE = 100_000 ether; // 38,000 SSH of vault income a view: payback within a few

    StreamShare public immutable SSH;
    PayPerView public immutable PPV;
    CrowdfundVault public immutable VAULT;
    address public immutable TREASURY;
    uint256 public immutable FILM_ID;
    uint256 private immutable DELIVERY_KEY;

    address[HOLDERS] public actors;
    uint256 private _viewers;

    // ghost accounting
    uint256 public ghostContributed;
    uint256 public ghostRefunded;
    uint256 public ghostWithdrawn; // gross: filmmaker payout + fee
    uint256 public ghostIncome;
    uint256 public ghostShareholderClaims;
    uint256 public ghostFilmmakerClaims;
    uint256 public ghostDistributed; // income credited to shares + unreleased raise returned on a stop
    mapping(address => uint256) public contributedBy;
    mapping(address => uint256) public refundedTo;
    mapping(address => uint256) public claimedBy;
    mapping(address => uint256) public sharesIn;
    mapping(address => uint256) public sharesOut;
    mapping(address => uint256) public entitlementScaled; // exact pro-rata entitlement x 1e18
    ICrowdfundVault.State public lastState;
    bool public illegalTransition;
    bool public votesDoubleCounted;
    bool public royaltyStranded;
    mapping(bytes32 => uint256) public calls;

    constructor(
        StreamShare ssh,
        PayPerView ppv,
        CrowdfundVault vault,
        address treasury,
        uint256 filmId,
        uint256 deliveryKey
    ) {
        SSH = ssh;
        PPV = ppv;
        VAULT = vault;
        TREASURY = treasury;
        FILM_ID = filmId;
        DELIVERY_KEY = deliveryKey;
        for (uint256 i; i < HOLDERS; ++i) actors[i] = makeAddr(string.concat("cfActor", vm.toString(i)));
    }

    /// @dev A sequel whose split gives the vault half its revenue: royalties from another film's split.
    uint256 public sequelId;

    function init() external {
        if (sequelId != 0) return; // the fuzzer calls it too
        for (uint256 i; i < ACTORS; ++i) {
            vm.prank(actors[i]);
            SSH.approve(address(VAULT), type(uint256).max);
        }
        address[] memory recipients = new address[](2);
        recipients[0] = address(this);
        recipients[1] = address(VAULT);
        uint16[] memory shares = new uint16[](2);
        shares[0] = 5_000;
        shares[1] = 5_000;
        sequelId = VAULT.REGISTRY().registerFilm("ipfs://sequel", VIEW_PRICE / 10, 6 hours, recipients, shares, 0);
    }

    // ------------------------------------------------------------ actions

    function contribute(uint256 actorSeed, uint256 amount) external track {
        address actor = actors[actorSeed % ACTORS];
        if (VAULT.state() != ICrowdfundVault.State.Funding) return;
        ICrowdfundVault.Terms memory t = VAULT.terms();
        uint256 remaining = t.cap - VAULT.raised();
        uint256 room = t.maxPerInvestor - VAULT.contributionOf(actor);
        uint256 most = remaining < room ? remaining : room;
        if (most == 0) return;
        if (most < t.minContribution) {
            if (most != remaining) return; // only a cap-filling contribution may be below the minimum
            amount = most;
        } else {
            amount = bound(amount, t.minContribution, most);
        }
        vm.prank(actor);
        VAULT.contribute(amount);
        ghostContributed += amount;
        contributedBy[actor] += amount;
    }

    function warp(uint256 secondsForward) external track {
        vm.warp(block.timestamp + bound(secondsForward, 0, 10 days));
    }

    function withdraw() external track {
        if (VAULT.state() != ICrowdfundVault.State.Succeeded) return;
        uint256 before = SSH.balanceOf(address(VAULT));
        // Only "no tranche unlocked yet" is an acceptable refusal; any other revert fails the run.
        try VAULT.withdraw() {
            ghostWithdrawn += before - SSH.balanceOf(address(VAULT));
        } catch (bytes memory reason) {
            _expect(reason, ICrowdfundVault.Crowdfund_NothingToWithdraw.selector);
        }
    }

    function refund(uint256 actorSeed) external track {
        address actor = actors[actorSeed % ACTORS];
        uint256 shares = VAULT.balanceOf(actor);
        if (VAULT.state() != ICrowdfundVault.State.Failed || shares == 0) return;
        vm.prank(actor);
        VAULT.refund();
        ghostRefunded += shares;
        refundedTo[actor] += shares;
    }

    function releaseSplit() external track {
        if (VAULT.state() != ICrowdfundVault.State.Failed) return;
        VAULT.releaseSplit();
    }

    /// @dev Any holder to any holder, fresh addresses included (shares hop out and come back).
    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 amount) external track {
        address from = actors[fromSeed % HOLDERS];
        address to = actors[toSeed % HOLDERS];
        amount = bound(amount, 0, VAULT.balanceOf(from));
        uint256[HOLDERS] memory before = _balances();
        (uint256 paidBefore,) = VAULT.payback();
        uint256 incomeBefore = _booked();
        vm.prank(from);
        VAULT.transfer(to, amount);
        // Income the transfer booked was settled before it: it belongs to the balances before it.
        (uint256 paidAfter,) = VAULT.payback();
        ghostIncome += _booked() - incomeBefore;
        _credit(paidAfter - paidBefore, before);
        sharesOut[from] += amount;
        sharesIn[to] += amount;
    }

    /// @dev A stranger collects the vault's royalties in PayPerView (claim or claimMany): SSH moves into
    ///      the vault, which must still book it as income exactly once.
    function strangerClaimsForVault(bool many) external track {
        uint256 ownSplit = _splitId();
        if (ownSplit == 0) return;
        vm.prank(address(0xBEEF));
        if (many) {
            uint256[] memory ids = new uint256[](1);
            ids[0] = ownSplit;
            PPV.claimMany(ids, address(VAULT));
        } else {
            PPV.claim(ownSplit, address(VAULT));
        }
    }

    function sellViews(uint256 count) external track {
        count = bound(count, 1, 3);
        for (uint256 i; i < count; ++i) _sellView(FILM_ID, VIEW_PRICE);
    }

    function sellSequelViews(uint256 count) external track {
        count = bound(count, 1, 3);
        for (uint256 i; i < count; ++i) _sellView(sequelId, VIEW_PRICE / 10);
    }

    /// @dev Books and collects the sequel's royalties (refused before the vault is a rights holder).
    function harvestSequel() external track {
        uint256[HOLDERS] memory before = _balances();
        (uint256 paidBefore,) = VAULT.payback();
        try VAULT.harvestFrom(sequelId) returns (uint256 income) {
            ghostIncome += income;
        } catch (bytes memory reason) {
            _expect(reason, ICrowdfundVault.Crowdfund_NotRightsHolder.selector);
        }
        (uint256 paidAfter,) = VAULT.payback();
        _credit(paidAfter - paidBefore, before);
    }

    /// @dev Harvests every split; from then on everything PayPerView credited the vault must be booked.
    function harvestEverything() external track {
        if (VAULT.state() == ICrowdfundVault.State.Funding) return;
        uint256[HOLDERS] memory before = _balances();
        (uint256 paidBefore,) = VAULT.payback();
        uint256 own = _splitId();
        if (own != 0) ghostIncome += VAULT.harvest();
        ghostIncome += VAULT.harvestFrom(sequelId);
        (uint256 paidAfter,) = VAULT.payback();
        _credit(paidAfter - paidBefore, before);
        uint256 entitled = (PPV.splitRevenue(VAULT.REGISTRY().film(sequelId).splitId) * 5_000) / 10_000;
        if (own != 0) entitled += (PPV.splitRevenue(own) * 4_000) / 10_000;
        if (ghostIncome != entitled) royaltyStranded = true;
    }

    /// @dev A stranger collects the sequel's royalties for the vault, at any time, even before success.
    function strangerClaimsSequelForVault() external track {
        uint256 sequelSplit = VAULT.REGISTRY().film(sequelId).splitId;
        vm.prank(address(0xBEEF));
        PPV.claim(sequelSplit, address(VAULT));
    }

    function _sellView(uint256 filmId, uint256 price) private {
        address viewer = address(uint160(uint256(keccak256(abi.encode("cfViewer", ++_viewers)))));
        vm.prank(TREASURY);
        SSH.transfer(viewer, price);
        vm.startPrank(viewer);
        SSH.approve(address(PPV), price);
        uint256 purchaseId = PPV.purchase(filmId, price);
        vm.stopPrank();
        IPayPerView.DeliveryReceipt memory receipt =
            IPayPerView.DeliveryReceipt({purchaseId: purchaseId, viewer: viewer, filmId: filmId, deadline: block.timestamp});
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(DELIVERY_KEY, PPV.receiptDigest(receipt));
        PPV.settle(receipt, abi.encodePacked(r, s, v));
    }

    function harvest() external track {
        uint256[HOLDERS] memory before = _balances();
        (uint256 paidBefore,) = VAULT.payback();
        uint256 income = VAULT.harvest();
        (uint256 paidAfter,) = VAULT.payback();
        ghostIncome += income;
        _credit(paidAfter - paidBefore, before);
    }

    function claim(uint256 actorSeed) external track {
        address actor = actors[actorSeed % HOLDERS];
        uint256[HOLDERS] memory before = _balances();
        (uint256 paidBefore,) = VAULT.payback();
        uint256 incomeBefore = _booked();
        try VAULT.claimRoyalties(actor) returns (uint256 amount) {
            ghostShareholderClaims += amount;
            claimedBy[actor] += amount;
        } catch (bytes memory reason) {
            _expect(reason, ICrowdfundVault.Crowdfund_NothingToClaim.selector);
        }
        (uint256 paidAfter,) = VAULT.payback();
        ghostIncome += _booked() - incomeBefore;
        _credit(paidAfter - paidBefore, before);
    }

    function claimFilmmaker() external track {
        uint256[HOLDERS] memory before = _balances();
        (uint256 paidBefore,) = VAULT.payback();
        uint256 incomeBefore = _booked();
        try VAULT.claimFilmmakerRoyalties() returns (uint256 amount) {
            ghostFilmmakerClaims += amount;
        } catch (bytes memory reason) {
            _expect(reason, ICrowdfundVault.Crowdfund_NothingToClaim.selector);
        }
        (uint256 paidAfter,) = VAULT.payback();
        ghostIncome += _booked() - incomeBefore;
        _credit(paidAfter - paidBefore, before);
    }

    function vote(uint256 actorSeed) external track {
        address actor = actors[actorSeed % HOLDERS];
        if (VAULT.state() != ICrowdfundVault.State.Succeeded) return;
        uint256[HOLDERS] memory before = _balances();
        uint256 tranchesBefore = VAULT.tranchesReleased();
        vm.prank(actor);
        // Refused without shares at the opening, before it, or with nothing left locked to stop.
        try VAULT.voteToStop() {
            // While the vote is open every share is counted exactly once, wherever it moved since.
            uint256 weights;
            for (uint256 i; i < HOLDERS; ++i) weights += VAULT.stopVoteWeight(actors[i]);
            if (weights != VAULT.totalSupply()) votesDoubleCounted = true;
            if (VAULT.state() == ICrowdfundVault.State.Stopped) {
                // The stop paid the filmmaker the unlocked tranches and returned the rest.
                uint256 released = VAULT.tranchesReleased() == 0 ? 0 : (VAULT.raised() * 4_000) / 10_000;
                if (VAULT.tranchesReleased() != tranchesBefore) ghostWithdrawn += released;
                _credit(VAULT.raised() - released, before);
            }
        } catch (bytes memory reason) {
            _expect(reason, ICrowdfundVault.Crowdfund_CannotVote.selector);
        }
    }

    function unvote(uint256 actorSeed) external track {
        address actor = actors[actorSeed % HOLDERS];
        (, uint256 mine) = VAULT.stopVotes(actor);
        if (mine == 0) return;
        vm.prank(actor);
        VAULT.withdrawStopVote();
    }

    // ------------------------------------------------------------ helpers

    /// @dev Records a distribution of `amount` to shareholders at the balances `at`, exactly.
    function _credit(uint256 amount, uint256[HOLDERS] memory at) private {
        if (amount == 0) return;
        ghostDistributed += amount;
        uint256 supply = VAULT.totalSupply();
        for (uint256 i; i < HOLDERS; ++i) {
            entitlementScaled[actors[i]] += (at[i] * amount * 1e18) / supply;
        }
    }

    function _balances() private view returns (uint256[HOLDERS] memory b) {
        for (uint256 i; i < HOLDERS; ++i) b[i] = VAULT.balanceOf(actors[i]);
    }

    /// @dev The vault's split, once it is a rights holder (0 before).
    function splitId() external view returns (uint256) {
        return _splitId();
    }

    function _splitId() private view returns (uint256) {
        if (VAULT.state() == ICrowdfundVault.State.Funding || VAULT.state() == ICrowdfundVault.State.Failed) return 0;
        uint256 current = VAULT.REGISTRY().film(FILM_ID).splitId;
        return VAULT.REGISTRY().shareOf(current, address(VAULT)) == 0 ? 0 : current;
    }

    /// @dev Income the vault has booked: investors' part (paid back) plus the filmmaker's, claimed or not.
    function _booked() private view returns (uint256) {
        (uint256 paidBack,) = VAULT.payback();
        return paidBack + VAULT.filmmakerRoyalties() + ghostFilmmakerClaims;
    }

    function _expect(bytes memory reason, bytes4 selector) private pure {
        if (reason.length < 4 || bytes4(reason) != selector) {
            assembly {
                revert(add(reason, 32), mload(reason))
            }
        }
    }

    /// @dev Counts the call and checks that the state only moved along a legal edge.
    modifier track() {
        _;
        ++calls[msg.sig];
        ICrowdfundVault.State current = VAULT.state();
        ICrowdfundVault.State previous = lastState;
        bool legal = current == previous
            || (previous == ICrowdfundVault.State.Funding
                && (current == ICrowdfundVault.State.Succeeded || current == ICrowdfundVault.State.Failed))
            || (previous == ICrowdfundVault.State.Succeeded && current == ICrowdfundVault.State.Stopped);
        if (!legal) illegalTransition = true;
        lastState = current;
    }
}
