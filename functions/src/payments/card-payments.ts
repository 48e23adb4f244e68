/**
 * What became of each card payment (one item per PaymentIntent in `CardPayments`): credited, rental paid,
 * refused and refunded, reversed, or a loss for the operator. Every change to a payment happens under
 * its lease, so two events of one payment (a success and a refund delivered at once, or twenty copies
 * of one event) are processed one after the other, each seeing what the last did. Rentals still open
 * sit in the sparse `due` index by the time their delivery timeout ends, for the on-ramp function to
 * settle or refund.
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";

import { isConditionFailed } from "../dynamo.ts";

export const CARD_PAYMENTS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [
    { AttributeName: "paymentIntentId", AttributeType: "S" },
    { AttributeName: "due", AttributeType: "S" },
    { AttributeName: "dueAt", AttributeType: "N" },
  ],
  KeySchema: [{ AttributeName: "paymentIntentId", KeyType: "HASH" }],
  GlobalSecondaryIndexes: [
    {
      IndexName: "due",
      KeySchema: [
        { AttributeName: "due", KeyType: "HASH" },
        { AttributeName: "dueAt", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "KEYS_ONLY" },
    },
  ],
  BillingMode: "PAY_PER_REQUEST",
};

/**
 * - credited: a top-up's SSH is the buyer's pending credit.
 * - rented: a rental was paid into escrow; open until delivered (settled) or refunded.
 * - delivered: the rental was settled: the rights holders are paid.
 * - refused: the platform could not honour the payment and refunded the card (reason says why).
 * - refunded: an undelivered rental was refunded after the delivery timeout (SSH and card).
 * - reversal_due: the card was refunded or disputed while its rental was open; the rental is refunded
 *   on-chain once the delivery timeout allows it.
 * - reversed: the card was refunded or disputed and the credit or rental undone on-chain.
 * - loss: the card was refunded or disputed after the SSH was claimed or the film delivered.
 * - refunded_first: the refund or dispute arrived before the payment was processed: it never will be.
 * - ignored: not a StreamSpace payment (no quote of ours).
 */
export type CardPaymentStatus = "credited" | "rented" | "delivered" | "refused" | "refunded" | "reversal_due" | "reversed" | "loss" | "refunded_first" | "ignored";

export interface CardPayment {
  paymentIntentId: string;
  status?: CardPaymentStatus;
  kind?: "topup" | "rental";
  wallet?: string;
  quoteId?: string;
  filmId?: string;
  /** USD that converted (8 decimals), SSH credited or paid, cents charged. */
  usdAmount?: string;
  sshAmount?: string;
  chargeCents?: number;
  purchaseId?: string;
  refundableAt?: number;
  txHash?: string;
  /** How many on-chain attempts reverted (each next one is a new transaction). */
  attempt?: number;
  /** The latest expiry (chain time, seconds) of any call sent for this payment: none lands after it. */
  expiry?: number;
  refundId?: string;
  reason?: string;
  updatedAt?: number;
}

const LEASE_MS = 60_000;

export class CardPaymentStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  async get(paymentIntentId: string): Promise<CardPayment | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { paymentIntentId }, ConsistentRead: true }));
    return Item as CardPayment | undefined;
  }

  /** Takes the payment's lease (creating its item); undefined while another processor holds it. */
  async lock(paymentIntentId: string, now = Date.now()): Promise<CardPayment | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { paymentIntentId },
          UpdateExpression: "SET leaseUntil = :until",
          ConditionExpression: "attribute_not_exists(leaseUntil) OR leaseUntil < :now",
          ExpressionAttributeValues: { ":until": now + LEASE_MS, ":now": now },
          ReturnValues: "ALL_NEW",
        }),
      );
      return Attributes as CardPayment;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  /** Waits for the payment's lease (another event of the same payment is being processed). */
  async lockWaiting(paymentIntentId: string, waitMs = 30_000): Promise<CardPayment> {
    const until = Date.now() + waitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      const payment = await this.lock(paymentIntentId);
      if (payment) return payment;
      if (Date.now() > until) throw new Error(`payment ${paymentIntentId} is busy`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** Saves what processing decided and gives the lease back. A rental with `dueAt` joins the due index. */
  async release(paymentIntentId: string, changes: Partial<CardPayment> & { dueAt?: number | null } = {}): Promise<void> {
    const { dueAt, ...fields } = { ...changes, updatedAt: Date.now() };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        names[`#${k}`] = k;
        values[`:${k}`] = v;
        return `#${k} = :${k}`;
      });
    const removes = ["leaseUntil"];
    if (typeof dueAt === "number") {
      sets.push("#due = :due", "#dueAt = :dueAt");
      Object.assign(names, { "#due": "due", "#dueAt": "dueAt" });
      Object.assign(values, { ":due": "rental", ":dueAt": dueAt });
    } else if (dueAt === null) {
      removes.push("#due", "#dueAt");
      Object.assign(names, { "#due": "due", "#dueAt": "dueAt" });
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { paymentIntentId },
        UpdateExpression: `${sets.length ? `SET ${sets.join(", ")} ` : ""}REMOVE ${removes.join(", ")}`,
        ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
        ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
      }),
    );
  }

  /** Open rentals whose delivery timeout has ended by `nowSeconds`. */
  async dueRentals(nowSeconds: number, limit = 100): Promise<string[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: "due",
        KeyConditionExpression: "#due = :rental AND dueAt <= :now",
        ExpressionAttributeNames: { "#due": "due" },
        ExpressionAttributeValues: { ":rental": "rental", ":now": nowSeconds },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((i) => i.paymentIntentId as string);
  }

  /** Every payment (the operator's report; the table holds card payments only, a few per fan). */
  async all(): Promise<CardPayment[]> {
    const items: CardPayment[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new ScanCommand({ TableName: this.table, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...((page.Items ?? []) as CardPayment[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
