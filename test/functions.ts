import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";

import { network } from "hardhat";

import { ConfigError, readConfig } from "@streamspace/functions/config";

import { buildFunctions, FUNCTIONS_DIST } from "../dev/functions-build.js";
import { seedDemo } from "../dev/demo/seed.js";
import { startLocalDynamo } from "../dev/dynamo.js";
import { deployPlatform, localPrivateKeyOf } from "../dev/platform.js";

const ROOT = join(import.meta.dirname, "..");
const FUNCTIONS = ["rates", "popularity", "settle", "payouts"];

/** The deployable back end: handlers bundled, packaged by the Serverless Framework (osls) offline. */
describe("the functions as deployed", () => {
  let sizes: Record<string, number>;
  before(async () => {
    sizes = await buildFunctions();
  });

  it("bundles each handler under 1 MB", () => {
    assert.deepEqual(Object.keys(sizes).sort(), [...FUNCTIONS].sort());
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
      assert.match(String(l.Properties.Handler), /^functions\/dist\/\w+\.handler$/);
    }
    for (const f of FUNCTIONS) assert.ok(statSync(join(out, `${f}.zip`)).size > 10_000, `${f}.zip`);
    const schedules = resources.filter((r) => r.Type === "AWS::Events::Rule").map((r) => r.Properties.ScheduleExpression).sort();
    assert.deepEqual(schedules, ["rate(1 hour)", "rate(1 minute)", "rate(1 minute)", "rate(1 minute)"]);
    const tables = resources.filter((r) => r.Type === "AWS::DynamoDB::Table").map((r) => r.Properties.TableName).sort();
    assert.deepEqual(tables, ["streamspace-test-delivery-receipts", "streamspace-test-payouts", "streamspace-test-transactions"]);
    const policy = JSON.stringify(resources.filter((r) => r.Type === "AWS::IAM::Role"));
    for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"]) {
      assert.ok(policy.includes(action), action);
    }
    assert.ok(policy.includes("byStatus"), "the receipts' status index");
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
  });
});

describe("a bundled handler on the local platform", () => {
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let server: Awaited<ReturnType<typeof network.createServer>>;

  const deploymentId = `functions-test-${process.pid}`;

  before(async () => {
    dynamo = await startLocalDynamo();
    // The functions reach the chain over JSON-RPC, as in production: a chain served on a free port.
    server = await network.createServer("default", "127.0.0.1", 0);
    const { port } = await server.listen();
    const local = await network.create({ network: "localhost", override: { url: `http://127.0.0.1:${port}` } });
    platform = await deployPlatform(local, { deploymentId });
    await seedDemo(local, platform);
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
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      REPORTER_KEY: localPrivateKeyOf("reporter"),
      POWERTOOLS_LOG_LEVEL: "ERROR",
    });
  });
  after(async () => {
    await dynamo.close();
    await server.close();
    await rm(join(ROOT, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("runs: the popularity function posts P from paid views, and posts nothing the second time", async () => {
    await buildFunctions();
    const { handler } = (await import(pathToFileURL(join(FUNCTIONS_DIST, "popularity.mjs")).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ films: number; posted: unknown[]; transactions: string[] }>;
    };
    const context = { awsRequestId: "req-1", functionName: "streamspace-local-popularity", functionVersion: "$LATEST", invokedFunctionArn: "arn", memoryLimitInMB: "512" };
    const first = await handler({}, context);
    assert.equal(first.films, 4);
    assert.ok(first.posted.length > 0);
    assert.equal(first.transactions.length, 1);
    const second = await handler({}, { ...context, awsRequestId: "req-2" });
    assert.deepEqual(second.posted, []);
  });
});
