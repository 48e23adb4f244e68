/**
 * Typed queries of crowdfunds for the dapp's investors and filmmakers (campaigns, a campaign with an
 * investor's position): a module of its own so that only those pages carry them.
 */
import { typedQuery } from "./subgraph.ts";

export interface CampaignRow {
  id: string;
  film: { filmId: string; metadataURI: string; price: string; priceInUsd: boolean };
  filmmaker: { id: string };
  name: string;
  symbol: string;
  goal: string;
  cap: string;
  deadline: string;
  minContribution: string;
  maxPerInvestor: string;
  investorShareBps: number;
  investorShareAfterPaybackBps: number;
  paybackMultipleBps: number;
  tranchesBps: number[];
  trancheDelays: string[];
  platformFeeBps: number;
  state: "Funding" | "Succeeded" | "Failed" | "Stopped";
  raised: string;
  investorCount: number;
  tranchesReleased: number;
  paidBack: string;
  createdAt: string;
}

const CAMPAIGN_FIELDS = `id film { filmId metadataURI price priceInUsd } filmmaker { id } name symbol goal cap deadline minContribution maxPerInvestor
  investorShareBps investorShareAfterPaybackBps paybackMultipleBps tranchesBps trancheDelays platformFeeBps state raised investorCount
  tranchesReleased paidBack createdAt`;

/** Every campaign, newest first. */
export const CAMPAIGNS = /* @__PURE__ */ typedQuery<{ campaigns: CampaignRow[] }>(`{
  campaigns(orderBy: createdAt, orderDirection: desc, first: 1000) { ${CAMPAIGN_FIELDS} }
}`);

/** One campaign, and the investor's position in it (`position`: vault address + investor address, as graph-node's id). */
export const CAMPAIGN = /* @__PURE__ */ typedQuery<
  { campaign: CampaignRow | null; position: { shares: string; contributed: string; refunded: string; royaltiesClaimed: string } | null },
  { id: string; position: string }
>(`query Campaign($id: ID!, $position: ID!) {
  campaign(id: $id) { ${CAMPAIGN_FIELDS} }
  position: investorPosition(id: $position) { shares contributed refunded royaltiesClaimed }
}`);

/** An investor's positions in every campaign (`investor`: its address, lower case). */
export const POSITIONS_OF = /* @__PURE__ */ typedQuery<
  { investorPositions: { id: string; shares: string; contributed: string; refunded: string; royaltiesClaimed: string; campaign: { id: string; state: CampaignRow["state"]; paidBack: string; raised: string; paybackMultipleBps: number; film: { filmId: string; metadataURI: string } } }[] },
  { investor: string }
>(`query PositionsOf($investor: String!) {
  investorPositions(where: { investor: $investor }, first: 1000) {
    id shares contributed refunded royaltiesClaimed
    campaign { id state paidBack raised paybackMultipleBps film { filmId metadataURI } }
  }
}`);
