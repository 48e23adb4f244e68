/** Where the guest wallet's sealed key is kept, and its address (readable without loading the key handling). */
import type { Hex } from "viem";

export const GUEST_RECORD = "streamspace.guest";

export interface SealedGuestKey {
  address: Hex;
  iv: string;
  ciphertext: string;
}

/** The guest wallet's address, if this browser has one (no decryption needed). */
export function guestAddress(): Hex | undefined {
  const record = localStorage.getItem(GUEST_RECORD);
  return record ? (JSON.parse(record) as SealedGuestKey).address : undefined;
}
