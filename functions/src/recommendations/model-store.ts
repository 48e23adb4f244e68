/**
 * Where the trained model is kept between the training function and the serving function: one JSON
 * object in S3 (`models/recommendations.json`; locally s3rver). The serving function keeps the parsed
 * model for its container's life and looks for a newer one (by ETag) at most once a minute.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

import type { Model } from "@streamspace/core/recommend/model";

export const MODEL_KEY = "models/recommendations.json";

/** The model and what serving needs besides it (open rentals, left out of a fan's picks). */
export interface StoredModel {
  model: Model;
  open: Record<string, string[]>;
}

export class ModelStore {
  private readonly s3: S3Client;
  private readonly bucket: string;
  private cached?: { etag: string; stored: StoredModel; checkedAt: number };

  constructor({ bucket, endpoint }: { bucket: string; endpoint?: string }) {
    this.bucket = bucket;
    this.s3 = new S3Client(endpoint ? { endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } } : {});
  }

  async put(stored: StoredModel): Promise<number> {
    const body = JSON.stringify(stored);
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: MODEL_KEY, Body: body, ContentType: "application/json" }));
    return body.length;
  }

  /** The latest model, or undefined before the first training. */
  async get(now = Date.now()): Promise<StoredModel | undefined> {
    if (this.cached && now - this.cached.checkedAt < 60_000) return this.cached.stored;
    let etag: string | undefined;
    try {
      etag = (await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: MODEL_KEY }))).ETag;
    } catch (error) {
      if ((error as { name?: string }).name === "NotFound" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
    if (this.cached && this.cached.etag === etag) {
      this.cached.checkedAt = now;
      return this.cached.stored;
    }
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: MODEL_KEY }));
    const stored = JSON.parse(await object.Body!.transformToString()) as StoredModel;
    this.cached = { etag: object.ETag ?? etag ?? "", stored, checkedAt: now };
    return stored;
  }
}
