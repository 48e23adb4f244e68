/**
 * Who may watch a film now, from the chain's record only (never a balance, a cache or a flag of ours):
 * its owner and its current rights holders watch free; anyone else needs a rental PayPerView holds for
 * them now (bought, in its window, not refunded: a refund deletes the rental). A deleted film is
 * nobody's to watch, whatever was bought.
 */
import type { Address, PublicClient } from "viem";

import { filmRegistryAbi, payPerViewAbi } from "@streamspace/core/generated/contracts";

import { HttpError } from "../http/http.ts";

export type Access =
  | { kind: "unknown" }
  | { kind: "deleted" }
  | { kind: "owner" }
  | { kind: "holder" }
  | { kind: "viewer"; purchaseId: bigint; expiresAt: bigint }
  | { kind: "none" };

const STATUS_NONE = 0;
const STATUS_DELETED = 3;

export async function accessOf({
  publicClient,
  contracts,
  filmId,
  wallet,
}: {
  publicClient: PublicClient;
  contracts: { FilmRegistry: Address; PayPerView: Address };
  filmId: bigint;
  wallet: Address;
}): Promise<Access> {
  // One block for every read: a consistent answer. (Not getBlockNumber: viem caches it for seconds, and
  // a rental bought a second ago must count.)
  const block = await publicClient.getBlock({ blockTag: "latest" });
  const blockNumber = block.number;
  const registry = { address: contracts.FilmRegistry, abi: filmRegistryAbi, blockNumber } as const;
  // An unknown film: past the last id (`film` would revert).
  if (filmId > (await publicClient.readContract({ ...registry, functionName: "filmCount" }))) return { kind: "unknown" };
  const [film, rental] = await Promise.all([
    publicClient.readContract({ ...registry, functionName: "film", args: [filmId] }),
    publicClient.readContract({ address: contracts.PayPerView, abi: payPerViewAbi, blockNumber, functionName: "rentalOf", args: [filmId, wallet] }),
  ]);
  if (film.status === STATUS_NONE) return { kind: "unknown" };
  if (film.status === STATUS_DELETED) return { kind: "deleted" };
  const me = wallet.toLowerCase();
  if (film.owner.toLowerCase() === me) return { kind: "owner" };
  const [, recipients] = await publicClient.readContract({ ...registry, functionName: "split", args: [BigInt(film.splitId)] });
  if (recipients.some((r) => r.toLowerCase() === me)) return { kind: "holder" };
  // The same rule as PayPerView.hasAccess, at the same block: the rental runs until expiresAt.
  if (BigInt(rental.expiresAt) > block.timestamp) return { kind: "viewer", purchaseId: BigInt(rental.purchaseId), expiresAt: BigInt(rental.expiresAt) };
  return { kind: "none" };
}

/**
 * A film as the chain holds it now, for a request only its owner may make: 404 for a film that does
 * not exist, 403 for a caller who does not own it (`metadataURI` read in the same round).
 */
export async function ownedFilm(publicClient: PublicClient, registryAddress: Address, filmId: bigint, wallet: string) {
  const registry = { address: registryAddress, abi: filmRegistryAbi } as const;
  if (filmId > (await publicClient.readContract({ ...registry, functionName: "filmCount" }))) throw new HttpError(404, "unknown_film", `there is no film ${filmId}`);
  const [film, metadataURI] = await Promise.all([
    publicClient.readContract({ ...registry, functionName: "film", args: [filmId] }),
    publicClient.readContract({ ...registry, functionName: "metadataURI", args: [filmId] }),
  ]);
  if (film.owner.toLowerCase() !== wallet.toLowerCase()) throw new HttpError(403, "not_film_owner", `film ${filmId} is not ${wallet}'s`);
  return { ...film, metadataURI };
}
