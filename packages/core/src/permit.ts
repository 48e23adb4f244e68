import type { Address, WalletClient } from "viem";
import { parseSignature } from "viem";

/** The EIP-2612 permit of an OpenZeppelin ERC20Permit token, split into (v, r, s) for a contract call. */
export async function signPermit(
  wallet: WalletClient,
  owner: Address,
  token: { address: Address; name: string; nonce: bigint },
  chainId: number,
  spender: Address,
  value: bigint,
  deadline: bigint,
) {
  const signature = await wallet.signTypedData({
    account: owner,
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
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { v: Number(v ?? BigInt(yParity + 27)), r, s };
}
