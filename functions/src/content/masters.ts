/**
 * Film masters in object storage (S3 in production, s3rver locally: the same API). The filmmaker's
 * browser uploads a master straight to the bucket in parts, through presigned `UploadPart` URLs (no
 * byte passes through a function); an interrupted upload resumes from the parts S3 already holds.
 */
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

/** Parts of 16 MiB (S3 wants at least 5 MiB but the last): up to 10,000 parts, 156 GiB. */
export const PART_SIZE = 16 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** How long a presigned part URL works. */
const PART_URL_SECONDS = 3_600;

export class MasterStore {
  readonly s3: S3Client;
  readonly bucket: string;

  constructor({ bucket, endpoint }: { bucket: string; endpoint?: string }) {
    this.bucket = bucket;
    this.s3 = new S3Client(
      endpoint
        ? { endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } }
        : {},
    );
  }

  /** How many parts a file of `size` bytes takes. */
  static partsFor(size: number): number {
    const parts = Math.max(1, Math.ceil(size / PART_SIZE));
    if (parts > MAX_PARTS) throw new RangeError(`a file of ${size} bytes takes more than ${MAX_PARTS} parts`);
    return parts;
  }

  async start(key: string, contentType: string): Promise<string> {
    const { UploadId } = await this.s3.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }));
    return UploadId!;
  }

  /** Presigned PUT URLs for these part numbers (the browser sends each part's bytes to its URL). */
  async partUrls(key: string, uploadId: string, partNumbers: number[]): Promise<{ partNumber: number; url: string }[]> {
    return Promise.all(
      partNumbers.map(async (partNumber) => ({
        partNumber,
        url: await getSignedUrl(this.s3, new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), { expiresIn: PART_URL_SECONDS }),
      })),
    );
  }

  /**
   * Completes the upload from its parts and their ETags (S3 refuses an ETag that is not the part it
   * holds); returns the stored object's size.
   */
  async complete(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<number> {
    await this.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
    const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    return head.ContentLength ?? 0;
  }

  async abort(key: string, uploadId: string): Promise<void> {
    await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
  }

  async download(key: string, path: string): Promise<void> {
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    await pipeline(Body as Readable, createWriteStream(path));
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
