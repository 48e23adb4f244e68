/**
 * The functions' configuration, read and validated once at start-up (not at import time): a missing or
 * malformed value stops the function with one clear message naming the variable. Locally the values
 * come from `npm start` (the deployment file and the local keys); in production from the stage's
 * parameters (serverless.yml), signing keys from AWS KMS.
 */
import type { Address, Hex } from "viem";
import { isAddress, isHex } from "viem";

export interface FunctionsConfig {
  rpcUrl: string;
  chainId: number;
  contracts: { PayPerView: Address; FilmRegistry: Address; CuratorStaking: Address; ExchangeRateOracle: Address; TokenExchange: Address };
  /** The first block to read events from (the deployment's). */
  fromBlock: bigint;
  tables: { transactions: string; receipts: string; payouts: string };
  /** A local DynamoDB (dynalite); unset in AWS. */
  dynamoEndpoint?: string;
  /** Local signing keys by role (production signs with KMS and sets none of these). */
  keys: Partial<Record<"rateUpdater" | "reporter" | "deliverySigner" | "payout", Hex>>;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionsConfig {
  const required = (name: string) => {
    const value = env[name];
    if (value === undefined || value === "") throw new ConfigError(`${name} is not set`);
    return value;
  };
  const address = (name: string): Address => {
    const value = required(name);
    if (!isAddress(value)) throw new ConfigError(`${name} is not an address: ${value}`);
    return value;
  };
  const key = (name: string): Hex | undefined => {
    const value = env[name];
    if (value === undefined || value === "") return undefined;
    if (!isHex(value) || value.length !== 66) throw new ConfigError(`${name} is not a 32-byte private key`);
    return value;
  };
  const blockNumber = (name: string): bigint => {
    const value = env[name] || "0";
    if (!/^\d+$/.test(value)) throw new ConfigError(`${name} is not a block number: ${value}`);
    return BigInt(value);
  };
  const chainId = Number(required("STREAMSPACE_CHAIN_ID"));
  if (!Number.isInteger(chainId) || chainId <= 0) throw new ConfigError("STREAMSPACE_CHAIN_ID is not a chain id");
  return {
    rpcUrl: required("STREAMSPACE_RPC_URL"),
    chainId,
    contracts: {
      PayPerView: address("STREAMSPACE_PAY_PER_VIEW"),
      FilmRegistry: address("STREAMSPACE_FILM_REGISTRY"),
      CuratorStaking: address("STREAMSPACE_CURATOR_STAKING"),
      ExchangeRateOracle: address("STREAMSPACE_EXCHANGE_RATE_ORACLE"),
      TokenExchange: address("STREAMSPACE_TOKEN_EXCHANGE"),
    },
    fromBlock: blockNumber("STREAMSPACE_FROM_BLOCK"),
    tables: {
      transactions: required("TRANSACTIONS_TABLE"),
      receipts: required("DELIVERY_RECEIPTS_TABLE"),
      payouts: required("PAYOUTS_TABLE"),
    },
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    keys: {
      rateUpdater: key("RATE_UPDATER_KEY"),
      reporter: key("REPORTER_KEY"),
      deliverySigner: key("DELIVERY_SIGNER_KEY"),
      payout: key("PAYOUT_KEY"),
    },
  };
}
