/**
 * Delivery receipts waiting to be settled (DynamoDB table `DeliveryReceipts`; the key server writes one
 * when it serves the first key of a purchase, the `settle` keeper settles them). A receipt is waiting,
 * settled, or dropped (its purchase was refunded or replaced: it can never settle), found by status
 * through the `byStatus` index.
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Address, Hex } from "viem";

import type { DeliveryReceipt } from "@streamspace/core/delivery-receipt";

import { isConditionFailed } from "../dynamo.ts";

export type ReceiptStatus = "waiting" | "settled" | "dropped";

export interface StoredReceipt {
  receipt: DeliveryReceipt;
  signature: Hex;
  status: ReceiptStatus;
  /** Why it was dropped, or the settling transaction. */
  note?: string;
}

export const RECEIPTS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [
    { AttributeName: "purchaseId", AttributeType: "S" },
    { AttributeName: "status", AttributeType: "S" },
  ],
  KeySchema: [{ AttributeName: "purchaseId", KeyType: "HASH" }],
  GlobalSecondaryIndexes: [
    {
      IndexName: "byStatus",
      KeySchema: [
        { AttributeName: "status", KeyType: "HASH" },
        { AttributeName: "purchaseId", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    },
  ],
  BillingMode: "PAY_PER_REQUEST",
};

export class ReceiptStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  /** Records a receipt once (a repeated write of the same purchase changes nothing). */
  async put(receipt: DeliveryReceipt, signature: Hex): Promise<void> {
    await this.db
      .send(
        new PutCommand({
          TableName: this.table,
          Item: { ...toItem(receipt), signature, status: "waiting" },
          ConditionExpression: "attribute_not_exists(purchaseId)",
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailed(error)) throw error; // already recorded: once is enough
      });
  }

  /** Whether a receipt for this purchase was recorded (the key server signs one only the first time). */
  async has(purchaseId: bigint): Promise<boolean> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { purchaseId: purchaseId.toString() }, ProjectionExpression: "purchaseId" }));
    return Item !== undefined;
  }

  async byStatus(status: ReceiptStatus, limit = 500): Promise<StoredReceipt[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: "byStatus",
        KeyConditionExpression: "#status = :status",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": status },
        Limit: limit,
      }),
    );
    return Items.map((item) => ({
      receipt: {
        purchaseId: BigInt(item.purchaseId as string),
        viewer: item.viewer as Address,
        filmId: BigInt(item.filmId as string),
        deadline: BigInt(item.deadline as string),
      },
      signature: item.signature as Hex,
      status: item.status as ReceiptStatus,
      note: item.note as string | undefined,
    }));
  }

  async mark(purchaseId: bigint, status: ReceiptStatus, note: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { purchaseId: purchaseId.toString() },
        UpdateExpression: "SET #status = :status, note = :note",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": status, ":note": note },
      }),
    );
  }
}

function toItem(r: DeliveryReceipt) {
  return { purchaseId: r.purchaseId.toString(), viewer: r.viewer, filmId: r.filmId.toString(), deadline: r.deadline.toString() };
}
