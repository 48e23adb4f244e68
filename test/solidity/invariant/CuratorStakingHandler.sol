// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {StreamShare} from "../../../contracts/token/StreamShare.sol";
import {CuratorStaking} from "../../../contracts/curation/CuratorStaking.sol";
import {ICuratorStaking} from "../../../contracts/interfaces/ICuratorStaking.sol";
import {IFilmRegistry} from "../../../contracts/interfaces/IFilmRegistry.sol";
import {NodeKeys} from "../utils/NodeKeys.sol";

/// @dev Drives curator staking with bounded random stakes, unstakes, withdrawals, claims, popularity
///      reports, pool funding, failed audits, re-attestations (so slash/re-attest/slash cycles), film
///      deletions with stakes on them, and time. Keeps its own ledger: what was
///      funded, staked, slashed, withdrawn, and each position's reward computed from the handler's own
///      record of the films' popularity (the reference formula, independent of the contract's).
contract CuratorStakingHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant CURATORS = 3;
    uint256 public constant FILMS = 2;
    uint256 public constant MAX_AGE = 90 days;

    StreamShare public immutable SSH;
    CuratorStaking public immutable STAKING;
    address public immutable AUDITOR;
    address public immutable REPORTER;
    address public immutable TREASURY;
    IFilmRegistry public immutable REGISTRY;
    address public immutable FILM_OWNER;

    address[CURATORS] public curators;
    bytes32[CURATORS] public nodes;
    uint256[FILMS] public films;
    bytes32 public constant CONTENT = keccak256("fragment");

    // Ghost ledger.
    uint256 public ghostFunded;
    uint256 public ghostStaked;
    uint256 public ghostSlashed;
    uint256 public ghostWithdrawn;
    mapping(address curator => uint256) public ghostPaid;
    mapping(address curator => uint256) public ghostEntitled; // formula rewards accrued, minus forfeits
    // The handler's own record of each film's popularity integral.
    mapping(uint256 film => uint256) internal _index;
    mapping(uint256 film => uint256) internal _cumulative;
    mapping(uint256 film => uint256) internal _updatedAt;
    // Per position (curator i, film j): coin-age start and popularity integral then, what is owed.
    mapping(uint256 i => mapping(uint256 j => uint256)) internal _ageStart;
    mapping(uint256 i => mapping(uint256 j => uint256)) internal _snapshot;
    mapping(uint256 i => mapping(uint256 j => uint256)) public ghostOwed;
    // Per position: everything staked on it and everything slashed from it, and the audits that slashed.
    mapping(uint256 i => mapping(uint256 j => uint256)) public ghostStakedIn;
    mapping(uint256 i => mapping(uint256 j => uint256)) public ghostSlashedFrom;
    mapping(uint256 i => mapping(uint256 j => uint256)) public ghostAudits;
    mapping(uint256 film => uint256) internal _deletedAt;
    bool public remainderClockMoved;
    bool public paidMoreThanOwed;
    bool internal _initialized;

    constructor(
        StreamShare ssh,
        CuratorStaking staking,
        address auditor,
        address reporter,
        address treasury,
        uint256[FILMS] memory films_,
        IFilmRegistry registry,
        address filmOwner
    ) {
        REGISTRY = registry;
        FILM_OWNER = filmOwner;
        SSH = ssh;
        STAKING = staking;
        AUDITOR = auditor;
        REPORTER = reporter;
        TREASURY = treasury;
        films = films_;
        for (uint256 i; i < CURATORS; ++i) curators[i] = makeAddr(string.concat("curatorActor", vm.toString(i)));
    }

    /// @dev After the curators are funded: nodes registered, every fragment attested and held.
    function init() external {
        if (_initialized) return; // the fuzzer calls it too
        _initialized = true;
        for (uint256 i; i < CURATORS; ++i) {
            vm.startPrank(curators[i]);
            SSH.approve(address(STAKING), type(uint256).max);
            vm.stopPrank();
            nodes[i] = NodeKeys.register(STAKING, 4 + i, curators[i]);
            for (uint256 j; j < FILMS; ++j) {
                vm.prank(AUDITOR);
                STAKING.attest(nodes[i], films[j], CONTENT);
            }
        }
        for (uint256 j; j < FILMS; ++j) _updatedAt[films[j]] = block.timestamp;
        skip(STAKING.MIN_HOLDING_TIME());
    }

    function fund(uint256 amount) external {
        amount = bound(amount, 1, 10_000 ether);
        vm.prank(TREASURY);
        STAKING.fundRewards(amount);
        ghostFunded += amount;
    }

    function report(uint256 filmSeed, uint256 index) external {
        uint256 film = films[filmSeed % FILMS];
        index = _deletedAt[film] != 0 ? 0 : bound(index, 0, STAKING.POPULARITY_CEILING());
        _cumulative[film] = _cumulativeNow(film);
        _updatedAt[film] = block.timestamp;
        _index[film] = index;
        uint256[] memory ids = new uint256[](1);
        ids[0] = film;
        uint256[] memory indices = new uint256[](1);
        indices[0] = index;
        vm.prank(REPORTER);
        STAKING.reportPopularity(ids, indices);
    }

    function stake(uint256 i, uint256 j, uint256 amount) external {
        (i, j) = (i % CURATORS, j % FILMS);
        if (_position(i, j).status != ICuratorStaking.HoldingStatus.Held) return;
        if (block.timestamp < _position(i, j).heldSince + STAKING.MIN_HOLDING_TIME()) return;
        if (_deletedAt[films[j]] != 0) return; // refused: nothing is staked on a deleted film
        amount = bound(amount, 1, SSH.balanceOf(curators[i]) / 4 + 1);
        if (amount > SSH.balanceOf(curators[i])) return;
        _book(i, j);
        vm.prank(curators[i]);
        STAKING.stake(nodes[i], films[j], CONTENT, amount);
        ghostStaked += amount;
        ghostStakedIn[i][j] += amount;
    }

    function unstake(uint256 i, uint256 j, uint256 amount) external {
        (i, j) = (i % CURATORS, j % FILMS);
        uint256 staked = _position(i, j).stake;
        if (staked == 0) return;
        amount = bound(amount, 1, staked);
        _book(i, j);
        vm.prank(curators[i]);
        STAKING.requestUnstake(nodes[i], films[j], CONTENT, amount);
    }

    function withdraw(uint256 i, uint256 j) external {
        (i, j) = (i % CURATORS, j % FILMS);
        ICuratorStaking.Position memory p = _position(i, j);
        bool unbonded = p.unbonding != 0 && block.timestamp >= p.unlocksAt;
        bool released = p.released != 0 && block.timestamp >= p.releasedAt;
        if (!unbonded && !released) return;
        vm.prank(curators[i]);
        ghostWithdrawn += STAKING.withdraw(nodes[i], films[j], CONTENT);
    }

    function claim(uint256 i, uint256 j) external {
        (i, j) = (i % CURATORS, j % FILMS);
        if (_position(i, j).ageStart == 0) return; // never staked: nothing to claim
        _book(i, j);
        vm.prank(curators[i]);
        uint256 paid = STAKING.claim(nodes[i], films[j], CONTENT);
        if (paid > ghostOwed[i][j]) paidMoreThanOwed = true;
        ghostOwed[i][j] -= paid > ghostOwed[i][j] ? ghostOwed[i][j] : paid;
        ghostPaid[curators[i]] += paid;
    }

    function failAudit(uint256 i, uint256 j) external {
        (i, j) = (i % CURATORS, j % FILMS);
        if (_position(i, j).status != ICuratorStaking.HoldingStatus.Held) return;
        uint256 treasuryBefore = SSH.balanceOf(TREASURY);
        ICuratorStaking.Position memory before = _position(i, j);
        _book(i, j);
        ghostEntitled[curators[i]] -= ghostOwed[i][j]; // forfeited
        ghostOwed[i][j] = 0;
        vm.prank(AUDITOR);
        STAKING.reportFailedAudit(nodes[i], films[j], CONTENT);
        uint256 slashed = SSH.balanceOf(TREASURY) - treasuryBefore;
        ghostSlashed += slashed;
        ghostSlashedFrom[i][j] += slashed;
        ++ghostAudits[i][j];
        if (before.released != 0 && _position(i, j).releasedAt != before.releasedAt) remainderClockMoved = true;
    }

    function reattest(uint256 i, uint256 j) external {
        (i, j) = (i % CURATORS, j % FILMS);
        if (_position(i, j).status != ICuratorStaking.HoldingStatus.Slashed) return;
        if (_deletedAt[films[j]] != 0) return; // refused: a deleted film's fragments are not attested
        vm.prank(AUDITOR);
        STAKING.attest(nodes[i], films[j], CONTENT);
    }

    /// @dev The filmmaker deletes a film that curators stake on (once; the last film only, so that
    ///      staking goes on on the other). From then its stakes earn nothing, whatever P was posted.
    function deleteFilm() external {
        uint256 film = films[FILMS - 1];
        if (_deletedAt[film] != 0) return;
        _cumulative[film] = _cumulativeNow(film);
        _updatedAt[film] = block.timestamp;
        _index[film] = 0;
        _deletedAt[film] = block.timestamp;
        vm.prank(FILM_OWNER);
        REGISTRY.setStatus(film, IFilmRegistry.FilmStatus.Deleted);
    }

    function wait(uint256 seconds_) external {
        skip(bound(seconds_, 0, 40 days));
    }

    // ------------------------------------------------------------ reference accounting

    /// @dev Books the reward of the coin-age ending now, by the reference formula, and restarts it.
    function _book(uint256 i, uint256 j) internal {
        uint256 film = films[j];
        uint256 elapsed = block.timestamp - _ageStart[i][j];
        uint256 staked = _position(i, j).stake;
        uint256 cumulative = _cumulativeNow(film);
        if (elapsed > 0 && staked > 0) {
            // R = T_capped x V x P_avg x 2% x 33/12,053 with P_avg = (integral of P) / elapsed.
            uint256 capped = elapsed > MAX_AGE ? MAX_AGE : elapsed;
            uint256 reward = (capped * staked * (cumulative - _snapshot[i][j]) * 2 * 33)
                / (elapsed * 86_400 * 1e18 * 100 * 12_053);
            ghostOwed[i][j] += reward;
            ghostEntitled[curators[i]] += reward;
        }
        _ageStart[i][j] = block.timestamp;
        _snapshot[i][j] = cumulative;
    }

    function _cumulativeNow(uint256 film) internal view returns (uint256) {
        return _cumulative[film] + _index[film] * (block.timestamp - _updatedAt[film]);
    }

    function _position(uint256 i, uint256 j) internal view returns (ICuratorStaking.Position memory) {
        return STAKING.positionOf(nodes[i], films[j], CONTENT);
    }

    function positionOf(uint256 i, uint256 j) external view returns (ICuratorStaking.Position memory) {
        return _position(i, j);
    }
}
