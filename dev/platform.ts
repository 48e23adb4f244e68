import { rm } from "node:fs/promises";
import { join } from "node:path";

import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { Address, Hash, Hex, LocalAccount } from "viem";
import { toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import StreamSpaceModule from "../ignition/modules/StreamSpace.js";
import type { Deployment } from "@streamspace/core/deployment";

export type Connection = NetworkConnection;
export type Platform = Awaited<ReturnType<typeof deployPlatform>>;

/** The accounts of the local platform, by role (Hardhat's default funded accounts, in this order). */
export const ROLES = [
  "treasury", // holds the SSH supply, receives fees, stocks the exchange and the curators' pool
  "deliverySigner",
  "filmmakerAda",
  "filmmakerLuis",
  "composer",
  "fan",
  "fan2",
  "rateUpdater", // the rates function's key
  "onramp", // the on-ramp webhook's key
  "payout", // the cash-out function's key
  "auditor", // the storage auditor's key
  "reporter", // the popularity reporter's key
  "curatorKai",
  "curatorMei",
  "admin", // proposes and executes through the AdminTimelock, which is every contract's admin
  "pauser", // may pause purchases
  "guardian", // may accept an oracle rate past the breaker
] as const;
export type Role = (typeof ROLES)[number];

export async function accountsByRole(connection: Connection): Promise<Record<Role, Address>> {
  const wallets = await connection.viem.getWalletClients();
  return Object.fromEntries(ROLES.map((role, i) => [role, wallets[i]!.account.address])) as Record<Role, Address>;
}

/**
 * The local key of a role, as a function holds it (a LocalAccount that signs by itself): Hardhat's
 * default accounts come from its well-known test mnemonic, in ROLES order. Local only: these keys are
 * public.
 */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
export function localKeyOf(role: Role): LocalAccount {
  return mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: ROLES.indexOf(role) });
}

/** The same key as a private key, as a function's configuration holds it locally. */
export function localPrivateKeyOf(role: Role): Hex {
  return toHex(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: ROLES.indexOf(role) }).getHdKey().privateKey!);
}

/** Local timelock delay: admin actions are still scheduled then executed, a minute apart. */
export const LOCAL_TIMELOCK_DELAY = 60n;

/**
 * Deploys the StreamSpace Ignition module with one local account per role (as production has one key
 * per role); the same module the tests use.
 */
export async function deployPlatform(connection: Connection, overrides: { platformFeeBps?: bigint; deploymentId?: string } = {}) {
  const roles = await accountsByRole(connection);
  return connection.ignition.deploy(StreamSpaceModule, {
    displayUi: false,
    // Over HTTP, Ignition keeps a journal per deployment id: a test gives its own, so that it never
    // resumes another chain's deployment (npm start removes its own journal instead).
    ...(overrides.deploymentId ? { deploymentId: overrides.deploymentId } : {}),
    parameters: {
      StreamSpace: {
        timelockDelay: LOCAL_TIMELOCK_DELAY,
        timelockProposer: roles.admin,
        timelockExecutor: roles.admin,
        treasury: roles.treasury,
        pauser: roles.pauser,
        deliverySigner: roles.deliverySigner,
        rateUpdater: roles.rateUpdater,
        guardian: roles.guardian,
        onramp: roles.onramp,
        payout: roles.payout,
        auditor: roles.auditor,
        reporter: roles.reporter,
        platformFeeBps: overrides.platformFeeBps ?? 500n,
        deliveryTimeout: 2n * 60n * 60n,
      },
    },
  });
}

/** The deployed contracts by name, as the deployment file and the subgraph's networks.json name them. */
export function deployedContracts(platform: Platform, blockNumber: number): Deployment["contracts"] {
  const at = (address: Address) => ({ address, blockNumber });
  return {
    StreamShare: at(platform.ssh.address),
    FilmRegistry: at(platform.filmRegistry.address),
    PayPerView: at(platform.payPerView.address),
    CampaignFactory: at(platform.campaignFactory.address),
    ExchangeRateOracle: at(platform.oracle.address),
    TokenExchange: at(platform.tokenExchange.address),
    CuratorStaking: at(platform.curatorStaking.address),
    FilmReviews: at(platform.filmReviews.address),
  };
}

/**
 * A fresh in-process chain (EDR) served over JSON-RPC on 127.0.0.1:`port`, and a connection to it
 * through the `localhost` HTTP network, as `npm start` runs it and as the subgraph and indexer see it.
 */
export async function startLocalChain(port: number) {
  const rpcUrl = `http://127.0.0.1:${port}`;
  const server = await network.createServer("default", "127.0.0.1", port);
  await server.listen();
  // Every start is a fresh chain, so an Ignition journal of an earlier one is stale.
  await rm(join(import.meta.dirname, "..", "ignition", "deployments", "chain-31337"), { recursive: true, force: true });
  const connection = await network.create({ network: "localhost", override: { url: rpcUrl } });
  return {
    rpcUrl,
    server,
    connection,
    async close() {
      await connection.close();
      await server.close();
    },
  };
}

/** The contracts' addresses by name, as the functions' configuration takes them. */
export function contractAddresses(platform: Platform) {
  return {
    PayPerView: platform.payPerView.address,
    FilmRegistry: platform.filmRegistry.address,
    CuratorStaking: platform.curatorStaking.address,
    ExchangeRateOracle: platform.oracle.address,
    TokenExchange: platform.tokenExchange.address,
  };
}

/**
 * A fresh chain served over JSON-RPC on a free port with the platform deployed on it (its own Ignition
 * journal, removed on close): what the functions, the worker and a browser reach, as in production.
 * Tests and benchmarks that run the back end start from here.
 */
export async function startServedPlatform({ name }: { name: string }) {
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { port } = await server.listen();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const connection = await network.create({ network: "localhost", override: { url: rpcUrl } });
  const deploymentId = `${name}-${process.pid}`;
  const platform = await deployPlatform(connection, { deploymentId });
  return {
    rpcUrl,
    connection,
    chainId: await (await connection.viem.getPublicClient()).getChainId(),
    platform,
    roles: await accountsByRole(connection),
    contracts: contractAddresses(platform),
    async close() {
      await connection.close();
      await server.close();
      await rm(join(import.meta.dirname, "..", "ignition", "deployments", deploymentId), { recursive: true, force: true });
    },
  };
}

/** Waits for a transaction and fails loudly if it reverted. */
export async function mined(connection: Connection, hash: Promise<Hash> | Hash) {
  const publicClient = await connection.viem.getPublicClient();
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
  return receipt;
}
