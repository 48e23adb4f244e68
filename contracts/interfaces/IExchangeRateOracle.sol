// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IExchangeRateOracle
/// @notice The SSH/USD rate (USD per SSH, 8 decimals), averaged off-chain over several exchanges and
///         written by the rate updater only. Readable as a Chainlink AggregatorV3 feed.
interface IExchangeRateOracle is AggregatorV3Interface {
    /// @notice The answer must be above zero (and fit in 96 bits).
    error Oracle_InvalidAnswer(int256 answer);
    /// @notice The observation must be later than the last one.
    error Oracle_StaleObservation(uint256 observedAt, uint256 lastObservedAt);
    /// @notice The observation is too far in the future.
    error Oracle_ObservationInFuture(uint256 observedAt, uint256 latestAllowed);
    /// @notice Fewer sources were averaged than the quorum requires.
    error Oracle_BelowQuorum(uint256 sources, uint256 quorum);
    /// @notice The updater's moves would exceed the maximum deviation over the breaker's window (the
    ///         budget used, this move included, is `deviationBps`): the guardian must accept it.
    error Oracle_DeviationTooLarge(int256 answer, int256 previous, uint256 deviationBps, uint256 maxDeviationBps);
    /// @notice One update per block.
    error Oracle_AlreadyUpdatedThisBlock();
    /// @notice The round is unknown or no longer kept.
    error Oracle_RoundNotAvailable(uint80 roundId);
    /// @notice No rate was ever written.
    error Oracle_NoRate();
    /// @notice The latest rate is older than the consumer accepts.
    error Oracle_StaleRate(uint256 updatedAt, uint256 maxAge);
    /// @notice A configuration value is out of range.
    error Oracle_InvalidConfig();

    /// @notice A new rate was written.
    /// @param roundId The round.
    /// @param answer USD per SSH, 8 decimals.
    /// @param observedAt Timestamp of the averaged observation.
    /// @param sources How many exchanges were averaged.
    event RateUpdated(uint256 roundId, int256 answer, uint256 observedAt, uint256 sources);
    /// @notice The guardian accepted the round past the deviation limit (emitted with its RateUpdated).
    /// @param roundId The round.
    /// @param guardian The guardian who accepted it.
    event RateAcceptedByGuardian(uint256 indexed roundId, address indexed guardian);
    /// @notice The update rules changed.
    /// @param quorum Minimum number of sources.
    /// @param maxDeviationBps Largest move accepted without the guardian over DEVIATION_WINDOW (1 hour).
    event ConfigUpdated(uint256 quorum, uint256 maxDeviationBps);

    /// @notice Writes a new rate. Rate updater only. Its moves, added up, stay within the maximum
    ///         deviation per DEVIATION_WINDOW (the budget comes back linearly); beyond, the guardian decides.
    function updateRate(int256 answer, uint256 observedAt, uint256 sources) external;

    /// @notice Writes a rate past the deviation limit (every other check applies). Guardian only.
    function acceptRate(int256 answer, uint256 observedAt, uint256 sources) external;

    /// @notice Sets the update rules. Admin only.
    function setConfig(uint256 quorum, uint256 maxDeviationBps) external;

    /// @notice The latest rate, or a revert when there is none or it is older than `maxAge` seconds.
    /// @return answer USD per SSH, 8 decimals.
    /// @return updatedAt When it is fresh from: its observation time, or the time it was posted if the
    ///         observation was stamped later (a future stamp never makes a rate fresh for longer).
    function rateNoOlderThan(uint256 maxAge) external view returns (uint256 answer, uint256 updatedAt);
}
