import type { Address, Hex, LocalAccount } from "viem";
import { parseSignature } from "viem";

/** The EIP-2612 permit of an OpenZeppelin ERC20Permit token (SSH), as typed data a wallet signs. */
export function permitTypedData({ owner, token, chainId, spender, value, deadline }: {
  owner: Address;
  token: { address: Address; name: string; nonce: bigint };
  chainId: number;
  spender: Address;
  value: bigint;
  deadline: bigint;
}) {
  return {
    domain: { name: token.name, version: "1", chainId, verifyingContract: token.address },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender, value, nonce: token.nonce, deadline },
  } as const;
}

/** A permit signature split into (v, r, s), as `purchaseWithPermit` and the other permit paths take it. */
export function splitPermitSignature(signature: Hex): { v: number; r: Hex; s: Hex } {
  const { r, s, v, yParity } = parseSignature(signature);
  return { v: Number(v ?? BigInt(yParity + 27)), r, s };
}

/** Signs a permit with an account that signs by itself (a local key; in the dapp the wallet signs `permitTypedData`). */
export async function signPermit({ account, ...permit }: { account: Pick<LocalAccount, "address" | "signTypedData"> } & Omit<Parameters<typeof permitTypedData>[0], "owner">) {
  return splitPermitSignature(await account.signTypedData(permitTypedData({ owner: account.address, ...permit })));
}
