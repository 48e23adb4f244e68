// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ICuratorStaking
/// @notice Curators stake SSH on the film fragments their storage nodes hold and earn the whitepaper's
///         Proof of Stake Time Fragment (PoSTF) reward, weighted by how much the film is watched:
///         R = W x I x 33/(365 x 33 + 8), W = T x V x P, I = 2% a year.
/// @dev T is the coin-age in days (second precision) since the last stake change or claim, capped at
///      `MAX_COIN_AGE`; V the stake; P the film's popularity index (1e18 = an average film) posted by
///      the reporter from paid views, averaged over T when it changed during T. Rewards come from a
///      pool funded in SSH; nothing is ever minted. A fragment is identified by its film and content id
///      (the sha2-256 digest of its IPFS CID); a position is one node's stake on one fragment.
interface ICuratorStaking {
    /// @notice Where a node stands with a fragment.
    enum HoldingStatus {
        None,
        Held,
        Slashed
    }

    /// @notice One node's position on one fragment, as stored. The second slot is all a claim needs in
    ///         the common case (nothing owed from before): a claim reads and writes one position slot.
    /// @param owed Rewards accrued but not yet paid (booked on stake changes, or unpaid by an empty pool).
    /// @param unbonding SSH unstaked and waiting out the unbonding delay (an audit can still slash it).
    /// @param heldSince When the auditor attested that the node holds the fragment.
    /// @param status Whether the node holds the fragment (attested) or failed an audit since.
    /// @param stake SSH staked and earning (V).
    /// @param ageStart Start of the current coin-age (last stake change or claim; 0: never staked).
    /// @param popularitySnapshot The film's cumulative popularity-seconds at `ageStart`.
    /// @param hasOwed Whether `owed` is above zero (so that a claim reads the first slot only then).
    /// @param unlocksAt When `unbonding` can be withdrawn.
    /// @param released What a failed audit left of the stake and unbonding it slashed: never slashed
    ///        again (a later audit concerns a later stake), withdrawable at `releasedAt`.
    /// @param releasedAt When `released` can be withdrawn; a later audit never moves it.
    struct Position {
        uint104 owed;
        uint96 unbonding;
        uint40 heldSince;
        HoldingStatus status;
        uint96 stake;
        uint40 ageStart;
        uint112 popularitySnapshot;
        bool hasOwed;
        uint40 unlocksAt;
        uint96 released;
        uint40 releasedAt;
    }

    /// @notice A film's popularity as stored.
    /// @param index The current popularity index P (1e18 = average).
    /// @param updatedAt When `index` was posted.
    /// @param cumulative Sum of index x seconds up to `updatedAt` (the integral of P over time).
    struct Popularity {
        uint96 index;
        uint40 updatedAt;
        uint112 cumulative;
    }

    /// @notice A constructor argument is zero or out of its bounds.
    error Staking_InvalidParameter();
    /// @notice An amount must be above zero.
    error Staking_ZeroAmount();
    /// @notice A node id is taken, or the public key is not a 64-byte secp256k1 key.
    error Staking_InvalidNode(bytes32 nodeId);
    /// @notice The registration is not signed by the node's own key for this curator, chain and contract.
    error Staking_NodeSignatureInvalid(bytes32 nodeId, address signer, address nodeAddress);
    /// @notice The node is not registered.
    error Staking_UnknownNode(bytes32 nodeId);
    /// @notice The film does not exist.
    error Staking_UnknownFilm(uint256 filmId);
    /// @notice The film is deleted: nothing can be staked on it and its popularity is zero.
    error Staking_FilmDeleted(uint256 filmId);
    /// @notice The auditor has already attested that the node holds this fragment.
    error Staking_AlreadyHeld(bytes32 nodeId, bytes32 fragmentId);
    /// @notice The node does not hold the fragment (never attested, or slashed since).
    error Staking_NotHeld(bytes32 nodeId, bytes32 fragmentId);
    /// @notice The fragment has not been held for the minimum holding time yet.
    error Staking_HoldingTimeNotMet(bytes32 nodeId, bytes32 fragmentId, uint256 stakeableAt);
    /// @notice Nothing was ever staked on this position, so there is nothing to claim.
    error Staking_NothingStaked(bytes32 nodeId, bytes32 fragmentId);
    /// @notice More than the position's stake was asked for.
    error Staking_InsufficientStake(uint256 requested, uint256 staked);
    /// @notice Nothing is unbonding on this position.
    error Staking_NothingToWithdraw(bytes32 nodeId, bytes32 fragmentId);
    /// @notice The unbonding delay has not passed yet.
    error Staking_StillUnbonding(uint256 unlocksAt);
    /// @notice The reporter posted a popularity index above the ceiling.
    error Staking_PopularityAboveCeiling(uint256 filmId, uint256 index, uint256 ceiling);
    /// @notice A popularity report's arrays differ in length, are empty or exceed the batch limit.
    error Staking_InvalidReport(uint256 filmIds, uint256 indices);

    /// @notice A curator registered a storage node.
    /// @param nodeId keccak256 of the node's public key.
    /// @param curator The node's curator, who stakes and is paid.
    /// @param publicKey The node's public key.
    event NodeRegistered(bytes32 indexed nodeId, address indexed curator, bytes publicKey);
    /// @notice The auditor attested that a node holds a fragment; its holding time starts now.
    /// @param nodeId The node.
    /// @param fragmentId keccak256(abi.encode(filmId, contentId)).
    /// @param filmId The film the fragment belongs to.
    /// @param contentId The sha2-256 digest of the fragment's IPFS CID.
    /// @param curator The node's curator.
    /// @param stakeableAt When the minimum holding time is met.
    event FragmentAttested(
        bytes32 indexed nodeId,
        bytes32 indexed fragmentId,
        uint256 indexed filmId,
        bytes32 contentId,
        address curator,
        uint256 stakeableAt
    );
    /// @notice A curator staked (or added to a stake); its coin-age restarts.
    /// @param nodeId The node.
    /// @param fragmentId The fragment.
    /// @param curator The curator.
    /// @param amount SSH added.
    /// @param stake The position's stake after.
    /// @param accrued Reward accrued on the former stake up to now and booked as owed.
    event Staked(
        bytes32 indexed nodeId,
        bytes32 indexed fragmentId,
        address indexed curator,
        uint256 amount,
        uint256 stake,
        uint256 accrued
    );
    /// @notice A curator moved stake into unbonding; its coin-age restarts.
    /// @param nodeId The node.
    /// @param fragmentId The fragment.
    /// @param curator The curator.
    /// @param amount SSH moved to unbonding.
    /// @param stake The position's stake after.
    /// @param unbonding The position's unbonding amount after.
    /// @param unlocksAt When the unbonding amount can be withdrawn.
    /// @param accrued Reward accrued on the former stake up to now and booked as owed.
    event UnstakeRequested(
        bytes32 indexed nodeId,
        bytes32 indexed fragmentId,
        address indexed curator,
        uint256 amount,
        uint256 stake,
        uint256 unbonding,
        uint256 unlocksAt,
        uint256 accrued
    );
    /// @notice A curator withdrew its unbonded SSH.
    /// @param nodeId The node.
    /// @param fragmentId The fragment.
    /// @param curator The curator, who received the SSH.
    /// @param amount SSH withdrawn.
    event Withdrawn(bytes32 indexed nodeId, bytes32 indexed fragmentId, address indexed curator, uint256 amount);
    /// @notice A curator claimed: the reward for the coin-age ending now, plus what was owed, paid as far
    ///         as the pool allows.
    /// @param nodeId The node.
    /// @param fragmentId The fragment.
    /// @param curator The curator.
    /// @param coinAge T used, in seconds (capped at MAX_COIN_AGE).
    /// @param stake V used.
    /// @param popularity P used (1e18 = average): the film's index averaged over the coin-age.
    /// @param reward The reward for this coin-age, per the formula, rounded down.
    /// @param paid SSH paid now.
    /// @param owed What the pool could not pay and is still owed.
    event RewardClaimed(
        bytes32 indexed nodeId,
        bytes32 indexed fragmentId,
        address indexed curator,
        uint256 coinAge,
        uint256 stake,
        uint256 popularity,
        uint256 reward,
        uint256 paid,
        uint256 owed
    );
    /// @notice A node failed a storage audit: its rewards on the fragment are forfeited, part of its
    ///         stake (and of any unbonding amount) goes to the treasury and the rest starts unbonding.
    /// @param nodeId The node.
    /// @param fragmentId The fragment.
    /// @param curator The curator.
    /// @param slashed SSH sent to the treasury.
    /// @param forfeited Rewards (owed and accrued) the curator loses.
    /// @param unbonding What the curator can withdraw at `unlocksAt` from this and earlier failed
    ///        audits (the position's `released`); it is never slashed again.
    /// @param unlocksAt When it can: set by the first failed audit whose remainder is still waiting; a
    ///        later audit never moves it.
    event FragmentSlashed(
        bytes32 indexed nodeId,
        bytes32 indexed fragmentId,
        address indexed curator,
        uint256 slashed,
        uint256 forfeited,
        uint256 unbonding,
        uint256 unlocksAt
    );
    /// @notice The reporter posted a film's popularity index; it applies from now on.
    /// @param filmId The film.
    /// @param index The new index (1e18 = average).
    /// @param cumulative The film's cumulative popularity-seconds up to now.
    event PopularityReported(uint256 indexed filmId, uint256 index, uint256 cumulative);
    /// @notice Someone (normally the treasury) added SSH to the reward pool.
    /// @param funder Who paid.
    /// @param amount SSH added.
    /// @param pool The pool after.
    event RewardsFunded(address indexed funder, uint256 amount, uint256 pool);

    /// @notice Registers a storage node of the caller. Its id is keccak256(publicKey). The node proves it
    ///         holds the key: `signature` is its EIP-712 signature of NodeRegistration(nodeId, curator)
    ///         for this chain and contract, naming the caller, so a copied registration is worthless.
    /// @param publicKey The node's secp256k1 public key, 64 bytes (x and y, without the 0x04 prefix).
    /// @param signature The node key's 65-byte signature of the registration.
    /// @return nodeId The node's id.
    function registerNode(bytes calldata publicKey, bytes calldata signature) external returns (bytes32 nodeId);

    /// @notice The EIP-712 digest a node signs to register with `curator`.
    function nodeRegistrationDigest(bytes32 nodeId, address curator) external view returns (bytes32);

    /// @notice Auditor: attests that `nodeId` holds the fragment (a film's, by content id). Also re-admits
    ///         a node slashed on it earlier, with a new holding time.
    function attest(bytes32 nodeId, uint256 filmId, bytes32 contentId) external;

    /// @notice Auditor: reports that `nodeId` failed an audit of the fragment (see FragmentSlashed).
    function reportFailedAudit(bytes32 nodeId, uint256 filmId, bytes32 contentId) external;

    /// @notice Reporter: posts films' popularity indices (1e18 = average), derived from paid views.
    /// @param filmIds The films (at most MAX_REPORT_BATCH).
    /// @param indices Their indices, each at most POPULARITY_CEILING (zero for a deleted film).
    function reportPopularity(uint256[] calldata filmIds, uint256[] calldata indices) external;

    /// @notice Adds `amount` SSH of the caller to the reward pool.
    function fundRewards(uint256 amount) external;

    /// @notice Stakes `amount` SSH of the caller (the node's curator) on a fragment its node holds.
    function stake(bytes32 nodeId, uint256 filmId, bytes32 contentId, uint256 amount) external;

    /// @notice `stake` with an EIP-2612 permit for the amount, in one transaction.
    function stakeWithPermit(
        bytes32 nodeId,
        uint256 filmId,
        bytes32 contentId,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Pays the caller's reward on a position: owed + the reward of the coin-age ending now, as
    ///         far as the pool allows (the rest stays owed). Restarts the coin-age.
    /// @return paid SSH paid.
    function claim(bytes32 nodeId, uint256 filmId, bytes32 contentId) external returns (uint256 paid);

    /// @notice Moves `amount` of the caller's stake into unbonding (withdrawable after UNBONDING_DELAY,
    ///         counted again from now for everything unbonding on the position).
    function requestUnstake(bytes32 nodeId, uint256 filmId, bytes32 contentId, uint256 amount) external;

    /// @notice Withdraws the caller's unbonded SSH (unstaked, and what failed audits left) whose delay
    ///         has passed.
    /// @return amount SSH withdrawn.
    function withdraw(bytes32 nodeId, uint256 filmId, bytes32 contentId) external returns (uint256 amount);

    /// @notice The curator of a node (zero: not registered).
    function nodeCurator(bytes32 nodeId) external view returns (address);

    /// @notice A node's position on a fragment.
    function positionOf(bytes32 nodeId, uint256 filmId, bytes32 contentId) external view returns (Position memory);

    /// @notice What `claim` would reward now, before the pool limit, and the T, V, P it would use.
    function pendingReward(bytes32 nodeId, uint256 filmId, bytes32 contentId)
        external
        view
        returns (uint256 reward, uint256 coinAge, uint256 stake, uint256 popularity);

    /// @notice A film's popularity.
    function popularityOf(uint256 filmId) external view returns (Popularity memory);

    /// @notice SSH in the reward pool.
    function rewardPool() external view returns (uint256);

    /// @notice SSH paid from the pool so far (pool + paid = everything ever funded).
    function totalRewardsPaid() external view returns (uint256);

    /// @notice The id of a fragment: keccak256(abi.encode(filmId, contentId)).
    function fragmentIdOf(uint256 filmId, bytes32 contentId) external pure returns (bytes32);

    /// @notice The PoSTF reward for coin-age `coinAge` seconds (capped at MAX_COIN_AGE), stake `stakeAmount`
    ///         and popularity `popularity`, rounded down.
    function rewardFor(uint256 coinAge, uint256 stakeAmount, uint256 popularity) external view returns (uint256);
}
