// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ICrowdfundVault
/// @notice One film crowdfund: investors contribute SSH for transferable shares (1:1); on success the
///         filmmaker withdraws the raise (in tranches if so set) and the vault becomes a rights holder
///         of the film, paying investors their share of its revenue; on failure investors refund.
/// @dev Waterfall: the vault's share of the film's split equals the investors' pre-payback share, so
///      until investors have received `raise x paybackMultiple` every SSH the vault earns goes to them;
///      after that they receive `shareAfter / shareBefore` of it and the filmmaker the rest.
interface ICrowdfundVault {
    /// @notice A campaign's life. Funding -> Succeeded or Failed; Succeeded -> Stopped (tranches only).
    enum State {
        Funding,
        Succeeded,
        Failed,
        Stopped
    }

    /// @notice The terms of a campaign, fixed at creation.
    /// @param filmId The film being financed.
    /// @param goal The raise below which the campaign fails, in SSH wei.
    /// @param cap The most it may raise; reaching it ends funding early with success.
    /// @param deadline Contributions are accepted while block.timestamp < deadline.
    /// @param minContribution The least one contribution may be (except one that exactly fills the cap).
    /// @param maxPerInvestor The most one address may contribute in total.
    /// @param investorShareBps Investors' share of the film's revenue until payback (basis points).
    /// @param investorShareAfterPaybackBps Investors' share after payback (<= investorShareBps).
    /// @param paybackMultipleBps Payback target as a multiple of the raise (12,000 = 1.2x).
    /// @param tranchesBps How the raise is released (e.g. [4000, 3000, 3000]; [10000]: all at once).
    /// @param trancheDelays Seconds after success when each tranche unlocks (first is 0, non-decreasing).
    struct Terms {
        uint256 filmId;
        uint256 goal;
        uint256 cap;
        uint256 deadline;
        uint256 minContribution;
        uint256 maxPerInvestor;
        uint16 investorShareBps;
        uint16 investorShareAfterPaybackBps;
        uint32 paybackMultipleBps;
        uint16[] tranchesBps;
        uint32[] trancheDelays;
    }

    /// @notice Funding is closed or the campaign is in the wrong state for this action.
    error Crowdfund_WrongState(State current);
    /// @notice A contribution of zero.
    error Crowdfund_ZeroAmount();
    /// @notice The contribution is below the minimum.
    error Crowdfund_BelowMinimum(uint256 amount, uint256 minContribution);
    /// @notice The contribution would take the investor above the per-investor maximum.
    error Crowdfund_AboveInvestorMaximum(uint256 total, uint256 maxPerInvestor);
    /// @notice The contribution would overshoot the cap.
    error Crowdfund_AboveCap(uint256 amount, uint256 remaining);
    /// @notice Nothing to withdraw now; the next tranche unlocks at `unlocksAt` (0: none left).
    error Crowdfund_NothingToWithdraw(uint256 unlocksAt);
    /// @notice The caller holds no shares to refund.
    error Crowdfund_NothingToRefund(address account);
    /// @notice Nothing to claim.
    error Crowdfund_NothingToClaim(address account);
    /// @notice The campaign is still funding: its royalties wait until it succeeds or fails.
    error Crowdfund_NotRightsHolder();
    /// @notice The vote is not open (before the block after success, or no tranche is left locked to
    ///         stop), or the caller held no shares when it opened.
    error Crowdfund_CannotVote(address account);

    /// @notice An investor contributed.
    /// @param investor The contributor, who received `amount` shares.
    /// @param amount SSH contributed.
    /// @param investorTotal Everything this investor has contributed.
    /// @param raised Everything raised so far.
    event Contributed(address indexed investor, uint256 amount, uint256 investorTotal, uint256 raised);
    /// @notice The campaign succeeded and the vault became a rights holder of the film.
    /// @param splitId The film's new (permanently locked) split, which includes the vault.
    /// @param vaultShareBps The vault's share of the film's revenue.
    /// @param raised The final raise.
    event CampaignSucceeded(uint256 indexed splitId, uint256 vaultShareBps, uint256 raised);
    /// @notice The deadline passed below the goal; investors may refund.
    /// @param raised What was raised.
    event CampaignFailed(uint256 raised);
    /// @notice The filmmaker was paid tranches of the raise.
    /// @param tranchesReleased How many tranches are now released.
    /// @param amount SSH paid to the filmmaker.
    /// @param fee SSH paid to the treasury.
    event Withdrawn(uint256 tranchesReleased, uint256 amount, uint256 fee);
    /// @notice An investor refunded (after failure), burning shares.
    /// @param investor The refunded account.
    /// @param amount SSH returned (= shares burnt).
    event Refunded(address indexed investor, uint256 amount);
    /// @notice The vault collected film revenue and ran the waterfall.
    /// @param income SSH collected from the pay-per-view royalties.
    /// @param toInvestors The part credited to shareholders.
    /// @param toFilmmaker The part owed to the filmmaker.
    /// @param paidBack Everything credited to shareholders so far (payback is reached at the target).
    event RoyaltiesHarvested(uint256 income, uint256 toInvestors, uint256 toFilmmaker, uint256 paidBack);
    /// @notice A shareholder was paid royalties (and, after a stop, refunds of the unreleased raise).
    /// @param account The shareholder paid.
    /// @param amount SSH paid.
    event RoyaltiesClaimed(address indexed account, uint256 amount);
    /// @notice The filmmaker was paid its part of the vault's income.
    /// @param filmmaker The receiver.
    /// @param amount SSH paid.
    event FilmmakerRoyaltiesClaimed(address indexed filmmaker, uint256 amount);
    /// @notice A shareholder voted to stop further tranches (or changed its vote).
    /// @param voter The shareholder.
    /// @param weight Its vote now (its share balance when it voted; 0 withdraws).
    /// @param totalVotes All votes to stop.
    event StopVoteCast(address indexed voter, uint256 weight, uint256 totalVotes);
    /// @notice A majority of shares stopped the tranches; the unreleased raise is refundable pro rata.
    /// @param unreleased SSH credited back to shareholders.
    /// @param paybackTarget The payback target, now on the released part of the raise only.
    event TranchesStopped(uint256 unreleased, uint256 paybackTarget);

    /// @notice Contributes `amount` SSH and mints as many shares to the caller.
    function contribute(uint256 amount) external;

    /// @notice `contribute` with an EIP-2612 permit, in one transaction.
    function contributeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice After success: makes the vault a rights holder (once) and pays the filmmaker every
    ///         unlocked tranche, less the platform fee. Anyone may call; the money goes to the filmmaker.
    function withdraw() external;

    /// @notice After success: makes the vault a rights holder of the film. Anyone may call; once.
    function finalize() external;

    /// @notice After failure: burns all the caller's shares and returns as much SSH.
    function refund() external;

    /// @notice After failure: gives control of the film's split back to its owner. Anyone may call.
    ///         After success the vault manages the split for good (the film can never be deleted).
    function releaseSplit() external;

    /// @notice Books the vault's film revenue not booked yet (its entitlement in PayPerView, whoever
    ///         collected it), runs the waterfall, and collects the SSH. Anyone may call; every share
    ///         transfer books income too.
    /// @return income Income booked by this call.
    function harvest() external returns (uint256 income);

    /// @notice Books and collects the vault's royalties from a split: its own (as `harvest`), or another
    ///         film's split that names the vault as a rights holder, whose income runs through the same
    ///         waterfall (after a failure, where there is none, it is the filmmaker's). Each split's
    ///         income is booked once from PayPerView's books, whoever collected it. Anyone may call,
    ///         once funding is over.
    /// @return income Income booked by this call.
    function harvestFrom(uint256 splitId) external returns (uint256 income);

    /// @notice Pays `account` its royalties (and after a stop, its refund of the unreleased raise).
    function claimRoyalties(address account) external returns (uint256 amount);

    /// @notice Pays the filmmaker its part of the vault's income.
    function claimFilmmakerRoyalties() external returns (uint256 amount);

    /// @notice Votes to stop the tranches still locked, with the caller's share balance as it was when
    ///         the vote opened (the end of the success block). Open from the block after success while
    ///         a tranche is still locked. A majority of shares stops: unlocked tranches go to the
    ///         filmmaker, locked ones back to shareholders.
    function voteToStop() external;

    /// @notice Withdraws the caller's stop vote.
    function withdrawStopVote() external;

    /// @notice The campaign's state now.
    function state() external view returns (State);

    /// @notice The campaign's terms.
    function terms() external view returns (Terms memory);

    /// @notice Everything raised.
    function raised() external view returns (uint256);

    /// @notice Everything `investor` contributed.
    function contributionOf(address investor) external view returns (uint256);

    /// @notice What `account` can claim with `claimRoyalties` now: income booked so far (`harvest` and
    ///         every share transfer book what PayPerView has settled since).
    function claimableRoyalties(address account) external view returns (uint256);

    /// @notice The filmmaker's unclaimed part of the vault's income.
    function filmmakerRoyalties() external view returns (uint256);

    /// @notice Income credited to shareholders so far, and the payback target.
    function payback() external view returns (uint256 paidBack, uint256 target);

    /// @notice How many tranches the filmmaker has been paid.
    function tranchesReleased() external view returns (uint256);

    /// @notice All stop votes, and `account`'s.
    function stopVotes(address account) external view returns (uint256 total, uint256 ofAccount);

    /// @notice The weight `account` votes to stop with: its balance when the vote opened.
    function stopVoteWeight(address account) external view returns (uint256);
}
