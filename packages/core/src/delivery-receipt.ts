import type { Address, Hex, LocalAccount } from "viem";

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

/** Signs `receipt` with the delivery key (a local key, or AWS KMS behind the same account interface). */
export async function signDeliveryReceipt({
  account,
  chainId,
  payPerView,
  receipt,
}: {
  account: Pick<LocalAccount, "signTypedData">;
  chainId: number;
  payPerView: Address;
  receipt: DeliveryReceipt;
}): Promise<Hex> {
  return account.signTypedData({
    domain: deliveryReceiptDomain(chainId, payPerView),
    types: DELIVERY_RECEIPT_TYPES,
    primaryType: "DeliveryReceipt",
    message: receipt,
  });
}
