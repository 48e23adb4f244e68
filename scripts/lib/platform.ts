import type { NetworkConnection } from "hardhat/types/network";
import type { Address, Hash } from "viem";

import StreamSpaceModule from "../../ignition/modules/StreamSpace.js";

export type Connection = NetworkConnection;
export type Platform = Awaited<ReturnType<typeof deployPlatform>>;

/** The accounts of the local platform, by role (Hardhat's default funded accounts, in this order). */
export const ROLES = [
  "operator", // admin, treasury and pauser
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
] as const;
export type Role = (typeof ROLES)[number];

export async function accountsByRole(connection: Connection): Promise<Record<Role, Address>> {
  const wallets = await connection.viem.getWalletClients();
  return Object.fromEntries(ROLES.map((role, i) => [role, wallets[i]!.account.address])) as Record<Role, Address>;
}

/** Deploys the StreamSpace Ignition module with the local roles; the same module the tests use. */
export async function deployPlatform(connection: Connection, overrides: { platformFeeBps?: bigint } = {}) {
  const roles = await accountsByRole(connection);
  return connection.ignition.deploy(StreamSpaceModule, {
    displayUi: false,
    parameters: {
      StreamSpace: {
        admin: roles.operator,
        treasury: roles.operator,
        pauser: roles.operator,
        deliverySigner: roles.deliverySigner,
        rateUpdater: roles.rateUpdater,
        guardian: roles.operator,
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

/** Waits for a transaction and fails loudly if it reverted. */
export async function mined(connection: Connection, hash: Promise<Hash> | Hash) {
  const publicClient = await connection.viem.getPublicClient();
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
  return receipt;
}
