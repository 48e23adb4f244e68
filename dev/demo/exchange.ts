import type { Address } from "viem";
import { parseEther, parseEventLogs } from "viem";

import { signDeliveryReceipt } from "@streamspace/core/delivery-receipt";
import { paymentIdOf } from "@streamspace/core/money";
import type { Connection, Platform, Role } from "../platform.js";
import { DEMO_DOLLAR_FILM, type MetadataUriOf } from "./films.js";
import { accountsByRole, localKeyOf, mined } from "../platform.js";

export interface DemoExchange {
  rate: bigint; // USD per SSH, 8 decimals
  usdFilm: {
    filmId: bigint;
    title: string;
    usdPrice: bigint;
    sshPrice: bigint;
    splitId: bigint;
    split: { holder: Address; role: Role; bps: number }[];
  };
  purchase: { purchaseId: bigint; filmId: bigint; viewer: Address; role: Role; state: "settled" | "open" };
  credit: { paymentId: `0x${string}`; usd: bigint; ssh: bigint };
  cashOut: { id: bigint; ssh: bigint; status: string };
  inventory: bigint;
}

const STATUSES = ["None", "Requested", "PickedUp", "Paid", "Failed", "Cancelled"] as const;

/**
 * The exchange side of the demo: the rate function posts $0.05 per SSH, the treasury stocks the
 * exchange, Luis prices a new film in dollars, fan2 pays $25 by card (the on-ramp credits it once,
 * by payment id), claims the SSH and buys the dollar-priced film, and the fan asks to cash out.
 */
export async function seedExchange(connection: Connection, platform: Platform, metadataUriOf: MetadataUriOf): Promise<DemoExchange> {
  const { viem } = connection;
  const { ssh, filmRegistry, payPerView, oracle, tokenExchange } = platform;
  const roles = await accountsByRole(connection);
  const publicClient = await viem.getPublicClient();
  const [wallet] = await viem.getWalletClients();
  const chainId = await publicClient.getChainId();
  const now = async () => BigInt((await publicClient.getBlock()).timestamp);

  const rate = 5_000_000n; // $0.05
  await mined(connection, oracle.write.updateRate([rate, await now(), 4n], { account: roles.rateUpdater }));
  await mined(connection, ssh.write.approve([tokenExchange.address, parseEther("100000")], { account: roles.treasury }));
  await mined(connection, tokenExchange.write.depositInventory([parseEther("100000")], { account: roles.treasury }));

  const { metadata } = DEMO_DOLLAR_FILM;
  const uri = metadataUriOf(metadata);
  const split = [
    { holder: roles.filmmakerLuis, role: "filmmakerLuis" as const, bps: 9_000 },
    { holder: roles.composer, role: "composer" as const, bps: 1_000 },
  ];
  const registered = await mined(
    connection,
    filmRegistry.write.registerFilm(
      [uri, parseEther("60"), 48n * 3600n, split.map((s) => s.holder), split.map((s) => s.bps), 0n],
      { account: roles.filmmakerLuis },
    ),
  );
  const [filmRegistered] = parseEventLogs({ abi: filmRegistry.abi, eventName: "FilmRegistered", logs: registered.logs });
  const filmId = filmRegistered!.args.filmId;
  const usdPrice = 2_99000000n; // $2.99
  await mined(connection, filmRegistry.write.setUsdTerms([filmId, usdPrice, 48n * 3600n], { account: roles.filmmakerLuis }));

  // A $25 card payment, credited once by its payment id, claimed, and spent on the film.
  const paymentId = paymentIdOf("stripe", "pi_demo_fan2_0001");
  await mined(
    connection,
    tokenExchange.write.credit([paymentId, roles.fan2, 25_00000000n, rate, (await now()) + 600n], { account: roles.onramp }),
  );
  const [, creditedSsh] = await tokenExchange.read.payment([paymentId]);
  await mined(connection, tokenExchange.write.claimCredits({ account: roles.fan2 }));
  const sshPrice = await payPerView.read.priceOf([filmId]);
  await mined(connection, ssh.write.approve([payPerView.address, sshPrice], { account: roles.fan2 }));
  const bought = await mined(connection, payPerView.write.purchase([filmId, sshPrice], { account: roles.fan2 }));
  // The purchase id comes from the receipt's event, never from re-reading a counter.
  const [purchased] = parseEventLogs({ abi: payPerView.abi, eventName: "Purchased", logs: bought.logs });
  const purchaseId = purchased!.args.purchaseId;
  const receipt = { purchaseId, viewer: roles.fan2, filmId, deadline: (await now()) + 3600n };
  const signature = await signDeliveryReceipt({ account: localKeyOf("deliverySigner"), chainId, payPerView: payPerView.address, receipt });
  await mined(connection, payPerView.write.settle([receipt, signature]));

  // The fan cashes 100 SSH out; the payout function has not picked it up yet.
  const cashOutSsh = parseEther("100");
  await mined(connection, ssh.write.approve([tokenExchange.address, cashOutSsh], { account: roles.fan }));
  const requested = await mined(connection, tokenExchange.write.requestCashOut([cashOutSsh, 4_00000000n], { account: roles.fan }));
  const [cashOutRequested] = parseEventLogs({ abi: tokenExchange.abi, eventName: "CashOutRequested", logs: requested.logs });
  const cashOutId = cashOutRequested!.args.cashOutId;
  const cashOut = await tokenExchange.read.cashOut([cashOutId]);

  return {
    rate,
    usdFilm: {
      filmId,
      title: metadata.title,
      usdPrice,
      sshPrice,
      splitId: BigInt((await filmRegistry.read.film([filmId])).splitId),
      split,
    },
    purchase: { purchaseId, filmId, viewer: roles.fan2, role: "fan2", state: "settled" },
    credit: { paymentId, usd: 25_00000000n, ssh: creditedSsh },
    cashOut: { id: cashOutId, ssh: cashOut.sshAmount, status: STATUSES[cashOut.status]! },
    inventory: await tokenExchange.read.inventory(),
  };
}
