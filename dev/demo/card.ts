import type { Address, LocalAccount } from "viem";
import { createWalletClient, http, keccak256, parseEther, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import { formatCents } from "@streamspace/core/quote";

import { payByCard } from "../card.js";
import type { Connection, Platform } from "../platform.js";
import { sessionFor } from "../sign-in.js";

/** A demo wallet that is no Hardhat account (no SSH, no ETH): a newcomer's, from a fixed label. */
export const demoWallet = (label: string): LocalAccount => privateKeyToAccount(keccak256(toHex(`streamspace demo ${label}`)));

export interface DemoCardPayments {
  rental: { wallet: Address; filmId: bigint; chargeCents: number; paymentIntentId: string; keyServed: boolean };
  topUp: { wallet: Address; ssh: bigint; chargeCents: number; pendingSeen: bigint; boughtFilmId: bigint };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`the demo's card payment: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The demo's card payments, through the functions and the development payment provider as the dapp
 * makes them: a newcomer with no SSH rents a film by card and is served its key; another buys $5 of SSH
 * by card, sees it pending, claims it and rents another film with it.
 */
export async function demoCardPayments({ connection, platform, api, siweDomain, chainId, rpcUrl, rentFilm, buyFilm }: {
  connection: Connection;
  platform: Platform;
  api: string;
  siweDomain: string;
  chainId: number;
  rpcUrl: string;
  rentFilm: bigint;
  buyFilm: bigint;
}): Promise<DemoCardPayments> {
  const newcomer = demoWallet("card newcomer");
  const session = await sessionFor({ api, account: newcomer, domain: siweDomain, chainId });
  const rented = await payByCard({ api, session, request: { kind: "rental", filmId: rentFilm } });
  await until("the rental", () => platform.payPerView.read.hasAccess([rentFilm, newcomer.address]));
  const keyUrl = await fetch(`${api}/films/${rentFilm}/key`, { headers: { authorization: `Bearer ${session}` } });
  const keyServed = keyUrl.ok && (await fetch(((await keyUrl.json()) as { url: string }).url)).ok;

  const buyer = demoWallet("card top-up");
  const buyerSession = await sessionFor({ api, account: buyer, domain: siweDomain, chainId });
  const topUp = await payByCard({ api, session: buyerSession, request: { kind: "topup", usd: "5" } });
  const ssh = BigInt(topUp.quote.sshAmount);
  const pendingSeen = await until("the credit", async () => {
    const pending = await platform.tokenExchange.read.pendingCredits([buyer.address]);
    return pending === ssh && pending;
  });
  // Claiming and buying are the fan's own transactions: gas for them (a faucet's job on a testnet).
  await connection.networkHelpers.setBalance(buyer.address, parseEther("1"));
  const wallet = createWalletClient({ account: buyer, chain: { ...hardhat, id: chainId }, transport: http(rpcUrl) });
  const publicClient = await connection.viem.getPublicClient();
  const send = async (hash: Promise<`0x${string}`>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`the demo's card top-up: ${receipt.transactionHash} reverted`);
  };
  await send(wallet.writeContract({ address: platform.tokenExchange.address, abi: platform.tokenExchange.abi, functionName: "claimCredits" }));
  const price = await platform.payPerView.read.priceOf([buyFilm]);
  await send(wallet.writeContract({ address: platform.ssh.address, abi: platform.ssh.abi, functionName: "approve", args: [platform.payPerView.address, price] }));
  await send(wallet.writeContract({ address: platform.payPerView.address, abi: platform.payPerView.abi, functionName: "purchase", args: [buyFilm, price] }));

  return {
    rental: { wallet: newcomer.address, filmId: rentFilm, chargeCents: rented.quote.chargeCents, paymentIntentId: rented.payment.paymentIntentId, keyServed },
    topUp: { wallet: buyer.address, ssh, chargeCents: topUp.quote.chargeCents, pendingSeen, boughtFilmId: buyFilm },
  };
}

export function formatCardPayments(card: DemoCardPayments, stripeUrl: string): string {
  const ssh = (wei: bigint) => `${(Number(wei / 10n ** 14n) / 10_000).toLocaleString("en-US")} SSH`;
  return [
    `Card payments (the development payment provider: Stripe's API at ${stripeUrl}, its webhooks to the functions):`,
    `  ${card.rental.wallet} (no SSH, no ETH) rented film #${card.rental.filmId} by card for ${formatCents(BigInt(card.rental.chargeCents))} (${card.rental.paymentIntentId}): bought from the exchange's inventory${card.rental.keyServed ? "; the key server served its key" : ""}`,
    `  ${card.topUp.wallet} bought ${ssh(card.topUp.ssh)} by card for ${formatCents(BigInt(card.topUp.chargeCents))}: ${ssh(card.topUp.pendingSeen)} pending, claimed, and rented film #${card.topUp.boughtFilmId} with it`,
  ].join("\n");
}
