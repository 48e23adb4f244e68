/**
 * The deployment the dapp talks to, read at start from `/config.json` (never built in): the chain, the
 * contracts' addresses and the endpoints. `npm start` serves the local platform's; a production
 * deployment writes its own next to the static files.
 */
import type { Address } from "viem";

export interface DappConfig {
  chainId: number;
  chainName: string;
  rpcUrl: string;
  /** The subgraph's GraphQL endpoint. */
  subgraphUrl: string;
  /** The functions' HTTP API (sign-in, keys, card payments). */
  apiUrl: string;
  /** An IPFS gateway for films' metadata and posters. */
  ipfsGateway: string;
  /** A block explorer (transactions link to `<explorerUrl>/tx/<hash>`); none locally. */
  explorerUrl?: string;
  /** WalletConnect's project id (cloud.reown.com); none: WalletConnect is not offered. */
  walletConnectProjectId?: string;
  /** Stripe.js (https://js.stripe.com/v3/; locally the development provider's stand-in); none: no card payments. */
  stripeJsUrl?: string;
  contracts: {
    StreamShare: Address;
    FilmRegistry: Address;
    PayPerView: Address;
    ExchangeRateOracle: Address;
    TokenExchange: Address;
    CampaignFactory: Address;
    CuratorStaking: Address;
    FilmReviews: Address;
  };
}

export async function loadConfig(url = "/config.json"): Promise<DappConfig> {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw new Error(`the dapp's configuration (${url}) could not be read: ${res.status}`);
  return (await res.json()) as DappConfig;
}

/** An `ipfs://` URI as a gateway URL. */
export function gatewayUrl(config: DappConfig, uri: string): string {
  return uri.startsWith("ipfs://") ? `${config.ipfsGateway.replace(/\/+$/, "")}/ipfs/${uri.slice(7)}` : uri;
}
