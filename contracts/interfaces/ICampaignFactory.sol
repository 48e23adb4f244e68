// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICrowdfundVault} from "./ICrowdfundVault.sol";

/// @title ICampaignFactory
/// @notice Opens film crowdfunds. Only a film's owner may open one, after handing the film's split
///         manager role to this factory (`FilmRegistry.setSplitManager(filmId, factory)`), which passes
///         it on to the new vault: investors then know the vault can make itself a rights holder.
interface ICampaignFactory {
    /// @notice Only the film's owner may open a campaign for it.
    error CampaignFactory_NotFilmOwner(uint256 filmId, address caller);
    /// @notice The owner must first make this factory the film's split manager.
    error CampaignFactory_NotSplitManager(uint256 filmId, address manager);
    /// @notice The goal must be at least MIN_GOAL and the cap at least the goal (and below 2^128).
    error CampaignFactory_InvalidGoalOrCap(uint256 goal, uint256 cap);
    /// @notice The deadline must be in the future, at most MAX_DURATION away.
    error CampaignFactory_InvalidDeadline(uint256 deadline);
    /// @notice Need 0 < minContribution <= maxPerInvestor and minContribution <= cap.
    error CampaignFactory_InvalidContributionLimits(uint256 minContribution, uint256 maxPerInvestor);
    /// @notice Investor shares need 0 < before <= 10,000 and after <= before.
    error CampaignFactory_InvalidInvestorShares(uint256 before, uint256 afterPayback);
    /// @notice The payback multiple must lie in [1x, 10x].
    error CampaignFactory_InvalidPaybackMultiple(uint256 multipleBps);
    /// @notice Tranches: 1 to MAX_TRANCHES, each > 0 bps, summing to 10,000; delays start at 0, never decrease.
    error CampaignFactory_InvalidTranches();
    /// @notice The film's split already names the new vault's address, so the vault could never join it.
    error CampaignFactory_VaultInSplit(address vault);
    /// @notice The film's split is locked: a campaign may succeed at any moment (reaching its cap), and
    ///         its vault could not join the split until the lock ends.
    error CampaignFactory_SplitLocked(uint256 lockedUntil, uint256 now_);
    /// @notice The investors' share would exceed the owner's own share of the split (over 100% of it).
    error CampaignFactory_InvestorShareAboveOwnerShare(uint256 investorShareBps, uint256 ownerShareBps);
    /// @notice The split has no room for the vault as one more recipient.
    error CampaignFactory_SplitFull(uint256 recipients);
    /// @notice The platform fee cannot exceed MAX_PLATFORM_FEE_BPS.
    error CampaignFactory_FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice An address that must be set was zero.
    error CampaignFactory_ZeroAddress();

    /// @notice A campaign was opened. Carries every term the subgraph needs.
    /// @param vault The campaign's vault, which is also its share token.
    /// @param filmId The film financed.
    /// @param filmmaker The film's owner, who receives the raise and the rest of the waterfall.
    /// @param terms The campaign's terms.
    /// @param name The share token's name.
    /// @param symbol The share token's symbol.
    /// @param platformFeeBps The fee taken from each withdrawal, fixed for this campaign.
    event CampaignCreated(
        address indexed vault,
        uint256 indexed filmId,
        address indexed filmmaker,
        ICrowdfundVault.Terms terms,
        string name,
        string symbol,
        uint256 platformFeeBps
    );
    /// @notice The platform fee of future campaigns changed.
    /// @param feeBps The new fee.
    event PlatformFeeUpdated(uint256 feeBps);
    /// @notice The treasury of future campaigns changed.
    /// @param treasury The new treasury.
    event TreasuryUpdated(address indexed treasury);

    /// @notice Opens a campaign for a film the caller owns.
    /// @return vault The new vault (and share token).
    function createCampaign(ICrowdfundVault.Terms calldata terms, string calldata name, string calldata symbol)
        external
        returns (address vault);

    /// @notice Sets the platform fee of future campaigns. Admin only.
    function setPlatformFee(uint256 feeBps) external;

    /// @notice Sets the treasury of future campaigns. Admin only.
    function setTreasury(address treasury) external;

    /// @notice Every campaign opened for `filmId`, oldest first.
    function campaignsOf(uint256 filmId) external view returns (address[] memory);

    /// @notice The platform fee of new campaigns.
    function platformFeeBps() external view returns (uint256);

    /// @notice The treasury of new campaigns.
    function treasury() external view returns (address);
}
