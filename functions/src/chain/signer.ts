/**
 * The functions' signing keys behind one interface, viem's `LocalAccount`: the nonce-safe sender, the
 * delivery receipts and everything else sign through it without knowing where the key lives.
 *
 * - Locally (and in tests) the key is a private key from configuration (`privateKeyToAccount`).
 * - In production each function's key is an AWS KMS asymmetric key of spec `ECC_SECG_P256K1`
 *   (secp256k1, `SIGN_VERIFY`): the private key never leaves KMS. The address is derived from the
 *   key's public key (`GetPublicKey`, DER SubjectPublicKeyInfo); a signature is KMS's `Sign` of the
 *   32-byte digest (`MessageType: DIGEST`, `ECDSA_SHA_256`: with a digest KMS signs the bytes as given,
 *   so the keccak-256 hash Ethereum signs goes through unchanged). KMS answers DER (r, s) with any s;
 *   Ethereum accepts only the low half (EIP-2), so s is normalised, and the recovery bit KMS does not
 *   return is found by recovering the address with each of the two.
 */
import { GetPublicKeyCommand, type KMSClient, SignCommand } from "@aws-sdk/client-kms";
import type { Address, Hex, LocalAccount, Signature } from "viem";
import {
  bytesToHex,
  hashMessage,
  hashTypedData,
  hexToBytes,
  keccak256,
  recoverAddress,
  serializeSignature,
  serializeTransaction,
  toHex,
} from "viem";
import { privateKeyToAccount, publicKeyToAddress, toAccount } from "viem/accounts";

/** secp256k1's group order n, and n / 2: the largest s Ethereum accepts. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const SECP256K1_HALF_N = SECP256K1_N / 2n;

/**
 * A secp256k1 public key's SubjectPublicKeyInfo is this fixed DER header (SEQUENCE, the algorithm
 * id-ecPublicKey with the named curve secp256k1, BIT STRING of 66 bytes with no unused bits) followed
 * by the uncompressed point 0x04 || X || Y.
 */
const SECP256K1_SPKI_HEADER = "3056301006072a8648ce3d020106052b8104000a034200";

export class SignerError extends Error {}

/** The account for a private key from configuration (local and tests). */
export function localAccount(privateKey: Hex): LocalAccount {
  return privateKeyToAccount(privateKey);
}

/** The account for an AWS KMS secp256k1 key (by id, ARN or alias). One `GetPublicKey` call, then one `Sign` per signature. */
export async function kmsAccount({ kms, keyId }: { kms: KMSClient; keyId: string }): Promise<LocalAccount> {
  const key = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (key.KeySpec !== "ECC_SECG_P256K1" || key.KeyUsage !== "SIGN_VERIFY") {
    throw new SignerError(`KMS key ${keyId} is ${key.KeySpec}/${key.KeyUsage}, not an ECC_SECG_P256K1 signing key`);
  }
  const publicKey = publicKeyFromSpki(key.PublicKey!);
  const address = publicKeyToAddress(publicKey);

  const signHash = async (hash: Hex): Promise<Signature> => {
    const { Signature: der } = await kms.send(
      new SignCommand({ KeyId: keyId, Message: hexToBytes(hash), MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256" }),
    );
    return toEthereumSignature({ der: der!, hash, address });
  };

  return toAccount({
    address,
    async sign({ hash }) {
      return serializeSignature(await signHash(hash));
    },
    async signMessage({ message }) {
      return serializeSignature(await signHash(hashMessage(message)));
    },
    async signTypedData(typedData) {
      return serializeSignature(await signHash(hashTypedData(typedData)));
    },
    async signTransaction(transaction, options) {
      const serializer = options?.serializer ?? serializeTransaction;
      const signature = await signHash(keccak256(await serializer(transaction)));
      return serializer(transaction, signature);
    },
  }) as LocalAccount;
}

/** The uncompressed public key (0x04 || X || Y) in a secp256k1 SubjectPublicKeyInfo. */
export function publicKeyFromSpki(spki: Uint8Array): Hex {
  const hex = bytesToHex(spki).slice(2);
  if (!hex.startsWith(SECP256K1_SPKI_HEADER) || hex.length !== SECP256K1_SPKI_HEADER.length + 130) {
    throw new SignerError("not a secp256k1 public key (SubjectPublicKeyInfo)");
  }
  return `0x${hex.slice(SECP256K1_SPKI_HEADER.length)}`;
}

/** An Ethereum signature (low s, recovery bit) from a DER ECDSA signature of `hash` by `address`. */
export async function toEthereumSignature({ der, hash, address }: { der: Uint8Array; hash: Hex; address: Address }): Promise<Signature> {
  const { r, s: anyS } = parseDerSignature(der);
  const s = anyS > SECP256K1_HALF_N ? SECP256K1_N - anyS : anyS;
  for (const yParity of [0, 1]) {
    const signature = { r: toHex(r, { size: 32 }), s: toHex(s, { size: 32 }), yParity };
    if ((await recoverAddress({ hash, signature })).toLowerCase() === address.toLowerCase()) return signature;
  }
  throw new SignerError(`the signature does not recover ${address}: not this key's signature of this hash`);
}

/** (r, s) of a DER ECDSA signature: SEQUENCE { INTEGER r, INTEGER s }, short-form lengths, checked strictly. */
export function parseDerSignature(der: Uint8Array): { r: bigint; s: bigint } {
  // One TLV at `at` of `bytes` with the expected tag: its value and where the next begins.
  const tlv = (bytes: Uint8Array, at: number, tag: number) => {
    if (bytes[at] !== tag) throw new SignerError(`DER signature: expected tag 0x${tag.toString(16)} at byte ${at}`);
    const length = bytes[at + 1];
    if (length === undefined || length >= 0x80) throw new SignerError("DER signature: bad length");
    const value = bytes.subarray(at + 2, at + 2 + length);
    if (value.length !== length) throw new SignerError("DER signature: truncated");
    return { value, next: at + 2 + length };
  };
  const sequence = tlv(der, 0, 0x30);
  if (sequence.next !== der.length) throw new SignerError("DER signature: trailing bytes");
  const integer = (at: number) => {
    const { value, next } = tlv(sequence.value, at, 0x02);
    if (value.length === 0 || value.length > 33 || value[0]! & 0x80) throw new SignerError("DER signature: bad INTEGER");
    return { value: BigInt(bytesToHex(value)), next };
  };
  const r = integer(0);
  const s = integer(r.next);
  if (s.next !== sequence.value.length) throw new SignerError("DER signature: trailing bytes in the SEQUENCE");
  if (r.value === 0n || s.value === 0n || r.value >= SECP256K1_N || s.value >= SECP256K1_N) {
    throw new SignerError("DER signature: r or s out of range");
  }
  return { r: r.value, s: s.value };
}
