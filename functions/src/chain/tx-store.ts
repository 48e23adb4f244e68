/**
 * Where a signing key's transactions are recorded before they are signed and sent (DynamoDB: the
 * table `Transactions` in serverless.yml, dynalite locally), so that any invocation of any function
 * holding the key sees the same nonces, and a crash at any point is recovered without sending twice:
 *   lock#<chain>#<address>    a lease: one sender at a time per key
 *   nonce#<chain>#<address>   the next nonce, and the intents recorded but not yet broadcast
 *   intent#<chain>#<address>#<intentId>   one intent: its nonce, call, signed transaction, status
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Address, Hex } from "viem";

import { isConditionFailed } from "../dynamo.ts";

export type IntentStatus = "reserved" | "signed" | "sent";

export interface IntentRecord {
  intentId: string;
  nonce: number;
  to: Address;
  data: Hex;
  gas: string; // bigint as a decimal string
  status: IntentStatus;
  raw?: Hex;
  hash?: Hex;
  /** The fees it was signed with (wei, decimal strings), for a replacement to outbid. */
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  /** When it was last broadcast (ms). */
  sentAt?: number;
  updatedAt: number;
}

export interface NonceRecord {
  next: number;
  /** Intents recorded but not yet known to be broadcast: recovered first by the next lock holder. */
  pending: string[];
  /** Intents broadcast but not yet seen mined: replaced with a higher fee if they get stuck. */
  inFlight?: string[];
}

export class TxStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  /** Takes the key's lease for `leaseMs` if it is free or expired; false if another holds it. */
  async acquire(key: string, owner: string, leaseMs: number, now = Date.now()): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `lock#${key}` },
          UpdateExpression: "SET #owner = :owner, expiresAt = :expiresAt",
          ConditionExpression: "attribute_not_exists(#owner) OR expiresAt < :now OR #owner = :owner",
          ExpressionAttributeNames: { "#owner": "owner" },
          ExpressionAttributeValues: { ":owner": owner, ":expiresAt": now + leaseMs, ":now": now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async release(key: string, owner: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: `lock#${key}` },
          ConditionExpression: "#owner = :owner",
          ExpressionAttributeNames: { "#owner": "owner" },
          ExpressionAttributeValues: { ":owner": owner },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // the lease expired: fine
    }
  }

  async nonces(key: string): Promise<NonceRecord> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: `nonce#${key}` }, ConsistentRead: true }));
    return Item
      ? { next: Item.next as number, pending: (Item.pending as string[] | undefined) ?? [], inFlight: (Item.inFlight as string[] | undefined) ?? [] }
      : { next: 0, pending: [], inFlight: [] };
  }

  async setNonces(key: string, record: NonceRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `nonce#${key}`, ...record } }));
  }

  async intent(key: string, intentId: string): Promise<IntentRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { pk: `intent#${key}#${intentId}` }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _, ...record } = Item;
    return record as IntentRecord;
  }

  async putIntent(key: string, record: IntentRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: { pk: `intent#${key}#${record.intentId}`, ...record } }));
  }
}

/** The table's definition, as serverless.yml declares it (CloudFormation) and dynalite creates it. */
export const TRANSACTIONS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};
