import { sha256 } from "viem";

/**
 * The IPFS CIDv1 (raw codec, sha2-256) of a byte string, as `ipfs add --cid-version 1 --raw-leaves`
 * gives for content that fits one block: a real content address, computed without an IPFS node.
 */
export function rawCidV1(bytes: Uint8Array): string {
  const digest = sha256(bytes, "bytes");
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

/**
 * A CIDv0-form (`Qm...`) name for a byte string: base58 of the sha2-256 multihash of the bytes
 * themselves (`ipfs add` would hash its dag-pb wrapping instead). Names a local subgraph deployment.
 */
export function cidV0(bytes: Uint8Array): string {
  const digest = sha256(bytes, "bytes");
  return base58(Uint8Array.from([0x12, 0x20, ...digest]));
}

/** Bitcoin's base58 alphabet, leading zero bytes as `1` (CIDv0, graph-ts's `bytesToBase58`). */
export function base58(bytes: Uint8Array): string {
  const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  let out = "";
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = "1" + out;
  }
  return out;
}
