import { defineChain } from "viem";
import { createConfig, http, injected } from "wagmi";

import type { DappConfig } from "./config.ts";
import { guest } from "./wallets/guest/connector.ts";

/**
 * wagmi for the deployment's one chain: any injected wallet, discovered by EIP-6963 (wagmi's default
 * multi-injected-provider discovery) or `window.ethereum`, and the guest wallet a fan without one gets
 * when paying by card (wallets/guest/).
 */
export function wagmiConfig(config: DappConfig) {
  const chain = defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  return createConfig({ chains: [chain], connectors: [injected(), guest(config)], transports: { [chain.id]: http(config.rpcUrl) } });
}
