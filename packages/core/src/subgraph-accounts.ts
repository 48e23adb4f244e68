/**
 * Typed queries of a wallet's own records, for the dapp's fan pages (My rentals, Wallet, Royalties): a
 * module of their own so that the first page's JavaScript does not carry them (a bundler cannot split a
 * module between the pages that use it).
 */
import { typedQuery } from "./subgraph.ts";

/** A fan's rentals, newest first: the dapp's "My rentals" (time left, and a refund where undelivered). */
export const RENTALS_OF = /* @__PURE__ */ typedQuery<
  {
    rentals: {
      id: string;
      purchaseId: string;
      film: { filmId: string; metadataURI: string };
      amount: string;
      expiresAt: string;
      refundableAt: string;
      status: "Open" | "Settled" | "Refunded";
      payer: { id: string } | null;
    }[];
  },
  { viewer: string }
>(`query RentalsOf($viewer: String!) {
  rentals(where: { viewer: $viewer }, orderBy: purchaseId, orderDirection: desc, first: 100) {
    id purchaseId film { filmId metadataURI } amount expiresAt refundableAt status payer { id }
  }
}`);

/** A wallet's money history for the dapp's Wallet page: rentals it paid, refunds, card credits, claims and cash-outs. */
export const WALLET_HISTORY_OF = /* @__PURE__ */ typedQuery<
  {
    purchases: { purchaseId: string; film: { filmId: string }; amount: string; timestamp: string; transactionHash: string }[];
    cardRentals: { film: { filmId: string }; usdAmount: string; sshAmount: string; timestamp: string; transactionHash: string }[];
    refunds: { film: { filmId: string }; amount: string; paidTo: { id: string }; timestamp: string; transactionHash: string }[];
    fiatCredits: { usdAmount: string; sshAmount: string; timestamp: string; transactionHash: string }[];
    creditChanges: { kind: "Reversed" | "Claimed"; sshAmount: string; timestamp: string }[];
    cashOuts: { id: string; sshAmount: string; fee: string; usdAmount: string; status: "Requested" | "PickedUp" | "Paid" | "Failed" | "Cancelled"; requestedAt: string }[];
  },
  { account: string }
>(`query WalletHistoryOf($account: String!) {
  purchases(where: { viewer: $account }, orderBy: timestamp, orderDirection: desc, first: 100) { purchaseId film { filmId } amount timestamp transactionHash }
  cardRentals(where: { viewer: $account }, orderBy: timestamp, orderDirection: desc, first: 100) { film { filmId } usdAmount sshAmount timestamp transactionHash }
  refunds(where: { viewer: $account }, orderBy: timestamp, orderDirection: desc, first: 100) { film { filmId } amount paidTo { id } timestamp transactionHash }
  fiatCredits(where: { buyer: $account }, orderBy: timestamp, orderDirection: desc, first: 100) { usdAmount sshAmount timestamp transactionHash }
  creditChanges(where: { buyer: $account }, orderBy: timestamp, orderDirection: desc, first: 100) { kind sshAmount timestamp }
  cashOuts(where: { owner: $account }, orderBy: requestedAt, orderDirection: desc, first: 100) { id sshAmount fee usdAmount status requestedAt }
}`);

/** What a rights holder holds: its share of each split, with what the split earned it and what it claimed (the dapp's Royalties). */
export const ROYALTIES_OF = /* @__PURE__ */ typedQuery<
  {
    rightsHolders: {
      id: string;
      shareBps: number;
      earned: string;
      claimed: string;
      split: { splitId: string; film: { filmId: string } };
    }[];
  },
  { account: string }
>(`query RoyaltiesOf($account: String!) {
  rightsHolders(where: { account: $account }, first: 1000) {
    id shareBps earned claimed split { splitId film { filmId } }
  }
}`);
