/**
 * An upload's life, from the filmmaker's first byte to a playable, registered film (table `Uploads`,
 * index `byStatus` for the media worker):
 *
 *   uploading → queued → packaging → packaged → published → deleting → deleted
 *                            ↘ failed (a bad master: the reason is shown; nothing was published)
 *
 * `queued`: the master (and trailer) are in object storage. `packaging`: a media worker holds the job
 * under a lease it renews with its progress; a worker that dies lets the lease expire and the job is
 * taken again from the start (a fresh working directory, the same film key). `packaged`: the encrypted
 * package and the metadata document are on IPFS; the filmmaker registers the film with the metadata
 * URI. `published`: the registration was checked on-chain and the film key bound to the film.
 * `deleting`: the owner deleted the film (its key is already destroyed); the worker unpins everything
 * the upload pinned and removes the master, then `deleted`.
 */
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Address } from "viem";

import type { FilmDetails } from "@streamspace/core/film-metadata";

import { isConditionFailed } from "../dynamo.ts";

export type UploadStatus = "uploading" | "queued" | "packaging" | "packaged" | "published" | "failed" | "deleting" | "deleted";
export type UploadFileName = "master" | "trailer";

export interface UploadFile {
  s3Key: string;
  s3UploadId: string;
  size: number;
  contentType: string;
  partSize: number;
}

export interface Upload {
  uploadId: string;
  owner: Address;
  status: UploadStatus;
  createdAt: number;
  updatedAt: number;
  details: FilmDetails;
  subtitles: { language: string; name: string; text: string }[];
  files: Partial<Record<UploadFileName, UploadFile>> & { master: UploadFile };
  /** The parts sent so far, per file: part number → the ETag object storage answered. */
  parts: Partial<Record<UploadFileName, Record<string, string>>>;
  attempt: number;
  worker?: string;
  leaseUntil?: number;
  stage?: string;
  progress?: number;
  keyId?: string;
  /** Every CID this upload pinned (packages of earlier, crashed attempts included), to unpin on failure or deletion. */
  pinned?: string[];
  packageCid?: string;
  metadataUri?: string;
  runtimeSeconds?: number;
  error?: string;
  filmId?: string;
}

export const UPLOADS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [
    { AttributeName: "uploadId", AttributeType: "S" },
    { AttributeName: "status", AttributeType: "S" },
    { AttributeName: "createdAt", AttributeType: "N" },
    { AttributeName: "filmId", AttributeType: "S" },
  ],
  KeySchema: [{ AttributeName: "uploadId", KeyType: "HASH" }],
  GlobalSecondaryIndexes: [
    {
      IndexName: "byStatus",
      KeySchema: [
        { AttributeName: "status", KeyType: "HASH" },
        { AttributeName: "createdAt", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "KEYS_ONLY" },
    },
    // The upload a film was published from (only published uploads have a filmId).
    { IndexName: "byFilm", KeySchema: [{ AttributeName: "filmId", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" } },
  ],
  BillingMode: "PAY_PER_REQUEST",
};

export class UploadStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  async create(upload: Upload): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: upload, ConditionExpression: "attribute_not_exists(uploadId)" }));
  }

  async get(uploadId: string): Promise<Upload | undefined> {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) return undefined;
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { uploadId }, ConsistentRead: true }));
    return Item as Upload | undefined;
  }

  /**
   * Moves an upload from `from` to `to` with `set` fields, only if it is in `from` (held by `worker`,
   * and with the `expect`ed field values, when given): false if another request or worker got there first.
   */
  async transition(
    uploadId: string,
    { from, to, set = {}, worker, expect = {} }: { from: UploadStatus[]; to: UploadStatus; set?: Partial<Upload>; worker?: string; expect?: Partial<Record<"worker" | "metadataUri", string>> },
  ): Promise<boolean> {
    const fields = { ...set, status: to, updatedAt: Date.now() };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields).map(([k, v], i) => {
      names[`#f${i}`] = k;
      values[`:v${i}`] = v;
      return `#f${i} = :v${i}`;
    });
    from.forEach((s, i) => (values[`:from${i}`] = s));
    let condition = `#status IN (${from.map((_, i) => `:from${i}`).join(", ")})`;
    names["#status"] = "status";
    Object.entries({ ...expect, ...(worker ? { worker } : {}) }).forEach(([field, value], i) => {
      names[`#e${i}`] = field;
      values[`:e${i}`] = value;
      condition += ` AND #e${i} = :e${i}`;
    });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { uploadId },
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Takes a job for `worker` until `leaseUntil`: a queued one, or one whose worker's lease ran out.
   * Each take is a new attempt.
   */
  async claim(uploadId: string, worker: string, leaseMs: number, now = Date.now()): Promise<Upload | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { uploadId },
          UpdateExpression: "SET #status = :packaging, #worker = :worker, leaseUntil = :lease, updatedAt = :now, stage = :stage, progress = :zero ADD attempt :one",
          ConditionExpression: "#status = :queued OR (#status = :packaging AND leaseUntil < :now)",
          ExpressionAttributeNames: { "#status": "status", "#worker": "worker" },
          ExpressionAttributeValues: { ":packaging": "packaging", ":queued": "queued", ":worker": worker, ":lease": now + leaseMs, ":now": now, ":stage": "starting", ":zero": 0, ":one": 1 },
          ReturnValues: "ALL_NEW",
        }),
      );
      return Attributes as Upload;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  /** Renews the worker's lease with its progress; false if the job is no longer this worker's. */
  async heartbeat(uploadId: string, worker: string, leaseMs: number, progress: { stage: string; progress: number }): Promise<boolean> {
    return this.transition(uploadId, { from: ["packaging"], to: "packaging", worker, set: { ...progress, leaseUntil: Date.now() + leaseMs } });
  }

  /** Records a part the browser sent (its ETag as object storage answered), while the upload is open. */
  async recordPart(uploadId: string, file: UploadFileName, partNumber: number, etag: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { uploadId },
          UpdateExpression: "SET parts.#file.#part = :etag, updatedAt = :now",
          ConditionExpression: "#status = :uploading AND attribute_exists(parts.#file)",
          ExpressionAttributeNames: { "#file": file, "#part": String(partNumber), "#status": "status" },
          ExpressionAttributeValues: { ":etag": etag, ":now": Date.now(), ":uploading": "uploading" },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** Records a CID this upload pinned (before anything else refers to it, so it can always be unpinned). */
  async recordPinned(uploadId: string, cid: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { uploadId },
        UpdateExpression: "SET pinned = list_append(if_not_exists(pinned, :empty), :cid)",
        ExpressionAttributeValues: { ":cid": [cid], ":empty": [] },
      }),
    );
  }

  /** The upload a film was published from. */
  async ofFilm(filmId: bigint): Promise<Upload | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({ TableName: this.table, IndexName: "byFilm", KeyConditionExpression: "filmId = :film", ExpressionAttributeValues: { ":film": filmId.toString() } }),
    );
    return Items[0] ? this.get(Items[0].uploadId as string) : undefined;
  }

  /** Uploads in these states, oldest first (the worker's jobs: queued, packaging, deleting). */
  async withStatus(statuses: UploadStatus[], limit = 20): Promise<string[]> {
    const ids: string[] = [];
    for (const status of statuses) {
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
      ids.push(...Items.map((i) => i.uploadId as string));
    }
    return ids;
  }
}
