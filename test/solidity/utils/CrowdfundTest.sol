// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {StreamSpaceTest} from "./StreamSpaceTest.sol";
import {CampaignFactory} from "../../../contracts/crowdfunds/CampaignFactory.sol";
import {CrowdfundVault} from "../../../contracts/crowdfunds/CrowdfundVault.sol";
import {ICrowdfundVault} from "../../../contracts/interfaces/ICrowdfundVault.sol";

/// @dev Crowdfund fixture: a factory, a film split 70/20/10 (FILMMAKER/CO_PRODUCER/COMPOSER), funded
///      investors, and helpers to open a campaign and to drive revenue into the film.
abstract contract CrowdfundTest is StreamSpaceTest {
    uint256 internal constant CF_FEE_BPS = 250;
    uint256 internal constant GOAL = 100_000 ether;
    uint256 internal constant CAP = 150_000 ether;
    uint256 internal constant MIN = 100 ether;
    uint256 internal constant MAX = 60_000 ether;
    uint256 internal constant INVESTOR_FUNDS = 200_000 ether;

    address internal INVESTOR;
    uint256 internal INVESTOR_KEY;
    address internal INVESTOR2 = makeAddr("investor2");
    address internal INVESTOR3 = makeAddr("investor3");

    CampaignFactory internal factory;
    uint256 internal filmId;
    uint256 internal deadline;
    uint256 private _viewers;

    function setUp() public virtual override {
        super.setUp();
        (INVESTOR, INVESTOR_KEY) = makeAddrAndKey("investor");
        factory = new CampaignFactory(IERC20(address(ssh)), registry, ppv, ADMIN, TREASURY, CF_FEE_BPS);
        filmId = _registerFilm();
        deadline = block.timestamp + 28 days;
        address[3] memory investors = [INVESTOR, INVESTOR2, INVESTOR3];
        for (uint256 i; i < investors.length; ++i) {
            vm.prank(TREASURY);
            ssh.transfer(investors[i], INVESTOR_FUNDS);
        }
    }

    function _terms() internal view returns (ICrowdfundVault.Terms memory t) {
        t.filmId = filmId;
        t.goal = GOAL;
        t.cap = CAP;
        t.deadline = deadline;
        t.minContribution = MIN;
        t.maxPerInvestor = MAX;
        t.investorShareBps = 4_000; // 40% of the film's revenue until payback
        t.investorShareAfterPaybackBps = 1_500; // then 15%
        t.paybackMultipleBps = 12_000; // 1.2x
        t.tranchesBps = new uint16[](1);
        t.tranchesBps[0] = 10_000;
        t.trancheDelays = new uint32[](1);
    }

    /// @dev The default terms released in tranches: `bps[i]` unlocks `delays[i]` after success (the
    ///      first at 0). A zero `bps` ends the list (two or three tranches).
    function _tranchedTerms(uint16[3] memory bps, uint32[3] memory delays)
        internal
        view
        returns (ICrowdfundVault.Terms memory t)
    {
        t = _terms();
        uint256 count = bps[2] == 0 ? 2 : 3;
        t.tranchesBps = new uint16[](count);
        t.trancheDelays = new uint32[](count);
        for (uint256 i; i < count; ++i) (t.tranchesBps[i], t.trancheDelays[i]) = (bps[i], delays[i]);
    }

    function _open(ICrowdfundVault.Terms memory t) internal returns (CrowdfundVault vault) {
        vm.startPrank(FILMMAKER);
        registry.setSplitManager(t.filmId, address(factory));
        vault = CrowdfundVault(factory.createCampaign(t, "The Last Lighthouse Shares", "LIGHT"));
        vm.stopPrank();
        address[3] memory investors = [INVESTOR, INVESTOR2, INVESTOR3];
        for (uint256 i; i < investors.length; ++i) {
            vm.prank(investors[i]);
            ssh.approve(address(vault), type(uint256).max);
        }
    }

    function _open() internal returns (CrowdfundVault) {
        return _open(_terms());
    }

    function _contribute(CrowdfundVault vault, address investor, uint256 amount) internal {
        vm.prank(investor);
        vault.contribute(amount);
    }

    /// @dev A campaign that reached exactly its goal and passed its deadline, finalized.
    function _succeeded() internal returns (CrowdfundVault vault) {
        vault = _open();
        _contribute(vault, INVESTOR, 50_000 ether);
        _contribute(vault, INVESTOR2, 50_000 ether);
        vm.warp(deadline);
        vault.finalize();
    }

    /// @dev `views` purchases of the film at its current price, settled.
    function _sellViews(uint256 views) internal {
        uint256 price = registry.film(filmId).price;
        for (uint256 i; i < views; ++i) {
            address viewer = address(uint160(uint256(keccak256(abi.encode("viewer", ++_viewers)))));
            _fund(viewer, price);
            uint256 purchaseId = _buy(viewer, filmId);
            _settle(purchaseId, viewer, filmId);
        }
    }
}
