import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Address } from "viem";

import { FilmKeyStore, MasterKeyWrapper } from "@streamspace/functions/content/film-keys";
import { MasterStore } from "@streamspace/functions/content/masters";
import { UploadStore } from "@streamspace/functions/content/uploads";
import { MediaWorker } from "@streamspace/functions/media/worker";

import { stageTables, startLocalDynamo } from "./dynamo.js";
import { buildFunctions } from "./functions-build.js";
import { startFunctionsOffline } from "./functions-offline.js";
import { startLocalIpfs } from "./ipfs.js";
import { localPrivateKeyOf, startServedPlatform } from "./platform.js";
import { freePorts } from "./ports.js";
import { startLocalS3 } from "./s3.js";
import { startLocalStripe } from "./stripe.js";

export const LOCAL_MASTERS_BUCKET = "streamspace-local-masters";
export const LOCAL_MODELS_BUCKET = "streamspace-local-models";

export interface BackendOptions {
  rpcUrl: string;
  chainId: number;
  contracts: { PayPerView: Address; FilmRegistry: Address; CuratorStaking: Address; ExchangeRateOracle: Address; TokenExchange: Address };
  fromBlock?: number;
  /** Where the IPFS node, object storage and the worker keep their files. */
  dir: string;
  ports: { dynamo?: number; lambda: number; http: number; s3?: number; ipfs?: number; stripe?: number };
  /** The dapp's host, which Sign-In with Ethereum messages name; by default the functions' own. */
  siweDomain?: string;
  /** More environment for the functions (the rates keeper's market, log levels). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** How long the media worker holds a job between renewals. */
  workerLeaseMs?: number;
  /** Run the media worker's loop (default); tests that drive a worker themselves turn it off. */
  runWorker?: boolean;
  /** Where the dapp is served (Stripe's onboarding returns there). */
  dappUrl?: string;
  /** The subgraph's GraphQL URL, for the recommendation engine's training (none: it is not trained). */
  subgraphUrl?: string;
}

/**
 * The whole back end for local runs and tests, as deployed: DynamoDB (dynalite), object storage
 * (s3rver), the IPFS node and gateway (Helia), every function under serverless-offline with its
 * production configuration (local keys, secrets made for this run), and the media worker polling for
 * jobs as its container task does in production.
 */
export async function startBackend(options: BackendOptions) {
  const dynamo = await startLocalDynamo(options.ports.dynamo ?? 0, stageTables("local"));
  const s3 = await startLocalS3({ dir: join(options.dir, "s3"), bucket: LOCAL_MASTERS_BUCKET, otherBuckets: [LOCAL_MODELS_BUCKET], port: options.ports.s3 ?? 0 });
  const ipfs = await startLocalIpfs({ dir: join(options.dir, "ipfs"), port: options.ports.ipfs ?? 0 });
  const masterKey = randomBytes(32);
  const api = `http://127.0.0.1:${options.ports.http}`;
  const siweDomain = options.siweDomain ?? `127.0.0.1:${options.ports.http}`;
  // The development payment provider: Stripe's API, delivering its webhooks to the webhook function.
  const stripe = await startLocalStripe({ webhookUrl: `${api}/webhooks/stripe`, port: options.ports.stripe ?? 0 });

  await buildFunctions();
  const env: Record<string, string> = {
    STREAMSPACE_RPC_URL: options.rpcUrl,
    STREAMSPACE_CHAIN_ID: String(options.chainId),
    STREAMSPACE_FROM_BLOCK: String(options.fromBlock ?? 0),
    STREAMSPACE_PAY_PER_VIEW: options.contracts.PayPerView,
    STREAMSPACE_FILM_REGISTRY: options.contracts.FilmRegistry,
    STREAMSPACE_CURATOR_STAKING: options.contracts.CuratorStaking,
    STREAMSPACE_EXCHANGE_RATE_ORACLE: options.contracts.ExchangeRateOracle,
    STREAMSPACE_TOKEN_EXCHANGE: options.contracts.TokenExchange,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    RATE_UPDATER_KEY: localPrivateKeyOf("rateUpdater"),
    REPORTER_KEY: localPrivateKeyOf("reporter"),
    DELIVERY_SIGNER_KEY: localPrivateKeyOf("deliverySigner"),
    PAYOUT_KEY: localPrivateKeyOf("payout"),
    POWERTOOLS_LOG_LEVEL: "INFO",
    // Sessions and film keys under secrets made for this run (every local start is a fresh chain).
    SIWE_DOMAIN: siweDomain,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    KEY_SERVER_URL: api,
    FILM_KEY_MASTER_KEY: masterKey.toString("hex"),
    MASTERS_BUCKET: LOCAL_MASTERS_BUCKET,
    S3_ENDPOINT: s3.endpoint,
    MAX_MASTER_BYTES: String(2 * 1024 ** 3),
    // The tables as serverless.yml names them for the local stage (for a process outside serverless-offline).
    TRANSACTIONS_TABLE: dynamo.tables.transactions,
    DELIVERY_RECEIPTS_TABLE: dynamo.tables.receipts,
    PAYOUTS_TABLE: dynamo.tables.payouts,
    PAYOUT_ACCOUNTS_TABLE: dynamo.tables.payoutAccounts,
    FILM_KEYS_TABLE: dynamo.tables.filmKeys,
    AUTH_NONCES_TABLE: dynamo.tables.authNonces,
    RATE_LIMITS_TABLE: dynamo.tables.rateLimits,
    UPLOADS_TABLE: dynamo.tables.uploads,
    IPFS_RPC_URL: ipfs.rpcUrl,
    // The recommendation functions: the subgraph they train on (when one runs), the films' documents, the model.
    SUBGRAPH_URL: options.subgraphUrl ?? "",
    IPFS_GATEWAY_URL: ipfs.gateway,
    MODELS_BUCKET: LOCAL_MODELS_BUCKET,
    QUOTES_TABLE: dynamo.tables.quotes,
    PAYMENT_EVENTS_TABLE: dynamo.tables.paymentEvents,
    CARD_PAYMENTS_TABLE: dynamo.tables.cardPayments,
    // Card payments through the development payment provider; buying SSH by card is on locally.
    ONRAMP_KEY: localPrivateKeyOf("onramp"),
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_PUBLISHABLE_KEY: stripe.publishableKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_URL: stripe.url.toString(),
    TOPUP_ENABLED: "true",
    ONRAMP_FUNCTION_NAME: "streamspace-local-onramp",
    LAMBDA_ENDPOINT: `http://127.0.0.1:${options.ports.lambda}`,
    DAPP_URL: options.dappUrl ?? api,
    ...options.env,
  };
  const offline = await startFunctionsOffline({ lambdaPort: options.ports.lambda, httpPort: options.ports.http, log: options.log ?? (() => undefined), env });

  const tables = dynamo.tables;
  const filmKeys = new FilmKeyStore({ client: dynamo.client, table: tables.filmKeys, wrapper: new MasterKeyWrapper(masterKey) });
  const uploads = new UploadStore(dynamo.client, tables.uploads);
  const masters = new MasterStore({ bucket: LOCAL_MASTERS_BUCKET, endpoint: s3.endpoint });
  const newWorker = (overrides: Partial<ConstructorParameters<typeof MediaWorker>[0]> = {}) =>
    new MediaWorker({ uploads, masters, filmKeys, store: ipfs.store, keyServerUrl: api, workDir: join(options.dir, "work"), leaseMs: options.workerLeaseMs, ...overrides });

  // The worker's loop: a job as soon as one is queued, else a look every second.
  const worker = newWorker();
  const loop = new AbortController();
  const running = (async () => {
    while (options.runWorker !== false && !loop.signal.aborted) {
      const did = await worker.runOnce(loop.signal).catch((error: Error) => (options.log?.(`[worker] ${error.message}`), undefined));
      if (!did) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();

  return {
    api,
    siweDomain,
    /** The development payment provider (Stripe's API and webhooks). */
    stripe,
    /** The functions' environment (the media worker's container takes the same, plus IPFS_RPC_URL). */
    env,
    dynamo,
    s3,
    ipfs,
    filmKeys,
    uploads,
    masters,
    newWorker,
    async close() {
      loop.abort();
      await running;
      await offline.stop();
      await stripe.close();
      await ipfs.close();
      await s3.close();
      await dynamo.close();
    },
  };
}

/**
 * A served platform (dev/platform.ts) with the whole back end beside it on free ports, its files in a
 * temporary directory: the fixture of the content tests and benchmarks. Everything goes on close.
 */
export async function startPlatformWithBackend({ name, ...options }: { name: string } & Omit<BackendOptions, "rpcUrl" | "chainId" | "contracts" | "dir" | "ports">) {
  const dir = await mkdtemp(join(tmpdir(), `streamspace-${name}-`));
  const served = await startServedPlatform({ name });
  const [lambda, http] = (await freePorts(2)) as [number, number];
  const backend = await startBackend({ ...options, rpcUrl: served.rpcUrl, chainId: served.chainId, contracts: served.contracts, dir: join(dir, "backend"), ports: { lambda, http } });
  return {
    ...served,
    backend,
    /** A scratch directory for the caller's files (removed on close). */
    dir,
    lambdaPort: lambda,
    async close() {
      await backend.close();
      await served.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
