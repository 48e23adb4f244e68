// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title Permits
/// @notice EIP-2612 permits that survive being front-run.
library Permits {
    /// @notice Uses `owner`'s permit for `spender`, ignoring a failure. Anyone who sees a permit in the
    ///         mempool can submit it first; the allowance then exists already and the action that
    ///         follows must still go through. If the allowance is really missing, the transfer that
    ///         follows reverts with the token's own error.
    function tryPermit(
        address token,
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) internal {
        try IERC20Permit(token).permit(owner, spender, value, deadline, v, r, s) {} catch {}
    }
}
