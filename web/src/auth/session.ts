/**
 * Sign-In with Ethereum (EIP-4361) against the functions, once per wallet and hour: a nonce, the
 * message signed by the wallet, a session token kept for this tab. The key server then serves film keys
 * only to a wallet the chain says may watch.
 */
import type { Address } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { Config } from "wagmi";
import { signMessage } from "wagmi/actions";

import type { DappConfig } from "../config.ts";

const KEY = (address: Address) => `streamspace.session.${address.toLowerCase()}`;

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as T & { message?: string };
  if (!res.ok) throw new Error(json.message ?? `${res.status}`);
  return json;
}

export async function sessionFor(wagmi: Config, config: DappConfig, address: Address): Promise<string> {
  const kept = sessionStorage.getItem(KEY(address));
  if (kept) {
    const { token, expiresAt } = JSON.parse(kept) as { token: string; expiresAt: number };
    if (expiresAt > Date.now() / 1000 + 60) return token;
  }
  const { nonce, domain } = await post<{ nonce: string; domain: string }>(`${config.apiUrl}/auth/nonce`, {});
  const message = createSiweMessage({
    address,
    chainId: config.chainId,
    domain,
    nonce,
    uri: location.origin,
    version: "1",
    issuedAt: new Date(),
    statement: "Sign in to StreamSpace to watch the films you rented.",
  });
  const signature = await signMessage(wagmi, { account: address, message });
  const session = await post<{ token: string; expiresAt: number }>(`${config.apiUrl}/auth/session`, { message, signature });
  sessionStorage.setItem(KEY(address), JSON.stringify({ token: session.token, expiresAt: session.expiresAt }));
  return session.token;
}
