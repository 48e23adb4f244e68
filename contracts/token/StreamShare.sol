// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title StreamShare (SSH)
/// @notice The currency of StreamSpace: an ERC-20 with EIP-2612 permit and a fixed supply.
/// @dev The whole supply is minted once, in the constructor, to the treasury. There is no mint
///      function and no owner, so no key, stolen or not, can ever inflate the supply.
contract StreamShare is ERC20, ERC20Permit {
    /// @notice The treasury given was the zero address.
    error StreamShare_ZeroTreasury();

    /// @notice The fixed total supply: one billion SSH with 18 decimals.
    uint256 public constant TOTAL_SUPPLY = 1_000_000_000 ether;

    /// @param treasury Receives the entire fixed supply.
    constructor(address treasury) ERC20("StreamShare", "SSH") ERC20Permit("StreamShare") {
        if (treasury == address(0)) revert StreamShare_ZeroTreasury();
        _mint(treasury, TOTAL_SUPPLY);
    }
}
