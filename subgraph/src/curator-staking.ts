// CuratorStaking: nodes, attested fragments, stakes, PoSTF rewards, slashes and popularity.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

import {
  FragmentAttested,
  FragmentSlashed,
  NodeRegistered,
  PopularityReported,
  RewardClaimed,
  RewardsFunded,
  Staked,
  UnstakeRequested,
  Withdrawn,
} from "../generated/CuratorStaking/CuratorStaking";
import {
  Curator,
  Film,
  Fragment,
  Node,
  PopularityReport,
  RewardClaim,
  RewardFunding,
  Slash,
  Stake,
  StakeChange,
} from "../generated/schema";
import { eventId, getPlatform, getPlatformDay, ZERO } from "./common/helpers";

function getCurator(address: Address): Curator {
  let curator = Curator.load(address);
  if (curator == null) {
    curator = new Curator(address);
    curator.staked = ZERO;
    curator.unbonding = ZERO;
    curator.rewardsPaid = ZERO;
    curator.rewardsOwed = ZERO;
    curator.slashed = ZERO;
    curator.save();
  }
  return curator;
}

function loadStake(nodeId: Bytes, fragmentId: Bytes): Stake {
  // Every stake event follows the fragment's attestation, which created the position.
  return Stake.load(nodeId.concat(fragmentId))!;
}

function recordChange(event: ethereum.Event, stake: Stake, kind: string, amount: BigInt, accrued: BigInt): void {
  const change = new StakeChange(eventId(event));
  change.stake = stake.id;
  change.curator = stake.curator;
  change.kind = kind;
  change.amount = amount;
  change.accrued = accrued;
  change.timestamp = event.block.timestamp;
  change.transactionHash = event.transaction.hash;
  change.save();
}

export function handleNodeRegistered(event: NodeRegistered): void {
  const node = new Node(event.params.nodeId);
  node.curator = getCurator(event.params.curator).id;
  node.publicKey = event.params.publicKey;
  node.registeredAt = event.block.timestamp;
  node.save();
}

export function handleFragmentAttested(event: FragmentAttested): void {
  if (Fragment.load(event.params.fragmentId) == null) {
    const fragment = new Fragment(event.params.fragmentId);
    fragment.film = event.params.filmId.toString();
    fragment.contentId = event.params.contentId;
    fragment.save();
  }
  const id = event.params.nodeId.concat(event.params.fragmentId);
  let stake = Stake.load(id);
  if (stake == null) {
    // First attestation of this node for this fragment; a re-attestation after a slash keeps the rest.
    stake = new Stake(id);
    stake.node = event.params.nodeId;
    stake.fragment = event.params.fragmentId;
    stake.curator = getCurator(event.params.curator).id;
    stake.amount = ZERO;
    stake.unbonding = ZERO;
    stake.released = ZERO;
    stake.releasedAt = ZERO;
    stake.unlocksAt = ZERO;
    stake.owed = ZERO;
    stake.rewardsPaid = ZERO;
    stake.slashed = ZERO;
  }
  stake.status = "Held";
  stake.heldSince = event.block.timestamp;
  stake.stakeableAt = event.params.stakeableAt;
  stake.save();
}

export function handleStaked(event: Staked): void {
  const stake = loadStake(event.params.nodeId, event.params.fragmentId);
  stake.amount = event.params.stake;
  stake.owed = stake.owed.plus(event.params.accrued);
  stake.save();
  recordChange(event, stake, "Staked", event.params.amount, event.params.accrued);

  const curator = getCurator(event.params.curator);
  curator.staked = curator.staked.plus(event.params.amount);
  curator.rewardsOwed = curator.rewardsOwed.plus(event.params.accrued);
  curator.save();
  const platform = getPlatform();
  platform.staked = platform.staked.plus(event.params.amount);
  platform.save();
}

export function handleUnstakeRequested(event: UnstakeRequested): void {
  const stake = loadStake(event.params.nodeId, event.params.fragmentId);
  stake.amount = event.params.stake;
  stake.unbonding = event.params.unbonding;
  stake.unlocksAt = event.params.unlocksAt;
  stake.owed = stake.owed.plus(event.params.accrued);
  stake.save();
  recordChange(event, stake, "UnstakeRequested", event.params.amount, event.params.accrued);

  const curator = getCurator(event.params.curator);
  curator.staked = curator.staked.minus(event.params.amount);
  curator.unbonding = curator.unbonding.plus(event.params.amount);
  curator.rewardsOwed = curator.rewardsOwed.plus(event.params.accrued);
  curator.save();
  const platform = getPlatform();
  platform.staked = platform.staked.minus(event.params.amount);
  platform.save();
}

export function handleWithdrawn(event: Withdrawn): void {
  // A withdrawal takes each amount whose date has come, as the contract does.
  const stake = loadStake(event.params.nodeId, event.params.fragmentId);
  const now = event.block.timestamp;
  if (now.ge(stake.unlocksAt)) stake.unbonding = ZERO;
  if (now.ge(stake.releasedAt)) stake.released = ZERO;
  stake.save();
  recordChange(event, stake, "Withdrawn", event.params.amount, ZERO);

  const curator = getCurator(event.params.curator);
  curator.unbonding = curator.unbonding.minus(event.params.amount);
  curator.save();
}

export function handleRewardClaimed(event: RewardClaimed): void {
  const stake = loadStake(event.params.nodeId, event.params.fragmentId);
  const owedBefore = stake.owed;
  stake.owed = event.params.owed;
  stake.rewardsPaid = stake.rewardsPaid.plus(event.params.paid);
  stake.save();

  const claim = new RewardClaim(eventId(event));
  claim.stake = stake.id;
  claim.curator = stake.curator;
  claim.coinAge = event.params.coinAge;
  claim.value = event.params.stake;
  claim.popularity = event.params.popularity;
  claim.reward = event.params.reward;
  claim.paid = event.params.paid;
  claim.owed = event.params.owed;
  claim.timestamp = event.block.timestamp;
  claim.transactionHash = event.transaction.hash;
  claim.save();

  const curator = getCurator(event.params.curator);
  curator.rewardsPaid = curator.rewardsPaid.plus(event.params.paid);
  curator.rewardsOwed = curator.rewardsOwed.minus(owedBefore).plus(event.params.owed);
  curator.save();
  const platform = getPlatform();
  platform.rewardsPaid = platform.rewardsPaid.plus(event.params.paid);
  platform.save();
  const day = getPlatformDay(event);
  day.rewardsPaid = day.rewardsPaid.plus(event.params.paid);
  day.save();
}

export function handleFragmentSlashed(event: FragmentSlashed): void {
  const stake = loadStake(event.params.nodeId, event.params.fragmentId);
  const stakedBefore = stake.amount;
  const waitingBefore = stake.unbonding.plus(stake.released);
  const owedBefore = stake.owed;
  stake.status = "Slashed";
  stake.amount = ZERO;
  // The stake and its unbonding were slashed; what is left joins earlier remainders, on their date.
  stake.unbonding = ZERO;
  stake.released = event.params.unbonding;
  stake.releasedAt = event.params.unlocksAt;
  stake.owed = ZERO;
  stake.slashed = stake.slashed.plus(event.params.slashed);
  stake.save();

  const slash = new Slash(eventId(event));
  slash.stake = stake.id;
  slash.curator = stake.curator;
  slash.slashed = event.params.slashed;
  slash.forfeited = event.params.forfeited;
  slash.unbonding = event.params.unbonding;
  slash.timestamp = event.block.timestamp;
  slash.save();

  const curator = getCurator(event.params.curator);
  curator.staked = curator.staked.minus(stakedBefore);
  curator.unbonding = curator.unbonding.minus(waitingBefore).plus(event.params.unbonding);
  curator.rewardsOwed = curator.rewardsOwed.minus(owedBefore);
  curator.slashed = curator.slashed.plus(event.params.slashed);
  curator.save();
  const platform = getPlatform();
  platform.staked = platform.staked.minus(stakedBefore);
  platform.slashed = platform.slashed.plus(event.params.slashed);
  platform.save();
}

export function handlePopularityReported(event: PopularityReported): void {
  const report = new PopularityReport(eventId(event));
  report.film = event.params.filmId.toString();
  report.index = event.params.index;
  report.cumulative = event.params.cumulative;
  report.timestamp = event.block.timestamp;
  report.save();

  const film = Film.load(event.params.filmId.toString())!;
  film.popularity = event.params.index;
  film.save();
}

export function handleRewardsFunded(event: RewardsFunded): void {
  const funding = new RewardFunding(eventId(event));
  funding.funder = event.params.funder;
  funding.amount = event.params.amount;
  funding.pool = event.params.pool;
  funding.timestamp = event.block.timestamp;
  funding.save();

  const platform = getPlatform();
  platform.rewardsFunded = platform.rewardsFunded.plus(event.params.amount);
  platform.save();
}
