/**
 * The guest wallet's key, for a fan who came with only a card: created in this browser, kept encrypted
 * (AES-GCM) under a key that never leaves the browser's crypto store (a non-extractable CryptoKey in
 * IndexedDB: page scripts can use it but no one can read it out, and it is not in localStorage beside
 * the ciphertext). The fan can export the private key at any time (to import it into a wallet of their
 * own) or forget the guest wallet. Loaded only when a guest wallet is used (viem's accounts and
 * secp256k1 stay out of the first page).
 */
import { createWalletClient, defineChain, type Hex, http, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import type { DappConfig } from "../../config.ts";

import { GUEST_RECORD as RECORD, guestAddress, type SealedGuestKey as Sealed } from "./record.ts";

export { guestAddress };

const DB = "streamspace-guest";
const STORE = "keys";

const b64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function database(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function keyStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await database();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** Creates the guest wallet (once: an existing one is returned). */
export async function createGuestWallet(): Promise<Hex> {
  const existing = guestAddress();
  if (existing) return existing;
  const privateKey = generatePrivateKey();
  const address = privateKeyToAccount(privateKey).address;
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(address) }, key, new TextEncoder().encode(privateKey));
  await keyStore("readwrite", (store) => store.put(key, address));
  localStorage.setItem(RECORD, JSON.stringify({ address, iv: b64(iv), ciphertext: b64(ciphertext) } satisfies Sealed));
  return address;
}

/** The guest wallet's private key (to export, or to sign with). */
export async function guestPrivateKey(): Promise<Hex> {
  const record = localStorage.getItem(RECORD);
  if (!record) throw new Error("this browser has no guest wallet");
  const sealed = JSON.parse(record) as Sealed;
  const key = await keyStore<CryptoKey | undefined>("readonly", (store) => store.get(sealed.address));
  if (!key) throw new Error("the guest wallet's key is missing from this browser's storage");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: unb64(sealed.iv), additionalData: new TextEncoder().encode(sealed.address) }, key, unb64(sealed.ciphertext));
  return new TextDecoder().decode(plain) as Hex;
}

export async function guestAccount(): Promise<LocalAccount> {
  return privateKeyToAccount(await guestPrivateKey());
}

/** Forgets the guest wallet in this browser (whatever it holds is lost unless its key was exported). */
export async function forgetGuestWallet(): Promise<void> {
  const address = guestAddress();
  localStorage.removeItem(RECORD);
  if (address) await keyStore("readwrite", (store) => store.delete(address));
}

export interface GuestTransaction {
  to: Hex;
  data?: Hex;
  value?: Hex;
  gas?: Hex;
}

/** Signs and sends a transaction from the guest wallet (it pays its own gas, if it holds any ETH). */
export async function guestSendTransaction(config: DappConfig, tx: GuestTransaction): Promise<Hex> {
  const chain = defineChain({ id: config.chainId, name: config.chainName, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [config.rpcUrl] } } });
  const wallet = createWalletClient({ account: await guestAccount(), chain, transport: http(config.rpcUrl) });
  return wallet.sendTransaction({ to: tx.to, data: tx.data, value: tx.value ? BigInt(tx.value) : undefined, gas: tx.gas ? BigInt(tx.gas) : undefined });
}
