/**
 * Typed queries of the StreamSpace subgraph (The Graph's GraphQL over HTTP), for the dapp and the
 * functions: a query names the shape of its answer, and `querySubgraph` fails with the server's own
 * message on a GraphQL error or an indexing error, never returning half an answer. Browser-safe.
 */
export interface GraphResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

/** A GraphQL document with the type of its data and of its variables. */
export interface TypedQuery<TData, TVariables extends Record<string, unknown> = Record<string, never>> {
  readonly document: string;
  /** Type carriers only (never read). */
  readonly _data?: TData;
  readonly _variables?: TVariables;
}

export function typedQuery<TData, TVariables extends Record<string, unknown> = Record<string, never>>(
  document: string,
): TypedQuery<TData, TVariables> {
  return { document };
}

export class SubgraphError extends Error {}

/** Posts a query; the raw response, errors included (for callers that inspect GraphQL errors). */
export async function postQuery<T>(url: string, document: string, variables?: Record<string, unknown>, init?: { fetch?: typeof fetch }): Promise<GraphResponse<T>> {
  const response = await (init?.fetch ?? fetch)(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: document, variables }),
  });
  if (!response.ok && response.status !== 200) {
    const text = await response.text();
    try {
      return JSON.parse(text) as GraphResponse<T>;
    } catch {
      throw new SubgraphError(`the subgraph answered HTTP ${response.status}`);
    }
  }
  return (await response.json()) as GraphResponse<T>;
}

/** Runs a typed query and returns its data, or throws with the subgraph's messages. */
export async function querySubgraph<TData, TVariables extends Record<string, unknown>>(
  url: string,
  query: TypedQuery<TData, TVariables>,
  variables?: TVariables,
  init?: { fetch?: typeof fetch },
): Promise<TData> {
  const result = await postQuery<TData>(url, query.document, variables, init);
  if (result.errors?.length) throw new SubgraphError(result.errors.map((e) => e.message).join("; "));
  if (result.data === undefined) throw new SubgraphError("the subgraph answered without data");
  return result.data;
}

/** The catalogue, newest first: what the dapp lists (amounts as the subgraph's decimal strings). */
export const FILMS = /* @__PURE__ */ typedQuery<
  { films: { id: string; filmId: string; metadataURI: string; price: string; priceInUsd: boolean; status: string; views: string }[] },
  { first: number; skip: number }
>(`query Films($first: Int!, $skip: Int!) {
  films(first: $first, skip: $skip, orderBy: filmId, orderDirection: desc) { id filmId metadataURI price priceInUsd status views }
}`);

/** How far the subgraph has indexed, and whether it stopped on an error. */
export const META = /* @__PURE__ */ typedQuery<{ _meta: { block: { number: number; hash: string }; hasIndexingErrors: boolean } }>(
  `{ _meta { block { number hash } hasIndexingErrors } }`,
);

/** The catalogue: films for sale, with what a film card shows (the dapp pages through it). */
export const CATALOGUE = /* @__PURE__ */ typedQuery<
  {
    films: {
      id: string;
      filmId: string;
      metadataURI: string;
      price: string;
      priceInUsd: boolean;
      rentalWindow: string;
      views: string;
      createdAt: string;
    }[];
  },
  { first: number; skip: number }
>(`query Catalogue($first: Int!, $skip: Int!) {
  films(first: $first, skip: $skip, where: { status: "Active" }, orderBy: filmId, orderDirection: desc) {
    id filmId metadataURI price priceInUsd rentalWindow views createdAt
  }
}`);

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

/** A filmmaker's films (every status) and the films offered to it (`pending`: the same address, as Bytes), for the dapp's studio. */
export const STUDIO_FILMS_OF = /* @__PURE__ */ typedQuery<
  {
    films: StudioFilm[];
    offered: StudioFilm[];
  },
  { owner: string; pending: string }
>(`fragment StudioFilm on Film {
  id filmId metadataURI status price priceInUsd rentalWindow views revenue revenueUsd refunds purchaseCount createdAt pendingOwner splitManager
  owner { id }
  split { splitId recipients sharesBps lockedUntil }
}
query StudioFilmsOf($owner: String!, $pending: Bytes!) {
  films(where: { owner: $owner }, orderBy: filmId, orderDirection: desc, first: 1000) { ...StudioFilm }
  offered: films(where: { pendingOwner: $pending, status_not: "Deleted" }, orderBy: filmId, orderDirection: desc, first: 100) { ...StudioFilm }
}`);

export interface StudioFilm {
  id: string;
  filmId: string;
  metadataURI: string;
  status: "Active" | "Delisted" | "Deleted";
  price: string;
  priceInUsd: boolean;
  rentalWindow: string;
  views: string;
  revenue: string;
  revenueUsd: string;
  refunds: string;
  purchaseCount: string;
  createdAt: string;
  pendingOwner: string | null;
  splitManager: string | null;
  owner: { id: string };
  split: { splitId: string; recipients: string[]; sharesBps: number[]; lockedUntil: string };
}

/**
 * Films' daily statistics from `from` (Unix seconds, a day's start) on, oldest first, for the studio's
 * charts (a year is 366 rows a film: pages of 1,000 are fetched until a short one).
 */
export const FILM_DAYS = /* @__PURE__ */ typedQuery<
  { filmDays: FilmDayRow[] },
  { films: string[]; from: number; first: number; skip: number }
>(`query FilmDays($films: [String!]!, $from: Int!, $first: Int!, $skip: Int!) {
  filmDays(where: { film_in: $films, date_gte: $from }, orderBy: date, orderDirection: asc, first: $first, skip: $skip) {
    id date purchases views revenue revenueUsd refunds film { filmId }
  }
}`);

/** One film's day (amounts as the subgraph's decimal strings; revenueUsd with 8 decimals). */
export interface FilmDayRow {
  id: string;
  date: number;
  purchases: string;
  views: string;
  revenue: string;
  revenueUsd: string;
  refunds: string;
  film: { filmId: string };
}
