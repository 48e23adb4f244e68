import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";

import { network } from "hardhat";

import { ConfigError, readConfig, readOnrampConfig } from "@streamspace/functions/config";
import { PayoutAccountStore } from "@streamspace/functions/payouts/accounts";

import { buildFunctions, FUNCTIONS_DIST } from "../dev/functions-build.js";
import { seedDemo } from "../dev/demo/seed.js";
import { startLocalDynamo } from "../dev/dynamo.js";
import { startLocalKms } from "../dev/kms.js";
import { accountsByRole, type Connection, deployPlatform, localPrivateKeyOf } from "../dev/platform.js";
import { startLocalStripe } from "../dev/stripe.js";

const ROOT = join(import.meta.dirname, "..");
const FUNCTIONS = [
  "rates", "popularity", "settle", "payouts", "authNonce", "authSession", "filmKey", "key",
  "uploadsCreate", "uploadsGet", "uploadsPart", "uploadsComplete", "uploadsPublish", "uploadsMetadata", "filmMetadata", "filmDelete", "reviewsText", "recommendationsTrain", "recommendations",
  "quotesCreate", "quotePayment", "stripeWebhook", "onramp", "reconcile", "payoutAccount",
];
const BUNDLES = [
  "rates", "popularity", "settle", "payouts", "auth-nonce", "auth-session", "film-key", "key",
  "uploads-create", "uploads-get", "uploads-part", "uploads-complete", "uploads-publish", "uploads-metadata", "film-metadata", "film-delete", "reviews-text", "recommendations-train", "recommendations",
  "quotes-create", "quote-payment", "stripe-webhook", "onramp", "reconcile", "payout-account",
];

/** The deployable back end: handlers bundled, packaged by the Serverless Framework (osls) offline. */
describe("the functions as deployed", () => {
  let sizes: Record<string, number>;
  before(async () => {
    sizes = await buildFunctions();
  });

  it("bundles each handler under 1 MB", () => {
    assert.deepEqual(Object.keys(sizes).sort(), [...BUNDLES].sort());
    for (const [name, bytes] of Object.entries(sizes)) assert.ok(bytes < 1024 * 1024, `${name}: ${bytes} bytes`);
  });

  it("packages every function, schedule, table and permission into the CloudFormation template", () => {
    const out = mkdtempSync(join(tmpdir(), "streamspace-package-"));
    const result = spawnSync(process.execPath, ["node_modules/osls/bin/serverless.js", "package", "--stage", "test", "--package", out], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
      timeout: 120_000,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const template = JSON.parse(readFileSync(join(out, "cloudformation-template-update-stack.json"), "utf8")) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const resources = Object.values(template.Resources);
    const lambdas = resources.filter((r) => r.Type === "AWS::Lambda::Function");
    assert.deepEqual(lambdas.map((l) => l.Properties.FunctionName).sort(), FUNCTIONS.map((f) => `streamspace-test-${f}`).sort());
    for (const l of lambdas) {
      assert.equal(l.Properties.Runtime, "nodejs22.x");
      assert.match(String(l.Properties.Handler), /^functions\/dist\/[a-z-]+\.handler$/);
    }
    for (const f of FUNCTIONS) assert.ok(statSync(join(out, `${f}.zip`)).size > 10_000, `${f}.zip`);
    // The HTTP API's routes, each to its function.
    const routes = resources.filter((r) => r.Type === "AWS::ApiGatewayV2::Route").map((r) => r.Properties.RouteKey).sort();
    assert.deepEqual(routes, [
      "DELETE /films/{filmId}",
      "GET /films/{filmId}/key",
      "GET /keys/{keyId}",
      "GET /payouts/account",
      "GET /recommendations",
      "GET /uploads/{uploadId}",
      "POST /auth/nonce",
      "POST /auth/session",
      "POST /payouts/account",
      "POST /quotes",
      "POST /quotes/{quoteId}/payment",
      "POST /reviews/texts",
      "POST /uploads",
      "POST /uploads/{uploadId}/complete",
      "POST /uploads/{uploadId}/parts",
      "POST /uploads/{uploadId}/publish",
      "POST /webhooks/stripe",
      "PUT /films/{filmId}/metadata",
      "PUT /uploads/{uploadId}/metadata",
    ]);
    const schedules = resources.filter((r) => r.Type === "AWS::Events::Rule").map((r) => r.Properties.ScheduleExpression).sort();
    assert.deepEqual(schedules, ["rate(1 day)", "rate(1 hour)", "rate(1 minute)", "rate(1 minute)", "rate(1 minute)", "rate(1 minute)", "rate(15 minutes)"]);
    const tables = resources.filter((r) => r.Type === "AWS::DynamoDB::Table").map((r) => r.Properties.TableName).sort();
    assert.deepEqual(tables, [
      "streamspace-test-auth-nonces",
      "streamspace-test-card-payments",
      "streamspace-test-delivery-receipts",
      "streamspace-test-film-keys",
      "streamspace-test-payment-events",
      "streamspace-test-payout-accounts",
      "streamspace-test-payouts",
      "streamspace-test-quotes",
      "streamspace-test-rate-limits",
      "streamspace-test-transactions",
      "streamspace-test-uploads",
    ]);

    // One role per function: its own tables and its own KMS signing key, nothing else.
    const byLogicalId = template.Resources;
    const ALL_TABLES = [
      "TransactionsTable",
      "DeliveryReceiptsTable",
      "PayoutsTable",
      "PayoutAccountsTable",
      "FilmKeysTable",
      "AuthNoncesTable",
      "RateLimitsTable",
      "UploadsTable",
      "QuotesTable",
      "PaymentEventsTable",
      "CardPaymentsTable",
    ];
    const quotes = { tables: ["QuotesTable", "RateLimitsTable"], keys: [], actions: [] };
    const onramp = { tables: ["TransactionsTable", "QuotesTable", "PaymentEventsTable", "CardPaymentsTable", "PayoutAccountsTable"], keys: ["onramp"], actions: ["kms:Sign", "dynamodb:Query"] };
    const ingest = { tables: ["UploadsTable", "FilmKeysTable", "RateLimitsTable"], keys: [], actions: ["s3:PutObject", "dynamodb:Query"] };
    const expected: Record<string, { tables: string[]; keys: string[]; actions: string[] }> = {
      rates: { tables: ["TransactionsTable"], keys: ["rate-updater"], actions: ["kms:Sign"] },
      popularity: { tables: ["TransactionsTable"], keys: ["reporter"], actions: ["kms:Sign"] },
      settle: { tables: ["TransactionsTable", "DeliveryReceiptsTable"], keys: ["delivery-signer"], actions: ["kms:Sign"] },
      payouts: { tables: ["TransactionsTable", "PayoutsTable", "PayoutAccountsTable"], keys: ["payout"], actions: ["kms:Sign"] },
      authNonce: { tables: ["AuthNoncesTable", "RateLimitsTable"], keys: [], actions: [] },
      authSession: { tables: ["AuthNoncesTable", "RateLimitsTable"], keys: [], actions: [] },
      filmKey: { tables: ["FilmKeysTable", "RateLimitsTable", "DeliveryReceiptsTable"], keys: ["film-keys", "delivery-signer"], actions: ["kms:Decrypt", "kms:Sign"] },
      key: { tables: ["FilmKeysTable", "RateLimitsTable", "DeliveryReceiptsTable"], keys: ["film-keys", "delivery-signer"], actions: ["kms:Decrypt", "kms:Sign"] },
      uploadsCreate: ingest,
      uploadsGet: ingest,
      uploadsPart: ingest,
      uploadsComplete: ingest,
      uploadsPublish: ingest,
      uploadsMetadata: ingest,
      filmMetadata: ingest,
      filmDelete: ingest,
      reviewsText: { tables: ["RateLimitsTable"], keys: [], actions: [] },
      recommendationsTrain: { tables: [], keys: [], actions: ["s3:PutObject"] },
      recommendations: { tables: [], keys: [], actions: ["s3:GetObject"] },
      quotesCreate: quotes,
      quotePayment: quotes,
      stripeWebhook: { tables: ["PaymentEventsTable"], keys: [], actions: ["lambda:InvokeFunction"] },
      onramp,
      reconcile: onramp,
      payoutAccount: { tables: ["PayoutAccountsTable", "RateLimitsTable"], keys: [], actions: [] },
    };
    for (const [name, { tables: own, keys: ownKeys, actions: ownActions }] of Object.entries(expected)) {
      const fn = byLogicalId[`${name[0]!.toUpperCase()}${name.slice(1)}LambdaFunction`]!;
      const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
      const role = JSON.stringify(byLogicalId[roleId]!.Properties);
      for (const table of ALL_TABLES) assert.equal(role.includes(`"${table}"`), own.includes(table), `${name}'s role and ${table}`);
      const keys = [...role.matchAll(/alias\/streamspace-test-([a-z-]+)/g)].map((m) => m[1]);
      assert.deepEqual(keys, ownKeys, `${name} uses its own KMS keys only`);
      for (const action of [...(own.length > 0 ? ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"] : []), ...ownActions]) assert.ok(role.includes(action), `${name}: ${action}`);
      if (own.length === 0) assert.ok(!role.includes("dynamodb:"), `${name}: no table, no DynamoDB right`);
      const actions = [...role.matchAll(/"Action":(\[[^\]]*\]|"[^"]*")/g)].flatMap((m) => [JSON.parse(m[1]!)].flat() as string[]);
      assert.ok(actions.every((a) => !a.includes("*")), `${name}: no wildcard action (${actions})`);
      assert.ok(!actions.includes("kms:GenerateDataKey"), `${name}: makes no film keys (the media worker does)`);
    }
    // The media worker's task role: the only one that makes film keys.
    const worker = JSON.stringify(byLogicalId.MediaWorkerTaskRole!.Properties);
    assert.ok(worker.includes("ecs-tasks.amazonaws.com") && worker.includes("kms:GenerateDataKey") && worker.includes("alias/streamspace-test-film-keys"));
    assert.ok(!worker.includes("kms:Sign") && !worker.includes("TransactionsTable"), "it signs nothing and sends nothing");
    assert.ok(JSON.stringify(byLogicalId.SettleRole).includes("byStatus"), "the receipts' status index");
  });
});

describe("the functions' configuration", () => {
  const valid = {
    STREAMSPACE_RPC_URL: "http://127.0.0.1:8545",
    STREAMSPACE_CHAIN_ID: "31337",
    STREAMSPACE_PAY_PER_VIEW: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
    STREAMSPACE_FILM_REGISTRY: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    STREAMSPACE_CURATOR_STAKING: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    STREAMSPACE_EXCHANGE_RATE_ORACLE: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
    STREAMSPACE_TOKEN_EXCHANGE: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    TRANSACTIONS_TABLE: "t",
    DELIVERY_RECEIPTS_TABLE: "r",
    PAYOUTS_TABLE: "p",
    PAYOUT_ACCOUNTS_TABLE: "a",
  };

  it("is read once and refuses a missing or malformed value, naming the variable", () => {
    assert.equal(readConfig(valid).fromBlock, 0n);
    const refused = (env: Record<string, string | undefined>, message: RegExp) =>
      assert.throws(() => readConfig({ ...valid, ...env }), (e: Error) => e instanceof ConfigError && message.test(e.message));
    refused({ STREAMSPACE_RPC_URL: undefined }, /^STREAMSPACE_RPC_URL is not set$/);
    refused({ STREAMSPACE_PAY_PER_VIEW: "0x1234" }, /^STREAMSPACE_PAY_PER_VIEW is not an address/);
    refused({ STREAMSPACE_CHAIN_ID: "main" }, /^STREAMSPACE_CHAIN_ID is not a chain id$/);
    refused({ STREAMSPACE_FROM_BLOCK: "-1" }, /^STREAMSPACE_FROM_BLOCK is not a block number/);
    refused({ PAYOUT_KEY: "0xabc" }, /^PAYOUT_KEY is not a 32-byte private key$/);
    refused({ PAYOUT_KEY: `0x${"11".repeat(32)}`, PAYOUT_KMS_KEY_ID: "alias/streamspace-prod-payout" }, /^PAYOUT_KEY and PAYOUT_KMS_KEY_ID are both set/);
    refused({ PAYOUT_PROVIDER: "paypal" }, /^PAYOUT_PROVIDER is "paypal": "local" or "stripe"$/);
    refused({ PAYOUT_PROVIDER: "stripe" }, /^STRIPE_SECRET_KEY is not set$/);
    refused({ PAYOUT_PROVIDER: "stripe", STRIPE_SECRET_KEY: "pk_live_abc" }, /^STRIPE_SECRET_KEY is not a Stripe secret or restricted key$/);
    refused({ PAYOUT_PROVIDER: "stripe", STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_API_URL: "not a url" }, /^STRIPE_API_URL is not a URL/);
    const kms = readConfig({ ...valid, REPORTER_KMS_KEY_ID: "alias/streamspace-prod-reporter", RATE_UPDATER_KEY: `0x${"22".repeat(32)}` });
    assert.deepEqual(kms.signers, { reporter: { kmsKeyId: "alias/streamspace-prod-reporter" }, rateUpdater: { privateKey: `0x${"22".repeat(32)}` } });
    assert.deepEqual(readConfig(valid).payoutProvider, { kind: "local" });
  });

  it("reads the card payments' configuration: Stripe's three keys checked by form, top-ups off unless asked", () => {
    const onramp = {
      STRIPE_SECRET_KEY: "rk_live_abc",
      STRIPE_WEBHOOK_SECRET: "whsec_abc",
      STRIPE_PUBLISHABLE_KEY: "pk_live_abc",
      SESSION_SECRET: "ab".repeat(32),
      QUOTES_TABLE: "q",
      PAYMENT_EVENTS_TABLE: "e",
      CARD_PAYMENTS_TABLE: "c",
      RATE_LIMITS_TABLE: "l",
      PAYOUT_ACCOUNTS_TABLE: "a",
      ONRAMP_FUNCTION_NAME: "streamspace-prod-onramp",
      DAPP_URL: "https://app.streamspace.example/",
    };
    const config = readOnrampConfig(onramp);
    assert.equal(config.topUpEnabled, false, "selling SSH by card needs the provider's approval: off by default");
    assert.deepEqual(config.cardFee, { bps: 0n, fixedCents: 0n });
    assert.equal(config.quoteTtlSeconds, 900);
    assert.equal(config.dappUrl, "https://app.streamspace.example");
    assert.equal(readOnrampConfig({ ...onramp, TOPUP_ENABLED: "true", CARD_FEE_BPS: "290", CARD_FEE_FIXED_CENTS: "30" }).cardFee.bps, 290n);
    const refused = (env: Record<string, string | undefined>, message: RegExp) =>
      assert.throws(() => readOnrampConfig({ ...onramp, ...env }), (e: Error) => e instanceof ConfigError && message.test(e.message));
    refused({ STRIPE_WEBHOOK_SECRET: undefined }, /^STRIPE_WEBHOOK_SECRET is not set$/);
    refused({ STRIPE_WEBHOOK_SECRET: "sk_live_abc" }, /^STRIPE_WEBHOOK_SECRET is not a Stripe webhook signing secret/);
    refused({ STRIPE_PUBLISHABLE_KEY: "sk_live_abc" }, /^STRIPE_PUBLISHABLE_KEY is not a Stripe publishable key$/);
    refused({ STRIPE_SECRET_KEY: "pk_live_abc" }, /^STRIPE_SECRET_KEY is not a Stripe secret or restricted key$/);
    refused({ TOPUP_ENABLED: "yes" }, /^TOPUP_ENABLED is "yes": "true" or "false"$/);
    refused({ CARD_FEE_BPS: "1001" }, /^CARD_FEE_BPS is not a whole number up to 1000/);
    refused({ QUOTE_TTL_SECONDS: "-5" }, /^QUOTE_TTL_SECONDS is not a whole number/);
    refused({ SESSION_SECRET: "abcd" }, /^SESSION_SECRET must be at least 32 bytes$/);
  });
});

describe("a bundled handler on the local platform", () => {
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let local: Connection;
  let roles: Awaited<ReturnType<typeof accountsByRole>>;
  let server: Awaited<ReturnType<typeof network.createServer>>;
  let kms: Awaited<ReturnType<typeof startLocalKms>>;
  let savedEnv: NodeJS.ProcessEnv;
  let stripe: Awaited<ReturnType<typeof startLocalStripe>>;

  const deploymentId = `functions-test-${process.pid}`;

  before(async () => {
    dynamo = await startLocalDynamo();
    kms = await startLocalKms({ keys: { "alias/streamspace-local-reporter": { privateKey: localPrivateKeyOf("reporter") } } });
    stripe = await startLocalStripe();
    // The functions reach the chain over JSON-RPC, as in production: a chain served on a free port.
    server = await network.createServer("default", "127.0.0.1", 0);
    const { port } = await server.listen();
    local = await network.create({ network: "localhost", override: { url: `http://127.0.0.1:${port}` } });
    roles = await accountsByRole(local);
    platform = await deployPlatform(local, { deploymentId });
    await seedDemo(local, platform);
    savedEnv = { ...process.env };
    Object.assign(process.env, {
      STREAMSPACE_RPC_URL: `http://127.0.0.1:${port}`,
      STREAMSPACE_CHAIN_ID: "31337",
      STREAMSPACE_PAY_PER_VIEW: platform.payPerView.address,
      STREAMSPACE_FILM_REGISTRY: platform.filmRegistry.address,
      STREAMSPACE_CURATOR_STAKING: platform.curatorStaking.address,
      STREAMSPACE_EXCHANGE_RATE_ORACLE: platform.oracle.address,
      STREAMSPACE_TOKEN_EXCHANGE: platform.tokenExchange.address,
      TRANSACTIONS_TABLE: "Transactions",
      DELIVERY_RECEIPTS_TABLE: "DeliveryReceipts",
      PAYOUTS_TABLE: "Payouts",
      PAYOUT_ACCOUNTS_TABLE: "PayoutAccounts",
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      // Production's signing path: the reporter's key in (a stand-in of) AWS KMS, no private key here.
      REPORTER_KMS_KEY_ID: "alias/streamspace-local-reporter",
      KMS_ENDPOINT: kms.endpoint,
      PAYOUT_KEY: localPrivateKeyOf("payout"),
      POWERTOOLS_LOG_LEVEL: "ERROR",
    });
  });
  after(async () => {
    // The handlers read process.env: leave it as it was for the other test files.
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    await dynamo.close();
    await kms.close();
    await stripe.close();
    await server.close();
    await rm(join(ROOT, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  });

  const context = (name: string, requestId: string) => ({
    awsRequestId: requestId,
    functionName: `streamspace-local-${name}`,
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn",
    memoryLimitInMB: "512",
  });
  const bundled = async <T,>(name: string) =>
    ((await import(pathToFileURL(join(FUNCTIONS_DIST, `${name}.mjs`)).href)) as { handler: (event: unknown, context: unknown) => Promise<T> }).handler;

  it("runs: the popularity function signs with its KMS key, posts P from paid views, and nothing the second time", async () => {
    await buildFunctions();
    const handler = await bundled<{ films: number; posted: unknown[]; transactions: `0x${string}`[] }>("popularity");
    const first = await handler({}, context("popularity", "req-1"));
    assert.equal(first.films, 4);
    assert.ok(first.posted.length > 0);
    assert.equal(first.transactions.length, 1);
    assert.equal(kms.signatures.length, 1, "signed by KMS");
    const sent = await local.viem.getPublicClient().then((c) => c.getTransaction({ hash: first.transactions[0]! }));
    assert.equal(sent.from, roles.reporter.toLowerCase());
    const second = await handler({}, context("popularity", "req-2"));
    assert.deepEqual(second.posted, []);
  });

  it("runs: the payouts function pays a cash-out through Stripe to the holder's linked account, once", async () => {
    Object.assign(process.env, { PAYOUT_PROVIDER: "stripe", STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_API_URL: stripe.url.href });
    await new PayoutAccountStore(dynamo.client, "PayoutAccounts").link(roles.fan, "acct_1DemoFan");
    const handler = await bundled<{ paid: { cashOutId: string; reference: string }[]; failed: unknown[] }>("payouts");
    const run = await handler({}, context("payouts", "req-3"));
    assert.deepEqual(run.paid.map((p) => p.reference), ["tr_0001"]);
    assert.deepEqual(run.failed, []);
    assert.equal(stripe.transfers.length, 1);
    assert.equal(stripe.transfers[0]!.destination, "acct_1DemoFan");
    const cashOutId = BigInt(run.paid[0]!.cashOutId);
    assert.equal((await platform.tokenExchange.read.cashOut([cashOutId])).status, 3, "paid on-chain");
    const again = await handler({}, context("payouts", "req-4"));
    assert.deepEqual(again.paid, []);
    assert.equal(stripe.transfers.length, 1, "paid once");
  });
});
