/**
 * The guest wallet as a wagmi connector: an EIP-1193 provider that answers for the guest account and
 * signs with it (messages for sign-in, typed data for permits, transactions), passing every other
 * request to the deployment's chain. It never asks the fan anything: the fan's consent is the action
 * that created the wallet (paying for a rental by card). The key handling loads on first use.
 */
import { createConnector } from "wagmi";
import type { EIP1193RequestFn, Hex } from "viem";

import type { DappConfig } from "../../config.ts";
import { guestAddress } from "./record.ts";
import type { GuestTransaction } from "./vault.ts";

export const GUEST_CONNECTOR_ID = "guest";

type Request = { method: string; params?: unknown[] };

async function rpc(url: string, { method, params = [] }: Request): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
  if (body.error) throw Object.assign(new Error(body.error.message), body.error);
  return body.result;
}

function guestProvider(config: DappConfig) {
  const chainId = `0x${config.chainId.toString(16)}`;
  const request = async ({ method, params = [] }: Request): Promise<unknown> => {
    const address = guestAddress();
    const guestAccount = async () => (await import("./vault.ts")).guestAccount();
    switch (method) {
      case "eth_accounts":
      case "eth_requestAccounts":
        return address ? [address] : [];
      case "eth_chainId":
        return chainId;
      case "wallet_switchEthereumChain":
        if ((params[0] as { chainId: string }).chainId.toLowerCase() !== chainId) throw Object.assign(new Error("the guest wallet only knows this platform's chain"), { code: 4902 });
        return null;
      case "personal_sign":
        return (await guestAccount()).signMessage({ message: { raw: params[0] as Hex } });
      case "eth_signTypedData_v4": {
        const data = JSON.parse(params[1] as string);
        const { EIP712Domain: _, ...types } = data.types;
        return (await guestAccount()).signTypedData({ domain: data.domain, types, primaryType: data.primaryType, message: data.message });
      }
      case "eth_sendTransaction":
        return (await import("./vault.ts")).guestSendTransaction(config, params[0] as GuestTransaction);
      default:
        return rpc(config.rpcUrl, { method, params });
    }
  };
  return { request: request as EIP1193RequestFn, on() {}, removeListener() {} };
}

/** The connector; `connect` fails when this browser has no guest wallet (the card flow creates it first). */
export function guest(config: DappConfig) {
  return createConnector((emitter) => {
    const provider = guestProvider(config);
    return {
      id: GUEST_CONNECTOR_ID,
      name: "Guest wallet",
      type: "guest",
      async connect<withCapabilities extends boolean = false>() {
        const accounts = (await provider.request({ method: "eth_requestAccounts" })) as Hex[];
        if (accounts.length === 0) throw new Error("this browser has no guest wallet");
        return { accounts: accounts as never, chainId: config.chainId } as { accounts: withCapabilities extends true ? never : readonly Hex[]; chainId: number };
      },
      async disconnect() {},
      async getAccounts() {
        return (await provider.request({ method: "eth_accounts" })) as Hex[];
      },
      async getChainId() {
        return config.chainId;
      },
      async getProvider() {
        return provider;
      },
      async isAuthorized() {
        return ((await provider.request({ method: "eth_accounts" })) as Hex[]).length > 0;
      },
      async switchChain({ chainId }) {
        if (chainId !== config.chainId) throw new Error("the guest wallet only knows this platform's chain");
        return emitter.chains.find((c) => c.id === chainId)!;
      },
      onAccountsChanged(accounts) {
        emitter.emitter.emit("change", { accounts: accounts as Hex[] });
      },
      onChainChanged(chain) {
        emitter.emitter.emit("change", { chainId: Number(chain) });
      },
      onDisconnect() {
        emitter.emitter.emit("disconnect");
      },
    };
  });
}
