/**
 * Typed queries of curation for the dapp's curators (their nodes, positions, rewards and slashes) and
 * the films most worth curating: a module of its own so that only the curators' pages carry them.
 */
import { typedQuery } from "./subgraph.ts";

export interface CuratorStakeRow {
  id: string;
  node: { id: string };
  fragment: { id: string; contentId: string; film: { filmId: string; metadataURI: string } };
  status: "Held" | "Slashed";
  heldSince: string;
  stakeableAt: string;
  amount: string;
  unbonding: string;
  released: string;
  releasedAt: string;
  unlocksAt: string;
  owed: string;
  rewardsPaid: string;
  slashed: string;
}

/** A curator (`id` and `curator`: its address, lower case) with its nodes, positions, reward claims and slashes. */
export const CURATOR_OF = /* @__PURE__ */ typedQuery<
  {
    curator: { staked: string; unbonding: string; rewardsPaid: string; rewardsOwed: string; slashed: string; nodes: { id: string; registeredAt: string }[]; stakes: CuratorStakeRow[] } | null;
    rewardClaims: { timestamp: string; paid: string; reward: string; coinAge: string; value: string; popularity: string }[];
    slashes: { timestamp: string; slashed: string; forfeited: string; unbonding: string; stake: { fragment: { contentId: string; film: { filmId: string; metadataURI: string } } } }[];
  },
  { id: string; curator: string }
>(`query CuratorOf($id: ID!, $curator: String!) {
  curator(id: $id) {
    staked unbonding rewardsPaid rewardsOwed slashed
    nodes(first: 100) { id registeredAt }
    stakes(first: 1000) {
      id node { id } fragment { id contentId film { filmId metadataURI } } status heldSince stakeableAt amount unbonding released releasedAt
      unlocksAt owed rewardsPaid slashed
    }
  }
  rewardClaims(where: { curator: $curator }, orderBy: timestamp, orderDirection: asc, first: 1000) { timestamp paid reward coinAge value popularity }
  slashes(where: { curator: $curator }, orderBy: timestamp, orderDirection: desc, first: 100) {
    timestamp slashed forfeited unbonding stake { fragment { contentId film { filmId metadataURI } } }
  }
}`);

/** Listed films by popularity, with the stakes on their fragments (to suggest where curating pays most). */
export const CURATION_FILMS = /* @__PURE__ */ typedQuery<{
  films: { filmId: string; metadataURI: string; popularity: string; fragments: { stakes: { amount: string }[] }[] }[];
}>(`{
  films(where: { status: "Active" }, orderBy: popularity, orderDirection: desc, first: 200) {
    filmId metadataURI popularity fragments(first: 100) { stakes(first: 100) { amount } }
  }
}`);
