import { createHash } from "node:crypto";

/**
 * The IPFS CIDv1 (raw codec, sha2-256) of a byte string, as `ipfs add --cid-version 1 --raw-leaves`
 * gives for content that fits one block: a real content address, computed without an IPFS node.
 */
export function rawCidV1(bytes: Uint8Array): string {
  const digest = createHash("sha256").update(bytes).digest();
  const cid = Uint8Array.from([0x01, 0x55, 0x12, 0x20, ...digest]); // version 1, raw, sha2-256, 32 bytes
  return "b" + base32(cid);
}

/** RFC 4648 base32, lower case, no padding (the multibase `b` alphabet). */
function base32(bytes: Uint8Array): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
