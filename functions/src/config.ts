/**
 * The functions' configuration, read and validated once at start-up (not at import time): a missing or
 * malformed value stops the function with one clear message naming the variable. Locally the values
 * come from `npm start` (the deployment file and the local keys); in production from the stage's
 * parameters (serverless.yml), signing keys from AWS KMS.
 *
 * Each signing role takes either `<ROLE>_KEY` (a private key: local and tests) or `<ROLE>_KMS_KEY_ID`
 * (an AWS KMS secp256k1 key: production), never both.
 */
import type { Address, Hex } from "viem";
import { isAddress, isHex } from "viem";

export interface FunctionsConfig {
  rpcUrl: string;
  chainId: number;
  contracts: { PayPerView: Address; FilmRegistry: Address; CuratorStaking: Address; ExchangeRateOracle: Address; TokenExchange: Address };
  /** The first block to read events from (the deployment's). */
  fromBlock: bigint;
  tables: { transactions: string; receipts: string; payouts: string; payoutAccounts: string };
  /** Who pays cash-outs: the local provider (records payouts in DynamoDB) or Stripe Connect. */
  payoutProvider: { kind: "local" } | { kind: "stripe"; secretKey: string; apiUrl?: URL };
  /** A local DynamoDB (dynalite); unset in AWS. */
  dynamoEndpoint?: string;
  /** Signing keys by role: a private key locally, an AWS KMS key in production. */
  signers: Partial<Record<SigningRole, SignerConfig>>;
  /** A local KMS (the stand-in tests use); unset in AWS. */
  kmsEndpoint?: string;
}

export type SigningRole = "rateUpdater" | "reporter" | "deliverySigner" | "payout" | "onramp";
export type SignerConfig = { privateKey: Hex } | { kmsKeyId: string };

/** The variables that name each role's key: `<PREFIX>_KEY` or `<PREFIX>_KMS_KEY_ID`. */
const SIGNER_VARIABLES: Record<SigningRole, string> = {
  rateUpdater: "RATE_UPDATER",
  reporter: "REPORTER",
  deliverySigner: "DELIVERY_SIGNER",
  payout: "PAYOUT",
  onramp: "ONRAMP",
};

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
  const signer = (prefix: string): SignerConfig | undefined => {
    const privateKey = env[`${prefix}_KEY`] || undefined;
    const kmsKeyId = env[`${prefix}_KMS_KEY_ID`] || undefined;
    if (privateKey && kmsKeyId) throw new ConfigError(`${prefix}_KEY and ${prefix}_KMS_KEY_ID are both set: one key per role`);
    if (kmsKeyId) return { kmsKeyId };
    if (privateKey === undefined) return undefined;
    if (!isHex(privateKey) || privateKey.length !== 66) throw new ConfigError(`${prefix}_KEY is not a 32-byte private key`);
    return { privateKey };
  };
  const blockNumber = (name: string): bigint => {
    const value = env[name] || "0";
    if (!/^\d+$/.test(value)) throw new ConfigError(`${name} is not a block number: ${value}`);
    return BigInt(value);
  };
  const payoutProvider = (): FunctionsConfig["payoutProvider"] => {
    const kind = env.PAYOUT_PROVIDER || "local";
    if (kind === "local") return { kind };
    if (kind !== "stripe") throw new ConfigError(`PAYOUT_PROVIDER is "${kind}": "local" or "stripe"`);
    return { kind, ...readStripeConfig(env) };
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
      payoutAccounts: required("PAYOUT_ACCOUNTS_TABLE"),
    },
    payoutProvider: payoutProvider(),
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    signers: Object.fromEntries(
      Object.entries(SIGNER_VARIABLES).flatMap(([role, prefix]) => {
        const config = signer(prefix);
        return config ? [[role, config]] : [];
      }),
    ),
    kmsEndpoint: env.KMS_ENDPOINT || undefined,
  };
}

/** Stripe's API: the secret key, and locally the URL of the stand-in that serves Stripe's API. */
export function readStripeConfig(env: NodeJS.ProcessEnv = process.env): { secretKey: string; apiUrl?: URL } {
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) throw new ConfigError("STRIPE_SECRET_KEY is not set");
  if (!/^(sk|rk)_(test|live)_\w+$/.test(secretKey)) throw new ConfigError("STRIPE_SECRET_KEY is not a Stripe secret or restricted key");
  if (!env.STRIPE_API_URL) return { secretKey };
  try {
    return { secretKey, apiUrl: new URL(env.STRIPE_API_URL) };
  } catch {
    throw new ConfigError(`STRIPE_API_URL is not a URL: ${env.STRIPE_API_URL}`);
  }
}

/** A secret given in hex (at least `min` bytes, or exactly `exact`). */
function secretBytes(env: NodeJS.ProcessEnv, name: string, min: number, exact?: number): Uint8Array {
  const value = env[name];
  if (value === undefined || value === "") throw new ConfigError(`${name} is not set`);
  if (!/^(0x)?[0-9a-fA-F]+$/.test(value) || value.replace(/^0x/, "").length % 2 !== 0) throw new ConfigError(`${name} is not hex`);
  const bytes = new Uint8Array(Buffer.from(value.replace(/^0x/, ""), "hex"));
  if (bytes.length < min || (exact !== undefined && bytes.length !== exact)) throw new ConfigError(`${name} must be ${exact ?? `at least ${min}`} bytes`);
  return bytes;
}

/** The card payment functions' configuration (quotes, checkout, Stripe's webhook, the on-ramp keeper). */
export interface OnrampConfig {
  stripe: { secretKey: string; apiUrl?: URL; webhookSecret: string; publishableKey: string };
  /** Whether fans may buy SSH by card (a rental by card is always on): needs the provider's approval. */
  topUpEnabled: boolean;
  /** The platform's card fee, on top of what converts. */
  cardFee: { bps: bigint; fixedCents: bigint };
  /** How long a quote holds. */
  quoteTtlSeconds: number;
  /** The HMAC secret of sign-in sessions (the key server's). */
  sessionSecret: Uint8Array;
  tables: { quotes: string; paymentEvents: string; cardPayments: string; rateLimits: string; payoutAccounts: string };
  /** The on-ramp function, invoked without waiting once a webhook is stored; and a local Lambda endpoint. */
  onrampFunction: string;
  lambdaEndpoint?: string;
  /** Where Stripe's onboarding sends a holder back to (the dapp). */
  dappUrl: string;
}

export function readOnrampConfig(env: NodeJS.ProcessEnv = process.env): OnrampConfig {
  const required = (name: string) => {
    const value = env[name];
    if (value === undefined || value === "") throw new ConfigError(`${name} is not set`);
    return value;
  };
  const integer = (name: string, fallback: string, max: number) => {
    const value = env[name] || fallback;
    if (!/^\d+$/.test(value) || Number(value) > max) throw new ConfigError(`${name} is not a whole number up to ${max}: ${value}`);
    return Number(value);
  };
  const webhookSecret = required("STRIPE_WEBHOOK_SECRET");
  if (!/^whsec_\w+$/.test(webhookSecret)) throw new ConfigError("STRIPE_WEBHOOK_SECRET is not a Stripe webhook signing secret (whsec_...)");
  const publishableKey = required("STRIPE_PUBLISHABLE_KEY");
  if (!/^pk_(test|live)_\w+$/.test(publishableKey)) throw new ConfigError("STRIPE_PUBLISHABLE_KEY is not a Stripe publishable key");
  const topUp = env.TOPUP_ENABLED || "false";
  if (topUp !== "true" && topUp !== "false") throw new ConfigError(`TOPUP_ENABLED is "${topUp}": "true" or "false"`);
  return {
    stripe: { ...readStripeConfig(env), webhookSecret, publishableKey },
    topUpEnabled: topUp === "true",
    cardFee: { bps: BigInt(integer("CARD_FEE_BPS", "0", 1_000)), fixedCents: BigInt(integer("CARD_FEE_FIXED_CENTS", "0", 500)) },
    quoteTtlSeconds: integer("QUOTE_TTL_SECONDS", "900", 3_600),
    sessionSecret: secretBytes(env, "SESSION_SECRET", 32),
    tables: {
      quotes: required("QUOTES_TABLE"),
      paymentEvents: required("PAYMENT_EVENTS_TABLE"),
      cardPayments: required("CARD_PAYMENTS_TABLE"),
      rateLimits: required("RATE_LIMITS_TABLE"),
      payoutAccounts: required("PAYOUT_ACCOUNTS_TABLE"),
    },
    onrampFunction: required("ONRAMP_FUNCTION_NAME"),
    lambdaEndpoint: env.LAMBDA_ENDPOINT || undefined,
    dappUrl: required("DAPP_URL").replace(/\/+$/, ""),
  };
}

/** The content functions' configuration (key server, sign-in, ingest), read by those functions only. */
export interface ContentConfig {
  /** The domain a Sign-In with Ethereum message must name: the dapp's host (`app.streamspace.example`, `127.0.0.1:5173`). */
  siweDomain: string;
  /** The HMAC secret of sessions and key tokens (at least 32 bytes). */
  sessionSecret: Uint8Array;
  /** The HTTP API's public base URL: key URIs in playlists and key URLs point here. */
  publicUrl: string;
  /** How film keys are wrapped: a local master key, or an AWS KMS key. */
  filmKeyWrapping: { masterKey: Uint8Array } | { kmsKeyId: string };
  tables: { filmKeys: string; authNonces: string; rateLimits: string; uploads: string };
  /** Where film masters are uploaded; a local S3 (s3rver) endpoint, unset in AWS. */
  masters: { bucket: string; endpoint?: string; maxBytes: number };
  /**
   * The IPFS node's Kubo RPC API (the media worker's, or a pinning service's), for the functions that
   * write a film's metadata document after packaging (edited details, a poster); unset where no
   * function writes one. `authorization`: the service's credentials, never logged.
   */
  ipfsRpc?: { url: string; authorization?: string };
}

export function readContentConfig(env: NodeJS.ProcessEnv = process.env): ContentConfig {
  const required = (name: string) => {
    const value = env[name];
    if (value === undefined || value === "") throw new ConfigError(`${name} is not set`);
    return value;
  };
  const maxMasterBytes = () => {
    const value = env.MAX_MASTER_BYTES || String(50 * 1024 ** 3);
    if (!/^[1-9]\d*$/.test(value)) throw new ConfigError(`MAX_MASTER_BYTES is not a size in bytes: ${value}`);
    return Number(value);
  };
  const publicUrl = required("KEY_SERVER_URL").replace(/\/+$/, "");
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl)) throw new ConfigError(`KEY_SERVER_URL is not a URL: ${publicUrl}`);
  const masterKey = env.FILM_KEY_MASTER_KEY || undefined;
  const kmsKeyId = env.FILM_KEY_KMS_KEY_ID || undefined;
  if (masterKey && kmsKeyId) throw new ConfigError("FILM_KEY_MASTER_KEY and FILM_KEY_KMS_KEY_ID are both set: one way to wrap film keys");
  if (!masterKey && !kmsKeyId) throw new ConfigError("FILM_KEY_MASTER_KEY or FILM_KEY_KMS_KEY_ID must be set");
  return {
    siweDomain: required("SIWE_DOMAIN"),
    sessionSecret: secretBytes(env, "SESSION_SECRET", 32),
    publicUrl,
    filmKeyWrapping: kmsKeyId ? { kmsKeyId } : { masterKey: secretBytes(env, "FILM_KEY_MASTER_KEY", 32, 32) },
    tables: {
      filmKeys: required("FILM_KEYS_TABLE"),
      authNonces: required("AUTH_NONCES_TABLE"),
      rateLimits: required("RATE_LIMITS_TABLE"),
      uploads: required("UPLOADS_TABLE"),
    },
    masters: { bucket: required("MASTERS_BUCKET"), endpoint: env.S3_ENDPOINT || undefined, maxBytes: maxMasterBytes() },
    ...(env.IPFS_RPC_URL ? { ipfsRpc: { url: ipfsRpcUrl(env.IPFS_RPC_URL), ...(env.IPFS_RPC_AUTHORIZATION ? { authorization: env.IPFS_RPC_AUTHORIZATION } : {}) } } : {}),
  };
}

function ipfsRpcUrl(value: string): string {
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value)) throw new ConfigError(`IPFS_RPC_URL is not a URL: ${value}`);
  return value.replace(/\/+$/, "");
}

/** What the recommendation functions need: where the subgraph and the films' documents are, where the model is kept. */
export interface RecommendationsConfig {
  subgraphUrl: string;
  ipfsGateway: string;
  models: { bucket: string; endpoint?: string };
}

export function readRecommendationsConfig(env: NodeJS.ProcessEnv = process.env): RecommendationsConfig {
  const url = (name: string) => {
    const value = env[name];
    if (!value) throw new ConfigError(`${name} is not set`);
    if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value)) throw new ConfigError(`${name} is not a URL: ${value}`);
    return value.replace(/\/+$/, "");
  };
  if (!env.MODELS_BUCKET) throw new ConfigError("MODELS_BUCKET is not set");
  return { subgraphUrl: url("SUBGRAPH_URL"), ipfsGateway: url("IPFS_GATEWAY_URL"), models: { bucket: env.MODELS_BUCKET, endpoint: env.S3_ENDPOINT || undefined } };
}
