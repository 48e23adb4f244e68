import type { Address, Hex, LocalAccount } from "viem";
import { keccak256 } from "viem";

/**
 * A curator's storage node registers by proving it holds its own key: the node (a secp256k1 key, the
 * kind libp2p peers may use) signs an EIP-712 NodeRegistration naming its curator, and the curator
 * sends it with `CuratorStaking.registerNode(publicKey, signature)`. The domain binds the chain and
 * the contract, and the message the curator, so a registration copied from the mempool is worthless.
 */
export const NODE_REGISTRATION_TYPES = {
  NodeRegistration: [
    { name: "nodeId", type: "bytes32" },
    { name: "curator", type: "address" },
  ],
} as const;

export function nodeRegistrationDomain(chainId: number, curatorStaking: Address) {
  return { name: "StreamSpace CuratorStaking", version: "1", chainId, verifyingContract: curatorStaking } as const;
}

/** The node's 64-byte public key as the contract takes it (x and y, without the 0x04 prefix). */
export function nodePublicKey(node: LocalAccount): Hex {
  return `0x${node.publicKey.slice(4)}`;
}

/** The node id the contract derives: keccak256 of the 64-byte public key. */
export function nodeIdOf(node: LocalAccount): Hex {
  return keccak256(nodePublicKey(node));
}

/** The node's key signs its registration with `curator`; returns what `registerNode` takes. */
export async function signNodeRegistration({
  node,
  curator,
  chainId,
  curatorStaking,
}: {
  node: LocalAccount;
  curator: Address;
  chainId: number;
  curatorStaking: Address;
}): Promise<{ nodeId: Hex; publicKey: Hex; signature: Hex }> {
  const nodeId = nodeIdOf(node);
  const signature = await node.signTypedData({
    domain: nodeRegistrationDomain(chainId, curatorStaking),
    types: NODE_REGISTRATION_TYPES,
    primaryType: "NodeRegistration",
    message: { nodeId, curator },
  });
  return { nodeId, publicKey: nodePublicKey(node), signature };
}
