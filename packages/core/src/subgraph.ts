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
