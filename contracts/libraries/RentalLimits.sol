// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @dev The shortest rental window a film may have. The pay-per-view delivery timeout never exceeds
///      it, so by the time a rental expires its purchase is settled or refundable.
uint256 constant MIN_RENTAL_WINDOW = 6 hours;

/// @dev The longest rental window a film may have.
uint256 constant MAX_RENTAL_WINDOW = 365 days;
