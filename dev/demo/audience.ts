/**
 * The demo's audience: a dozen viewers (fixed keys, so every start is the same) with tastes, each
 * buying and watching (settled by the delivery key) the films its taste leads to, then rating some of
 * them with FilmReviews, one changing its mind, one removing its review, and one text flagged by three
 * other viewers until the dapp hides it. It gives the recommendation engine real histories and the film
 * pages real ratings. Review texts are plain UTF-8 documents; their CIDs (raw CIDv1, as the platform's
 * IPFS node computes them) are on-chain here, and the texts are returned for `npm start` to add to IPFS.
 */
import type { Address } from "viem";
import { keccak256, parseEther, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { rawCidV1 } from "@streamspace/core/cid";
import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";

import type { Connection, Platform } from "../platform.js";
import { accountsByRole, localKeyOf, mined } from "../platform.js";

export interface DemoAudience {
  viewers: Address[];
  /** Every settled view: viewer, film. */
  views: { viewer: Address; filmId: bigint }[];
  /** The reviews standing at the end (removed ones are not here). */
  reviews: { viewer: Address; filmId: bigint; rating: number; text?: string; textCid?: string; flags: number }[];
  /** Every text written (the removed and replaced ones too), to put on IPFS. */
  texts: { cid: string; text: string }[];
}

/** Viewer i's key: fixed, so the demo is the same at every start. */
export const demoViewerKey = (i: number) => keccak256(toHex(`streamspace demo viewer ${i}`));

/**
 * Who watches what: each viewer's films by index into `films` (the demo's, in order). Two tastes and a
 * bridge: viewers 0-5 watch film 0 and mostly film 1; 6-10 watch film 2 and mostly film 3 (when there is
 * one); viewer 11 watches across.
 */
export const DEMO_HISTORIES = [[0, 1], [0, 1], [0, 1], [0], [0, 1], [1, 0], [2, 3], [2, 3], [2], [2, 3], [3, 2], [0, 2]];
/** Ratings (viewer, film index, stars, text). */
const REVIEWS: [number, number, number, string?][] = [
  [0, 0, 5, "Quiet, patient and beautiful. The last ten minutes stayed with me for days."],
  [1, 0, 4, "Slow at first, but the lighthouse scenes are worth it."],
  [2, 1, 5],
  [3, 0, 3, "Lovely images, thin story."],
  [4, 1, 4, "Made me laugh out loud twice."],
  [6, 2, 5, "The best food documentary I have seen in years."],
  [7, 2, 4],
  [9, 2, 2, "BUY CHEAP SSH HERE >>> totally-not-a-scam.example"],
  [11, 0, 4],
];

export async function seedAudience(connection: Connection, platform: Platform, filmIds: bigint[]): Promise<DemoAudience> {
  const { ssh, payPerView, filmReviews } = platform;
  const roles = await accountsByRole(connection);
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const accounts = DEMO_HISTORIES.map((_, i) => privateKeyToAccount(demoViewerKey(i)));
  const viewers = accounts.map((a) => a.address);
  // What a view costs now (a dollar price converted at the oracle's fresh rate).
  const films = await Promise.all(filmIds.map(async (filmId) => ({ filmId, price: await payPerView.read.priceOf([filmId]) })));

  const views: DemoAudience["views"] = [];
  for (const [i, history] of DEMO_HISTORIES.entries()) {
    const account = accounts[i]!;
    const watched = history.filter((f) => f < films.length).map((f) => films[f]!);
    await connection.networkHelpers.setBalance(account.address, parseEther("10"));
    const total = watched.reduce((sum, f) => sum + f.price, 0n);
    await mined(connection, ssh.write.transfer([account.address, total + parseEther("20")], { account: roles.treasury }));
    await mined(connection, ssh.write.approve([payPerView.address, total], { account }));
    for (const film of watched) {
      await mined(connection, payPerView.write.purchase([film.filmId, film.price], { account }));
      const rental = await payPerView.read.rentalOf([film.filmId, account.address]);
      const deadline = BigInt((await publicClient.getBlock()).timestamp) + 3600n;
      const receipt = { purchaseId: BigInt(rental.purchaseId), viewer: account.address, filmId: film.filmId, deadline };
      const signature = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: payPerView.address, receipt });
      await mined(connection, payPerView.write.settle([receipt, signature], { account: roles.deliverySigner }));
      views.push({ viewer: account.address, filmId: film.filmId });
    }
  }

  const texts: DemoAudience["texts"] = [];
  const cidOf = (text: string) => {
    const cid = rawCidV1(new TextEncoder().encode(text));
    texts.push({ cid, text });
    return cid;
  };
  const reviews: DemoAudience["reviews"] = [];
  for (const [viewer, filmIndex, rating, text] of REVIEWS) {
    const film = films[filmIndex];
    if (!film) continue;
    const textCid = text ? cidOf(text) : "";
    await mined(connection, filmReviews.write.review([film.filmId, rating, textCid], { account: accounts[viewer]! }));
    reviews.push({ viewer: viewers[viewer]!, filmId: film.filmId, rating, ...(text ? { text, textCid } : {}), flags: 0 });
  }
  // Viewer 1 changes its mind (the latest counts); viewer 4 removes its review.
  const changed = reviews.find((r) => r.viewer === viewers[1])!;
  const second = "Second viewing: even better. Five stars.";
  await mined(connection, filmReviews.write.review([changed.filmId, 5, cidOf(second)], { account: accounts[1]! }));
  Object.assign(changed, { rating: 5, text: second, textCid: rawCidV1(new TextEncoder().encode(second)) });
  const removed = reviews.findIndex((r) => r.viewer === viewers[4]);
  if (removed >= 0) {
    await mined(connection, filmReviews.write.removeReview([reviews[removed]!.filmId], { account: accounts[4]! }));
    reviews.splice(removed, 1);
  }
  // The spam text is flagged by three other viewers of its film: the dapp hides it, its 2 stars count.
  const spam = reviews.find((r) => r.viewer === viewers[9]);
  if (spam) {
    for (const flagger of [6, 7, 8]) {
      await mined(connection, filmReviews.write.flagText([spam.filmId, spam.viewer, spam.textCid!], { account: accounts[flagger]! }));
      spam.flags += 1;
    }
  }
  return { viewers, views, reviews, texts };
}
