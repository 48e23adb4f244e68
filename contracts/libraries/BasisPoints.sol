// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title BasisPoints
/// @notice The one place where StreamSpace turns amounts and basis points into money.
/// @dev Every helper names its rounding direction. All rounding is down, so that a share of an
///      amount can never exceed the amount it is taken from (the remainder stays with the payer).
library BasisPoints {
    /// @notice 100% in basis points.
    uint256 internal constant MAX_BPS = 10_000;

    /// @notice `amount * bps / 10_000`, rounded down.
    function mulDown(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return (amount * bps) / MAX_BPS;
    }
}
