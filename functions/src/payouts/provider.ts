/**
 * Paying holders' cash-outs in fiat. A provider pays a cash-out at most once: the cash-out id is the
 * idempotency key of its request, so asking again (after a crash between paying and marking it paid
 * on-chain, say) returns the payout already made instead of paying twice. Production: Stripe (Connect
 * transfers to the holder's connected account, with Stripe's `Idempotency-Key`); locally, a provider
 * that records payouts in DynamoDB and can be told to fail.
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Address } from "viem";

import { isConditionFailed } from "../dynamo.ts";

export interface PayoutRequest {
  cashOutId: bigint;
  owner: Address;
  /** USD to pay, 8 decimals (as the exchange fixed it at the request). */
  usdAmount: bigint;
}

export type PayoutResult = { status: "paid"; reference: string } | { status: "failed"; reason: string };

export interface PayoutProvider {
  readonly name: string;
  pay(request: PayoutRequest): Promise<PayoutResult>;
}

export const PAYOUTS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [{ AttributeName: "cashOutId", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "cashOutId", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

/** Whole cents, rounded down: a provider pays what the exchange fixed, never more. */
export function toCents(usdAmount: bigint): bigint {
  return usdAmount / 1_000_000n;
}

/**
 * The local payout provider: each cash-out's payout is an item of the `Payouts` table, written once
 * (a conditional put: a repeated request reads the first result back). Owners in `failFor` get a
 * failed payout (a closed account, say), as a real provider's would fail.
 */
export class LocalPayoutProvider implements PayoutProvider {
  readonly name = "local";
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly failFor: Set<string>;

  constructor(client: DynamoDBClient, table: string, failFor: Set<string> = new Set()) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
    this.failFor = failFor;
  }

  async pay(request: PayoutRequest): Promise<PayoutResult> {
    const key = { cashOutId: request.cashOutId.toString() };
    const existing = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    if (existing.Item) return existing.Item.result as PayoutResult;
    const result: PayoutResult = this.failFor.has(request.owner.toLowerCase())
      ? { status: "failed", reason: "the holder's bank account refused the transfer" }
      : { status: "paid", reference: `local_po_${request.cashOutId}` };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, owner: request.owner, cents: toCents(request.usdAmount).toString(), result, paidAt: Date.now() },
          ConditionExpression: "attribute_not_exists(cashOutId)",
        }),
      );
      return result;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      // Another invocation paid it between our read and write: its result stands.
      const raced = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
      return raced.Item!.result as PayoutResult;
    }
  }

  /** How many payouts were made for a cash-out (tests: never more than one). */
  async payoutOf(cashOutId: bigint): Promise<{ cents: string; result: PayoutResult } | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { cashOutId: cashOutId.toString() }, ConsistentRead: true }));
    return Item ? { cents: Item.cents as string, result: Item.result as PayoutResult } : undefined;
  }
}
