// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @dev A non-compliant token whose transfers return false instead of reverting (like some real ones).
contract ReturnFalseToken is ERC20 {
    constructor() ERC20("Return False", "RF") {
        _mint(msg.sender, 1_000_000 ether);
    }

    function transfer(address, uint256) public pure override returns (bool) {
        return false;
    }

    function transferFrom(address, address, uint256) public pure override returns (bool) {
        return false;
    }
}
