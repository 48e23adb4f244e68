/**
 * Sliding-window rate limits in DynamoDB (table `RateLimits`, expired windows removed by DynamoDB's TTL
 * on `expiresAt`), shared by every container of a function. Requests are counted per key (a wallet, a
 * session, an IP) in fixed windows, but a request is judged against the last `windowSeconds` as a
 * whole: the current window's count plus the previous window's, weighted by how much of it still lies
 * in the sliding window. A fixed window alone lets twice the limit through around a boundary (the end
 * of one window and the start of the next); the weighted estimate does not.
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";

import { isConditionFailed } from "../dynamo.ts";

export const RATE_LIMITS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

export class RateLimiter {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  /** Counts a request; false (and not counted) when `key` already made `limit` requests in the last `windowSeconds`. */
  async allow(key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<boolean> {
    const position = now / 1000 / windowSeconds;
    const window = Math.floor(position);
    const pk = (w: number) => `${key}#${windowSeconds}#${w}`;
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { pk: pk(window - 1) }, ConsistentRead: true }));
    // The previous window's requests that still fall in the sliding window, rounded up (the safe side).
    const carried = Math.ceil(Number(Item?.count ?? 0) * (1 - (position - window)));
    const allowed = limit - carried;
    if (allowed <= 0) return false;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(window) },
          UpdateExpression: "ADD #count :one SET expiresAt = :expiresAt",
          ConditionExpression: "attribute_not_exists(#count) OR #count < :allowed",
          ExpressionAttributeNames: { "#count": "count" },
          ExpressionAttributeValues: { ":one": 1, ":allowed": allowed, ":expiresAt": (window + 2) * windowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
