/**
 * Film keys: the AES-128 key each film's HLS segments are encrypted under, kept only wrapped (envelope
 * encryption). A film key is created with a random key id (the id in its playlists' key URI, known
 * before the film is registered); the media worker uses the plaintext once to encrypt, the key server
 * unwraps it for each viewer who may watch; deleting the film destroys the wrapped key, so every copy of
 * the ciphertext anywhere becomes useless.
 *
 * Wrapping: locally AES-256-GCM under a master key from configuration; in production an AWS KMS data
 * key (`GenerateDataKey`, `Decrypt`). Either way the wrapped key is bound to its key id (GCM's
 * additional data, KMS's encryption context), so a wrapped key copied onto another film's item does
 * not unwrap.
 *
 * Table `FilmKeys` (hash key `keyId`): the wrapped key, the film it was bound to once registered (and a
 * marker item `film#<id>` naming a film's key), and its status (`active`, then `destroyed` for good: the wrapped key is removed, the item stays as the film's
 * tombstone so the key server answers 410).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";

import { isConditionFailed } from "../dynamo.ts";

export const FILM_KEYS_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [{ AttributeName: "keyId", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "keyId", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

/** HLS AES-128: a 16-byte key. */
export const FILM_KEY_BYTES = 16;
/** A key id: 16 random bytes, hex. */
const KEY_ID = /^[0-9a-f]{32}$/;

export class FilmKeyError extends Error {}

/** Wraps and unwraps film keys, bound to their key id. */
export interface KeyWrapper {
  readonly name: string;
  /** A fresh film key and its wrapped form. */
  generate(keyId: string): Promise<{ key: Uint8Array; wrapped: Uint8Array }>;
  unwrap(keyId: string, wrapped: Uint8Array): Promise<Uint8Array>;
}

/** Local: AES-256-GCM under a 32-byte master key; wrapped = version 1 || IV (12) || ciphertext (16) || tag (16). */
export class MasterKeyWrapper implements KeyWrapper {
  readonly name = "master-key";
  private readonly masterKey: Uint8Array;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== 32) throw new FilmKeyError("the master key must be 32 bytes");
    this.masterKey = masterKey;
  }

  async generate(keyId: string) {
    const key = new Uint8Array(randomBytes(FILM_KEY_BYTES));
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.masterKey, iv);
    cipher.setAAD(context(keyId));
    const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
    return { key, wrapped: new Uint8Array(Buffer.concat([Buffer.of(1), iv, ciphertext, cipher.getAuthTag()])) };
  }

  async unwrap(keyId: string, wrapped: Uint8Array) {
    if (wrapped.length !== 1 + 12 + FILM_KEY_BYTES + 16 || wrapped[0] !== 1) throw new FilmKeyError("not a wrapped film key");
    const decipher = createDecipheriv("aes-256-gcm", this.masterKey, wrapped.subarray(1, 13));
    decipher.setAAD(context(keyId));
    decipher.setAuthTag(wrapped.subarray(13 + FILM_KEY_BYTES));
    try {
      return new Uint8Array(Buffer.concat([decipher.update(wrapped.subarray(13, 13 + FILM_KEY_BYTES)), decipher.final()]));
    } catch {
      throw new FilmKeyError("the wrapped key does not belong to this key id (or the master key changed)");
    }
  }
}

/** Production: an AWS KMS symmetric key makes each film key as a 16-byte data key, bound to its key id by the encryption context. */
export class KmsKeyWrapper implements KeyWrapper {
  readonly name = "kms";
  private readonly kms: KMSClient;
  private readonly keyId: string;

  constructor({ kms, keyId }: { kms: KMSClient; keyId: string }) {
    this.kms = kms;
    this.keyId = keyId;
  }

  async generate(keyId: string) {
    const out = await this.kms.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, NumberOfBytes: FILM_KEY_BYTES, EncryptionContext: { filmKeyId: keyId } }),
    );
    if (out.Plaintext?.length !== FILM_KEY_BYTES || !out.CiphertextBlob) throw new FilmKeyError("KMS returned no 16-byte data key");
    return { key: out.Plaintext, wrapped: out.CiphertextBlob };
  }

  async unwrap(keyId: string, wrapped: Uint8Array) {
    const out = await this.kms.send(new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: { filmKeyId: keyId } }));
    if (out.Plaintext?.length !== FILM_KEY_BYTES) throw new FilmKeyError("KMS returned no 16-byte key");
    return out.Plaintext;
  }
}

function context(keyId: string): Uint8Array {
  return new TextEncoder().encode(`streamspace film key ${keyId}`);
}

export type FilmKeyRecord =
  | { status: "active"; keyId: string; filmId?: bigint; wrapped: Uint8Array }
  | { status: "destroyed"; keyId: string; filmId?: bigint; destroyedAt: number };

export class FilmKeyStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly wrapper: KeyWrapper;

  constructor({ client, table, wrapper }: { client: DynamoDBClient; table: string; wrapper: KeyWrapper }) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
    this.wrapper = wrapper;
  }

  /** A new film key: stored wrapped; the plaintext is returned once, for the media worker to encrypt with. */
  async create(): Promise<{ keyId: string; key: Uint8Array }> {
    const keyId = randomBytes(16).toString("hex");
    const { key, wrapped } = await this.wrapper.generate(keyId);
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { keyId, wrapped, status: "active", createdAt: Date.now() },
        ConditionExpression: "attribute_not_exists(keyId)",
      }),
    );
    return { keyId, key };
  }

  /**
   * Binds the key to its registered film, once; a film has one key. The film's marker item
   * (`film#<id>`, naming its key) is claimed first, then the key is bound; if the key cannot be bound
   * (destroyed, another film's) the claim is released. A crash between the two leaves a claim naming
   * this key, which binding it again completes. Binding it again to the same film is a no-op.
   */
  async bind(keyId: string, filmId: bigint): Promise<void> {
    checkKeyId(keyId);
    const marker = { keyId: `film#${filmId}` };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...marker, boundKeyId: keyId },
          ConditionExpression: "attribute_not_exists(keyId) OR boundKeyId = :key",
          ExpressionAttributeValues: { ":key": keyId },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      throw new FilmKeyError(`film ${filmId} already has a key`);
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { keyId },
          UpdateExpression: "SET filmId = :film",
          ConditionExpression: "#status = :active AND (attribute_not_exists(filmId) OR filmId = :film)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":film": filmId.toString(), ":active": "active" },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const record = await this.record(keyId);
      // Release the claim, unless the key was this film's (then destroyed): a deleted film keeps its tombstone.
      if (record?.filmId !== filmId) {
        await this.db.send(
          new DeleteCommand({ TableName: this.table, Key: marker, ConditionExpression: "boundKeyId = :key", ExpressionAttributeValues: { ":key": keyId } }),
        );
      }
      throw new FilmKeyError(
        !record ? `no film key ${keyId}` : record.status === "destroyed" ? `film key ${keyId} was destroyed` : `film key ${keyId} belongs to film ${record.filmId}`,
      );
    }
  }

  /** The stored record (wrapped), or undefined for an unknown key id. */
  async record(keyId: string): Promise<FilmKeyRecord | undefined> {
    if (!KEY_ID.test(keyId)) return undefined;
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { keyId }, ConsistentRead: true }));
    if (!Item) return undefined;
    const filmId = Item.filmId === undefined ? undefined : BigInt(Item.filmId as string);
    return Item.status === "destroyed"
      ? { status: "destroyed", keyId, filmId, destroyedAt: Item.destroyedAt as number }
      : { status: "active", keyId, filmId, wrapped: Item.wrapped as Uint8Array };
  }

  /** The key id bound to a film, if any. */
  async keyIdOf(filmId: bigint): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: { keyId: `film#${filmId}` }, ConsistentRead: true }));
    const keyId = Item?.boundKeyId as string | undefined;
    // A claim whose binding did not complete (a crash between the two writes) binds nothing yet.
    return keyId && (await this.record(keyId))?.filmId === filmId ? keyId : undefined;
  }

  /** The plaintext key of an active record. */
  async unwrap(record: Extract<FilmKeyRecord, { status: "active" }>): Promise<Uint8Array> {
    return this.wrapper.unwrap(record.keyId, record.wrapped);
  }

  /** Destroys the key for good: the wrapped key is removed, a tombstone remains. Destroying twice is a no-op. */
  async destroy(keyId: string): Promise<void> {
    checkKeyId(keyId);
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { keyId },
        UpdateExpression: "SET #status = :destroyed, destroyedAt = if_not_exists(destroyedAt, :now) REMOVE #wrapped",
        ConditionExpression: "attribute_exists(keyId)",
        ExpressionAttributeNames: { "#status": "status", "#wrapped": "wrapped" },
        ExpressionAttributeValues: { ":destroyed": "destroyed", ":now": Date.now() },
      }),
    );
  }
}

function checkKeyId(keyId: string) {
  if (!KEY_ID.test(keyId)) throw new FilmKeyError(`not a film key id: ${keyId}`);
}
