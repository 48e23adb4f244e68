// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {ICrowdfundVault} from "../interfaces/ICrowdfundVault.sol";
import {IFilmRegistry} from "../interfaces/IFilmRegistry.sol";
import {IPayPerView} from "../interfaces/IPayPerView.sol";
import {CrowdfundVault} from "./CrowdfundVault.sol";

/// @title CrowdfundVaultDeployer
/// @notice Holds the vault's creation code so that the CampaignFactory stays under the contract size
///         limit. Created by the factory in its constructor; only the factory may deploy through it.
contract CrowdfundVaultDeployer {
    /// @notice Only the factory may deploy vaults.
    error CrowdfundVaultDeployer_NotFactory(address caller);

    /// @notice The factory that created this deployer.
    address public immutable FACTORY = msg.sender;

    /// @notice Deploys a vault with terms the factory has validated.
    function deploy(
        IERC20 ssh,
        IFilmRegistry registry,
        IPayPerView payPerView,
        ICrowdfundVault.Terms calldata terms,
        address filmmaker,
        address treasury,
        uint256 platformFeeBps,
        string calldata name,
        string calldata symbol
    ) external returns (address) {
        if (msg.sender != FACTORY) revert CrowdfundVaultDeployer_NotFactory(msg.sender);
        return address(
            new CrowdfundVault(ssh, registry, payPerView, terms, filmmaker, treasury, platformFeeBps, name, symbol)
        );
    }
}
