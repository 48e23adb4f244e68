// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";

import {ICampaignFactory} from "../interfaces/ICampaignFactory.sol";
import {ICrowdfundVault} from "../interfaces/ICrowdfundVault.sol";
import {IFilmRegistry} from "../interfaces/IFilmRegistry.sol";
import {IPayPerView} from "../interfaces/IPayPerView.sol";
import {BasisPoints} from "../libraries/BasisPoints.sol";
import {CrowdfundVaultDeployer} from "./CrowdfundVaultDeployer.sol";

/// @title CampaignFactory
/// @notice Validates a film crowdfund's terms, deploys its vault and hands it the film's split.
contract CampaignFactory is ICampaignFactory, AccessControlDefaultAdminRules {
    /// @notice The platform fee on a raise can never exceed 10%.
    uint256 public constant MAX_PLATFORM_FEE_BPS = 1_000;
    /// @notice The smallest goal: one SSH (keeps the per-share royalty accounting precise).
    uint256 public constant MIN_GOAL = 1 ether;
    /// @notice The longest funding period.
    uint256 public constant MAX_DURATION = 365 days;
    /// @notice The most tranches a raise may be released in.
    uint256 public constant MAX_TRANCHES = 8;
    /// @notice How long a transfer of the admin role takes to become effective.
    uint48 public constant ADMIN_TRANSFER_DELAY = 2 days;

    /// @notice The SSH token.
    IERC20 public immutable SSH;
    /// @notice The film registry.
    IFilmRegistry public immutable REGISTRY;
    /// @notice The pay-per-view contract the vaults collect royalties from.
    IPayPerView public immutable PAY_PER_VIEW;
    /// @notice Deploys the vaults (it holds their creation code; see CrowdfundVaultDeployer).
    CrowdfundVaultDeployer public immutable VAULT_DEPLOYER;

    uint256 private _platformFeeBps;
    address private _treasury;
    mapping(uint256 filmId => address[]) private _campaigns;

    /// @param ssh The SSH token.
    /// @param registry The film registry.
    /// @param payPerView The pay-per-view contract.
    /// @param admin Sets the fee and treasury of future campaigns.
    /// @param treasury_ Receives platform fees.
    /// @param platformFeeBps_ The fee on a raise, in basis points.
    constructor(
        IERC20 ssh,
        IFilmRegistry registry,
        IPayPerView payPerView,
        address admin,
        address treasury_,
        uint256 platformFeeBps_
    ) AccessControlDefaultAdminRules(ADMIN_TRANSFER_DELAY, admin) {
        if (address(ssh) == address(0) || address(registry) == address(0) || address(payPerView) == address(0)) {
            revert CampaignFactory_ZeroAddress();
        }
        SSH = ssh;
        REGISTRY = registry;
        PAY_PER_VIEW = payPerView;
        VAULT_DEPLOYER = new CrowdfundVaultDeployer();
        _setTreasury(treasury_);
        _setPlatformFee(platformFeeBps_);
    }

    /// @inheritdoc ICampaignFactory
    function createCampaign(ICrowdfundVault.Terms calldata terms, string calldata name, string calldata symbol)
        external
        returns (address vault)
    {
        uint256 splitId = _checkFilm(terms);
        _checkTerms(terms);
        uint256 feeBps = _platformFeeBps;
        vault = VAULT_DEPLOYER.deploy(SSH, REGISTRY, PAY_PER_VIEW, terms, msg.sender, _treasury, feeBps, name, symbol);
        // A split that already names the vault's address could never take the vault in: success could
        // not take effect and the raise would be stuck.
        if (REGISTRY.shareOf(splitId, vault) != 0) revert CampaignFactory_VaultInSplit(vault);
        _campaigns[terms.filmId].push(vault);
        REGISTRY.setSplitManager(terms.filmId, vault);
        emit CampaignCreated(vault, terms.filmId, msg.sender, terms, name, symbol, feeBps);
    }

    /// @inheritdoc ICampaignFactory
    function setPlatformFee(uint256 feeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPlatformFee(feeBps);
    }

    /// @inheritdoc ICampaignFactory
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc ICampaignFactory
    function campaignsOf(uint256 filmId) external view returns (address[] memory) {
        return _campaigns[filmId];
    }

    /// @inheritdoc ICampaignFactory
    function platformFeeBps() external view returns (uint256) {
        return _platformFeeBps;
    }

    /// @inheritdoc ICampaignFactory
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @dev The caller owns the film, handed its split to this factory, and the vault can join that
    ///      split whenever the campaign succeeds, within the owner's own share. Returns the split.
    function _checkFilm(ICrowdfundVault.Terms calldata t) private view returns (uint256) {
        IFilmRegistry.Film memory film = REGISTRY.film(t.filmId); // reverts for an unknown film
        if (film.owner != msg.sender) revert CampaignFactory_NotFilmOwner(t.filmId, msg.sender);
        address manager = REGISTRY.splitManager(t.filmId);
        if (manager != address(this)) revert CampaignFactory_NotSplitManager(t.filmId, manager);
        // Success can come at any moment (the cap), and must take effect then: the vault joins the split
        // at once. Once the vault manages the split, nobody can lock it in the meantime.
        if (film.splitLockedUntil > block.timestamp) {
            revert CampaignFactory_SplitLocked(film.splitLockedUntil, block.timestamp);
        }
        uint256 ownerShare = REGISTRY.shareOf(film.splitId, msg.sender);
        if (t.investorShareBps > ownerShare) {
            revert CampaignFactory_InvestorShareAboveOwnerShare(t.investorShareBps, ownerShare);
        }
        // The vault joins the split as one more recipient unless it takes the owner's whole share.
        (, address[] memory recipients,) = REGISTRY.split(film.splitId);
        if (t.investorShareBps < ownerShare && recipients.length == 50) revert CampaignFactory_SplitFull(recipients.length);
        return film.splitId;
    }

    function _checkTerms(ICrowdfundVault.Terms calldata t) private view {
        if (t.goal < MIN_GOAL || t.cap < t.goal || t.cap > type(uint120).max) {
            revert CampaignFactory_InvalidGoalOrCap(t.goal, t.cap);
        }
        if (t.deadline <= block.timestamp || t.deadline > block.timestamp + MAX_DURATION) {
            revert CampaignFactory_InvalidDeadline(t.deadline);
        }
        if (t.minContribution == 0 || t.minContribution > t.maxPerInvestor || t.minContribution > t.cap) {
            revert CampaignFactory_InvalidContributionLimits(t.minContribution, t.maxPerInvestor);
        }
        if (
            t.investorShareBps == 0 || t.investorShareBps > BasisPoints.MAX_BPS
                || t.investorShareAfterPaybackBps > t.investorShareBps
        ) revert CampaignFactory_InvalidInvestorShares(t.investorShareBps, t.investorShareAfterPaybackBps);
        if (t.paybackMultipleBps < BasisPoints.MAX_BPS || t.paybackMultipleBps > 10 * BasisPoints.MAX_BPS) {
            revert CampaignFactory_InvalidPaybackMultiple(t.paybackMultipleBps);
        }
        uint256 count = t.tranchesBps.length;
        if (count == 0 || count > MAX_TRANCHES || t.trancheDelays.length != count || t.trancheDelays[0] != 0) {
            revert CampaignFactory_InvalidTranches();
        }
        uint256 sum;
        for (uint256 i; i < count; ++i) {
            if (t.tranchesBps[i] == 0 || (i > 0 && t.trancheDelays[i] < t.trancheDelays[i - 1])) {
                revert CampaignFactory_InvalidTranches();
            }
            sum += t.tranchesBps[i];
        }
        if (sum != BasisPoints.MAX_BPS) revert CampaignFactory_InvalidTranches();
    }

    function _setPlatformFee(uint256 feeBps) private {
        if (feeBps > MAX_PLATFORM_FEE_BPS) revert CampaignFactory_FeeTooHigh(feeBps, MAX_PLATFORM_FEE_BPS);
        _platformFeeBps = feeBps;
        emit PlatformFeeUpdated(feeBps);
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert CampaignFactory_ZeroAddress();
        _treasury = newTreasury;
        emit TreasuryUpdated(newTreasury);
    }
}
