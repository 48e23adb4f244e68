import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import type { Hex } from "viem";
import { bytesToHex, hexToBytes, sha256 } from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";

/**
 * A local stand-in for AWS KMS (which cannot be reached from here), speaking its wire protocol (AWS
 * JSON 1.1: `POST /` with `X-Amz-Target: TrentService.<Operation>`, blobs in base64, errors as
 * `{"__type", "message"}` with HTTP 400), so the official `@aws-sdk/client-kms` talks to it unchanged.
 * It holds secp256k1 keys (`ECC_SECG_P256K1`, `SIGN_VERIFY`) and answers `GetPublicKey` (DER
 * SubjectPublicKeyInfo) and `Sign` (DER ECDSA) as KMS does, including what callers must handle:
 * half of its signatures have the high s that Ethereum refuses (KMS does not normalise), and a `RAW`
 * message is hashed with SHA-256 first (only `DIGEST` signs the bytes as given). Symmetric keys
 * (`SYMMETRIC_DEFAULT`) answer `GenerateDataKey` and `Decrypt`, binding each ciphertext to its
 * encryption context as KMS does (a different context is `InvalidCiphertextException`).
 */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const SPKI_HEADER = "3056301006072a8648ce3d020106052b8104000a034200";

export type LocalKmsKey =
  | {
      privateKey: Hex;
      /** Another spec, to play a key created for the wrong use. */
      keySpec?: string;
    }
  | { symmetric: true };

export async function startLocalKms({ keys, port = 0 }: { keys: Record<string, LocalKmsKey>; port?: number }) {
  const signatures: { keyId: string; messageType: string; highS: boolean }[] = [];
  const keyOf = (id: unknown) => (typeof id === "string" ? (keys[id] ?? keys[id.replace(/^arn:aws:kms:[^:]+:\d+:/, "")]) : undefined);
  const signingKeyOf = (id: unknown) => {
    const key = keyOf(id);
    if (!key) throw kmsError("NotFoundException", `Key '${String(id)}' does not exist`);
    if (!("privateKey" in key)) throw kmsError("InvalidKeyUsageException", `Key '${String(id)}' is not a signing key`);
    return key;
  };
  // Each symmetric key's secret material, made when first used.
  const secrets = new Map<string, Buffer>();
  const secretOf = (id: unknown) => {
    const key = keyOf(id);
    if (!key) throw kmsError("NotFoundException", `Key '${String(id)}' does not exist`);
    if (!("symmetric" in key)) throw kmsError("InvalidKeyUsageException", `Key '${String(id)}' is not a symmetric encryption key`);
    const name = String(id);
    if (!secrets.has(name)) secrets.set(name, randomBytes(32));
    return { name, secret: secrets.get(name)! };
  };
  // The encryption context as KMS binds it: the same pairs in any order.
  const contextBytes = (context: unknown) =>
    Buffer.from(JSON.stringify(Object.entries((context ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1))));

  const operations: Record<string, (body: Record<string, unknown>) => Promise<Record<string, unknown>>> = {
    async GetPublicKey(body) {
      const key = signingKeyOf(body.KeyId);
      const publicKey = privateKeyToAccount(key.privateKey).publicKey;
      return {
        KeyId: `arn:aws:kms:us-east-1:000000000000:${String(body.KeyId)}`,
        PublicKey: Buffer.from(hexToBytes(`0x${SPKI_HEADER}${publicKey.slice(2)}`)).toString("base64"),
        KeySpec: key.keySpec ?? "ECC_SECG_P256K1",
        CustomerMasterKeySpec: key.keySpec ?? "ECC_SECG_P256K1",
        KeyUsage: "SIGN_VERIFY",
        SigningAlgorithms: ["ECDSA_SHA_256"],
      };
    },
    async GenerateDataKey(body) {
      const { name, secret } = secretOf(body.KeyId);
      const bytes = body.NumberOfBytes ?? (body.KeySpec === "AES_128" ? 16 : body.KeySpec === "AES_256" ? 32 : undefined);
      if (typeof bytes !== "number" || bytes < 1 || bytes > 1024) throw kmsError("ValidationException", "Specify NumberOfBytes (1-1024) or KeySpec");
      const plaintext = randomBytes(bytes);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", secret, iv);
      cipher.setAAD(contextBytes(body.EncryptionContext));
      const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const id = Buffer.from(name);
      const blob = Buffer.concat([Buffer.of(id.length), id, iv, cipher.getAuthTag(), sealed]);
      return { KeyId: name, Plaintext: plaintext.toString("base64"), CiphertextBlob: blob.toString("base64") };
    },
    async Decrypt(body) {
      const blob = Buffer.from(String(body.CiphertextBlob ?? ""), "base64");
      const name = blob.subarray(1, 1 + (blob[0] ?? 0)).toString();
      if (body.KeyId !== undefined && body.KeyId !== name) throw kmsError("IncorrectKeyException", "The key ID in the request does not identify the key that encrypted the ciphertext");
      const { secret } = secretOf(name);
      const at = 1 + name.length;
      try {
        const decipher = createDecipheriv("aes-256-gcm", secret, blob.subarray(at, at + 12));
        decipher.setAAD(contextBytes(body.EncryptionContext));
        decipher.setAuthTag(blob.subarray(at + 12, at + 28));
        const plaintext = Buffer.concat([decipher.update(blob.subarray(at + 28)), decipher.final()]);
        return { KeyId: name, Plaintext: plaintext.toString("base64"), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
      } catch {
        throw kmsError("InvalidCiphertextException", "");
      }
    },
    async Sign(body) {
      const key = signingKeyOf(body.KeyId);
      if (body.SigningAlgorithm !== "ECDSA_SHA_256") throw kmsError("InvalidKeyUsageException", `Unsupported signing algorithm ${String(body.SigningAlgorithm)}`);
      const message = new Uint8Array(Buffer.from(String(body.Message ?? ""), "base64"));
      const messageType = String(body.MessageType ?? "RAW");
      if (messageType === "DIGEST" && message.length !== 32) throw kmsError("ValidationException", "Digest must be 32 bytes for ECDSA_SHA_256");
      const digest = messageType === "DIGEST" ? bytesToHex(message) : sha256(message);
      const { der, highS } = await derSignature(digest, key.privateKey);
      signatures.push({ keyId: String(body.KeyId), messageType, highS });
      return {
        KeyId: String(body.KeyId),
        Signature: Buffer.from(der).toString("base64"),
        SigningAlgorithm: "ECDSA_SHA_256",
      };
    },
  };

  const server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk));
    request.on("end", () => {
      const reply = (status: number, value: unknown) => {
        response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        response.end(JSON.stringify(value));
      };
      const target = String(request.headers["x-amz-target"] ?? "");
      const operation = target.startsWith("TrentService.") ? operations[target.slice("TrentService.".length)] : undefined;
      if (request.method !== "POST" || !operation) return reply(400, { __type: "UnknownOperationException", message: `Unknown operation ${target}` });
      if (!String(request.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ")) {
        return reply(400, { __type: "MissingAuthenticationTokenException", message: "Request is missing Authentication Token" });
      }
      operation(JSON.parse(raw || "{}") as Record<string, unknown>).then(
        (value) => reply(200, value),
        (error: { type?: string; message: string }) => reply(400, { __type: error.type ?? "KMSInternalException", message: error.message }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    /** Every signature made, in order (tests: that a key signed through KMS, and how). */
    signatures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function kmsError(type: string, message: string) {
  return Object.assign(new Error(message), { type });
}

/** A DER ECDSA signature of the digest, with s in the high half one time in two (as KMS's may be). */
async function derSignature(digest: Hex, privateKey: Hex): Promise<{ der: Uint8Array; highS: boolean }> {
  const { r, s } = await sign({ hash: digest, privateKey });
  const highS = Math.random() < 0.5;
  return { der: der([BigInt(r), highS ? SECP256K1_N - BigInt(s) : BigInt(s)]), highS };
}

function der(integers: bigint[]): Uint8Array {
  const encoded = integers.map((value) => {
    let bytes = hexToBytes(`0x${value.toString(16).padStart(64, "0")}`);
    while (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) bytes = bytes.subarray(1);
    if (bytes[0]! & 0x80) bytes = Uint8Array.of(0, ...bytes);
    return Uint8Array.of(0x02, bytes.length, ...bytes);
  });
  const body = encoded.flatMap((e) => [...e]);
  return Uint8Array.of(0x30, body.length, ...body);
}
