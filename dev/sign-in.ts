import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";

/**
 * Signs in to the local functions as a wallet does from the dapp: a nonce, a Sign-In with Ethereum
 * message, the wallet's signature, a session token back. Tests and the demo use it.
 */
export async function signIn({ api, account, domain, chainId, overrides = {} }: {
  api: string;
  account: LocalAccount;
  domain: string;
  chainId: number;
  overrides?: Partial<Parameters<typeof createSiweMessage>[0]>;
}): Promise<{ message: string; signature: `0x${string}`; response: Response }> {
  const post = (path: string, body: unknown) => fetch(`${api}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const nonceAnswer = await post("/auth/nonce", {});
  if (!nonceAnswer.ok) throw new Error(`nonce: ${nonceAnswer.status} ${await nonceAnswer.text()}`);
  const { nonce } = (await nonceAnswer.json()) as { nonce: string };
  const message = createSiweMessage({
    address: account.address,
    chainId,
    domain,
    nonce,
    uri: `https://${domain}`,
    version: "1",
    issuedAt: new Date(),
    statement: "Sign in to StreamSpace.",
    ...overrides,
  });
  const signature = await account.signMessage({ message });
  return { message, signature, response: await post("/auth/session", { message, signature }) };
}

/** A session token for `account`, or an error with the refusal. */
export async function sessionFor(options: { api: string; account: LocalAccount; domain: string; chainId: number }): Promise<string> {
  const { response } = await signIn(options);
  if (!response.ok) throw new Error(`sign-in refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
