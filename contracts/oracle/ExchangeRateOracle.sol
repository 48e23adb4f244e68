// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IExchangeRateOracle} from "../interfaces/IExchangeRateOracle.sol";
import {BasisPoints} from "../libraries/BasisPoints.sol";

/// @title ExchangeRateOracle
/// @notice The SSH/USD rate as an AggregatorV3 feed with a circuit breaker.
/// @dev The latest round lives in one slot, so a consumer pays one storage read; the last
///      ROUNDS_KEPT rounds are kept in a ring for `getRoundData`.
contract ExchangeRateOracle is IExchangeRateOracle, AccessControlDefaultAdminRules {
    /// @notice May write rates (the rate function's key).
    bytes32 public constant RATE_UPDATER_ROLE = keccak256("RATE_UPDATER_ROLE");
    /// @notice May accept a rate past the deviation limit.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice How many recent rounds `getRoundData` can return.
    uint256 public constant ROUNDS_KEPT = 32;
    /// @notice Decimals of the answer (USD per SSH).
    uint8 public constant DECIMALS = 8;
    /// @notice How far in the future an observation may be.
    uint256 public constant MAX_FUTURE_SKEW = 5 minutes;
    /// @notice How long a transfer of the admin role takes to become effective.
    uint48 public constant ADMIN_TRANSFER_DELAY = 2 days;
    /// @notice The breaker's window: the updater may move the rate by at most the maximum deviation in
    ///         all over any such period (the budget comes back linearly), not per update.
    uint256 public constant DEVIATION_WINDOW = 1 hours;

    /// @dev One kept round, in one slot.
    struct Round {
        uint96 answer;
        uint40 updatedAt;
        uint40 roundId;
        uint8 sources;
    }

    /// @dev The latest round and the update rules in one slot: a consumer reads one slot, an update
    ///      reads and writes it once. `updatedAt` is the observation time as posted, `writtenAt` the
    ///      block timestamp of the update; `deviationUsedBps` the part of the breaker's budget used as
    ///      of `writtenAt` (it comes back at maxDeviationBps per DEVIATION_WINDOW).
    struct Latest {
        uint96 answer;
        uint40 updatedAt;
        uint40 roundId;
        uint40 writtenAt;
        uint8 quorum;
        uint16 maxDeviationBps;
        uint16 deviationUsedBps;
    }

    Latest private _latest;
    Round[ROUNDS_KEPT] private _history;

    /// @param admin Sets the rules and grants roles.
    /// @param updater The rate function's key.
    /// @param guardian Accepts large moves.
    /// @param quorum Minimum number of sources per update.
    /// @param maxDeviationBps Largest move per update without the guardian.
    constructor(address admin, address updater, address guardian, uint256 quorum, uint256 maxDeviationBps)
        AccessControlDefaultAdminRules(ADMIN_TRANSFER_DELAY, admin)
    {
        _grantRole(RATE_UPDATER_ROLE, updater);
        _grantRole(GUARDIAN_ROLE, guardian);
        _setConfig(quorum, maxDeviationBps);
    }

    /// @inheritdoc IExchangeRateOracle
    function updateRate(int256 answer, uint256 observedAt, uint256 sources) external onlyRole(RATE_UPDATER_ROLE) {
        _write(answer, observedAt, sources, false);
    }

    /// @inheritdoc IExchangeRateOracle
    function acceptRate(int256 answer, uint256 observedAt, uint256 sources) external onlyRole(GUARDIAN_ROLE) {
        _write(answer, observedAt, sources, true);
    }

    /// @inheritdoc IExchangeRateOracle
    function setConfig(uint256 quorum, uint256 maxDeviationBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setConfig(quorum, maxDeviationBps);
    }

    /// @inheritdoc IExchangeRateOracle
    function rateNoOlderThan(uint256 maxAge) external view returns (uint256 answer, uint256 updatedAt) {
        Latest memory latest = _latest;
        if (latest.roundId == 0) revert Oracle_NoRate();
        updatedAt = _freshAsOf(latest);
        if (block.timestamp > updatedAt + maxAge) revert Oracle_StaleRate(updatedAt, maxAge);
        return (latest.answer, updatedAt);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external pure returns (uint8) {
        return DECIMALS;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external pure returns (string memory) {
        return "SSH / USD";
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256, uint256, uint256, uint80)
    {
        Round memory round = _history[roundId % ROUNDS_KEPT];
        if (roundId == 0 || round.roundId != roundId) revert Oracle_RoundNotAvailable(roundId);
        return (roundId, int256(uint256(round.answer)), round.updatedAt, round.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        Latest memory latest = _latest;
        if (latest.roundId == 0) revert Oracle_NoRate();
        uint256 updatedAt = _freshAsOf(latest);
        return (latest.roundId, int256(uint256(latest.answer)), updatedAt, updatedAt, latest.roundId);
    }

    /// @notice The update rules.
    function config() external view returns (uint256 quorum, uint256 maxDeviationBps) {
        Latest memory latest = _latest;
        return (latest.quorum, latest.maxDeviationBps);
    }

    /// @dev Validates and stores a round. The breaker is skipped for the first round and when the
    ///      guardian accepts the move explicitly (which also gives the updater its whole budget back).
    function _write(int256 answer, uint256 observedAt, uint256 sources, bool byGuardian) private {
        if (answer <= 0 || answer > int256(uint256(type(uint96).max))) revert Oracle_InvalidAnswer(answer);
        Latest memory previous = _latest;
        if (previous.writtenAt == block.timestamp) revert Oracle_AlreadyUpdatedThisBlock();
        if (observedAt <= previous.updatedAt) revert Oracle_StaleObservation(observedAt, previous.updatedAt);
        if (observedAt > block.timestamp + MAX_FUTURE_SKEW) {
            revert Oracle_ObservationInFuture(observedAt, block.timestamp + MAX_FUTURE_SKEW);
        }
        if (sources < previous.quorum) revert Oracle_BelowQuorum(sources, previous.quorum);
        uint40 roundId;
        uint256 used;
        // Unchecked: answers are below 2^96 (checked above), so the deviation product stays below 2^110,
        // the budget arithmetic is on values below 2^56, and a 40-bit round counter cannot overflow at
        // one round per block.
        unchecked {
            if (!byGuardian && previous.roundId != 0) {
                uint256 prev = previous.answer;
                uint256 next = uint256(answer);
                uint256 maxBps = previous.maxDeviationBps;
                uint256 recovered = (maxBps * (block.timestamp - previous.writtenAt)) / DEVIATION_WINDOW;
                used = previous.deviationUsedBps > recovered ? previous.deviationUsedBps - recovered : 0;
                // Rounded up, so that many small moves cannot slip under the budget one wei at a time.
                uint256 moveBps = ((next > prev ? next - prev : prev - next) * BasisPoints.MAX_BPS + prev - 1) / prev;
                // Moves compound: with `used` spent, the rate is within (1 +- used) of where the budget
                // was last whole, so a rise of d from here moves it d x (1 + used) from there. Charging
                // that (a fall costs d) keeps the rate within maxDeviation of that point, compounded.
                if (next > prev) moveBps = (moveBps * (BasisPoints.MAX_BPS + used) + BasisPoints.MAX_BPS - 1) / BasisPoints.MAX_BPS;
                used += moveBps;
                if (used > maxBps) revert Oracle_DeviationTooLarge(answer, int256(prev), used, maxBps);
            }
            roundId = previous.roundId + 1;
        }
        uint8 counted = sources > type(uint8).max ? type(uint8).max : uint8(sources);
        _latest = Latest({
            answer: uint96(uint256(answer)),
            updatedAt: uint40(observedAt),
            roundId: roundId,
            writtenAt: uint40(block.timestamp),
            quorum: previous.quorum,
            maxDeviationBps: previous.maxDeviationBps,
            deviationUsedBps: uint16(used) // <= maxDeviationBps <= 10,000
        });
        // Kept rounds carry the time they are fresh from (never later than when they were posted).
        uint40 freshAsOf = uint40(observedAt < block.timestamp ? observedAt : block.timestamp);
        _history[roundId % ROUNDS_KEPT] =
            Round({answer: uint96(uint256(answer)), updatedAt: freshAsOf, roundId: roundId, sources: counted});
        emit RateUpdated(roundId, answer, observedAt, sources);
        if (byGuardian) emit RateAcceptedByGuardian(roundId, msg.sender);
    }

    /// @dev When the latest rate's freshness counts from: its observation, but never later than when
    ///      it was posted, so that a rate stamped in the future is not fresh for longer.
    function _freshAsOf(Latest memory latest) private pure returns (uint256) {
        return latest.updatedAt < latest.writtenAt ? latest.updatedAt : latest.writtenAt;
    }

    function _setConfig(uint256 quorum, uint256 maxDeviationBps) private {
        if (quorum == 0 || quorum > type(uint8).max || maxDeviationBps == 0 || maxDeviationBps > BasisPoints.MAX_BPS) {
            revert Oracle_InvalidConfig();
        }
        _latest.quorum = uint8(quorum);
        _latest.maxDeviationBps = uint16(maxDeviationBps);
        emit ConfigUpdated(quorum, maxDeviationBps);
    }
}
