import { defineChain } from "viem";
import { type CreateConnectorFn, createConfig, http, injected } from "wagmi";

import type { DappConfig } from "./config.ts";
import { guest } from "./wallets/guest/connector.ts";

/**
 * wagmi for the deployment's one chain: any injected wallet, discovered by EIP-6963 (wagmi's default
 * multi-injected-provider discovery) or `window.ethereum`, the guest wallet a fan without one gets
 * when paying by card (wallets/guest/), and WalletConnect when the deployment has a project id (its
 * small loader is itself fetched only then).
 */
export async function wagmiConfig(config: DappConfig) {
  const chain = defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const connectors: CreateConnectorFn[] = [injected(), guest(config)];
  if (config.walletConnectProjectId) connectors.push((await import("./wallets/walletconnect.ts")).lazyWalletConnect(config, config.walletConnectProjectId));
  return createConfig({ chains: [chain], connectors, transports: { [chain.id]: http(config.rpcUrl) } });
}
