/**
 * Fixed-window rate limits in DynamoDB (table `RateLimits`, expired windows removed by DynamoDB's TTL on
 * `expiresAt`): a request counts against its key (a wallet, a session, an IP) for the current window and
 * is refused once the window's count reached the limit. Shared by every container of a function.
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";

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

  /** Counts a request; false when `key` already made `limit` requests in this window of `windowSeconds`. */
  async allow(key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<boolean> {
    const window = Math.floor(now / 1000 / windowSeconds);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `${key}#${windowSeconds}#${window}` },
          UpdateExpression: "ADD #count :one SET expiresAt = :expiresAt",
          ConditionExpression: "attribute_not_exists(#count) OR #count < :limit",
          ExpressionAttributeNames: { "#count": "count" },
          ExpressionAttributeValues: { ":one": 1, ":limit": limit, ":expiresAt": (window + 2) * windowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
