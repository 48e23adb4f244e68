import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { platformPorts, unusablePorts } from "../dev/ports.js";

/** `npm start` as a newcomer meets it: a taken port stops it at once, naming the port and its variable. */
describe("the local platform's ports", () => {
  let taken: Server;
  let port: number;
  before(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    port = (taken.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it("defaults to 8545 and 8000, each moved by its variable", () => {
    assert.deepEqual(platformPorts({}).map((p) => [p.port, p.variable]), [
      [8545, "STREAMSPACE_RPC_PORT"],
      [8000, "STREAMSPACE_GRAPH_PORT"],
      [3002, "STREAMSPACE_LAMBDA_PORT"],
      [3000, "STREAMSPACE_FUNCTIONS_PORT"],
      [8002, "STREAMSPACE_DYNAMODB_PORT"],
      [8003, "STREAMSPACE_MARKET_PORT"],
      [4569, "STREAMSPACE_S3_PORT"],
      [8080, "STREAMSPACE_IPFS_PORT"],
      [12111, "STREAMSPACE_STRIPE_PORT"],
      [5173, "STREAMSPACE_DAPP_PORT"],
    ]);
    assert.deepEqual(platformPorts({ STREAMSPACE_RPC_PORT: "9545" }).map((p) => p.port).slice(0, 2), [9545, 8000]);
  });

  it("reports a taken port, the same port asked twice, and a value that is no port", async () => {
    const problems = await unusablePorts(platformPorts({ STREAMSPACE_RPC_PORT: String(port), STREAMSPACE_GRAPH_PORT: "x" }).slice(0, 2));
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, new RegExp(`Port ${port} \\(the chain's JSON-RPC\\) is already in use.*STREAMSPACE_RPC_PORT`));
    assert.match(problems[1]!, /STREAMSPACE_GRAPH_PORT=x is not a port number/);
    const twice = await unusablePorts(platformPorts({ STREAMSPACE_RPC_PORT: "18999", STREAMSPACE_GRAPH_PORT: "18999" }).slice(0, 2));
    assert.match(twice.join(), /asked for both/);
  });

  it("stops the start before anything is compiled, started or written", () => {
    const file = join(mkdtempSync(join(tmpdir(), "streamspace-ports-")), "localhost.json");
    const env = { ...process.env, STREAMSPACE_GRAPH_PORT: String(port), STREAMSPACE_DEPLOYMENT_FILE: file };
    const check = spawnSync(process.execPath, ["scripts/check-ports.ts"], { env, encoding: "utf8" });
    assert.equal(check.status, 1);
    assert.match(check.stderr, new RegExp(`Port ${port} \\(the subgraph's GraphQL\\) is already in use.*STREAMSPACE_GRAPH_PORT`));
    // start.ts checks again itself (for a direct `hardhat run`): it exits before starting the chain.
    const start = spawnSync(process.execPath, ["node_modules/hardhat/dist/src/cli.js", "run", "--no-compile", "scripts/start.ts"], {
      env: { ...env, STREAMSPACE_RPC_PORT: "18545" },
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(start.status, 1, start.stdout + start.stderr);
    assert.match(start.stderr, /STREAMSPACE_GRAPH_PORT/);
    assert.equal(existsSync(file), false, "no deployment file was written");
  });

  it("says what to do on an older Node, before any TypeScript runs", () => {
    const check = spawnSync(process.execPath, ["-e", `Object.defineProperty(process.versions, "node", { value: "20.20.2" }); import("./scripts/require-node.mjs")`], {
      encoding: "utf8",
    });
    assert.equal(check.status, 1);
    assert.match(check.stderr, /needs Node 22\.13 or newer; this is Node 20\.20\.2/);
    assert.match(check.stderr, /npm install -g --prefix \/usr\/local node@22/);
    assert.equal(spawnSync(process.execPath, ["scripts/require-node.mjs"]).status, 0);
  });
});
