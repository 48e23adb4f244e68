// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title AggregatorV3Interface
/// @notice Chainlink's price feed read interface, so that any standard consumer can read StreamSpace's rate.
interface AggregatorV3Interface {
    /// @notice Decimals of the answer.
    function decimals() external view returns (uint8);

    /// @notice What the feed measures.
    function description() external view returns (string memory);

    /// @notice The feed's interface version.
    function version() external view returns (uint256);

    /// @notice One round's data (`answeredInRound` equals `roundId`).
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80 roundId_, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The latest round's data.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
