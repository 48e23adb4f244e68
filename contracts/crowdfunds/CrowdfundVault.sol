// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ICrowdfundVault} from "../interfaces/ICrowdfundVault.sol";
import {IFilmRegistry} from "../interfaces/IFilmRegistry.sol";
import {IPayPerView} from "../interfaces/IPayPerView.sol";
import {BasisPoints} from "../libraries/BasisPoints.sol";
import {Permits} from "../libraries/Permits.sol";

/// @title CrowdfundVault
/// @notice One film crowdfund and its share token (1 share per SSH contributed).
/// @dev Deployed by the CampaignFactory, which validated the terms and made this vault the film's
///      split manager. Accounting, in SSH held by the vault:
///        balance = raised - refunded - withdrawn + income - claimed by shareholders - claimed by filmmaker
///      Income is the vault's entitlement in its split (PayPerView's cumulative split revenue x the
///      vault's share), booked from PayPerView's books, never from what a claim happened to return: SSH
///      claimed for the vault by anyone is income exactly once. Income is booked before any share moves
///      (a transfer reads the split's revenue), so what was settled while a holder held a share is
///      that holder's. Shareholder royalties use an accumulator (`_accPerShare`) checkpointed on every
///      mint, burn and transfer, so a share can never claim the same income twice. Distribution rounds
///      down and the remainder is carried into the next distribution: no wei is lost or created.
///      SSH sent to the vault directly is not income and not a contribution: it skews nothing.
///      Stop votes count balances as they were when voting opened (the end of the success block):
///      the first move of an account's shares after that records its balance before the move.
contract CrowdfundVault is ICrowdfundVault, ERC20, ERC20Permit, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Fixed-point scale of the royalty accumulator.
    uint256 private constant ACC_PRECISION = 1e18;

    /// @notice The SSH token.
    IERC20 public immutable SSH;
    /// @notice The film registry.
    IFilmRegistry public immutable REGISTRY;
    /// @notice The pay-per-view contract the vault collects its royalties from.
    IPayPerView public immutable PAY_PER_VIEW;
    /// @notice Receives the raise and the filmmaker's part of the waterfall (the film's owner at creation).
    address public immutable FILMMAKER;
    /// @notice Receives the platform fee.
    address public immutable TREASURY;
    /// @notice The platform fee taken from each withdrawal, in basis points.
    uint256 public immutable PLATFORM_FEE_BPS;

    uint256 private immutable FILM_ID;
    uint256 private immutable GOAL;
    uint256 private immutable CAP;
    uint256 private immutable DEADLINE;
    uint256 private immutable MIN_CONTRIBUTION;
    uint256 private immutable MAX_PER_INVESTOR;
    uint256 private immutable SHARE_BEFORE_BPS;
    uint256 private immutable SHARE_AFTER_BPS;
    uint256 private immutable PAYBACK_MULTIPLE_BPS;
    /// @dev Seconds after success when the last tranche unlocks: the stop vote is open until then.
    uint256 private immutable VOTE_CLOSES_AFTER;

    /// @dev Everything contributing and withdrawing read and write, in one slot.
    struct Progress {
        uint128 raised;
        uint40 succeededAt;
        uint32 splitId;
        uint8 tranchesReleased;
        bool stopped;
        bool failureAnnounced;
    }

    /// @dev A shareholder's royalty checkpoint: credit earned so far and the accumulator it was taken at.
    struct Holder {
        uint128 credit;
        uint128 accSnapshot;
    }

    /// @dev A shareholder's stop vote: its balance when voting opened (recorded at its first move
    ///      after that; until then its balance is unchanged) and the weight it voted with.
    struct Voter {
        uint120 balanceAtOpen;
        bool recorded;
        uint120 vote;
    }

    Progress private _progress;
    uint16[] private _tranchesBps;
    uint32[] private _trancheDelays;
    mapping(address investor => uint256) private _contributed;

    uint256 private _accPerShare;
    uint256 private _undistributed;
    uint256 private _booked;
    mapping(uint256 splitId => uint256) private _bookedFrom;
    uint256 private _paidBack;
    uint256 private _paybackTarget;
    uint256 private _filmmakerOwed;
    mapping(address account => Holder) private _holders;

    uint256 private _totalStopVotes;
    mapping(address account => Voter) private _voters;

    /// @param ssh The SSH token.
    /// @param registry The film registry.
    /// @param payPerView The pay-per-view contract.
    /// @param terms_ The validated campaign terms.
    /// @param filmmaker The film's owner.
    /// @param treasury The platform treasury.
    /// @param platformFeeBps The platform fee for this campaign.
    /// @param name_ The share token's name.
    /// @param symbol_ The share token's symbol.
    constructor(
        IERC20 ssh,
        IFilmRegistry registry,
        IPayPerView payPerView,
        Terms memory terms_,
        address filmmaker,
        address treasury,
        uint256 platformFeeBps,
        string memory name_,
        string memory symbol_
    ) ERC20(name_, symbol_) ERC20Permit(name_) {
        SSH = ssh;
        REGISTRY = registry;
        PAY_PER_VIEW = payPerView;
        FILMMAKER = filmmaker;
        TREASURY = treasury;
        PLATFORM_FEE_BPS = platformFeeBps;
        FILM_ID = terms_.filmId;
        GOAL = terms_.goal;
        CAP = terms_.cap;
        DEADLINE = terms_.deadline;
        MIN_CONTRIBUTION = terms_.minContribution;
        MAX_PER_INVESTOR = terms_.maxPerInvestor;
        SHARE_BEFORE_BPS = terms_.investorShareBps;
        SHARE_AFTER_BPS = terms_.investorShareAfterPaybackBps;
        PAYBACK_MULTIPLE_BPS = terms_.paybackMultipleBps;
        VOTE_CLOSES_AFTER = terms_.trancheDelays[terms_.trancheDelays.length - 1];
        _tranchesBps = terms_.tranchesBps;
        _trancheDelays = terms_.trancheDelays;
    }

    // ---------------------------------------------------------------- funding

    /// @inheritdoc ICrowdfundVault
    function contribute(uint256 amount) external nonReentrant {
        _contribute(amount);
    }

    /// @inheritdoc ICrowdfundVault
    function contributeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
    {
        Permits.tryPermit(address(SSH), msg.sender, address(this), amount, deadline, v, r, s);
        _contribute(amount);
    }

    // ---------------------------------------------------------------- success

    /// @inheritdoc ICrowdfundVault
    function finalize() external nonReentrant {
        Progress memory p = _progress;
        _requireState(p, State.Succeeded);
        if (p.splitId == 0) _joinSplit(p);
    }

    /// @inheritdoc ICrowdfundVault
    function withdraw() external nonReentrant {
        Progress memory p = _progress;
        _requireState(p, State.Succeeded);
        if (p.splitId == 0) p = _joinSplit(p);

        uint256 released = p.tranchesReleased;
        uint256 next = _unlockedTranches(p);
        if (next == released) {
            revert Crowdfund_NothingToWithdraw(next < _tranchesBps.length ? p.succeededAt + _trancheDelays[next] : 0);
        }
        _payTranches(released, next, p.raised);
    }

    /// @inheritdoc ICrowdfundVault
    function harvest() public nonReentrant returns (uint256 income) {
        uint256 splitId = _progress.splitId;
        if (splitId == 0) return 0; // not a rights holder (yet, or ever)
        income = _bookIncome(splitId);
        PAY_PER_VIEW.claim(splitId, address(this)); // whatever it returns: income was booked above
    }

    /// @inheritdoc ICrowdfundVault
    function harvestFrom(uint256 splitId) external nonReentrant returns (uint256 income) {
        Progress memory p = _progress;
        State current = _stateOf(p);
        if (current == State.Funding) revert Crowdfund_NotRightsHolder(); // wait for the outcome
        bool failed = current == State.Failed;
        if (p.splitId == 0 && !failed) p = _joinSplit(p); // succeeded: a rights holder from now
        if (splitId == p.splitId) {
            income = _bookIncome(splitId);
        } else {
            // Another film's split that names the vault (a sequel sharing its revenue with the first
            // film's investors, say): booked from PayPerView's books exactly like the vault's own.
            uint256 share = REGISTRY.shareOf(splitId, address(this));
            if (share == 0) return 0;
            uint256 entitled = BasisPoints.mulDown(PAY_PER_VIEW.splitRevenue(splitId), share);
            uint256 booked = _bookedFrom[splitId];
            if (entitled <= booked) return 0;
            _bookedFrom[splitId] = entitled;
            income = entitled - booked;
            if (failed) {
                // A failed campaign refunds its investors in full and has no waterfall: what another
                // film pays it goes to the filmmaker, rather than stay in the vault for good.
                _filmmakerOwed += income;
                emit RoyaltiesHarvested(income, 0, income, _paidBack);
            } else {
                _runWaterfall(income);
            }
        }
        // Collected now, so that booked income from other splits is always in the vault.
        PAY_PER_VIEW.claim(splitId, address(this));
    }

    /// @inheritdoc ICrowdfundVault
    function claimRoyalties(address account) external nonReentrant returns (uint256 amount) {
        _checkpoint(account, _accPerShare);
        amount = _holders[account].credit;
        if (amount == 0) revert Crowdfund_NothingToClaim(account);
        _holders[account].credit = 0;
        emit RoyaltiesClaimed(account, amount);
        _pay(account, amount);
    }

    /// @inheritdoc ICrowdfundVault
    function claimFilmmakerRoyalties() external nonReentrant returns (uint256 amount) {
        amount = _filmmakerOwed;
        if (amount == 0) revert Crowdfund_NothingToClaim(FILMMAKER);
        _filmmakerOwed = 0;
        emit FilmmakerRoyaltiesClaimed(FILMMAKER, amount);
        _pay(FILMMAKER, amount);
    }

    // ---------------------------------------------------------------- milestones

    /// @inheritdoc ICrowdfundVault
    function voteToStop() external nonReentrant {
        Progress memory p = _progress;
        _requireState(p, State.Succeeded);
        // Open only while a tranche is still locked (something to stop), from the block after success.
        if (p.splitId == 0 || !_votingOpen(p)) revert Crowdfund_CannotVote(msg.sender);
        uint256 weight = _stopWeight(msg.sender);
        if (weight == 0) revert Crowdfund_CannotVote(msg.sender);
        uint256 total = _totalStopVotes - _voters[msg.sender].vote + weight;
        _voters[msg.sender].vote = uint120(weight); // <= the supply, the raise, the cap < 2^120 (factory)
        _totalStopVotes = total;
        emit StopVoteCast(msg.sender, weight, total);
        if (total * 2 > totalSupply()) _stop(p);
    }

    /// @inheritdoc ICrowdfundVault
    function withdrawStopVote() external {
        uint256 weight = _voters[msg.sender].vote;
        if (weight == 0) revert Crowdfund_CannotVote(msg.sender);
        _voters[msg.sender].vote = 0;
        uint256 total = _totalStopVotes - weight;
        _totalStopVotes = total;
        emit StopVoteCast(msg.sender, 0, total);
    }

    // ---------------------------------------------------------------- failure

    /// @inheritdoc ICrowdfundVault
    function refund() external nonReentrant {
        Progress memory p = _progress;
        _requireState(p, State.Failed);
        uint256 shares = balanceOf(msg.sender);
        if (shares == 0) revert Crowdfund_NothingToRefund(msg.sender);
        if (!p.failureAnnounced) _announceFailure(p);
        _burn(msg.sender, shares);
        emit Refunded(msg.sender, shares);
        SSH.safeTransfer(msg.sender, shares);
    }

    /// @inheritdoc ICrowdfundVault
    function releaseSplit() external nonReentrant {
        Progress memory p = _progress;
        _requireState(p, State.Failed);
        if (!p.failureAnnounced) _announceFailure(p);
        if (REGISTRY.splitManager(FILM_ID) == address(this)) REGISTRY.setSplitManager(FILM_ID, address(0));
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICrowdfundVault
    function state() external view returns (State) {
        return _stateOf(_progress);
    }

    /// @inheritdoc ICrowdfundVault
    function terms() external view returns (Terms memory) {
        return Terms({
            filmId: FILM_ID,
            goal: GOAL,
            cap: CAP,
            deadline: DEADLINE,
            minContribution: MIN_CONTRIBUTION,
            maxPerInvestor: MAX_PER_INVESTOR,
            investorShareBps: uint16(SHARE_BEFORE_BPS),
            investorShareAfterPaybackBps: uint16(SHARE_AFTER_BPS),
            paybackMultipleBps: uint32(PAYBACK_MULTIPLE_BPS),
            tranchesBps: _tranchesBps,
            trancheDelays: _trancheDelays
        });
    }

    /// @inheritdoc ICrowdfundVault
    function raised() external view returns (uint256) {
        return _progress.raised;
    }

    /// @inheritdoc ICrowdfundVault
    function contributionOf(address investor) external view returns (uint256) {
        return _contributed[investor];
    }

    /// @inheritdoc ICrowdfundVault
    function claimableRoyalties(address account) external view returns (uint256) {
        Holder memory h = _holders[account];
        return h.credit + (balanceOf(account) * (_accPerShare - h.accSnapshot)) / ACC_PRECISION;
    }

    /// @inheritdoc ICrowdfundVault
    function filmmakerRoyalties() external view returns (uint256) {
        return _filmmakerOwed;
    }

    /// @inheritdoc ICrowdfundVault
    function payback() external view returns (uint256 paidBack, uint256 target) {
        return (_paidBack, _paybackTarget);
    }

    /// @inheritdoc ICrowdfundVault
    function tranchesReleased() external view returns (uint256) {
        return _progress.tranchesReleased;
    }

    /// @inheritdoc ICrowdfundVault
    function stopVotes(address account) external view returns (uint256 total, uint256 ofAccount) {
        return (_totalStopVotes, _voters[account].vote);
    }

    /// @inheritdoc ICrowdfundVault
    function stopVoteWeight(address account) external view returns (uint256) {
        return _stopWeight(account);
    }

    // ---------------------------------------------------------------- internal

    function _contribute(uint256 amount) private {
        Progress memory p = _progress;
        _requireState(p, State.Funding);
        if (amount == 0) revert Crowdfund_ZeroAmount();
        uint256 remaining = CAP - p.raised;
        if (amount > remaining) revert Crowdfund_AboveCap(amount, remaining);
        // The last contribution may be smaller than the minimum if it fills the cap exactly.
        if (amount < MIN_CONTRIBUTION && amount != remaining) {
            revert Crowdfund_BelowMinimum(amount, MIN_CONTRIBUTION);
        }
        uint256 investorTotal = _contributed[msg.sender] + amount;
        if (investorTotal > MAX_PER_INVESTOR) revert Crowdfund_AboveInvestorMaximum(investorTotal, MAX_PER_INVESTOR);

        _contributed[msg.sender] = investorTotal;
        uint256 newRaised = p.raised + amount;
        _progress.raised = uint128(newRaised); // <= CAP, which the factory bounds below 2^120
        _mint(msg.sender, amount);
        emit Contributed(msg.sender, amount, investorTotal, newRaised);

        SSH.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Makes the vault a rights holder: its share is carved out of the filmmaker's share of the
    ///      film's current split (unchanged since creation: the vault manages it), and the new split is
    ///      locked for good. The vault stays the split's manager for good too, so that the film can
    ///      never be deleted (the registry refuses while a manager is set) nor its split replaced: the
    ///      investors' royalty can never be taken away while their shares exist.
    function _joinSplit(Progress memory p) private returns (Progress memory) {
        IFilmRegistry.Film memory film = REGISTRY.film(FILM_ID);
        (, address[] memory recipients, uint16[] memory shares) = REGISTRY.split(film.splitId);

        uint256 count = recipients.length;
        uint256 keep = count;
        for (uint256 i; i < count; ++i) {
            if (recipients[i] == FILMMAKER && shares[i] == SHARE_BEFORE_BPS) --keep;
        }
        address[] memory newRecipients = new address[](keep + 1);
        uint16[] memory newShares = new uint16[](keep + 1);
        uint256 j;
        for (uint256 i; i < count; ++i) {
            uint256 share = shares[i];
            if (recipients[i] == FILMMAKER) share -= SHARE_BEFORE_BPS; // the factory checked it fits
            if (share == 0) continue;
            newRecipients[j] = recipients[i];
            newShares[j] = uint16(share);
            ++j;
        }
        newRecipients[j] = address(this);
        newShares[j] = uint16(SHARE_BEFORE_BPS);

        uint256 splitId = REGISTRY.setSplit(FILM_ID, newRecipients, newShares, type(uint40).max);

        p.splitId = SafeCast.toUint32(splitId);
        p.succeededAt = uint40(block.timestamp);
        _progress.splitId = p.splitId;
        _progress.succeededAt = p.succeededAt;
        _paybackTarget = BasisPoints.mulDown(p.raised, PAYBACK_MULTIPLE_BPS);
        emit CampaignSucceeded(splitId, SHARE_BEFORE_BPS, p.raised);
        return p;
    }

    /// @dev A majority stopped the tranches: the filmmaker is paid every tranche already unlocked (it was
    ///      owed), the locked rest goes back to shareholders pro rata through the same accumulator as
    ///      royalties, and payback is owed on the released part only.
    function _stop(Progress memory p) private {
        uint256 unlocked = _unlockedTranches(p);
        if (unlocked != p.tranchesReleased) _payTranches(p.tranchesReleased, unlocked, p.raised);
        uint256 released = _releasedThrough(unlocked, p.raised);
        uint256 unreleased = p.raised - released;
        uint256 target = BasisPoints.mulDown(released, PAYBACK_MULTIPLE_BPS);
        _progress.stopped = true;
        _paybackTarget = target;
        _distribute(unreleased);
        emit TranchesStopped(unreleased, target);
    }

    /// @dev Pays the filmmaker tranches `from` to `to` (exclusive) of the raise, less the platform fee.
    function _payTranches(uint256 from, uint256 to, uint256 raised_) private {
        uint256 amount = _releasedThrough(to, raised_) - _releasedThrough(from, raised_);
        uint256 fee = BasisPoints.mulDown(amount, PLATFORM_FEE_BPS);
        _progress.tranchesReleased = uint8(to);
        emit Withdrawn(to, amount - fee, fee);
        SSH.safeTransfer(FILMMAKER, amount - fee);
        if (fee != 0) SSH.safeTransfer(TREASURY, fee);
    }

    /// @dev How many tranches have unlocked (delays are non-decreasing, the first is 0).
    function _unlockedTranches(Progress memory p) private view returns (uint256 next) {
        uint256 count = _tranchesBps.length;
        next = p.tranchesReleased;
        while (next < count && block.timestamp >= p.succeededAt + _trancheDelays[next]) ++next;
    }

    /// @dev The stop vote is open after the success block (so balances at its end are settled) and
    ///      while the last tranche is locked. A campaign released at once has nothing to stop.
    function _votingOpen(Progress memory p) private view returns (bool) {
        return !p.stopped && block.timestamp > p.succeededAt && block.timestamp < p.succeededAt + VOTE_CLOSES_AFTER;
    }

    /// @dev Books the vault's income from its split: its entitlement in PayPerView's books (cumulative
    ///      split revenue x its share, rounded down exactly as PayPerView does) less what was booked
    ///      before. Whoever claimed the SSH for the vault, and whenever, it is booked exactly once.
    function _bookIncome(uint256 splitId) private returns (uint256 income) {
        uint256 entitled = BasisPoints.mulDown(PAY_PER_VIEW.splitRevenue(splitId), SHARE_BEFORE_BPS);
        uint256 booked = _booked;
        if (entitled <= booked) return 0;
        _booked = entitled;
        income = entitled - booked;
        _runWaterfall(income);
    }

    /// @dev Splits `income` between shareholders and the filmmaker.
    function _runWaterfall(uint256 income) private {
        // Waterfall: until payback every SSH of income goes to investors (the vault's split share is
        // exactly their pre-payback share); after it, shareAfter/shareBefore of it. The income that
        // crosses the payback target is split at the target exactly.
        uint256 paid = _paidBack;
        uint256 target = _paybackTarget;
        uint256 toInvestors;
        if (paid >= target) {
            toInvestors = _afterPayback(income);
        } else {
            uint256 needed = target - paid;
            toInvestors = income <= needed ? income : needed + _afterPayback(income - needed);
        }
        _paidBack = paid + toInvestors;
        _filmmakerOwed += income - toInvestors;
        _distribute(toInvestors);
        emit RoyaltiesHarvested(income, toInvestors, income - toInvestors, paid + toInvestors);
    }

    /// @dev Pays `amount` of booked income (or of the raise returned by a stop). Booked income may still
    ///      sit in PayPerView: unless the vault holds it on top of the raise it still owes the filmmaker,
    ///      it collects its royalties first, so that a claim is never paid out of the raise.
    function _pay(address to, uint256 amount) private {
        Progress memory p = _progress;
        if (p.splitId != 0) {
            uint256 raiseHeld = p.stopped ? 0 : p.raised - _releasedThrough(p.tranchesReleased, p.raised);
            if (SSH.balanceOf(address(this)) < raiseHeld + amount) PAY_PER_VIEW.claim(p.splitId, address(this));
        }
        SSH.safeTransfer(to, amount);
    }

    function _announceFailure(Progress memory p) private {
        _progress.failureAnnounced = true;
        emit CampaignFailed(p.raised);
    }

    /// @dev Credits `amount` to shareholders pro rata. The rounding remainder is carried over, so
    ///      everything credited adds up to everything distributed, to the wei, over time.
    function _distribute(uint256 amount) private {
        uint256 supply = totalSupply();
        uint256 total = amount + _undistributed;
        uint256 perShare = (total * ACC_PRECISION) / supply;
        _accPerShare += perShare;
        _undistributed = total - (perShare * supply) / ACC_PRECISION;
    }

    /// @dev Books the royalties `account` earned since its last checkpoint (rounded down).
    function _checkpoint(address account, uint256 acc) private {
        Holder memory h = _holders[account];
        if (h.accSnapshot == acc) return;
        uint256 earned = (balanceOf(account) * (acc - h.accSnapshot)) / ACC_PRECISION;
        _holders[account] = Holder({
            credit: SafeCast.toUint128(h.credit + earned), accSnapshot: SafeCast.toUint128(acc)
        });
    }

    /// @dev Before any balance moves (mint, burn, transfer): books the income settled so far, so that it
    ///      belongs to the holders of now; settles royalties of both sides; and while the stop vote is
    ///      open, records each side's balance at the vote's opening on its first move.
    function _update(address from, address to, uint256 value) internal override {
        Progress memory p = _progress;
        if (p.splitId != 0) {
            _bookIncome(p.splitId);
            if (_votingOpen(p)) {
                _recordBalanceAtOpen(from);
                _recordBalanceAtOpen(to);
            }
        }
        uint256 acc = _accPerShare;
        if (acc != 0) {
            if (from != address(0)) _checkpoint(from, acc);
            if (to != address(0)) _checkpoint(to, acc);
        }
        super._update(from, to, value);
    }

    /// @dev An account's vote: its balance when the vote opened (recorded at its first move since; an
    ///      account that has not moved still holds it).
    function _stopWeight(address account) private view returns (uint256) {
        Voter memory v = _voters[account];
        return v.recorded ? v.balanceAtOpen : balanceOf(account);
    }

    function _recordBalanceAtOpen(address account) private {
        Voter storage v = _voters[account];
        if (v.recorded) return;
        v.balanceAtOpen = uint120(balanceOf(account)); // <= the cap < 2^120 (factory)
        v.recorded = true;
    }

    /// @dev The part of the raise released by the first `tranches` tranches (the last takes the rest).
    function _releasedThrough(uint256 tranches, uint256 total) private view returns (uint256) {
        if (tranches >= _tranchesBps.length) return total;
        uint256 bps;
        for (uint256 i; i < tranches; ++i) bps += _tranchesBps[i];
        return BasisPoints.mulDown(total, bps);
    }

    function _afterPayback(uint256 income) private view returns (uint256) {
        return (income * SHARE_AFTER_BPS) / SHARE_BEFORE_BPS;
    }

    function _requireState(Progress memory p, State expected) private view {
        State current = _stateOf(p);
        if (current != expected) revert Crowdfund_WrongState(current);
    }

    function _stateOf(Progress memory p) private view returns (State) {
        if (p.stopped) return State.Stopped;
        if (p.raised >= CAP) return State.Succeeded;
        if (block.timestamp < DEADLINE) return State.Funding;
        return p.raised >= GOAL ? State.Succeeded : State.Failed;
    }
}
