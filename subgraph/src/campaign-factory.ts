// CampaignFactory: opens crowdfund campaigns; each vault is then indexed from the CrowdfundVault template.
import { BigInt } from "@graphprotocol/graph-ts";

import { CampaignCreated } from "../generated/CampaignFactory/CampaignFactory";
import { Campaign } from "../generated/schema";
import { CrowdfundVault } from "../generated/templates";
import { getAccount, getPlatform, ZERO } from "./common/helpers";

export function handleCampaignCreated(event: CampaignCreated): void {
  const terms = event.params.terms;
  const campaign = new Campaign(event.params.vault);
  campaign.film = event.params.filmId.toString();
  campaign.filmmaker = getAccount(event.params.filmmaker).id;
  campaign.name = event.params.name;
  campaign.symbol = event.params.symbol;
  campaign.goal = terms.goal;
  campaign.cap = terms.cap;
  campaign.deadline = terms.deadline;
  campaign.minContribution = terms.minContribution;
  campaign.maxPerInvestor = terms.maxPerInvestor;
  campaign.investorShareBps = terms.investorShareBps;
  campaign.investorShareAfterPaybackBps = terms.investorShareAfterPaybackBps;
  campaign.paybackMultipleBps = terms.paybackMultipleBps.toI32();
  campaign.tranchesBps = terms.tranchesBps;
  const delays = new Array<BigInt>(0);
  for (let i = 0; i < terms.trancheDelays.length; i++) delays.push(terms.trancheDelays[i]);
  campaign.trancheDelays = delays;
  campaign.platformFeeBps = event.params.platformFeeBps.toI32();
  campaign.state = "Funding";
  campaign.raised = ZERO;
  campaign.investorCount = 0;
  campaign.tranchesReleased = 0;
  campaign.withdrawn = ZERO;
  campaign.royaltyIncome = ZERO;
  campaign.paidBack = ZERO;
  campaign.royaltiesClaimed = ZERO;
  campaign.refunded = ZERO;
  campaign.createdAt = event.block.timestamp;
  campaign.save();

  CrowdfundVault.create(event.params.vault);

  const platform = getPlatform();
  platform.campaignCount += 1;
  platform.save();
}
