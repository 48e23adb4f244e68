// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title UsdConversion
/// @notice Converts between USD (8 decimals) and SSH (18 decimals) at a rate in USD per SSH (8
///         decimals, as the oracle answers). Each helper names its rounding direction; callers pick
///         the direction that favours the side that must not lose (rights holders, the inventory).
/// @dev Plain checked arithmetic: callers' amounts and rates fit in 96 bits, so the products fit in
///      256 bits with room to spare, and an impossible overflow would revert, never wrap.
library UsdConversion {
    uint256 internal constant SSH_UNIT = 1e18;

    /// @notice SSH worth `usd` at `rate`, rounded down.
    function usdToSshDown(uint256 usd, uint256 rate) internal pure returns (uint256) {
        return (usd * SSH_UNIT) / rate;
    }

    /// @notice SSH worth `usd` at `rate`, rounded up.
    function usdToSshUp(uint256 usd, uint256 rate) internal pure returns (uint256) {
        return Math.ceilDiv(usd * SSH_UNIT, rate);
    }

    /// @notice USD worth `ssh` at `rate`, rounded down.
    function sshToUsdDown(uint256 ssh, uint256 rate) internal pure returns (uint256) {
        return (ssh * rate) / SSH_UNIT;
    }
}
