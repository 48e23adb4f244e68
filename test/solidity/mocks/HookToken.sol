// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

interface ITokenReceiver {
    function onTokenReceived(address from, uint256 amount) external;
}

/// @dev A token that calls the receiver on every transfer to a contract (ERC-777/ERC-1363 style), so
///      that a receiving contract can revert or re-enter: the adversarial case plain ERC-20 cannot produce.
contract HookToken is ERC20 {
    constructor() ERC20("Hook", "HOOK") {
        _mint(msg.sender, 1_000_000 ether);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (to.code.length > 0) ITokenReceiver(to).onTokenReceived(from, value);
    }
}
