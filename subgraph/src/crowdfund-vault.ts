// CrowdfundVault (template, one data source per campaign): contributions, outcome, withdrawals,
// royalties and the campaign shares.
import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";

import {
  CampaignFailed,
  CampaignSucceeded,
  Contributed,
  FilmmakerRoyaltiesClaimed,
  Refunded,
  RoyaltiesClaimed,
  RoyaltiesHarvested,
  StopVoteCast,
  TranchesStopped,
  Transfer,
  Withdrawn,
} from "../generated/templates/CrowdfundVault/CrowdfundVault";
import {
  Campaign,
  CampaignRefund,
  CampaignRoyaltyClaim,
  CampaignWithdrawal,
  Contribution,
  Harvest,
  InvestorPosition,
  StopVote,
} from "../generated/schema";
import { eventId, getAccount, getPlatform, getPlatformDay, ZERO } from "./common/helpers";

function loadCampaign(vault: Address): Campaign {
  return Campaign.load(vault)!;
}

function getPosition(vault: Address, investor: Address): InvestorPosition {
  const id = vault.concat(investor);
  let position = InvestorPosition.load(id);
  if (position == null) {
    position = new InvestorPosition(id);
    position.campaign = vault;
    position.investor = getAccount(investor).id;
    position.contributed = ZERO;
    position.shares = ZERO;
    position.refunded = ZERO;
    position.royaltiesClaimed = ZERO;
  }
  return position;
}

export function handleContributed(event: Contributed): void {
  const campaign = loadCampaign(event.address);
  const position = getPosition(event.address, event.params.investor);
  const firstTime = position.contributed.isZero();
  position.contributed = event.params.investorTotal;
  position.save();

  const contribution = new Contribution(eventId(event));
  contribution.campaign = campaign.id;
  contribution.investor = position.investor;
  contribution.amount = event.params.amount;
  contribution.investorTotal = event.params.investorTotal;
  contribution.raised = event.params.raised;
  contribution.blockNumber = event.block.number;
  contribution.timestamp = event.block.timestamp;
  contribution.transactionHash = event.transaction.hash;
  contribution.save();

  campaign.raised = event.params.raised;
  if (firstTime) campaign.investorCount += 1;
  campaign.save();
  const platform = getPlatform();
  platform.contributed = platform.contributed.plus(event.params.amount);
  platform.save();
  const day = getPlatformDay(event);
  day.contributed = day.contributed.plus(event.params.amount);
  if (firstTime) day.newInvestors += 1;
  day.save();
}

export function handleCampaignSucceeded(event: CampaignSucceeded): void {
  const campaign = loadCampaign(event.address);
  campaign.state = "Succeeded";
  campaign.raised = event.params.raised;
  campaign.save();
}

export function handleCampaignFailed(event: CampaignFailed): void {
  const campaign = loadCampaign(event.address);
  campaign.state = "Failed";
  campaign.save();
}

export function handleTranchesStopped(event: TranchesStopped): void {
  const campaign = loadCampaign(event.address);
  campaign.state = "Stopped";
  campaign.save();
}

export function handleWithdrawn(event: Withdrawn): void {
  const campaign = loadCampaign(event.address);
  campaign.tranchesReleased = event.params.tranchesReleased.toI32();
  campaign.withdrawn = campaign.withdrawn.plus(event.params.amount);
  campaign.save();

  const withdrawal = new CampaignWithdrawal(eventId(event));
  withdrawal.campaign = campaign.id;
  withdrawal.tranchesReleased = campaign.tranchesReleased;
  withdrawal.amount = event.params.amount;
  withdrawal.fee = event.params.fee;
  withdrawal.timestamp = event.block.timestamp;
  withdrawal.save();
}

export function handleRefunded(event: Refunded): void {
  const campaign = loadCampaign(event.address);
  campaign.refunded = campaign.refunded.plus(event.params.amount);
  campaign.save();
  const position = getPosition(event.address, event.params.investor);
  position.refunded = position.refunded.plus(event.params.amount);
  position.save();

  const refund = new CampaignRefund(eventId(event));
  refund.campaign = campaign.id;
  refund.investor = position.investor;
  refund.amount = event.params.amount;
  refund.timestamp = event.block.timestamp;
  refund.transactionHash = event.transaction.hash;
  refund.save();
}

export function handleRoyaltiesHarvested(event: RoyaltiesHarvested): void {
  const campaign = loadCampaign(event.address);
  campaign.royaltyIncome = campaign.royaltyIncome.plus(event.params.income);
  campaign.paidBack = event.params.paidBack;
  campaign.save();

  const harvest = new Harvest(eventId(event));
  harvest.campaign = campaign.id;
  harvest.income = event.params.income;
  harvest.toInvestors = event.params.toInvestors;
  harvest.toFilmmaker = event.params.toFilmmaker;
  harvest.paidBack = event.params.paidBack;
  harvest.timestamp = event.block.timestamp;
  harvest.save();
}

function recordRoyaltyClaim(event: ethereum.Event, account: Address, amount: BigInt, filmmaker: boolean): void {
  const campaign = loadCampaign(event.address);
  if (!filmmaker) {
    campaign.royaltiesClaimed = campaign.royaltiesClaimed.plus(amount);
    campaign.save();
  }

  const claim = new CampaignRoyaltyClaim(eventId(event));
  claim.campaign = campaign.id;
  claim.account = getAccount(account).id;
  claim.filmmaker = filmmaker;
  claim.amount = amount;
  claim.timestamp = event.block.timestamp;
  claim.transactionHash = event.transaction.hash;
  claim.save();
}

export function handleRoyaltiesClaimed(event: RoyaltiesClaimed): void {
  recordRoyaltyClaim(event, event.params.account, event.params.amount, false);
  const position = getPosition(event.address, event.params.account);
  position.royaltiesClaimed = position.royaltiesClaimed.plus(event.params.amount);
  position.save();
}

export function handleFilmmakerRoyaltiesClaimed(event: FilmmakerRoyaltiesClaimed): void {
  recordRoyaltyClaim(event, event.params.filmmaker, event.params.amount, true);
}

export function handleStopVoteCast(event: StopVoteCast): void {
  const vote = new StopVote(eventId(event));
  vote.campaign = event.address;
  vote.voter = getAccount(event.params.voter).id;
  vote.weight = event.params.weight;
  vote.totalVotes = event.params.totalVotes;
  vote.timestamp = event.block.timestamp;
  vote.save();
}

/** Campaign shares move: mints on contribution, burns on refund, transfers between holders. */
export function handleTransfer(event: Transfer): void {
  if (event.params.from != Address.zero()) {
    const from = getPosition(event.address, event.params.from);
    from.shares = from.shares.minus(event.params.value);
    from.save();
  }
  if (event.params.to != Address.zero()) {
    const to = getPosition(event.address, event.params.to);
    to.shares = to.shares.plus(event.params.value);
    to.save();
  }
}
