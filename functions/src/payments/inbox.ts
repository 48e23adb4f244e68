/**
 * The webhook inbox: every verified Stripe event the platform acts on, stored once by its event id
 * (`PaymentEvents` table) before the webhook is acknowledged, then processed after the acknowledgement
 * by the on-ramp function. An event stays `pending` (in the sparse `pending` index) until it is done;
 * the on-ramp function drains that index every minute, so an event whose processing failed (the chain
 * unreachable, a crash) is processed again, and Stripe's retries and duplicates of a stored event change
 * nothing. Events are kept 30 days (DynamoDB's TTL), past Stripe's 3 days of retries.
 *
 * A burst of webhooks starts one drain, not one function per event: the webhook starts the on-ramp
 * only when it takes the drain marker (an item of the same table, outside the pending index), which
 * the running drain holds and renews until nothing is pending.
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";

import { isConditionFailed } from "../dynamo.ts";

export const PAYMENT_EVENTS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [
    { AttributeName: "eventId", AttributeType: "S" },
    { AttributeName: "inbox", AttributeType: "S" },
    { AttributeName: "receivedAt", AttributeType: "N" },
  ],
  KeySchema: [{ AttributeName: "eventId", KeyType: "HASH" }],
  GlobalSecondaryIndexes: [
    {
      IndexName: "pending",
      KeySchema: [
        { AttributeName: "inbox", KeyType: "HASH" },
        { AttributeName: "receivedAt", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "KEYS_ONLY" },
    },
  ],
  BillingMode: "PAY_PER_REQUEST",
};

/** The event types the platform acts on; others are acknowledged and ignored. */
export const HANDLED_EVENTS = ["payment_intent.succeeded", "charge.refunded", "charge.dispute.created", "account.updated"] as const;
export type HandledEvent = (typeof HANDLED_EVENTS)[number];

export interface InboxEvent {
  eventId: string;
  type: HandledEvent;
  /** The event as Stripe sent it (JSON). */
  payload: string;
  receivedAt: number;
  status: "pending" | "done";
  attempts: number;
  result?: string;
  lastError?: string;
}

const LEASE_MS = 60_000;
/** The drain marker's key: not a Stripe event id (those start with `evt_`). */
const DRAIN = "~drain";
/** How long a drain marker holds without renewal (a drain that crashed frees it by then). */
export const DRAIN_MS = 30_000;

export class PaymentEventInbox {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  /** Stores a verified event; false if it was stored before (a retry or a duplicate delivery). */
  async add(eventId: string, type: HandledEvent, payload: string, now = Date.now()): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { eventId, type, payload, receivedAt: now, status: "pending", inbox: "pending", attempts: 0, expiresAt: Math.floor(now / 1000) + 30 * 86_400 },
          ConditionExpression: "attribute_not_exists(eventId)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async get(eventId: string): Promise<InboxEvent | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { eventId }, ConsistentRead: true }));
    return Item as InboxEvent | undefined;
  }

  /** The ids of pending events, oldest first. */
  async pending(limit = 100): Promise<string[]> {
    const { Items } = await this.db.send(
      new QueryCommand({ TableName: this.table, IndexName: "pending", KeyConditionExpression: "inbox = :p", ExpressionAttributeValues: { ":p": "pending" }, Limit: limit }),
    );
    return (Items ?? []).map((i) => i.eventId as string);
  }

  /** Takes a pending event for processing (one processor at a time); undefined if done or taken. */
  async lease(eventId: string, now = Date.now()): Promise<InboxEvent | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { eventId },
          UpdateExpression: "SET leaseUntil = :until ADD attempts :one",
          ConditionExpression: "#status = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":until": now + LEASE_MS, ":now": now, ":pending": "pending", ":one": 1 },
          ReturnValues: "ALL_NEW",
        }),
      );
      return Attributes as InboxEvent;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  async done(eventId: string, result: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { eventId },
        UpdateExpression: "SET #status = :done, #result = :result, doneAt = :now REMOVE inbox, leaseUntil",
        ExpressionAttributeNames: { "#status": "status", "#result": "result" },
        ExpressionAttributeValues: { ":done": "done", ":result": result, ":now": Date.now() },
      }),
    );
  }

  /** Takes (or renews, for its holder) the drain marker; false while another drain holds it. */
  async claimDrain(holder: string, now = Date.now()): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { eventId: DRAIN, holder, until: now + DRAIN_MS, expiresAt: Math.floor(now / 1000) + 86_400 },
          ConditionExpression: "attribute_not_exists(eventId) OR #until < :now OR holder = :holder",
          ExpressionAttributeNames: { "#until": "until" },
          ExpressionAttributeValues: { ":now": now, ":holder": holder },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** Gives the drain marker back (only its holder's). */
  async releaseDrain(holder: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({ TableName: this.table, Key: { eventId: DRAIN }, ConditionExpression: "holder = :holder", ExpressionAttributeValues: { ":holder": holder } }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  /** Leaves the event pending for the next run, with why it could not be processed now. */
  async retryLater(eventId: string, error: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { eventId },
        UpdateExpression: "SET lastError = :error REMOVE leaseUntil",
        ExpressionAttributeValues: { ":error": error.slice(0, 500) },
      }),
    );
  }
}
