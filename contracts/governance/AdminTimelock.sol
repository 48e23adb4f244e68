// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title AdminTimelock
/// @notice Holds DEFAULT_ADMIN_ROLE of every StreamSpace contract, so that every admin action (a fee,
///         a limit, a grant of a money-moving role) is scheduled in public and takes effect only after
///         `minDelay` (48 hours in production): users see it coming and can leave first.
/// @dev OpenZeppelin's TimelockController as is, deployed from this project so the deployment has
///      its artifact. Proposers and executors are the operators' multisig; nobody else is an admin of
///      the timelock itself (it administers its own roles, through its own delay).
contract AdminTimelock is TimelockController {
    /// @param minDelay Seconds between scheduling an operation and executing it.
    /// @param proposers May schedule and cancel operations (the operators' multisig).
    /// @param executors May execute ready operations.
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {}
}
