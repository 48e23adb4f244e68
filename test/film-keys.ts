import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";

import { KMSClient } from "@aws-sdk/client-kms";
import { DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";

import { FilmKeyError, FilmKeyStore, KmsKeyWrapper, type KeyWrapper, MasterKeyWrapper } from "@streamspace/functions/content/film-keys";

import { startLocalDynamo } from "../dev/dynamo.js";
import { startLocalKms } from "../dev/kms.js";

/**
 * Film keys kept only wrapped, in DynamoDB (dynalite): locally under a master key, in production as AWS
 * KMS data keys (through the official client, against the KMS stand-in). Both bind a wrapped key to its
 * key id, and a destroyed key is gone for good.
 */
describe("film keys", async () => {
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let kms: Awaited<ReturnType<typeof startLocalKms>>;
  let kmsClient: KMSClient;
  before(async () => {
    dynamo = await startLocalDynamo();
    kms = await startLocalKms({ keys: { "alias/streamspace-local-film-keys": { symmetric: true } } });
    kmsClient = new KMSClient({ endpoint: kms.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  });
  after(async () => {
    kmsClient.destroy();
    await kms.close();
    await dynamo.close();
  });

  const wrappers: Record<string, () => KeyWrapper> = {
    "a local master key": () => new MasterKeyWrapper(randomBytes(32)),
    "AWS KMS data keys": () => new KmsKeyWrapper({ kms: kmsClient, keyId: "alias/streamspace-local-film-keys" }),
  };

  for (const [index, [name, wrapper]] of Object.entries(wrappers).entries()) {
    // Each wrapper's films, apart in the shared table.
    const film = (n: number) => BigInt(index * 100 + n);
    it(`${name}: stores only the wrapped key, unwraps it for its key id only, binds it to one film`, async () => {
      const store = new FilmKeyStore({ client: dynamo.client, table: "FilmKeys", wrapper: wrapper() });
      const { keyId, key } = await store.create();
      assert.match(keyId, /^[0-9a-f]{32}$/);
      assert.equal(key.length, 16);
      const record = await store.record(keyId);
      assert.ok(record?.status === "active");
      assert.equal(Buffer.from(record.wrapped).includes(Buffer.from(key)), false, "the plaintext is not stored");
      assert.deepEqual(await store.unwrap(record), key);

      // A wrapped key copied onto another key id does not unwrap there.
      const other = await store.create();
      const otherRecord = await store.record(other.keyId);
      assert.ok(otherRecord?.status === "active");
      await assert.rejects(store.unwrap({ ...otherRecord, wrapped: record.wrapped }), (e: Error) => e instanceof FilmKeyError || e.name === "InvalidCiphertextException");

      await store.bind(keyId, film(7));
      await store.bind(keyId, film(7)); // again, the same film: fine
      await assert.rejects(store.bind(keyId, film(8)), new RegExp(`belongs to film ${film(7)}`));
      assert.equal((await store.record(keyId))?.filmId, film(7));
      assert.equal(await store.keyIdOf(film(7)), keyId);
      // One key per film: another key cannot be bound to film 7.
      await assert.rejects(store.bind(other.keyId, film(7)), new RegExp(`film ${film(7)} already has a key`));
      assert.equal((await store.record(other.keyId))?.filmId, undefined, "nothing half-written");
    });

    it(`${name}: a destroyed key is gone for good; unknown and malformed ids are nobody's`, async () => {
      const store = new FilmKeyStore({ client: dynamo.client, table: "FilmKeys", wrapper: wrapper() });
      const { keyId } = await store.create();
      await store.bind(keyId, film(9));
      await store.destroy(keyId);
      await store.destroy(keyId);
      const record = await store.record(keyId);
      assert.equal(record?.status, "destroyed");
      assert.equal(record?.filmId, film(9));
      assert.equal("wrapped" in record!, false);
      await assert.rejects(store.bind(keyId, film(9)), /was destroyed/);
      const another = await store.create();
      await assert.rejects(store.bind(another.keyId, film(9)), /already has a key/, "a deleted film gets no new key");
      // Nothing brings it back: the item has no wrapped key left to restore.
      const raw = await DynamoDBDocumentClient.from(dynamo.client).send(
        new UpdateCommand({ TableName: "FilmKeys", Key: { keyId }, UpdateExpression: "SET #s = :a", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":a": "active" }, ReturnValues: "ALL_NEW" }),
      );
      assert.equal(raw.Attributes?.wrapped, undefined);

      assert.equal(await store.record("0".repeat(32)), undefined);
      assert.equal(await store.record("../etc/passwd"), undefined);
      await assert.rejects(store.bind("xyz", 1n), /not a film key id/);
      await assert.rejects(store.destroy("f".repeat(32)), (e: Error) => e.name === "ConditionalCheckFailedException");
    });
  }

  it("refuses a master key of the wrong size", () => {
    assert.throws(() => new MasterKeyWrapper(randomBytes(16)), /32 bytes/);
  });
});
