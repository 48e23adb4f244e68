import type { Account, Address, Hex, WalletClient } from "viem";

/**
 * The EIP-712 delivery receipt of PayPerView: signed by the delivery key once a viewer has been
 * given the film, it lets anyone settle the purchase. The domain binds the chain and the contract,
 * so a receipt cannot be replayed on another deployment.
 */
export interface DeliveryReceipt {
  purchaseId: bigint;
  viewer: Address;
  filmId: bigint;
  deadline: bigint;
}

export const DELIVERY_RECEIPT_TYPES = {
  DeliveryReceipt: [
    { name: "purchaseId", type: "uint256" },
    { name: "viewer", type: "address" },
    { name: "filmId", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export function deliveryReceiptDomain(chainId: number, payPerView: Address) {
  return { name: "StreamSpace PayPerView", version: "1", chainId, verifyingContract: payPerView } as const;
}

/** Signs `receipt` with the delivery key held by `signer` (a wallet client with an account). */
export async function signDeliveryReceipt(
  signer: WalletClient,
  account: Account | Address,
  chainId: number,
  payPerView: Address,
  receipt: DeliveryReceipt,
): Promise<Hex> {
  return signer.signTypedData({
    account,
    domain: deliveryReceiptDomain(chainId, payPerView),
    types: DELIVERY_RECEIPT_TYPES,
    primaryType: "DeliveryReceipt",
    message: receipt,
  });
}
