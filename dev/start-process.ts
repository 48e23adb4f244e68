/**
 * `npm start` as a child process for end-to-end tests: every port free (asked of the system, so another
 * run on the machine is no obstacle), the deployment file and the functions' log in a fresh directory;
 * resolves once it prints "Ready.", with the URLs it serves. `close` stops it as Ctrl+C does.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Address } from "viem";

import type { Deployment } from "@streamspace/core/deployment";

import { freePorts } from "./ports.js";

const ROOT = join(import.meta.dirname, "..");
const NAMES = ["RPC", "GRAPH", "LAMBDA", "FUNCTIONS", "DYNAMODB", "MARKET", "S3", "IPFS", "STRIPE", "DAPP"] as const;

export interface PlatformProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  ports: Record<(typeof NAMES)[number], number>;
  rpcUrl: string;
  graphUrl: string;
  apiUrl: string;
  dappUrl: string;
  ipfsGateway: string;
  deploymentFile: string;
  functionsLog: string;
  /** The deployment file npm start wrote (addresses, accounts). */
  deployment(): Promise<Deployment & { accounts: Record<string, Address> }>;
  close(): Promise<void>;
}

export async function startPlatformProcess({ timeoutMs = 300_000, env = {} }: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<PlatformProcess> {
  const dir = await mkdtemp(join(tmpdir(), "streamspace-start-"));
  const deploymentFile = join(dir, "localhost.json");
  const functionsLog = join(dir, "functions.log");
  const free = await freePorts(NAMES.length);
  const ports = Object.fromEntries(NAMES.map((name, i) => [name, free[i]!])) as PlatformProcess["ports"];
  const child = spawn(process.execPath, ["node_modules/hardhat/dist/src/cli.js", "run", "--no-compile", "scripts/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      ...Object.fromEntries(NAMES.map((name) => [`STREAMSPACE_${name}_PORT`, String(ports[name])])),
      STREAMSPACE_DEPLOYMENT_FILE: deploymentFile,
      STREAMSPACE_FUNCTIONS_LOG: functionsLog,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d));
  child.stderr!.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const close = async () => {
    if (child.exitCode === null) child.kill("SIGINT");
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start never became ready:\n${output}`)), timeoutMs);
      child.stdout!.on("data", () => output.includes("Ready.") && (clearTimeout(timer), resolve()));
      child.on("exit", (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${output}`))));
    });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    child,
    output: () => output,
    ports,
    rpcUrl: `http://127.0.0.1:${ports.RPC}`,
    graphUrl: `http://127.0.0.1:${ports.GRAPH}/subgraphs/name/streamspace`,
    apiUrl: `http://127.0.0.1:${ports.FUNCTIONS}`,
    dappUrl: `http://127.0.0.1:${ports.DAPP}`,
    ipfsGateway: `http://127.0.0.1:${ports.IPFS}`,
    deploymentFile,
    functionsLog,
    deployment: async () => JSON.parse(await readFile(deploymentFile, "utf8")),
    close,
  };
}
