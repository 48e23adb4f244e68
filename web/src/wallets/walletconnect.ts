/**
 * WalletConnect, when the deployment has a project id (`walletConnectProjectId`): wagmi's own
 * `walletConnect` connector, loaded (as a module built on its own: walletconnect/entry.ts) only when a
 * fan chooses it, or when the browser holds a WalletConnect session to resume. Its events are this
 * connector's (it is made with this connector's wagmi parameters).
 */
import type { Hex } from "viem";
import { createConnector } from "wagmi";

import type { DappConfig } from "../config.ts";

export const WALLETCONNECT_CONNECTOR_ID = "walletConnect";
/** How long a connection may wait for WalletConnect's relay before the fan is told it cannot be reached. */
const RELAY_TIMEOUT_MS = 20_000;

type Module = typeof import("./walletconnect/entry.ts");

/** WalletConnect's own storage keys (`wc@2:...`): a session this browser may resume. */
const hasSession = () => Object.keys(localStorage).some((key) => key.startsWith("wc@2:"));

async function loadModule(): Promise<Module> {
  if (import.meta.env.DEV) return import("./walletconnect/entry.ts");
  return import(/* @vite-ignore */ new URL("/walletconnect.js", location.origin).href) as Promise<Module>;
}

export function lazyWalletConnect(config: DappConfig, projectId: string) {
  return createConnector((wagmi) => {
    type Inner = ReturnType<ReturnType<Module["walletConnect"]>>;
    let inner: Inner | undefined;
    const load = async (): Promise<Inner> => {
      if (!inner) {
        const { walletConnect } = await loadModule();
        const made = walletConnect({ projectId, showQrModal: true, metadata: { name: "StreamSpace", description: config.chainName, url: location.origin, icons: [] } })(wagmi as never) as Inner;
        await made.setup?.();
        inner = made;
      }
      return inner;
    };
    return {
      id: WALLETCONNECT_CONNECTOR_ID,
      name: "WalletConnect",
      type: "walletConnect",
      async connect(parameters) {
        const connector = await load();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const unreachable = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("WalletConnect's relay cannot be reached; try again, or use another wallet.")), RELAY_TIMEOUT_MS);
        });
        try {
          return (await Promise.race([connector.connect(parameters as never), unreachable])) as never;
        } finally {
          clearTimeout(timer);
        }
      },
      async disconnect() {
        await (await load()).disconnect();
      },
      async getAccounts() {
        return (await load()).getAccounts() as Promise<readonly Hex[]>;
      },
      async getChainId() {
        return (await load()).getChainId();
      },
      async getProvider() {
        // wagmi asks every connector for its provider when the page opens (to resume a connection):
        // nothing to load then, unless there is a WalletConnect session to resume.
        if (!inner && !hasSession()) return undefined as never;
        return (await load()).getProvider();
      },
      async isAuthorized() {
        return hasSession() ? (await load()).isAuthorized() : false;
      },
      async switchChain(parameters) {
        return (await load()).switchChain!(parameters);
      },
      onAccountsChanged(accounts) {
        inner?.onAccountsChanged(accounts);
      },
      onChainChanged(chainId) {
        inner?.onChainChanged(chainId);
      },
      onDisconnect(error) {
        inner?.onDisconnect(error);
      },
    };
  });
}
