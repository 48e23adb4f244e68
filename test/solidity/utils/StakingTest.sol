// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {StreamSpaceTest} from "./StreamSpaceTest.sol";
import {CuratorStaking} from "../../../contracts/curation/CuratorStaking.sol";
import {NodeKeys} from "./NodeKeys.sol";

/// @dev Shared fixture for curator staking: the contract deployed as the Ignition module deploys it,
///      a curator with a registered node holding an attested fragment of a film, and a funded pool.
abstract contract StakingTest is StreamSpaceTest {
    uint256 internal constant MIN_HOLDING = 1 days;
    uint256 internal constant UNBONDING = 7 days;
    uint256 internal constant MAX_AGE = 90 days;
    uint256 internal constant CEILING = 10e18;
    uint256 internal constant SLASH_BPS = 1_000;
    uint256 internal constant POOL = 100_000 ether;
    uint256 internal constant CURATOR_FUNDS = 50_000 ether;
    /// @dev The sha2-256 digest of a fragment's CID. (A literal: `sha256(...)` would be a precompile call
    ///      at run time and consume the `vm.prank` meant for the contract.)
    bytes32 internal constant CONTENT = 0x3d2af6fa58fc8efdda9508a1caf47af5613d83d9a76c5a25e783b7c062deda2c;
    /// @dev The curator's storage node: key 0 of NodeKeys (its secp256k1 key signs its registration).
    uint256 internal constant NODE = 0;

    address internal AUDITOR = makeAddr("auditor");
    address internal REPORTER = makeAddr("reporter");
    address internal CURATOR;
    uint256 internal CURATOR_KEY;
    address internal CURATOR2 = makeAddr("curator2");

    CuratorStaking internal staking;
    uint256 internal filmId;
    bytes32 internal nodeId;

    function setUp() public virtual override {
        super.setUp();
        (CURATOR, CURATOR_KEY) = makeAddrAndKey("curator");
        staking = new CuratorStaking(
            IERC20(address(ssh)),
            registry,
            ADMIN,
            TREASURY,
            AUDITOR,
            REPORTER,
            MIN_HOLDING,
            UNBONDING,
            MAX_AGE,
            CEILING,
            SLASH_BPS
        );
        filmId = _registerFilm();
        vm.startPrank(TREASURY);
        ssh.approve(address(staking), POOL);
        staking.fundRewards(POOL);
        ssh.transfer(CURATOR, CURATOR_FUNDS);
        ssh.transfer(CURATOR2, CURATOR_FUNDS);
        vm.stopPrank();
        for (uint256 i; i < 2; ++i) {
            address curator = i == 0 ? CURATOR : CURATOR2;
            vm.prank(curator);
            ssh.approve(address(staking), type(uint256).max);
        }
        nodeId = NodeKeys.register(staking, NODE, CURATOR);
    }

    function _attest(bytes32 node, uint256 film, bytes32 content) internal {
        vm.prank(AUDITOR);
        staking.attest(node, film, content);
    }

    function _report(uint256 film, uint256 index) internal {
        uint256[] memory films = new uint256[](1);
        films[0] = film;
        uint256[] memory indices = new uint256[](1);
        indices[0] = index;
        vm.prank(REPORTER);
        staking.reportPopularity(films, indices);
    }

    /// @dev The fragment attested and held for the minimum time, P posted, and `amount` staked.
    function _attestAndStake(uint256 amount, uint256 popularity) internal {
        _attest(nodeId, filmId, CONTENT);
        _report(filmId, popularity);
        skip(MIN_HOLDING);
        vm.prank(CURATOR);
        staking.stake(nodeId, filmId, CONTENT, amount);
    }

    function _claim() internal returns (uint256) {
        vm.prank(CURATOR);
        return staking.claim(nodeId, filmId, CONTENT);
    }

    /// @dev The reference PoSTF reward, written as the whitepaper states it and computed independently
    ///      of the contract (plain checked arithmetic, no mulDiv): R = W x I x 33/(365 x 33 + 8) with
    ///      W = T x V x P, T in days (= seconds / 86,400), P in 1e18 fixed point, I = 2/100; rounded down.
    function _referenceReward(uint256 seconds_, uint256 value, uint256 popularity) internal pure returns (uint256) {
        uint256 t = seconds_ > MAX_AGE ? MAX_AGE : seconds_;
        uint256 numerator = t * value * popularity * 2 * 33;
        uint256 denominator = 86_400 * 1e18 * 100 * (365 * 33 + 8);
        return numerator / denominator;
    }
}
