// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CrowdfundTest} from "../utils/CrowdfundTest.sol";
import {CrowdfundVault} from "../../../contracts/crowdfunds/CrowdfundVault.sol";
import {ICrowdfundVault} from "../../../contracts/interfaces/ICrowdfundVault.sol";
import {CrowdfundHandler} from "./CrowdfundHandler.sol";

/// @dev Invariants of a crowdfund over its whole life (funding, success or failure, tranches, stop
///      vote, revenue, claims, share transfers), global and per actor.
contract CrowdfundInvariantTest is CrowdfundTest {
    CrowdfundHandler internal handler;
    CrowdfundVault internal vault;

    function setUp() public override {
        super.setUp();
        ICrowdfundVault.Terms memory t = _tranchedTerms([uint16(4_000), 6_000, 0], [uint32(0), 20 days, 0]);
        vault = _open(t);
        handler = new CrowdfundHandler(ssh, ppv, vault, TREASURY, filmId, DELIVERY_KEY);
        for (uint256 i; i < handler.ACTORS(); ++i) {
            address actor = handler.actors(i);
            vm.prank(TREASURY);
            ssh.transfer(actor, MAX);
        }
        handler.init();
        uint256 viewPrice = handler.VIEW_PRICE(); // big sales: payback within a few views
        vm.prank(FILMMAKER);
        registry.setTerms(filmId, viewPrice, WINDOW);
        targetContract(address(handler));
        excludeSender(TREASURY);
    }

    /// @dev vault SSH = contributions - refunds - withdrawn + royalties collected from PayPerView (by
    ///      anyone) - royalties paid out; and every royalty PayPerView credits the vault is income of the
    ///      waterfall, booked or bookable, never stranded (whoever collected it, strangers included).
    function invariant_vaultBalanceMatchesItsFlows() public view {
        uint256 splitId = handler.splitId();
        uint256 entitled = splitId == 0 ? 0 : (ppv.splitRevenue(splitId) * 4_000) / 10_000;
        uint256 collected = splitId == 0 ? 0 : ppv.claimed(splitId, address(vault));
        // The sequel's split names the vault for half its revenue, from the start.
        uint256 sequelSplit = registry.film(handler.sequelId()).splitId;
        uint256 sequelEntitled = (ppv.splitRevenue(sequelSplit) * 5_000) / 10_000;
        uint256 sequelCollected = ppv.claimed(sequelSplit, address(vault));
        assertEq(
            ssh.balanceOf(address(vault)),
            handler.ghostContributed() - handler.ghostRefunded() - handler.ghostWithdrawn() + collected + sequelCollected
                - handler.ghostShareholderClaims() - handler.ghostFilmmakerClaims()
        );
        assertEq(vault.raised(), handler.ghostContributed());
        assertLe(handler.ghostIncome(), entitled + sequelEntitled, "income booked is the vault's entitlement");
        assertLe(collected, entitled);
        assertLe(sequelCollected, sequelEntitled);
    }

    /// @dev Every royalty PayPerView credits the vault reaches the waterfall, whoever collected it:
    ///      whenever the handler harvests both splits, income booked equals the whole entitlement.
    function invariant_everyRoyaltyReachesTheWaterfall() public view {
        assertFalse(handler.royaltyStranded(), "royalties stranded outside the waterfall");
    }

    /// @dev While the vote is open, no share is counted twice (checked at every successful vote), and
    ///      the votes cast never exceed the shares.
    function invariant_noShareVotesTwice() public view {
        assertFalse(handler.votesDoubleCounted());
        uint256 cast;
        for (uint256 i; i < handler.HOLDERS(); ++i) {
            (, uint256 mine) = vault.stopVotes(handler.actors(i));
            cast += mine;
        }
        (uint256 total,) = vault.stopVotes(address(0));
        assertEq(total, cast);
        assertLe(total, vault.totalSupply());
    }

    /// @dev After failure, what shareholders can still refund is exactly what was contributed and not
    ///      yet refunded, and the vault holds exactly that.
    function invariant_afterFailureRefundsEqualContributions() public view {
        if (vault.state() != ICrowdfundVault.State.Failed) return;
        uint256 refundable;
        for (uint256 i; i < handler.HOLDERS(); ++i) refundable += vault.balanceOf(handler.actors(i));
        assertEq(refundable, handler.ghostContributed() - handler.ghostRefunded());
        // Besides refunds, the vault holds only what the sequel paid it and the filmmaker did not claim.
        uint256 fromSequel = ppv.claimed(registry.film(handler.sequelId()).splitId, address(vault));
        assertEq(ssh.balanceOf(address(vault)), refundable + fromSequel - handler.ghostFilmmakerClaims());
    }

    /// @dev Per actor: refunds never exceed the shares it held; royalties never exceed its exact
    ///      pro-rata entitlement (within dust).
    function invariant_noInvestorGetsMoreThanPutInPlusEntitlement() public view {
        for (uint256 i; i < handler.HOLDERS(); ++i) {
            address actor = handler.actors(i);
            assertLe(
                handler.refundedTo(actor),
                handler.contributedBy(actor) + handler.sharesIn(actor) - handler.sharesOut(actor),
                "refund above shares held"
            );
            uint256 royalties = handler.claimedBy(actor) + vault.claimableRoyalties(actor);
            assertLe(royalties, handler.entitlementScaled(actor) / 1e18 + 1e6, "royalties above entitlement");
        }
    }

    /// @dev Shareholders' claims never exceed what was distributed to them.
    function invariant_shareholderCreditsNeverExceedDistributed() public view {
        uint256 credited;
        for (uint256 i; i < handler.HOLDERS(); ++i) {
            address actor = handler.actors(i);
            credited += handler.claimedBy(actor) + vault.claimableRoyalties(actor);
        }
        assertLe(credited, handler.ghostDistributed());
        assertLe(handler.ghostDistributed() - credited, 1e6, "undistributed remainder is dust");
        assertEq(handler.ghostIncome(), _paidBack() + vault.filmmakerRoyalties() + handler.ghostFilmmakerClaims());
    }

    function invariant_stateOnlyMovesAlongLegalEdges() public view {
        assertFalse(handler.illegalTransition());
    }

    function invariant_sshSupplyNeverChanges() public view {
        assertEq(ssh.totalSupply(), ssh.TOTAL_SUPPLY());
    }

    function _paidBack() private view returns (uint256 paidBack) {
        (paidBack,) = vault.payback();
    }
}
