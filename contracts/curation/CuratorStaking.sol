// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {ICuratorStaking} from "../interfaces/ICuratorStaking.sol";
import {IFilmRegistry} from "../interfaces/IFilmRegistry.sol";
import {BasisPoints} from "../libraries/BasisPoints.sol";
import {Permits} from "../libraries/Permits.sol";

/// @title CuratorStaking
/// @notice Proof of Stake Time Fragment: curators stake SSH on the film fragments their nodes hold and
///         earn R = T x V x P x 2% x 33/(365 x 33 + 8) from a funded pool.
/// @dev Rounding: a reward is one floor division of the exact product (see `_reward`), so each accrual
///      pays at most 1 wei less than the formula and never more; accruals happen only on a claim, a
///      stake change or a slash, so a curator's total shortfall is below 1 wei per such transaction.
///      Slashes round up (in the treasury's favour); withdrawals and claims move exact amounts.
contract CuratorStaking is ICuratorStaking, AccessControlDefaultAdminRules, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice May attest fragments and report failed audits (the storage auditor's key).
    bytes32 public constant AUDITOR_ROLE = keccak256("AUDITOR_ROLE");
    /// @notice May post popularity indices (the popularity reporter's key).
    bytes32 public constant REPORTER_ROLE = keccak256("REPORTER_ROLE");
    /// @notice I = 2% a year, in basis points.
    uint256 public constant INTEREST_BPS = 200;
    /// @notice P = 1.0: the popularity of an average film.
    uint256 public constant POPULARITY_ONE = 1e18;
    /// @notice Most films one popularity report may carry (bounds the loop).
    uint256 public constant MAX_REPORT_BATCH = 200;
    /// @notice How long a transfer of the admin role takes to become effective.
    uint48 public constant ADMIN_TRANSFER_DELAY = 2 days;
    /// @notice The EIP-712 type a node signs to register with a curator.
    bytes32 public constant NODE_REGISTRATION_TYPEHASH = keccak256("NodeRegistration(bytes32 nodeId,address curator)");
    /// @dev T is in days, turned into years by 33/(365 x 33 + 8): R = seconds x V x P x bps x 33 over
    ///      (86,400 x 1e18 x 10,000 x 12,053).
    uint256 private constant YEAR_NUMERATOR = 33;
    uint256 private constant REWARD_DENOMINATOR = 1 days * POPULARITY_ONE * BasisPoints.MAX_BPS * (365 * 33 + 8);

    /// @notice The SSH token.
    IERC20 public immutable SSH;
    /// @notice The film registry (a deleted film cannot be staked on).
    IFilmRegistry public immutable REGISTRY;
    /// @notice Receives slashed stakes.
    address public immutable TREASURY;
    /// @notice A fragment must have been held this long (seconds since attestation) before it is staked on.
    uint256 public immutable MIN_HOLDING_TIME;
    /// @notice Unstaked SSH can be withdrawn this many seconds after the request.
    uint256 public immutable UNBONDING_DELAY;
    /// @notice The coin-age T counts at most this many seconds.
    uint256 public immutable MAX_COIN_AGE;
    /// @notice The highest popularity index the reporter may post (1e18 = average).
    uint256 public immutable POPULARITY_CEILING;
    /// @notice The part of a stake a failed audit sends to the treasury, in basis points.
    uint256 public immutable SLASH_BPS;

    /// @dev The reward pool and everything paid from it, in one slot.
    struct RewardLedger {
        uint128 pool;
        uint128 paid;
    }

    /// @dev One coin-age's reward and the T (seconds, capped), V and P (averaged) it was computed from.
    struct Accrual {
        uint256 reward;
        uint256 coinAge;
        uint256 stake;
        uint256 popularity;
    }

    RewardLedger private _rewards;
    mapping(bytes32 nodeId => address curator) private _curators;
    mapping(uint256 filmId => Popularity) private _popularity;
    /// @dev Keyed by the node's curator first, so a curator's own calls need no extra ownership read.
    mapping(address curator => mapping(bytes32 nodeId => mapping(bytes32 fragmentId => Position))) private _positions;

    /// @param ssh The SSH token.
    /// @param registry The film registry.
    /// @param admin Grants the roles.
    /// @param treasury Receives slashed stakes.
    /// @param auditor The auditor's key.
    /// @param reporter The popularity reporter's key.
    /// @param minHoldingTime Seconds a fragment is held before it can be staked on (at most 30 days).
    /// @param unbondingDelay Seconds between an unstake request and the withdrawal (1 hour to 60 days).
    /// @param maxCoinAge Cap on T in seconds (1 day to 365 days).
    /// @param popularityCeiling Highest P (1e18 to 1,000e18).
    /// @param slashBps Part of the stake slashed by a failed audit (at most 100%).
    constructor(
        IERC20 ssh,
        IFilmRegistry registry,
        address admin,
        address treasury,
        address auditor,
        address reporter,
        uint256 minHoldingTime,
        uint256 unbondingDelay,
        uint256 maxCoinAge,
        uint256 popularityCeiling,
        uint256 slashBps
    ) AccessControlDefaultAdminRules(ADMIN_TRANSFER_DELAY, admin) EIP712("StreamSpace CuratorStaking", "1") {
        if (
            address(ssh) == address(0) || address(registry) == address(0) || treasury == address(0)
                || minHoldingTime > 30 days || unbondingDelay < 1 hours || unbondingDelay > 60 days
                || maxCoinAge < 1 days || maxCoinAge > 365 days || popularityCeiling < POPULARITY_ONE
                || popularityCeiling > 1_000 * POPULARITY_ONE || slashBps > BasisPoints.MAX_BPS
        ) revert Staking_InvalidParameter();
        SSH = ssh;
        REGISTRY = registry;
        TREASURY = treasury;
        MIN_HOLDING_TIME = minHoldingTime;
        UNBONDING_DELAY = unbondingDelay;
        MAX_COIN_AGE = maxCoinAge;
        POPULARITY_CEILING = popularityCeiling;
        SLASH_BPS = slashBps;
        _grantRole(AUDITOR_ROLE, auditor);
        _grantRole(REPORTER_ROLE, reporter);
    }

    // ---------------------------------------------------------------- nodes and audits

    /// @inheritdoc ICuratorStaking
    function registerNode(bytes calldata publicKey, bytes calldata signature) external returns (bytes32 nodeId) {
        nodeId = keccak256(publicKey);
        if (publicKey.length != 64 || _curators[nodeId] != address(0)) revert Staking_InvalidNode(nodeId);
        // First come is not first served: only the holder of the node's key can name its curator, so a
        // registration copied from the mempool names the original curator and fails for anyone else.
        address nodeAddress = address(uint160(uint256(nodeId)));
        (address signer,,) = ECDSA.tryRecoverCalldata(nodeRegistrationDigest(nodeId, msg.sender), signature);
        if (signer != nodeAddress) revert Staking_NodeSignatureInvalid(nodeId, signer, nodeAddress);
        _curators[nodeId] = msg.sender;
        emit NodeRegistered(nodeId, msg.sender, publicKey);
    }

    /// @inheritdoc ICuratorStaking
    function attest(bytes32 nodeId, uint256 filmId, bytes32 contentId) external onlyRole(AUDITOR_ROLE) {
        address curator = _curatorOf(nodeId);
        _requireStakeableFilm(filmId);
        bytes32 fragmentId = fragmentIdOf(filmId, contentId);
        Position storage p = _positions[curator][nodeId][fragmentId];
        if (p.status == HoldingStatus.Held) revert Staking_AlreadyHeld(nodeId, fragmentId);
        p.status = HoldingStatus.Held;
        p.heldSince = uint40(block.timestamp);
        emit FragmentAttested(nodeId, fragmentId, filmId, contentId, curator, block.timestamp + MIN_HOLDING_TIME);
    }

    /// @inheritdoc ICuratorStaking
    function reportFailedAudit(bytes32 nodeId, uint256 filmId, bytes32 contentId)
        external
        nonReentrant
        onlyRole(AUDITOR_ROLE)
    {
        address curator = _curatorOf(nodeId);
        bytes32 fragmentId = fragmentIdOf(filmId, contentId);
        Position storage p = _positions[curator][nodeId][fragmentId];
        if (p.status != HoldingStatus.Held) revert Staking_NotHeld(nodeId, fragmentId);

        uint256 cumulative = _cumulativePopularity(filmId);
        uint256 forfeited = _owedOf(p) + _accrued(p, cumulative).reward;
        uint256 staked = p.stake;
        uint256 unbonding = p.unbonding;
        // Unbonding SSH is slashed too: requesting an unstake cannot outrun an audit. What an earlier
        // failed audit left (`released`) is not: it paid for that failure, and this audit concerns the
        // stake held since; nor does its withdrawal date move.
        uint256 slashed = _slashUp(staked) + _slashUp(unbonding);
        uint256 released = p.released + staked + unbonding - slashed;
        uint256 releasedAt = p.released == 0 ? block.timestamp + UNBONDING_DELAY : p.releasedAt;

        p.status = HoldingStatus.Slashed;
        p.stake = 0;
        p.unbonding = 0;
        p.released = uint96(released); // <= everything staked on the position, below the SSH supply < 2^96
        p.releasedAt = uint40(releasedAt);
        _setOwed(p, 0);
        _restartCoinAge(p, cumulative);
        emit FragmentSlashed(nodeId, fragmentId, curator, slashed, forfeited, released, releasedAt);
        if (slashed > 0) SSH.safeTransfer(TREASURY, slashed);
    }

    /// @inheritdoc ICuratorStaking
    function reportPopularity(uint256[] calldata filmIds, uint256[] calldata indices)
        external
        onlyRole(REPORTER_ROLE)
    {
        uint256 count = filmIds.length;
        if (count == 0 || count != indices.length || count > MAX_REPORT_BATCH) {
            revert Staking_InvalidReport(count, indices.length);
        }
        for (uint256 i; i < count; ++i) {
            uint256 filmId = filmIds[i];
            uint256 index = indices[i];
            if (index > POPULARITY_CEILING) revert Staking_PopularityAboveCeiling(filmId, index, POPULARITY_CEILING);
            if (_filmStatus(filmId) == IFilmRegistry.FilmStatus.Deleted && index != 0) revert Staking_FilmDeleted(filmId);

            uint256 cumulative = _cumulativePopularity(filmId);
            // index <= POPULARITY_CEILING < 2^96; cumulative < 1,000e18 x 2^40 < 2^112.
            _popularity[filmId] = Popularity({
                index: uint96(index), updatedAt: uint40(block.timestamp), cumulative: uint112(cumulative)
            });
            emit PopularityReported(filmId, index, cumulative);
        }
    }

    // ---------------------------------------------------------------- rewards pool

    /// @inheritdoc ICuratorStaking
    function fundRewards(uint256 amount) external nonReentrant {
        if (amount == 0) revert Staking_ZeroAmount();
        uint256 pool = _rewards.pool + amount;
        _rewards.pool = SafeCast.toUint128(pool);
        emit RewardsFunded(msg.sender, amount, pool);
        SSH.safeTransferFrom(msg.sender, address(this), amount);
    }

    // ---------------------------------------------------------------- curators

    /// @inheritdoc ICuratorStaking
    function stake(bytes32 nodeId, uint256 filmId, bytes32 contentId, uint256 amount) external nonReentrant {
        _stake(nodeId, filmId, contentId, amount);
    }

    /// @inheritdoc ICuratorStaking
    function stakeWithPermit(
        bytes32 nodeId,
        uint256 filmId,
        bytes32 contentId,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        Permits.tryPermit(address(SSH), msg.sender, address(this), amount, deadline, v, r, s);
        _stake(nodeId, filmId, contentId, amount);
    }

    /// @inheritdoc ICuratorStaking
    function claim(bytes32 nodeId, uint256 filmId, bytes32 contentId) external nonReentrant returns (uint256 paid) {
        bytes32 fragmentId = fragmentIdOf(filmId, contentId);
        Position storage p = _positions[msg.sender][nodeId][fragmentId];
        if (p.ageStart == 0) revert Staking_NothingStaked(nodeId, fragmentId);
        uint256 cumulative = _cumulativePopularity(filmId);
        Accrual memory a = _accrued(p, cumulative);
        uint256 due = _owedOf(p) + a.reward;

        RewardLedger memory ledger = _rewards;
        // An underfunded pool pays what it holds; the rest stays owed to the curator.
        paid = Math.min(due, ledger.pool);
        _restartCoinAge(p, cumulative);
        _setOwed(p, due - paid);
        if (paid > 0) _rewards = RewardLedger({pool: uint128(ledger.pool - paid), paid: uint128(ledger.paid + paid)});
        emit RewardClaimed(nodeId, fragmentId, msg.sender, a.coinAge, a.stake, a.popularity, a.reward, paid, due - paid);
        if (paid > 0) SSH.safeTransfer(msg.sender, paid);
    }

    /// @inheritdoc ICuratorStaking
    function requestUnstake(bytes32 nodeId, uint256 filmId, bytes32 contentId, uint256 amount)
        external
        nonReentrant
    {
        if (amount == 0) revert Staking_ZeroAmount();
        bytes32 fragmentId = fragmentIdOf(filmId, contentId);
        Position storage p = _positions[msg.sender][nodeId][fragmentId];
        uint256 staked = p.stake;
        if (amount > staked) revert Staking_InsufficientStake(amount, staked);

        uint256 accrued = _bookAccrued(p, filmId);
        uint256 unbonding = p.unbonding + amount;
        uint256 unlocksAt = block.timestamp + UNBONDING_DELAY;
        p.stake = uint96(staked - amount);
        p.unbonding = uint96(unbonding); // stake + unbonding never exceed the SSH supply (< 2^96)
        p.unlocksAt = uint40(unlocksAt);
        emit UnstakeRequested(nodeId, fragmentId, msg.sender, amount, staked - amount, unbonding, unlocksAt, accrued);
    }

    /// @inheritdoc ICuratorStaking
    function withdraw(bytes32 nodeId, uint256 filmId, bytes32 contentId)
        external
        nonReentrant
        returns (uint256 amount)
    {
        bytes32 fragmentId = fragmentIdOf(filmId, contentId);
        Position storage p = _positions[msg.sender][nodeId][fragmentId];
        // Two amounts on their own clocks: unstaked SSH, and what failed audits left.
        uint256 unbonding = p.unbonding;
        uint256 released = p.released;
        if (unbonding == 0 && released == 0) revert Staking_NothingToWithdraw(nodeId, fragmentId);
        uint256 lockedUntil = type(uint256).max;
        if (unbonding != 0) {
            if (block.timestamp >= p.unlocksAt) {
                amount = unbonding;
                p.unbonding = 0;
            } else {
                lockedUntil = p.unlocksAt;
            }
        }
        if (released != 0) {
            if (block.timestamp >= p.releasedAt) {
                amount += released;
                p.released = 0;
            } else if (p.releasedAt < lockedUntil) {
                lockedUntil = p.releasedAt;
            }
        }
        if (amount == 0) revert Staking_StillUnbonding(lockedUntil);
        emit Withdrawn(nodeId, fragmentId, msg.sender, amount);
        SSH.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICuratorStaking
    function nodeCurator(bytes32 nodeId) external view returns (address) {
        return _curators[nodeId];
    }

    /// @inheritdoc ICuratorStaking
    function positionOf(bytes32 nodeId, uint256 filmId, bytes32 contentId) external view returns (Position memory) {
        return _positions[_curators[nodeId]][nodeId][fragmentIdOf(filmId, contentId)];
    }

    /// @inheritdoc ICuratorStaking
    function pendingReward(bytes32 nodeId, uint256 filmId, bytes32 contentId)
        external
        view
        returns (uint256 reward, uint256 coinAge, uint256 stakeAmount, uint256 popularity)
    {
        Accrual memory a = _accrued(
            _positions[_curators[nodeId]][nodeId][fragmentIdOf(filmId, contentId)], _cumulativePopularity(filmId)
        );
        return (a.reward, a.coinAge, a.stake, a.popularity);
    }

    /// @inheritdoc ICuratorStaking
    function popularityOf(uint256 filmId) external view returns (Popularity memory) {
        return _popularity[filmId];
    }

    /// @inheritdoc ICuratorStaking
    function rewardPool() external view returns (uint256) {
        return _rewards.pool;
    }

    /// @inheritdoc ICuratorStaking
    function totalRewardsPaid() external view returns (uint256) {
        return _rewards.paid;
    }

    /// @inheritdoc ICuratorStaking
    function fragmentIdOf(uint256 filmId, bytes32 contentId) public pure returns (bytes32) {
        return keccak256(abi.encode(filmId, contentId));
    }

    /// @inheritdoc ICuratorStaking
    function nodeRegistrationDigest(bytes32 nodeId, address curator) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(NODE_REGISTRATION_TYPEHASH, nodeId, curator)));
    }

    /// @inheritdoc ICuratorStaking
    function rewardFor(uint256 coinAge, uint256 stakeAmount, uint256 popularity) external view returns (uint256) {
        return _reward(stakeAmount, popularity * coinAge, coinAge);
    }

    // ---------------------------------------------------------------- internal

    function _stake(bytes32 nodeId, uint256 filmId, bytes32 contentId, uint256 amount) private {
        if (amount == 0) revert Staking_ZeroAmount();
        bytes32 fragmentId = fragmentIdOf(filmId, contentId);
        Position storage p = _positions[msg.sender][nodeId][fragmentId];
        // A position under the caller's key exists only if the caller is the node's curator.
        if (p.status != HoldingStatus.Held) revert Staking_NotHeld(nodeId, fragmentId);
        uint256 stakeableAt = p.heldSince + MIN_HOLDING_TIME;
        if (block.timestamp < stakeableAt) revert Staking_HoldingTimeNotMet(nodeId, fragmentId, stakeableAt);
        _requireStakeableFilm(filmId);

        uint256 accrued = _bookAccrued(p, filmId);
        uint256 staked = p.stake + amount;
        p.stake = SafeCast.toUint96(staked);
        emit Staked(nodeId, fragmentId, msg.sender, amount, staked, accrued);
        SSH.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Books the reward accrued so far as owed and restarts the coin-age (before any stake change).
    function _bookAccrued(Position storage p, uint256 filmId) private returns (uint256 accrued) {
        uint256 cumulative = _cumulativePopularity(filmId);
        accrued = _accrued(p, cumulative).reward;
        if (accrued > 0) _setOwed(p, _owedOf(p) + accrued);
        _restartCoinAge(p, cumulative);
    }

    /// @dev `cumulative` is the film's popularity integral now (< 1,000e18 x 2^40 < 2^112).
    function _restartCoinAge(Position storage p, uint256 cumulative) private {
        p.ageStart = uint40(block.timestamp);
        p.popularitySnapshot = uint112(cumulative);
    }

    function _owedOf(Position storage p) private view returns (uint256) {
        return p.hasOwed ? p.owed : 0;
    }

    /// @dev Keeps `hasOwed` equal to `owed > 0`.
    function _setOwed(Position storage p, uint256 owed) private {
        if (owed > 0) {
            p.owed = SafeCast.toUint104(owed);
            p.hasOwed = true;
        } else if (p.hasOwed) {
            p.owed = 0;
            p.hasOwed = false;
        }
    }

    /// @dev The reward of the current coin-age and the T (capped), V and P (averaged over T) it uses.
    function _accrued(Position storage p, uint256 cumulative) private view returns (Accrual memory a) {
        a.stake = p.stake;
        uint256 elapsed = block.timestamp - p.ageStart;
        if (a.stake == 0 || elapsed == 0) return a;
        uint256 popularitySeconds = cumulative - p.popularitySnapshot;
        a.coinAge = Math.min(elapsed, MAX_COIN_AGE);
        a.popularity = popularitySeconds / elapsed;
        a.reward = _reward(a.stake, popularitySeconds, elapsed);
    }

    /// @dev R = (T/1 day) x V x (P/1e18) x (bps/10,000) x 33/12,053, where T = min(elapsed, MAX_COIN_AGE)
    ///      and P = popularitySeconds / elapsed (the index averaged over the elapsed time). Computed as one
    ///      floor division of the exact product (mulDiv keeps 512 bits), so R is the formula's value
    ///      rounded down, by less than 1 wei. V < 2^96 and popularitySeconds < 2^112, so V x P-seconds fits.
    function _reward(uint256 staked, uint256 popularitySeconds, uint256 elapsed) private view returns (uint256) {
        if (elapsed == 0) return 0;
        uint256 coinAge = Math.min(elapsed, MAX_COIN_AGE);
        return Math.mulDiv(
            staked * popularitySeconds, coinAge * INTEREST_BPS * YEAR_NUMERATOR, elapsed * REWARD_DENOMINATOR
        );
    }

    /// @dev The film's integral of P over time, up to now, or up to its deletion: a deleted film earns
    ///      nothing from the moment it is deleted, whatever index was posted before.
    function _cumulativePopularity(uint256 filmId) private view returns (uint256) {
        Popularity memory pop = _popularity[filmId];
        uint256 end = REGISTRY.deletedAt(filmId);
        if (end == 0 || end > block.timestamp) end = block.timestamp;
        if (end <= pop.updatedAt) return pop.cumulative;
        return pop.cumulative + uint256(pop.index) * (end - pop.updatedAt);
    }

    function _slashUp(uint256 amount) private view returns (uint256) {
        return Math.mulDiv(amount, SLASH_BPS, BasisPoints.MAX_BPS, Math.Rounding.Ceil);
    }

    function _curatorOf(bytes32 nodeId) private view returns (address curator) {
        curator = _curators[nodeId];
        if (curator == address(0)) revert Staking_UnknownNode(nodeId);
    }

    /// @dev The film's status; reverts if the film does not exist.
    function _filmStatus(uint256 filmId) private view returns (IFilmRegistry.FilmStatus status) {
        status = REGISTRY.saleTerms(filmId).status;
        if (status == IFilmRegistry.FilmStatus.None) revert Staking_UnknownFilm(filmId);
    }

    function _requireStakeableFilm(uint256 filmId) private view {
        if (_filmStatus(filmId) == IFilmRegistry.FilmStatus.Deleted) revert Staking_FilmDeleted(filmId);
    }
}
