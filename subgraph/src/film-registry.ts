// FilmRegistry: films, their terms, owners and splits.
import { Address, BigInt, Bytes } from "@graphprotocol/graph-ts";

import {
  FilmMetadataUpdated,
  FilmOwnershipTransferStarted,
  FilmOwnershipTransferred,
  FilmRegistered,
  FilmStatusChanged,
  FilmTermsUpdated,
  SplitManagerChanged,
  SplitUpdated,
} from "../generated/FilmRegistry/FilmRegistry";
import { Film, RightsHolder, Split } from "../generated/schema";
import { getAccount, getPlatform, holderId, ZERO } from "./common/helpers";

const STATUSES = ["None", "Active", "Delisted", "Deleted"];

function loadFilm(filmId: BigInt): Film {
  // A film event always follows its registration: a missing film is a bug, and aborts indexing.
  return Film.load(filmId.toString())!;
}

export function handleFilmRegistered(event: FilmRegistered): void {
  const film = new Film(event.params.filmId.toString());
  film.filmId = event.params.filmId;
  film.owner = getAccount(event.params.owner).id;
  film.metadataURI = event.params.metadataURI;
  film.status = "Active";
  film.price = event.params.price;
  film.priceInUsd = false;
  film.rentalWindow = event.params.rentalWindow;
  // The registration's SplitUpdated follows in the same transaction and points the film at its split.
  film.split = "";
  film.purchaseCount = ZERO;
  film.views = ZERO;
  film.revenue = ZERO;
  film.revenueUsd = ZERO;
  film.fees = ZERO;
  film.refunds = ZERO;
  film.refundedAmount = ZERO;
  film.popularity = ZERO;
  film.ratingCount = 0;
  film.ratingSum = 0;
  film.ratingDistribution = [0, 0, 0, 0, 0];
  film.createdAt = event.block.timestamp;
  film.save();

  const platform = getPlatform();
  platform.filmCount += 1;
  platform.save();
}

export function handleSplitUpdated(event: SplitUpdated): void {
  const splitId = event.params.splitId.toString();
  const recipients = event.params.recipients;
  const shares = event.params.sharesBps;
  const recipientBytes = new Array<Bytes>(0);
  for (let i = 0; i < recipients.length; i++) {
    recipientBytes.push(recipients[i]);
    const holder = new RightsHolder(holderId(event.params.splitId, recipients[i]));
    holder.split = splitId;
    holder.account = getAccount(recipients[i]).id;
    holder.shareBps = shares[i];
    holder.earned = ZERO;
    holder.claimed = ZERO;
    holder.claimable = ZERO;
    holder.save();
  }
  const split = new Split(splitId);
  split.splitId = event.params.splitId;
  split.film = event.params.filmId.toString();
  split.recipients = recipientBytes;
  split.sharesBps = shares;
  split.lockedUntil = event.params.lockedUntil;
  split.revenue = ZERO;
  split.save();

  const film = loadFilm(event.params.filmId);
  film.split = splitId;
  film.save();
}

export function handleFilmTermsUpdated(event: FilmTermsUpdated): void {
  const film = loadFilm(event.params.filmId);
  film.price = event.params.price;
  film.rentalWindow = event.params.rentalWindow;
  film.priceInUsd = event.params.priceInUsd;
  film.save();
}

export function handleFilmMetadataUpdated(event: FilmMetadataUpdated): void {
  const film = loadFilm(event.params.filmId);
  film.metadataURI = event.params.metadataURI;
  film.save();
}

export function handleFilmStatusChanged(event: FilmStatusChanged): void {
  const film = loadFilm(event.params.filmId);
  film.status = STATUSES[event.params.status];
  film.save();
}

export function handleFilmOwnershipTransferStarted(event: FilmOwnershipTransferStarted): void {
  const film = loadFilm(event.params.filmId);
  film.pendingOwner = event.params.pendingOwner.equals(Address.zero())
    ? null
    : event.params.pendingOwner;
  film.save();
}

export function handleFilmOwnershipTransferred(event: FilmOwnershipTransferred): void {
  const film = loadFilm(event.params.filmId);
  film.owner = getAccount(event.params.newOwner).id;
  film.pendingOwner = null;
  film.save();
}

export function handleSplitManagerChanged(event: SplitManagerChanged): void {
  const film = loadFilm(event.params.filmId);
  film.splitManager = event.params.manager.equals(Address.zero())
    ? null
    : event.params.manager;
  film.save();
}
