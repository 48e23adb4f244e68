import type { Hex } from "viem";
import { keccak256, toHex } from "viem";

/**
 * The on-chain payment id of a payment provider's payment: keccak256 of "<provider>:<its id>", e.g.
 * ("stripe", "pi_3Nx..."), so that the same provider payment (a webhook delivered twice) always maps
 * to the same id, which the exchange credits at most once, and two providers' ids never collide.
 */
export function paymentIdOf(provider: string, providerPaymentId: string): Hex {
  if (!/^[a-z0-9-]+$/.test(provider) || providerPaymentId.length === 0) {
    throw new RangeError(`not a provider and payment id: ${provider}:${providerPaymentId}`);
  }
  return keccak256(toHex(`${provider}:${providerPaymentId}`));
}
