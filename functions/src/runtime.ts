/**
 * What a handler needs, built once per Lambda container from the configuration: the chain client,
 * DynamoDB, and per signing role its account (a private key locally, AWS KMS in production) and a
 * nonce-safe sender. A structured JSON logger (Powertools) carries the invocation's request id; no key
 * is ever logged.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KMSClient } from "@aws-sdk/client-kms";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import type { LocalAccount, PublicClient } from "viem";
import { createPublicClient, http } from "viem";

import { NonceSafeSender } from "./chain/sender.ts";
import { kmsAccount, localAccount } from "./chain/signer.ts";
import { TxStore } from "./chain/tx-store.ts";
import { NonceStore } from "./auth/siwe.ts";
import { Tokens } from "./auth/tokens.ts";
import { type ContentConfig, type FunctionsConfig, type OnrampConfig, readConfig, readContentConfig, readOnrampConfig, type SigningRole } from "./config.ts";
import { FilmKeyStore, KmsKeyWrapper, MasterKeyWrapper } from "./content/film-keys.ts";
import { MasterStore } from "./content/masters.ts";
import { UploadStore } from "./content/uploads.ts";
import { RateLimiter } from "./http/rate-limit.ts";
import { CardPaymentStore } from "./payments/card-payments.ts";
import { PaymentEventInbox } from "./payments/inbox.ts";
import { Onramp } from "./payments/onramp.ts";
import { QuoteStore } from "./payments/quotes.ts";
import { stripeClient } from "./payments/stripe.ts";
import { PayoutAccountStore } from "./payouts/accounts.ts";
import { ReceiptStore } from "./receipts/receipt-store.ts";

export const logger = new Logger({ serviceName: "streamspace" });

export interface Runtime {
  config: FunctionsConfig;
  publicClient: PublicClient;
  dynamo: DynamoDBClient;
  /** The AWS KMS client (local stand-in or AWS). */
  kms(): KMSClient;
  /** The role's signing account. */
  signer(role: SigningRole): Promise<LocalAccount>;
  /** The role's nonce-safe sender (one per key in this container). */
  sender(role: SigningRole): Promise<NonceSafeSender>;
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
  const local = config.kmsEndpoint
    ? { endpoint: config.kmsEndpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }
    : {};
  let kms: KMSClient | undefined;
  const kmsClient = () => (kms ??= new KMSClient(local));
  const accounts = new Map<SigningRole, Promise<LocalAccount>>();
  const senders = new Map<SigningRole, Promise<NonceSafeSender>>();
  const signer = (role: SigningRole): Promise<LocalAccount> => {
    let account = accounts.get(role);
    if (!account) {
      const key = config.signers[role];
      if (!key) return Promise.reject(new Error(`no signing key configured for ${role}`));
      account = "privateKey" in key ? Promise.resolve(localAccount(key.privateKey)) : kmsAccount({ kms: kmsClient(), keyId: key.kmsKeyId });
      // The address (never the key) is logged once per container: the operator grants it its role.
      account.then((a) => logger.info("signing key", { role, address: a.address, kms: "kmsKeyId" in key }), () => undefined);
      // A failed KMS call is retried by the next invocation, not cached.
      account.catch(() => accounts.delete(role));
      accounts.set(role, account);
    }
    return account;
  };
  runtime = {
    config,
    publicClient,
    dynamo,
    kms: kmsClient,
    signer,
    sender(role) {
      let sender = senders.get(role);
      if (!sender) {
        sender = signer(role).then((account) => new NonceSafeSender({ account, publicClient, store, chainId: config.chainId }));
        sender.catch(() => senders.delete(role));
        senders.set(role, sender);
      }
      return sender;
    },
  };
  return runtime;
}

/** What the content functions (sign-in, key server, ingest) need besides the runtime. */
export interface ContentRuntime {
  content: ContentConfig;
  tokens: Tokens;
  nonces: NonceStore;
  filmKeys: FilmKeyStore;
  limiter: RateLimiter;
  receipts: ReceiptStore;
  uploads: UploadStore;
  masters: MasterStore;
}

let contentRuntime: ContentRuntime | undefined;

export function getContentRuntime(): Runtime & ContentRuntime {
  const base = getRuntime();
  if (!contentRuntime) {
    const content = readContentConfig();
    const wrapper =
      "masterKey" in content.filmKeyWrapping
        ? new MasterKeyWrapper(content.filmKeyWrapping.masterKey)
        : new KmsKeyWrapper({ kms: base.kms(), keyId: content.filmKeyWrapping.kmsKeyId });
    contentRuntime = {
      content,
      tokens: new Tokens(content.sessionSecret),
      nonces: new NonceStore(base.dynamo, content.tables.authNonces),
      filmKeys: new FilmKeyStore({ client: base.dynamo, table: content.tables.filmKeys, wrapper }),
      limiter: new RateLimiter(base.dynamo, content.tables.rateLimits),
      receipts: new ReceiptStore(base.dynamo, base.config.tables.receipts),
      uploads: new UploadStore(base.dynamo, content.tables.uploads),
      masters: new MasterStore(content.masters),
    };
  }
  return { ...base, ...contentRuntime };
}

/** What the card payment functions (quotes, checkout, Stripe's webhook, the on-ramp) need besides the runtime. */
export interface OnrampRuntime {
  onrampConfig: OnrampConfig;
  tokens: Tokens;
  limiter: RateLimiter;
  stripe: ReturnType<typeof stripeClient>;
  quotes: QuoteStore;
  inbox: PaymentEventInbox;
  payments: CardPaymentStore;
  payoutAccounts: PayoutAccountStore;
  /** The on-ramp (its sender holds the on-ramp key). */
  onramp(): Promise<Onramp>;
  /** Starts a drain of the inbox by the on-ramp function, as `holder` of the drain marker, without waiting (Lambda's async invocation). */
  wakeOnramp(holder: string): Promise<void>;
}

let onrampRuntime: OnrampRuntime | undefined;

export function getOnrampRuntime(): Runtime & OnrampRuntime {
  const base = getRuntime();
  if (!onrampRuntime) {
    const onrampConfig = readOnrampConfig();
    const stripe = stripeClient(onrampConfig.stripe);
    const quotes = new QuoteStore(base.dynamo, onrampConfig.tables.quotes);
    const inbox = new PaymentEventInbox(base.dynamo, onrampConfig.tables.paymentEvents);
    const payments = new CardPaymentStore(base.dynamo, onrampConfig.tables.cardPayments);
    const payoutAccounts = new PayoutAccountStore(base.dynamo, onrampConfig.tables.payoutAccounts);
    const lambda = new LambdaClient(
      onrampConfig.lambdaEndpoint
        ? { endpoint: onrampConfig.lambdaEndpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }
        : {},
    );
    let onramp: Promise<Onramp> | undefined;
    onrampRuntime = {
      onrampConfig,
      tokens: new Tokens(onrampConfig.sessionSecret),
      limiter: new RateLimiter(base.dynamo, onrampConfig.tables.rateLimits),
      stripe,
      quotes,
      inbox,
      payments,
      payoutAccounts,
      onramp() {
        onramp ??= base.sender("onramp").then(
          (sender) =>
            new Onramp({
              stripe,
              publicClient: base.publicClient,
              sender,
              contracts: base.config.contracts,
              quotes,
              inbox,
              payments,
              payoutAccounts,
              log: (message, fields) => logger.info(message, fields),
            }),
        );
        onramp.catch(() => (onramp = undefined));
        return onramp;
      },
      async wakeOnramp(holder) {
        await lambda.send(
          new InvokeCommand({ FunctionName: onrampConfig.onrampFunction, InvocationType: "Event", Payload: new TextEncoder().encode(JSON.stringify({ drain: holder })) }),
        );
      },
    };
  }
  return { ...base, ...onrampRuntime };
}
