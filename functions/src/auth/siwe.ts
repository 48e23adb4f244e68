/**
 * Sign-In with Ethereum (EIP-4361), through viem's SIWE helpers. A nonce is issued once, lives five
 * minutes and is consumed by the sign-in that uses it (a replayed message is refused); the message must
 * be for this service's domain and chain, recently issued and unexpired, and its signature must be the
 * address's (an ordinary key, or a smart-contract wallet through ERC-1271/6492, as viem verifies).
 */
import { randomBytes } from "node:crypto";

import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Address, Hex, PublicClient } from "viem";
import { parseSiweMessage, validateSiweMessage } from "viem/siwe";

import { isConditionFailed } from "../dynamo.ts";

export const AUTH_NONCES_TABLE: Omit<CreateTableCommandInput, "TableName"> = {
  AttributeDefinitions: [{ AttributeName: "nonce", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "nonce", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
};

export const NONCE_SECONDS = 300;
/** How old a message's `issuedAt` may be, and how far ahead of our clock. */
const ISSUED_WITHIN_SECONDS = 600;
const CLOCK_SKEW_SECONDS = 60;

export class SignInError extends Error {}

export class NonceStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.db = DynamoDBDocumentClient.from(client);
    this.table = table;
  }

  async issue(now = Date.now()): Promise<{ nonce: string; expiresAt: number }> {
    // 128 random bits, alphanumeric as EIP-4361 requires.
    const nonce = randomBytes(16).toString("hex");
    const expiresAt = Math.floor(now / 1000) + NONCE_SECONDS;
    await this.db.send(new PutCommand({ TableName: this.table, Item: { nonce, expiresAt }, ConditionExpression: "attribute_not_exists(nonce)" }));
    return { nonce, expiresAt };
  }

  /** Uses a nonce up: true once for an issued, unexpired nonce; false for an unknown, used or expired one. */
  async consume(nonce: string, now = Date.now()): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { nonce },
          ConditionExpression: "attribute_exists(nonce) AND expiresAt > :now",
          ExpressionAttributeValues: { ":now": Math.floor(now / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}

/** The address a valid sign-in proves; a SignInError saying what is wrong otherwise (nothing is consumed then). */
export async function verifySignIn({
  publicClient,
  nonces,
  message,
  signature,
  domain,
  chainId,
  now = Date.now(),
}: {
  publicClient: PublicClient;
  nonces: NonceStore;
  message: string;
  signature: Hex;
  domain: string;
  chainId: number;
  now?: number;
}): Promise<Address> {
  const parsed = parseSiweMessage(message);
  if (!parsed.address || !parsed.nonce || !parsed.domain || !parsed.chainId || !parsed.issuedAt || !parsed.uri || parsed.version !== "1") {
    throw new SignInError("not a Sign-In with Ethereum message");
  }
  if (parsed.domain !== domain) throw new SignInError(`the message is for ${parsed.domain}, not ${domain}`);
  if (parsed.chainId !== chainId) throw new SignInError(`the message is for chain ${parsed.chainId}, not ${chainId}`);
  const issued = parsed.issuedAt.getTime();
  if (issued > now + CLOCK_SKEW_SECONDS * 1000 || issued < now - ISSUED_WITHIN_SECONDS * 1000) throw new SignInError("the message was not issued just now");
  if (!validateSiweMessage({ message: parsed, domain, time: new Date(now) })) throw new SignInError("the message has expired or is not valid yet");
  const valid = await publicClient.verifySiweMessage({ message, signature, domain, time: new Date(now) }).catch(() => false);
  if (!valid) throw new SignInError(`the signature is not ${parsed.address}'s`);
  if (!(await nonces.consume(parsed.nonce, now))) throw new SignInError("the nonce is unknown, expired or already used");
  return parsed.address;
}
