/**
 * What a handler needs, built once per Lambda container from the configuration: the chain client,
 * DynamoDB, and a nonce-safe sender per signing key. A structured JSON logger (Powertools) carries the
 * invocation's request id; no key is ever logged.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import type { PublicClient } from "viem";
import { createPublicClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { NonceSafeSender } from "./chain/sender.ts";
import { TxStore } from "./chain/tx-store.ts";
import { type FunctionsConfig, readConfig } from "./config.ts";

export const logger = new Logger({ serviceName: "streamspace" });

export interface Runtime {
  config: FunctionsConfig;
  publicClient: PublicClient;
  dynamo: DynamoDBClient;
  sender(role: keyof FunctionsConfig["keys"]): NonceSafeSender;
}

let runtime: Runtime | undefined;

export function getRuntime(): Runtime {
  if (runtime) return runtime;
  const config = readConfig();
  const publicClient = createPublicClient({ transport: http(config.rpcUrl, { batch: true, retryCount: 3, timeout: 10_000 }) }) as PublicClient;
  const dynamo = new DynamoDBClient(
    config.dynamoEndpoint
      ? { endpoint: config.dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {},
  );
  const store = new TxStore(dynamo, config.tables.transactions);
  const senders = new Map<string, NonceSafeSender>();
  runtime = {
    config,
    publicClient,
    dynamo,
    sender(role) {
      const key = config.keys[role];
      // Production: an AWS KMS secp256k1 key behind the same LocalAccount interface (docs/deployment.md).
      if (!key) throw new Error(`no signing key configured for ${role}`);
      let sender = senders.get(role);
      if (!sender) {
        sender = new NonceSafeSender({ account: privateKeyToAccount(key), publicClient, store, chainId: config.chainId });
        senders.set(role, sender);
      }
      return sender;
    },
  };
  return runtime;
}
