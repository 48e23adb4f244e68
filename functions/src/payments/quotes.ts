/**
 * Card quotes: what a fan pays by card and what they get, computed from the chain's state now with the
 * shared core's rules (the contract's own), and kept in the `Quotes` table until the payment's webhook
 * reads them back. A quote is for one signed-in wallet; it names its rate and expiry, which the on-ramp
 * passes to `TokenExchange.credit`/`rentFor`.
 */
import { randomBytes } from "node:crypto";

import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Address, PublicClient } from "viem";
import { getAddress } from "viem";

import { exchangeRateOracleAbi, filmRegistryAbi, payPerViewAbi, tokenExchangeAbi } from "@streamspace/core/generated/contracts";
import { type CardFee, type ExchangeState, type Quote, QuoteError, quoteRental, quoteTopUp } from "@streamspace/core/quote";

import { isConditionFailed } from "../dynamo.ts";

export const QUOTES_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [{ AttributeName: "quoteId", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "quoteId", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

export interface StoredQuote extends Quote {
  quoteId: string;
  wallet: Address;
  filmId?: bigint;
  /** Unix seconds: the quote's expiry, which the contract checks. */
  expiresAt: number;
  createdAt: number;
  /** The provider's payment created for it (once). */
  paymentIntentId?: string;
}

export interface QuoteContracts {
  TokenExchange: Address;
  ExchangeRateOracle: Address;
  PayPerView: Address;
  FilmRegistry: Address;
}

const FILM_ACTIVE = 1;

/**
 * Now, in unix seconds, as the contracts will see it: the later of the clock and the chain's latest
 * block (they agree on a live chain; a local chain moved forward in time is ahead of the clock).
 */
export async function chainNow(publicClient: PublicClient): Promise<number> {
  const block = await publicClient.getBlock({ blockTag: "latest" });
  return Math.max(Math.floor(Date.now() / 1000), Number(block.timestamp));
}

/** The exchange's state for `wallet` now; a stale or missing rate is a QuoteError (try again shortly). */
export async function exchangeStateOf(publicClient: PublicClient, contracts: QuoteContracts, wallet: Address) {
  const exchange = { address: contracts.TokenExchange, abi: tokenExchangeAbi } as const;
  const [config, [buyerRemainingUsd, totalRemainingUsd], inventory] = await Promise.all([
    publicClient.readContract({ ...exchange, functionName: "config" }),
    publicClient.readContract({ ...exchange, functionName: "creditLimits", args: [wallet] }),
    publicClient.readContract({ ...exchange, functionName: "inventory" }),
  ]);
  let rate: bigint;
  try {
    [rate] = await publicClient.readContract({ address: contracts.ExchangeRateOracle, abi: exchangeRateOracleAbi, functionName: "rateNoOlderThan", args: [BigInt(config.rateMaxAge)] });
  } catch {
    throw new QuoteError("rate_unavailable", "the exchange rate is being updated; try again in a minute");
  }
  const state: ExchangeState = { rate, buyerRemainingUsd, totalRemainingUsd, inventory };
  return { state, toleranceBps: BigInt(config.rateToleranceBps) };
}

/** A rental quote's inputs: the film must be for sale, and the wallet free to rent it now. */
async function rentalPrice(publicClient: PublicClient, contracts: QuoteContracts, filmId: bigint, wallet: Address) {
  const terms = await publicClient.readContract({ address: contracts.FilmRegistry, abi: filmRegistryAbi, functionName: "saleTerms", args: [filmId] });
  if (terms.status !== FILM_ACTIVE) throw new QuoteError("not_for_sale", `film ${filmId} is not for sale`);
  const payPerView = { address: contracts.PayPerView, abi: payPerViewAbi } as const;
  const [priceSsh, rental] = await Promise.all([
    publicClient.readContract({ ...payPerView, functionName: "priceOf", args: [filmId] }).catch(() => {
      throw new QuoteError("rate_unavailable", "the exchange rate is being updated; try again in a minute");
    }),
    publicClient.readContract({ ...payPerView, functionName: "rentalOf", args: [filmId, wallet] }),
  ]);
  const now = BigInt(Math.floor(Date.now() / 1000));
  if (rental.expiresAt > now) throw new QuoteError("already_rented", `this wallet can already watch film ${filmId}`);
  if (rental.amount !== 0n) throw new QuoteError("previous_rental_open", `this wallet's previous rental of film ${filmId} is still being settled`);
  return { priceSsh, priceUsd: terms.priceInUsd ? terms.price : undefined };
}

export async function issueQuote({
  publicClient,
  contracts,
  wallet,
  request,
  fee,
  ttlSeconds,
}: {
  publicClient: PublicClient;
  contracts: QuoteContracts;
  wallet: Address;
  request: { kind: "topup"; usd: bigint } | { kind: "rental"; filmId: bigint };
  fee: CardFee;
  ttlSeconds: number;
}): Promise<StoredQuote> {
  const { state } = await exchangeStateOf(publicClient, contracts, wallet);
  const quote =
    request.kind === "topup"
      ? quoteTopUp({ usd: request.usd, state, fee })
      : quoteRental({ ...(await rentalPrice(publicClient, contracts, request.filmId, wallet)), state, fee });
  const createdAt = await chainNow(publicClient);
  return {
    ...quote,
    quoteId: `qt_${randomBytes(16).toString("base64url")}`,
    wallet: getAddress(wallet),
    ...(request.kind === "rental" ? { filmId: request.filmId } : {}),
    createdAt,
    expiresAt: createdAt + ttlSeconds,
  };
}

/** How a quote is shown: amounts as decimal strings (bigints do not survive JSON). */
export function quoteJson(q: StoredQuote) {
  return {
    quoteId: q.quoteId,
    kind: q.kind,
    wallet: q.wallet,
    ...(q.filmId !== undefined ? { filmId: q.filmId.toString() } : {}),
    rate: q.rate.toString(),
    usdAmount: q.usdAmount.toString(),
    feeCents: Number(q.feeCents),
    chargeCents: Number(q.chargeCents),
    sshAmount: q.sshAmount.toString(),
    expiresAt: q.expiresAt,
  };
}

export class QuoteStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  async put(q: StoredQuote): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...quoteJson(q),
          feeCents: q.feeCents.toString(),
          chargeCents: q.chargeCents.toString(),
          createdAt: q.createdAt,
          // Kept 30 days after expiry (DynamoDB's TTL), past Stripe's retries (3 days) and its event list (30).
          ttl: q.expiresAt + 30 * 86_400,
        },
        ConditionExpression: "attribute_not_exists(quoteId)",
      }),
    );
  }

  async get(quoteId: string): Promise<StoredQuote | undefined> {
    if (!/^qt_[A-Za-z0-9_-]{22}$/.test(quoteId)) return undefined;
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { quoteId }, ConsistentRead: true }));
    if (!Item) return undefined;
    return {
      quoteId: Item.quoteId,
      kind: Item.kind,
      wallet: Item.wallet,
      ...(Item.filmId !== undefined ? { filmId: BigInt(Item.filmId) } : {}),
      rate: BigInt(Item.rate),
      usdAmount: BigInt(Item.usdAmount),
      feeCents: BigInt(Item.feeCents),
      chargeCents: BigInt(Item.chargeCents),
      sshAmount: BigInt(Item.sshAmount),
      createdAt: Item.createdAt,
      expiresAt: Item.expiresAt,
      paymentIntentId: Item.paymentIntentId,
    };
  }

  /** Records the payment created for the quote; the first one stands (an idempotent retry names the same). */
  async attachPayment(quoteId: string, paymentIntentId: string): Promise<string> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { quoteId },
          UpdateExpression: "SET paymentIntentId = :pi",
          ConditionExpression: "attribute_exists(quoteId) AND (attribute_not_exists(paymentIntentId) OR paymentIntentId = :pi)",
          ExpressionAttributeValues: { ":pi": paymentIntentId },
        }),
      );
      return paymentIntentId;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return (await this.get(quoteId))!.paymentIntentId!;
    }
  }
}
