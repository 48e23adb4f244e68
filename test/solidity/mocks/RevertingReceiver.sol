// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICrowdfundVault} from "../../../contracts/interfaces/ICrowdfundVault.sol";

/// @dev An investor contract that refuses anything sent to it natively (no receive, reverting fallback).
contract RevertingReceiver {
    error RevertingReceiver_Refused();

    function invest(IERC20 ssh, ICrowdfundVault vault, uint256 amount) external {
        ssh.approve(address(vault), amount);
        vault.contribute(amount);
    }

    function refund(ICrowdfundVault vault) external {
        vault.refund();
    }

    receive() external payable {
        revert RevertingReceiver_Refused();
    }
}
