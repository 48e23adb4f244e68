/**
 * The dapp in a real browser (Debian's Chromium), against the whole local platform as `npm start` runs
 * it: a fan browses, rents (with SSH and one permit, or with only a card and no wallet at all), watches
 * (frames decode), finds the rental in My rentals, is refunded an undelivered rental, buys SSH by card,
 * claims it, links a bank account and cashes out; a wrong chain, a rejected signature, a declined card
 * and an expired rental; both languages; axe-core on every page and a rental from the keyboard.
 * Screenshots of every page in both languages go to test-output/screenshots (looked at, not committed).
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";

import type { Browser, Page } from "playwright-core";
import { type Address, createPublicClient, createWalletClient, type Hex, http, keccak256, type LocalAccount, parseAbi, parseEther, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

import type { FilmMetadata } from "@streamspace/core/film-metadata";
import { filmRegistryAbi, filmReviewsAbi } from "@streamspace/core/generated/contracts";
import { signNodeRegistration } from "@streamspace/core/node-registration";

import { launchBrowser, SCREENSHOTS, type TestWallet, walletPage } from "../dev/browser.js";
import { localKeyOf } from "../dev/platform.js";
import { demoViewerKey } from "../dev/demo/audience.js";
import { makeTestFilm, makeTestPoster } from "../dev/media.js";
import { buildDapp } from "../dev/web.js";
import { type PlatformProcess, startPlatformProcess } from "../dev/start-process.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const ssh = parseAbi([
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address) view returns (uint256)",
  "function hasAccess(uint256 filmId, address viewer) view returns (bool)",
  "function rentalOf(uint256 filmId, address viewer) view returns ((uint88 amount, uint16 feeBps, uint32 splitId, uint40 purchaseId, uint40 refundableAt, uint40 expiresAt))",
  "function deliveryTimeout() view returns (uint256)",
]);

describe("the dapp, in Chromium, on npm start's platform", () => {
  let platform: PlatformProcess;
  let browser: Browser;
  let contracts: Record<"StreamShare" | "PayPerView" | "TokenExchange", Address>;
  let registry: Address;
  const client = () => createPublicClient({ transport: http(platform.rpcUrl) });
  const rpc = (method: string, params: unknown[]) =>
    fetch(platform.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) }).then((r) => r.json());

  /** A fresh fan with gas and `sshAmount` SSH from the treasury. */
  async function newFan(sshAmount = 100n): Promise<LocalAccount> {
    const fan = privateKeyToAccount(generatePrivateKey());
    await rpc("hardhat_setBalance", [fan.address, "0x56BC75E2D63100000"]); // 100 ETH
    if (sshAmount > 0n) {
      const treasury = createWalletClient({ account: localKeyOf("treasury"), chain: { ...hardhat, id: 31337 }, transport: http(platform.rpcUrl) });
      await client().waitForTransactionReceipt({ hash: await treasury.writeContract({ address: contracts.StreamShare, abi: ssh, functionName: "transfer", args: [fan.address, sshAmount * 10n ** 18n] }) });
    }
    return fan;
  }
  const open = (fan: LocalAccount, path: string, wallet?: TestWallet) => walletPage({ browser, url: `${platform.dappUrl}${path}`, account: fan, rpcUrl: platform.rpcUrl, wallet });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `dapp-${name}.png`), fullPage: true });
  const hasAccess = (filmId: bigint, fan: Address) => client().readContract({ address: contracts.PayPerView, abi: ssh, functionName: "hasAccess", args: [filmId, fan] });
  /** Connects the injected wallet, and waits until the dapp shows it connected. */
  const connect = async (page: Page) => {
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Browser wallet" }).click();
    await page.getByRole("button", { name: "Disconnect" }).waitFor();
  };
  /** Types a card into Stripe's Payment Element (a test card number, a future expiry, a CVC). */
  const enterCard = async (page: Page, number: string) => {
    await page.getByLabel("Card number").fill(number);
    await page.getByLabel("Expiration date").fill("12 / 34");
    await page.getByLabel("Security code").fill("123");
  };
  const cards = (page: Page) => page.locator(".virtual-grid .card h3");
  /** Waits until the catalogue shows `count` films with their details loaded (titles, not ids). */
  const catalogueShown = (page: Page, count: number) =>
    page.waitForFunction((n) => Array.from(document.querySelectorAll(".virtual-grid .card h3")).filter((h) => !h.textContent!.startsWith("#")).length >= n, count, { timeout: 20_000 });
  /** Opens a page, waits until it is ready, and fails on any serious or critical axe-core violation. */
  const axeAudit = async (page: Page, path: string, ready: () => Promise<unknown>) => {
    await page.goto(`${platform.dappUrl}${path}`);
    await ready().catch(async (error: Error) => {
      await shot(page, "axe-failed");
      throw error;
    });
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ["violations"] });
      return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    assert.deepEqual(violations, [], `${path}: ${violations.join("; ")}`);
  };
  /** Moves the chain's clock (and mines a block): rentals end and timeouts pass. */
  const warp = async (seconds: number) => (await rpc("evm_increaseTime", [seconds]), await rpc("evm_mine", []));

  before(async () => {
    // The production build, as a CDN serves it (what fans get), built from the sources now.
    buildDapp();
    // WalletConnect offered (a project id), though its relay cannot be reached from here.
    platform = await startPlatformProcess({ env: { STREAMSPACE_DAPP: "dist", STREAMSPACE_WALLETCONNECT_PROJECT_ID: "0123456789abcdef0123456789abcdef" } });
    const deployment = await platform.deployment();
    registry = deployment.contracts.FilmRegistry.address;
    contracts = { StreamShare: deployment.contracts.StreamShare.address, PayPerView: deployment.contracts.PayPerView.address, TokenExchange: deployment.contracts.TokenExchange.address };
    browser = await launchBrowser();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  // A failed test shows what the platform's functions were doing (the card paths run through them).
  afterEach(async (t) => {
    if (!("passed" in t) || t.passed) return;
    const log = await readFile(platform.functionsLog, "utf8").catch(() => "");
    const lines = log.split("\n").filter((line) => line.trim() && !/^(\(λ: \w+\) RequestId|Successfully invoked)/.test(line));
    console.log(`    the functions' log, last lines:\n${lines.slice(-60).join("\n")}`);
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });

  it("shows the catalogue from the subgraph and IPFS (search, genre, sort), in English and Korean", async () => {
    const { page, context } = await open(await newFan(0n), "/?lang=en");
    try {
      await catalogueShown(page, 4);
      assert.deepEqual((await cards(page).allTextContents()).sort(), ["Harbour Lights", "Night Market", "Salt & Static", "The Last Lighthouse"].sort());
      await page.locator("img.poster").first().waitFor();
      await shot(page, "catalogue-en");
      await page.getByPlaceholder("Search films").fill("night");
      assert.deepEqual(await cards(page).allTextContents(), ["Night Market"]);
      await page.getByPlaceholder("Search films").fill("");
      await page.getByLabel("Sort by").selectOption("price");
      await page.getByLabel("Genre").selectOption("documentary");
      assert.deepEqual((await cards(page).allTextContents()).sort(), ["Harbour Lights", "Night Market"]);
      await page.goto(`${platform.dappUrl}/?lang=ko`);
      await catalogueShown(page, 4);
      assert.equal(await page.locator("h1").textContent(), "영화");
      await shot(page, "catalogue-ko");
    } finally {
      await context.close();
    }
  });

  it("plays a film's trailer free, to a visitor with no wallet", async () => {
    const context = await browser.newContext({ viewport: { width: 960, height: 700 } });
    const page = await context.newPage();
    try {
      await page.goto(`${platform.dappUrl}/films/1?lang=en`);
      await page.getByRole("button", { name: /Trailer \(free\)/ }).click();
      await page.waitForFunction(() => (document.querySelector(".trailer video") as HTMLVideoElement | null)?.currentTime! > 1, undefined, { timeout: 20_000 });
      const frames = await page.evaluate(() => (document.querySelector(".trailer video") as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
      assert.ok(frames > 10, `${frames} frames of the trailer decoded`);
      assert.equal(await page.getByRole("button", { name: "Disconnect" }).count(), 0, "no wallet was needed or made");
      await shot(page, "trailer-en");
    } finally {
      await context.close();
    }
  });

  it("takes a newcomer with only a card from a fresh browser to a playing film within 60 seconds and 5 decisions", async () => {
    // A fresh profile with no wallet at all.
    const context = await browser.newContext({ viewport: { width: 960, height: 700 } });
    const page = await context.newPage();
    const decisions: string[] = [];
    const decide = async (what: string, act: () => Promise<void>) => (decisions.push(what), act());
    try {
      const started = Date.now();
      await page.goto(`${platform.dappUrl}/?lang=en`);
      await decide("open the film", () => page.getByRole("link", { name: /Harbour Lights/ }).first().click());
      await page.getByText(/No wallet\? No problem/).waitFor();
      await shot(page, "card-film-en");
      await decide("rent with card", () => page.getByRole("button", { name: "Rent with card" }).click());
      const pay = page.getByRole("button", { name: /^Pay \$\d+\.\d\d$/ });
      await pay.waitFor({ timeout: 20_000 });
      await page.getByText(/We created a guest wallet for you in this browser/).waitFor();
      await page.getByText(/your card is refunded automatically/).waitFor();
      await decide("enter the card", () => enterCard(page, "4242 4242 4242 4242"));
      await shot(page, "card-quote-en");
      await decide("pay", () => pay.click());
      // Once the chain shows the rental, the player opens.
      await decide("play", () => page.getByRole("button", { name: "Play" }).click({ timeout: 40_000 }));
      await page.waitForFunction(() => (document.querySelector("video.player") as HTMLVideoElement | null)?.currentTime! > 0.5, undefined, { timeout: 30_000 });
      const seconds = (Date.now() - started) / 1000;
      const frames = await page.evaluate(() => (document.querySelector("video.player") as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
      assert.ok(frames > 0, "frames decode");
      console.log(`    a newcomer with a card: playing after ${seconds.toFixed(1)} s and ${decisions.length} decisions (${decisions.join(", ")})`);
      assert.ok(decisions.length <= 5, `${decisions.length} decisions`);
      assert.ok(seconds <= 60, `${seconds} s`);
      await shot(page, "card-watch-en");

      // The guest wallet holds the rental; the Wallet page explains it and exports its key.
      const guest = await page.evaluate(() => (JSON.parse(localStorage.getItem("streamspace.guest")!) as { address: string }).address as Address);
      assert.equal(await hasAccess(4n, guest), true);
      const stored = await page.evaluate(() => localStorage.getItem("streamspace.guest")!);
      await page.getByRole("link", { name: "Wallet" }).click();
      await page.getByRole("heading", { name: "Your guest wallet" }).waitFor();
      await page.getByRole("button", { name: "Export the key" }).click();
      const exported = (await page.getByLabel("Private key").textContent()) as Hex;
      assert.equal(privateKeyToAccount(exported).address, guest, "the exported key is the guest wallet's");
      assert.equal(stored.includes(exported.slice(2)), false, "the key is not stored in the clear");
      await page.getByRole("cell", { name: "Rented Harbour Lights by card" }).waitFor({ timeout: 20_000 });
      await shot(page, "wallet-guest-en");
    } finally {
      await context.close();
    }
  });

  it("a declined card charges nothing and rents nothing; the fan can try again; a film below the card minimum says so", async () => {
    const context = await browser.newContext({ viewport: { width: 960, height: 700 } });
    const page = await context.newPage();
    try {
      // Salt & Static costs about $0.13: below what a card payment may be.
      await page.goto(`${platform.dappUrl}/films/2?lang=en`);
      await page.getByRole("button", { name: "Rent with card" }).click();
      await page.getByText(/a card payment must be at least \$0\.50/).waitFor({ timeout: 20_000 });
      await page.goto(`${platform.dappUrl}/films/4?lang=en`);
      await page.getByRole("button", { name: "Rent with card" }).click();
      // Stripe.js refuses a number that fails its checksum before anything is sent.
      await enterCard(page, "4242 4242 4242 4241");
      await page.getByRole("button", { name: /^Pay / }).click();
      await page.getByText("Your card number is invalid.").waitFor({ timeout: 20_000 });
      await enterCard(page, "4000 0000 0000 0002");
      await page.getByRole("button", { name: /^Pay / }).click();
      await page.getByText("Your card was not charged: Your card was declined.").waitFor({ timeout: 20_000 });
      const guest = await page.evaluate(() => (JSON.parse(localStorage.getItem("streamspace.guest")!) as { address: string }).address as Address);
      assert.equal(await hasAccess(4n, guest), false);
      await page.getByRole("button", { name: /^Pay / }).waitFor();
      await shot(page, "card-declined-en");
      // The same checkout in Korean.
      await page.goto(`${platform.dappUrl}/films/4?lang=ko`);
      await page.getByRole("button", { name: "카드로 대여" }).click();
      await page.getByRole("button", { name: /^US\$\d+\.\d\d 결제$/ }).waitFor({ timeout: 20_000 });
      await page.getByLabel("카드 번호").waitFor();
      await shot(page, "card-quote-ko");
    } finally {
      await context.close();
    }
  });

  it("rents with one permit signature and one transaction, plays the film, and lists it in My rentals (English and Korean)", async () => {
    const fan = await newFan();
    const { page, context, wallet } = await open(fan, "/films/3?lang=en");
    try {
      await page.getByRole("heading", { level: 1, name: "Night Market" }).waitFor();
      await connect(page);
      await page.getByRole("button", { name: "Rent", exact: true }).waitFor();
      await page.getByText(/The film's rights holders receive it once the film is delivered to you/).waitFor();
      await shot(page, "film-en");
      wallet.asked.length = 0;
      await page.getByRole("button", { name: "Rent", exact: true }).click();
      await page.getByText(/Rented: you can watch until/).waitFor({ timeout: 30_000 });
      assert.deepEqual(wallet.asked.filter((m) => m === "eth_signTypedData_v4" || m === "eth_sendTransaction"), ["eth_signTypedData_v4", "eth_sendTransaction"], "one permit, one transaction");
      assert.equal(await hasAccess(3n, fan.address), true);
      await shot(page, "film-rented-en");
      await page.getByRole("link", { name: "Watch now" }).click();
      await page.getByRole("button", { name: "Play" }).click();
      await page.waitForFunction(() => (document.querySelector("video.player") as HTMLVideoElement | null)?.currentTime! > 2, undefined, { timeout: 20_000 });
      const frames = await page.evaluate(() => (document.querySelector("video.player") as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
      assert.ok(frames > 20, `${frames} frames decoded`);
      // ±10 s moves the position.
      await page.getByRole("button", { name: "10 s back" }).click();
      assert.ok((await page.evaluate(() => (document.querySelector("video.player") as HTMLVideoElement).currentTime)) < 2);
      await shot(page, "watch-en");
      await page.goto(`${platform.dappUrl}/films/3/watch?lang=ko`);
      await page.getByRole("button", { name: "재생" }).waitFor();
      await shot(page, "watch-ko");
      await page.goto(`${platform.dappUrl}/films/3/watch?lang=en`);
      await page.getByRole("link", { name: "My rentals" }).click();
      await page.locator(".rentals").getByText("Night Market").waitFor({ timeout: 20_000 });
      await page.getByText(/You can watch until/).waitFor();
      await shot(page, "rentals-en");
      await page.goto(`${platform.dappUrl}/rentals?lang=ko`);
      await page.locator(".rentals").getByText("Night Market").waitFor({ timeout: 20_000 });
      await shot(page, "rentals-ko");
      await page.goto(`${platform.dappUrl}/films/3?lang=ko`);
      await page.getByRole("heading", { level: 1, name: "Night Market" }).waitFor();
      await shot(page, "film-ko");
    } finally {
      await context.close();
    }
  });

  it("a rejected signature leaves the page as it was, and nothing is paid", async () => {
    const fan = await newFan();
    const wallet: TestWallet = { rejectNext: new Set(["eth_signTypedData_v4"]), asked: [] };
    const { page, context } = await open(fan, "/films/1?lang=en", wallet);
    try {
      await connect(page);
      const before = await client().readContract({ address: contracts.StreamShare, abi: ssh, functionName: "balanceOf", args: [fan.address] });
      await page.getByRole("button", { name: "Rent", exact: true }).click();
      await page.getByText("You cancelled in your wallet. Nothing changed.").waitFor({ timeout: 10_000 });
      assert.equal(wallet.asked.includes("eth_sendTransaction"), false);
      assert.equal(await client().readContract({ address: contracts.StreamShare, abi: ssh, functionName: "balanceOf", args: [fan.address] }), before);
      await page.getByRole("button", { name: "Rent", exact: true }).waitFor({ state: "visible" });
      assert.equal(await page.getByRole("button", { name: "Rent", exact: true }).isEnabled(), true);
      await shot(page, "film-rejected-en");
    } finally {
      await context.close();
    }
  });

  it("asks a wallet on another chain to switch, then rents", async () => {
    const fan = await newFan();
    const wallet: TestWallet = { chainId: "0x1", rejectNext: new Set(), asked: [] };
    const { page, context } = await open(fan, "/films/1?lang=en", wallet);
    try {
      await connect(page);
      await page.getByText("Your wallet is on another network.").waitFor();
      await page.getByRole("button", { name: "Switch to StreamSpace local" }).waitFor();
      await page.getByRole("heading", { level: 1, name: "The Last Lighthouse" }).waitFor();
      await shot(page, "wrong-chain-en");
      await page.getByRole("button", { name: "Rent", exact: true }).click();
      await page.getByText(/Rented: you can watch until/).waitFor({ timeout: 30_000 });
      assert.ok(wallet.asked.includes("wallet_switchEthereumChain"));
      assert.equal(wallet.chainId, "0x7a69");
      assert.equal(await page.getByText("Your wallet is on another network.").count(), 0);
      assert.equal(await hasAccess(1n, fan.address), true);
    } finally {
      await context.close();
    }
  });

  it("offers WalletConnect when the deployment has a project id, loads it only then, and says so when its relay cannot be reached", async () => {
    const { page, context } = await open(await newFan(0n), "/?lang=en");
    try {
      const requested: string[] = [];
      page.on("request", (request) => requested.push(new URL(request.url()).pathname));
      const loaded = async () => requested.includes("/walletconnect.js");
      await catalogueShown(page, 4);
      assert.equal(await loaded(), false, "not part of the first page");
      await page.getByRole("button", { name: "Connect wallet" }).click();
      await page.getByRole("list", { name: "Choose a wallet" }).waitFor();
      await shot(page, "connect-menu-en");
      await page.getByRole("button", { name: "WalletConnect" }).click();
      const alert = page.locator(".wallet [role=alert]");
      await alert.waitFor({ timeout: 60_000 });
      assert.equal(await loaded(), true, requested.filter((r) => !r.startsWith("/ipfs")).join(" "));
      assert.match((await alert.textContent())!, /WalletConnect|relay|connect/i);
      await shot(page, "walletconnect-unreachable-en");
      // Another wallet still connects.
      await page.keyboard.press("Escape");
      await connect(page);
    } finally {
      await context.close();
    }
  });

  it("buys SSH by card, claims it, links a bank account and cashes out with one permit; the history lists it all", async () => {
    const fan = await newFan();
    const { page, context } = await open(fan, "/wallet?lang=en");
    try {
      await connect(page);
      await page.getByText("100 SSH", { exact: true }).waitFor({ timeout: 20_000 });
      await page.getByLabel("Amount (USD)").fill("5");
      await page.getByRole("button", { name: "See what I get" }).click();
      await page.getByText(/You get [\d.,]+ SSH\. Card fee \$0\.00; you pay \$5\.00\./).waitFor();
      await enterCard(page, "4242 4242 4242 4242");
      await page.getByRole("button", { name: "Pay $5.00" }).click();
      await page.getByRole("button", { name: "Claim" }).click({ timeout: 20_000 });
      await page.getByText("Claimed: the SSH is in your wallet.").waitFor({ timeout: 20_000 });
      const held = await client().readContract({ address: contracts.StreamShare, abi: ssh, functionName: "balanceOf", args: [fan.address] });
      assert.ok(held > parseEther("190"), "about $5 of SSH claimed");
      // A bank account through the payment provider's onboarding, which comes back to the Wallet page.
      await page.getByRole("button", { name: "Link a bank account" }).click();
      await page.getByText("Your bank account is linked: cash-outs are paid to it.").waitFor({ timeout: 20_000 });
      // (The page came back from the provider and reconnected the wallet by itself.)
      await page.getByLabel("Amount (SSH)").fill("1000");
      await page.getByText("That is more SSH than your wallet holds.").waitFor();
      await page.getByLabel("Amount (SSH)").fill("12,5");
      await page.getByText("Enter an amount such as 12.5.").waitFor();
      await page.getByLabel("Amount (SSH)").fill("10");
      await page.getByText(/You receive about \$0\.\d\d \(at least \$0\.\d\d should the rate move\); the fee is [\d.]+ SSH\./).waitFor();
      await page.getByRole("button", { name: "Cash out" }).click();
      await page.getByText(/Cash-out of \$0\.\d\d requested: it is paid to your linked bank account\./).waitFor({ timeout: 20_000 });
      const requested = await client().getLogs({
        address: contracts.TokenExchange,
        event: parseAbi(["event CashOutRequested(uint256 indexed cashOutId, address indexed owner, uint256 sshAmount, uint256 fee, uint256 usdAmount, uint256 rate)"])[0],
        args: { owner: fan.address },
        fromBlock: 0n,
      });
      assert.equal(requested[0]?.args.sshAmount, parseEther("10"), "10 SSH locked for the cash-out, with one permit signature");
      // The history, from the subgraph: the credit, its claim and the cash-out.
      await page.getByRole("cell", { name: "SSH bought by card", exact: true }).waitFor({ timeout: 20_000 });
      await page.getByRole("cell", { name: "Claimed SSH bought by card" }).waitFor();
      await page.getByRole("cell", { name: /^Cash-out/ }).waitFor({ timeout: 20_000 });
      await shot(page, "wallet-en");
      await page.goto(`${platform.dappUrl}/wallet?lang=ko`);
      await page.getByRole("heading", { name: "지갑" }).waitFor({ timeout: 20_000 });
      await page.getByRole("heading", { name: "내역" }).waitFor();
      await shot(page, "wallet-ko");
    } finally {
      await context.close();
    }
  });

  it("shows a rights holder the royalties each film owes it, and claims them all in one transaction", async () => {
    const ada = localKeyOf("filmmakerAda");
    const { page, context } = await open(ada, "/royalties?lang=en");
    try {
      await connect(page);
      const claimAll = page.getByRole("button", { name: "Claim all" });
      await claimAll.waitFor({ timeout: 20_000 });
      await page.waitForFunction(() => document.querySelectorAll(".royalties tbody tr").length >= 1, undefined, { timeout: 20_000 });
      const splits = await page.evaluate(() => document.querySelectorAll(".royalties tbody tr").length);
      const holdings = (await (await fetch(platform.graphUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ rightsHolders(where: { account: "${ada.address.toLowerCase()}" }) { split { splitId } } }` }) })).json()) as { data: { rightsHolders: { split: { splitId: string } }[] } };
      assert.equal(splits, holdings.data.rightsHolders.length, "a row per split she holds a share of");
      const owed = async () => {
        let sum = 0n;
        for (const h of holdings.data.rightsHolders) sum += await client().readContract({ address: contracts.PayPerView, abi: parseAbi(["function claimable(uint256 splitId, address holder) view returns (uint256)"]), functionName: "claimable", args: [BigInt(h.split.splitId), ada.address] });
        return sum;
      };
      const before = await owed();
      assert.ok(before > 0n, "the demo leaves her royalties to claim");
      const balance = () => client().readContract({ address: contracts.StreamShare, abi: ssh, functionName: "balanceOf", args: [ada.address] });
      const held = await balance();
      await shot(page, "royalties-en");
      await claimAll.click();
      await page.getByText("Claimed: the SSH is in your wallet.").waitFor({ timeout: 20_000 });
      assert.equal(await owed(), 0n);
      assert.equal(await balance(), held + before, "exactly what was claimable, in one transfer");
      await page.goto(`${platform.dappUrl}/royalties?lang=ko`);
      await page.getByRole("button", { name: "모두 받기" }).waitFor({ timeout: 20_000 });
      await shot(page, "royalties-ko");
    } finally {
      await context.close();
    }
  });

  it("axe-core finds no serious or critical violation on any page, in either language; a rental works from the keyboard alone", async () => {
    const fan = await newFan();
    const { page, context } = await open(fan, "/?lang=en");
    try {
      await connect(page);
      const audit = (path: string, ready: () => Promise<unknown>) => axeAudit(page, path, ready);
      for (const lang of ["en", "ko"]) {
        await audit(`/?lang=${lang}`, () => catalogueShown(page, 4));
        await audit(`/films/2?lang=${lang}`, () => page.locator("h1#film-title").waitFor());
        await audit(`/films/2/watch?lang=${lang}`, () => page.locator("video.player").waitFor());
        await audit(`/rentals?lang=${lang}`, () => page.locator("section[aria-labelledby=rentals-title] > p:not([aria-busy])").first().waitFor());
        await audit(`/wallet?lang=${lang}`, () => page.locator("h2#history-title").waitFor());
        await audit(`/royalties?lang=${lang}`, () => page.locator("section[aria-labelledby=royalties-title] > p:not([aria-busy])").first().waitFor());
      }

      // From the catalogue to a rental with Tab and Enter only.
      await page.goto(`${platform.dappUrl}/?lang=en`);
      await catalogueShown(page, 4);
      const tabTo = async (name: RegExp) => {
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press("Tab");
          const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
          if (name.test(focused)) return;
        }
        throw new Error(`${name} cannot be reached with Tab`);
      };
      await tabTo(/Harbour Lights/);
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "Harbour Lights" }).waitFor();
      await tabTo(/^Rent$/);
      await page.keyboard.press("Enter");
      await page.getByText(/Rented: you can watch until/).waitFor({ timeout: 30_000 });
      assert.equal(await hasAccess(4n, fan.address), true);
    } finally {
      await context.close();
    }
  });

  it("refunds an undelivered rental from My rentals once the delivery timeout has passed", async () => {
    const fan = await newFan();
    const { page, context } = await open(fan, "/films/2?lang=en");
    try {
      await connect(page);
      await page.getByRole("button", { name: "Rent", exact: true }).click();
      await page.getByText(/Rented: you can watch until/).waitFor({ timeout: 30_000 });
      // Never watched, so never delivered: after the timeout, the fan takes it back.
      const timeout = await client().readContract({ address: contracts.PayPerView, abi: ssh, functionName: "deliveryTimeout" });
      const paid = (await client().readContract({ address: contracts.PayPerView, abi: ssh, functionName: "rentalOf", args: [2n, fan.address] })).amount;
      await warp(Number(timeout) + 60);
      await page.goto(`${platform.dappUrl}/rentals?lang=en`);
      const refund = page.getByRole("button", { name: "Refund (not delivered in time)" });
      await refund.waitFor({ timeout: 20_000 });
      await shot(page, "rentals-refundable-en");
      const before = await client().readContract({ address: contracts.StreamShare, abi: ssh, functionName: "balanceOf", args: [fan.address] });
      await refund.click();
      await page.getByText("Refunded.").waitFor({ timeout: 20_000 });
      assert.equal(await client().readContract({ address: contracts.StreamShare, abi: ssh, functionName: "balanceOf", args: [fan.address] }), before + paid);
      assert.equal(await hasAccess(2n, fan.address), false);
    } finally {
      await context.close();
    }
  });

  it("an expired rental: the player says so, and the film can be rented again", async () => {
    const fan = await newFan();
    const { page, context } = await open(fan, "/films/1?lang=en");
    try {
      await connect(page);
      await page.getByRole("button", { name: "Rent", exact: true }).click();
      await page.getByText(/Rented: you can watch until/).waitFor({ timeout: 30_000 });
      const { expiresAt } = await client().readContract({ address: contracts.PayPerView, abi: ssh, functionName: "rentalOf", args: [1n, fan.address] });
      const now = Number((await client().getBlock()).timestamp);
      await warp(Number(expiresAt) - now + 60);
      await page.goto(`${platform.dappUrl}/films/1/watch?lang=en`);
      await page.getByRole("button", { name: "Play" }).click();
      await page.getByText("This wallet has no rental of this film now.").waitFor({ timeout: 20_000 });
      await shot(page, "watch-expired-en");
      await page.goto(`${platform.dappUrl}/films/1?lang=en`);
      await page.getByRole("button", { name: "Rent", exact: true }).waitFor({ timeout: 20_000 });
      assert.equal(await page.getByText(/Rented: you can watch until/).count(), 0);
    } finally {
      await context.close();
    }
  });

  // ---------------------------------------------------------------- filmmakers' studio (issue 15)

  it("publishes a film from the studio: every bad field named before any transaction, then upload with progress, packaging, one registration, playable", async () => {
    const maker = await newFan(0n);
    const coProducer = privateKeyToAccount(generatePrivateKey()).address;
    const dir = await mkdtemp(join(tmpdir(), "studio-"));
    const master = await makeTestFilm({ dir, seconds: 6, bitrateKbps: 30_000, title: "Paper Boats" });
    const wallet: TestWallet = { rejectNext: new Set(), asked: [] };
    const { page, context } = await open(maker, "/studio/publish?lang=en", wallet);
    try {
      await connect(page);
      const form = page.getByRole("form", { name: "Publish a film" });
      // Nothing filled: each required field says what it needs; nothing is sent.
      await form.getByRole("button", { name: "Upload and publish" }).click();
      await page.getByText("Choose the film's file.").waitFor();
      await page.locator("#publish-title-error", { hasText: "Required." }).waitFor();
      // A split with a duplicate holder, a bad checksum, and shares not summing to 100%.
      await page.getByRole("button", { name: "Add a holder" }).click();
      await page.getByLabel("Holder 2", { exact: true }).fill(maker.address);
      await page.getByLabel("Share of holder 2").fill("30");
      await page.getByText("This holder is listed twice: combine the shares.").waitFor();
      await page.getByLabel("Holder 2", { exact: true }).fill(coProducer.toLowerCase().replace("0x", "0X").replace(/^0X/, "0x").replace(/[a-f]/, (c) => c.toUpperCase()));
      await page.getByText("The address's capital letters do not match its checksum: copy it again.").waitFor();
      await page.getByLabel("Holder 2", { exact: true }).fill(coProducer);
      await page.getByText(/Total: 130%.*must add up to 100%/).waitFor();
      await page.getByLabel("Holder 2", { exact: true }).fill("someone.eth");
      await page.getByText("This name has no address on this network: paste the address instead.").waitFor();
      await page.getByLabel("Holder 2", { exact: true }).fill(coProducer);
      await page.getByLabel("Share of holder 1").fill("70");
      await page.getByText("Total: 100%").waitFor();
      await page.getByLabel("Price", { exact: true }).fill("0");
      await form.getByRole("button", { name: "Upload and publish" }).click();
      await page.getByText("Enter a price above zero.").waitFor();
      await shot(page, "studio-publish-errors-en");
      assert.equal(wallet.asked.includes("eth_sendTransaction"), false, "no transaction for bad input");

      // A poster that is not an image is named before anything is sent.
      await page.getByLabel("Poster (JPEG or PNG, optional)").setInputFiles({ name: "poster.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a") });
      await form.getByRole("button", { name: "Upload and publish" }).click();
      await page.getByText("The poster must be a JPEG or PNG image.").waitFor();

      // Now right.
      const poster = await makeTestPoster({ dir, name: "paper-boats.png", width: 300, height: 450 });
      await page.getByLabel("Poster (JPEG or PNG, optional)").setInputFiles(poster);
      await page.getByLabel("The film (master file)").setInputFiles(master);
      await page.getByLabel("Title", { exact: true }).fill("Paper Boats");
      await page.getByLabel("Synopsis", { exact: true }).fill("Two sisters race paper boats down the monsoon gutters of Busan.");
      await page.getByLabel("Release year").fill("2026");
      await page.getByRole("checkbox", { name: "Drama" }).check();
      await page.getByLabel("Spoken languages (codes: en, ko)").fill("ko, en");
      await page.getByLabel("Countries of origin (codes: KR, US)").fill("KR");
      await page.getByLabel("Directors", { exact: true }).fill("Kim Ji-woo");
      await page.getByLabel("Cast, one per line").fill("Lee Min — Older sister\nPark Soo — Younger sister");
      await page.getByLabel("Price", { exact: true }).fill("1.99");
      await page.getByLabel("Hours to watch").fill("72");
      await form.getByRole("button", { name: "Upload and publish" }).click();
      const uploading = await page.getByText(/Uploading: [\d.]+ of [\d.]+ MB/).textContent({ timeout: 20_000 });
      const megabytes = new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format((await stat(master)).size / 1_048_576);
      assert.match(uploading!, new RegExp(`of ${megabytes.replace(".", "\\.")} MB`));
      await page.getByText(/Preparing the film/).waitFor({ timeout: 60_000 });
      await shot(page, "studio-publish-packaging-en");
      await page.getByText("Your film is published and playable.").waitFor({ timeout: 180_000 });
      await shot(page, "studio-publish-done-en");

      // On-chain: registered by the maker, the USD price and window, the split as typed.
      const filmId = (await client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "filmCount" })) as bigint;
      const film = await client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "film", args: [filmId] });
      assert.equal(film.owner, maker.address);
      assert.equal(film.priceInUsd, true);
      assert.equal(film.price, 199_000_000n);
      assert.equal(film.rentalWindow, 72 * 3600);
      const [, recipients, shares] = await client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "split", args: [BigInt(film.splitId)] });
      assert.deepEqual([...recipients], [maker.address, coProducer]);
      assert.deepEqual([...shares], [7000, 3000]);
      // Registration and the USD price: two transactions, nothing else.
      assert.equal(wallet.asked.filter((m) => m === "eth_sendTransaction").length, 2);
      // Registered with the filmmaker's own poster, the package as the worker made it.
      const documentOf = async () => {
        const uri = (await client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "metadataURI", args: [filmId] })) as string;
        return (await (await fetch(uri.replace("ipfs://", `${platform.ipfsGateway}/ipfs/`))).json()) as FilmMetadata;
      };
      const document = await documentOf();
      assert.deepEqual(Buffer.from(await (await fetch(document.poster.replace("ipfs://", `${platform.ipfsGateway}/ipfs/`))).arrayBuffer()), await readFile(poster));
      assert.match(document.video.playlist, /^ipfs:\/\/\w+\/master\.m3u8$/);
      // Playable: its page opens with the film's details, and a fan can rent it.
      await page.getByRole("link", { name: "Open the film page" }).click();
      await page.getByRole("heading", { level: 1, name: "Paper Boats" }).waitFor({ timeout: 20_000 });
      await page.getByText("Lee Min").waitFor();

      // Later, the filmmaker edits its details from the studio: a wrong field named, then one transaction.
      await page.goto(`${platform.dappUrl}/studio?lang=en`);
      await page.getByRole("button", { name: "Manage Paper Boats" }).click({ timeout: 20_000 });
      const manage = page.getByRole("article", { name: "Manage Paper Boats" });
      await manage.getByRole("button", { name: "Edit details" }).click();
      assert.equal(await manage.getByLabel("Cast, one per line").inputValue(), "Lee Min — Older sister\nPark Soo — Younger sister");
      // A field's accessible name includes its text (the label wraps it): matched by how it begins.
      await manage.getByLabel(/^Synopsis/).fill("");
      await manage.getByRole("button", { name: "Save details" }).click();
      await manage.getByText("Required.").waitFor();
      await shot(page, "studio-edit-details-errors-en");
      const sentBefore = wallet.asked.filter((m) => m === "eth_sendTransaction").length;
      await manage.getByLabel(/^Synopsis/).fill("Two sisters race paper boats down the monsoon gutters of Busan, one last summer.");
      await manage.getByLabel(/^Title/).fill("Paper Boats of Busan");
      await manage.getByRole("button", { name: "Save details" }).click();
      await manage.getByText("Saved.").waitFor({ timeout: 30_000 });
      assert.equal(wallet.asked.filter((m) => m === "eth_sendTransaction").length, sentBefore + 1, "one transaction: setMetadataURI");
      const edited = await documentOf();
      assert.equal(edited.title, "Paper Boats of Busan");
      assert.equal(edited.poster, document.poster, "the poster kept");
      assert.deepEqual(edited.video, document.video, "the package kept");
      await page.goto(`${platform.dappUrl}/films/${filmId}?lang=en`);
      await page.getByRole("heading", { level: 1, name: "Paper Boats of Busan" }).waitFor({ timeout: 30_000 });
      await shot(page, "film-edited-en");
    } finally {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("manages a film from the studio: terms, delist, hand over (accepted by the new owner), delete with its consequences", async () => {
    const maker = await newFan(0n);
    const heir = await newFan(0n);
    // A film registered straight on-chain by the maker (its content is not needed to manage it).
    const makerClient = createWalletClient({ account: maker, chain: { ...hardhat, id: 31337 }, transport: http(platform.rpcUrl) });
    const uri = (await client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "metadataURI", args: [1n] })) as string;
    await client().waitForTransactionReceipt({
      hash: await makerClient.writeContract({ address: registry, abi: filmRegistryAbi, functionName: "registerFilm", args: [uri, parseEther("5"), 48n * 3600n, [maker.address], [10_000], 0n] }),
    });
    const filmId = (await client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "filmCount" })) as bigint;
    const filmOf = () => client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "film", args: [filmId] });
    const title = "The Last Lighthouse"; // the metadata it points to
    const { page, context } = await open(maker, "/studio?lang=en");
    try {
      await connect(page);
      await page.getByRole("heading", { name: "My films" }).waitFor({ timeout: 20_000 });
      await page.getByRole("button", { name: `Manage ${title}` }).click();
      const manage = page.getByRole("article", { name: `Manage ${title}` });
      // Terms: a bad window refused in words; then a USD price.
      await manage.getByLabel("Hours to watch").fill("2");
      await manage.getByRole("button", { name: "Save price and window" }).click();
      await manage.getByText("Between 6 and 8760 hours.").waitFor();
      await manage.getByLabel("Hours to watch").fill("24");
      await manage.getByLabel("Currency").selectOption("USD");
      await manage.getByLabel("Price", { exact: true }).fill("3.50");
      await manage.getByRole("button", { name: "Save price and window" }).click();
      await manage.getByText("Saved.").waitFor({ timeout: 20_000 });
      let film = await filmOf();
      assert.deepEqual([film.price, film.priceInUsd, film.rentalWindow], [350_000_000n, true, 24 * 3600]);
      // Delist.
      await manage.getByRole("button", { name: "Delist" }).click();
      await manage.getByRole("button", { name: "List again" }).waitFor({ timeout: 30_000 });
      assert.equal((await filmOf()).status, 2);
      await shot(page, "studio-manage-en");
      // Hand over: a malformed address is refused; the heir's is offered.
      await manage.getByLabel("New owner's address").fill("0x1234");
      await manage.getByRole("button", { name: "Hand over" }).click();
      await manage.getByText("This is not an address (0x and 40 hexadecimal characters).").waitFor();
      await manage.getByLabel("New owner's address").fill(heir.address);
      await manage.getByRole("button", { name: "Hand over" }).click();
      await manage.getByText(`Waiting for ${heir.address} to accept.`).waitFor({ timeout: 30_000 });
    } finally {
      await context.close();
    }
    // The heir accepts in its own studio, in Korean.
    const heirs = await open(heir, "/studio?lang=ko");
    try {
      await heirs.page.getByRole("button", { name: "지갑 연결" }).click();
      await heirs.page.getByRole("button", { name: "브라우저 지갑" }).click();
      await heirs.page.getByRole("button", { name: "연결 해제" }).waitFor();
      await heirs.page.getByRole("heading", { name: "나에게 양도 중인 영화" }).waitFor({ timeout: 20_000 });
      await shot(heirs.page, "studio-offered-ko");
      await heirs.page.getByRole("button", { name: "영화 수락" }).click();
      await heirs.page.getByText("이제 내 영화입니다.").waitFor({ timeout: 30_000 });
      assert.equal((await filmOf()).owner, heir.address);
      // Delete: the consequences are spelled out, and the button waits for the title to be typed.
      await heirs.page.getByRole("heading", { name: "내 영화" }).waitFor({ timeout: 30_000 });
      await heirs.page.getByRole("button", { name: `${title} 관리` }).click();
      const manage = heirs.page.getByRole("article", { name: `${title} 관리` });
      await manage.getByText(/키가 파기되어/).waitFor();
      const del = manage.getByRole("button", { name: "영구 삭제" });
      assert.equal(await del.isDisabled(), true);
      await manage.getByLabel(/확인을 위해 제목/).fill(title);
      await del.click();
      await manage.getByText("영화가 삭제되고 키가 파기되었습니다.").waitFor({ timeout: 30_000 });
      assert.equal((await filmOf()).status, 3);
    } finally {
      await heirs.context.close();
    }
  });

  it("charts a filmmaker's daily statistics from the subgraph: the plotted totals are the subgraph's, a day's value on hover, a CSV of exactly that", async () => {
    const ada = localKeyOf("filmmakerAda");
    const graph = async <T,>(query: string) => ((await (await fetch(platform.graphUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json()) as { data: T }).data;
    const { films } = await graph<{ films: { views: string; revenue: string; refunds: string; ratingCount: number; ratingSum: number; days: { ratings: number; ratingSum: number }[] }[] }>(`{ films(where: { owner: "${ada.address.toLowerCase()}" }) { views revenue refunds ratingCount ratingSum days(first: 1000) { ratings ratingSum } } }`);
    const expected = { views: films.reduce((s, f) => s + Number(f.views), 0), revenue: films.reduce((s, f) => s + BigInt(f.revenue), 0n), refunds: films.reduce((s, f) => s + Number(f.refunds), 0) };
    assert.ok(expected.views > 0, "the demo gave her films views");
    const { page, context } = await open(ada, "/studio?lang=en");
    try {
      await connect(page);
      await page.getByRole("link", { name: "Statistics", exact: true }).click();
      await page.getByRole("heading", { name: "Statistics: all my films" }).waitFor();
      // Everything since the platform started is in the last year.
      await page.getByRole("button", { name: "Last 365 days" }).click();
      const views = page.getByRole("img", { name: "Views per day" });
      await page.waitForFunction((n) => Number(document.querySelector('svg[aria-label="Views per day"]')?.getAttribute("data-total")) === n, expected.views, { timeout: 20_000 });
      assert.equal(await views.locator("rect.mark").count(), 365, "a bar per day, the empty days included");
      const plotted = (name: string) => page.getByRole("img", { name }).getAttribute("data-total").then(Number);
      assert.equal(await plotted("Refunds per day"), expected.refunds);
      assert.ok(Math.abs((await plotted("Revenue per day (SSH)")) - Number(expected.revenue) / 1e18) < 0.001 * 365, "the revenue plotted is the subgraph's");
      // The range's totals, written out.
      assert.equal(await page.getByTestId("total-views").textContent(), new Intl.NumberFormat("en").format(expected.views));
      // Ratings: the standing reviews' average now, and the ratings given in the range (the subgraph's days).
      const standing = films.reduce((r, f) => ({ count: r.count + f.ratingCount, sum: r.sum + f.ratingSum }), { count: 0, sum: 0 });
      const given = films.flatMap((f) => f.days).reduce((r, d) => ({ count: r.count + d.ratings, sum: r.sum + d.ratingSum }), { count: 0, sum: 0 });
      assert.ok(standing.count > 0 && given.count >= standing.count, "the demo's audience rated her films");
      const stars = (sum: number, count: number) => new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(Math.round((sum * 100) / count) / 100);
      assert.equal(await page.getByTestId("rating-now").textContent(), `${stars(standing.sum, standing.count)} ★ from ${standing.count} verified viewers`);
      assert.equal(await page.getByTestId("rating-in-range").textContent(), `${stars(given.sum, given.count)} ★ from ${given.count} verified viewers`);
      assert.equal(await plotted("Ratings given per day"), given.count);
      // Hovering a day with views shows its value.
      const busiest = await views.evaluate((svg) => Array.from(svg.querySelectorAll("rect.mark")).findIndex((r) => Number(r.getAttribute("data-value")) > 0));
      const bar = views.locator("rect.mark").nth(busiest);
      await bar.hover({ force: true });
      const value = await bar.getAttribute("data-value");
      await page.locator(".chart").first().locator(".chart-value strong", { hasText: value! }).waitFor();
      await shot(page, "studio-stats-en");
      // The CSV: one line per day, and its sums are the subgraph's to the wei.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
      const csv = await readFile((await download.path())!, "utf8");
      const [header, ...rows] = csv.trim().split("\r\n");
      assert.equal(header, "date,views,purchases,refunds,revenue_ssh,revenue_usd,ratings,average_rating");
      assert.equal(rows.length, 365);
      assert.equal(rows.reduce((s, r) => s + Number(r.split(",")[1]), 0), expected.views);
      assert.equal(rows.reduce((s, r) => s + parseEther(r.split(",")[4]!), 0n), expected.revenue);
      assert.equal(rows.reduce((s, r) => s + Number(r.split(",")[6]), 0), given.count);
      // A range that ends before it starts is refused in words; Korean.
      await page.getByLabel("From").fill("2030-01-10");
      await page.getByLabel("To").fill("2030-01-01");
      await page.getByText("The start date is after the end date.").waitFor();
      await page.goto(`${platform.dappUrl}/studio/stats?lang=ko`);
      await page.getByRole("heading", { name: "통계: 내 모든 영화" }).waitFor({ timeout: 20_000 });
      await page.getByRole("img", { name: "일별 조회수" }).waitFor({ timeout: 20_000 });
      await shot(page, "studio-stats-ko");
    } finally {
      await context.close();
    }
  });

  // ---------------------------------------------------------------- crowdfunds (issue 15)

  it("launches a crowdfund (every bad term named before any transaction, a live waterfall), and an investor contributes with one permit and transfers shares", async () => {
    const maker = await newFan(0n);
    const investor = await newFan(200n);
    const friend = privateKeyToAccount(generatePrivateKey()).address;
    const makerClient = createWalletClient({ account: maker, chain: { ...hardhat, id: 31337 }, transport: http(platform.rpcUrl) });
    const uri = (await client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "metadataURI", args: [3n] })) as string;
    await client().waitForTransactionReceipt({
      hash: await makerClient.writeContract({ address: registry, abi: filmRegistryAbi, functionName: "registerFilm", args: [uri, parseEther("5"), 48n * 3600n, [maker.address], [10_000], 0n] }),
    });
    const filmId = (await client().readContract({ address: registry, abi: filmRegistryAbi, functionName: "filmCount" })) as bigint;
    const title = "Night Market"; // the metadata it points to
    const deployment = await platform.deployment();
    const factory = deployment.contracts.CampaignFactory.address;
    const wallet: TestWallet = { rejectNext: new Set(), asked: [] };
    const { page, context } = await open(maker, `/studio/crowdfund/${filmId}?lang=en`, wallet);
    let vault: Address;
    try {
      await connect(page);
      await page.getByRole("heading", { name: `Launch a crowdfund for ${title}` }).waitFor({ timeout: 20_000 });
      const form = page.getByRole("form", { name: "The campaign" });
      // Wrong on every count: cap below goal, a deadline in the past, a share above the maker's own,
      // a share after payback above the one before, tranches not adding up to 100%.
      await form.getByLabel("Goal (SSH)").fill("100");
      await form.getByLabel("Cap (SSH)").fill("50");
      await form.getByLabel("Funding closes on (end of the day, UTC)").fill("2020-01-01");
      await form.getByLabel("Most per investor (SSH)").fill("100");
      await form.getByLabel("Investors' share until payback (%)").fill("120");
      await form.getByLabel("Their share after payback (%)").fill("10");
      await form.getByRole("button", { name: "Add a part" }).click();
      await form.getByLabel("Part 1 (%)").fill("60");
      await form.getByLabel("Part 2 (%)").fill("30");
      await form.getByLabel("Name", { exact: true }).fill("Night Market Shares");
      await form.getByLabel("Symbol (2-11 capitals)").fill("nm");
      await form.getByRole("button", { name: "Launch the campaign" }).click();
      await form.getByText("The cap cannot be below the goal.").waitFor();
      await form.getByText("The deadline must be in the future.").waitFor();
      await form.getByText("At most your own share (100%).").waitFor();
      await form.getByText("The parts must add up to 100%.").waitFor();
      await form.getByText("2 to 11 capital letters or digits.").waitFor();
      await form.getByLabel("Investors' share until payback (%)").fill("30");
      await form.getByLabel("Their share after payback (%)").fill("40");
      await form.getByRole("button", { name: "Launch the campaign" }).click();
      await form.getByText("Not more than before payback.").waitFor();
      // No waterfall figures from terms the vault would refuse.
      await form.getByText("The waterfall preview appears once the goal, the investors' shares and the payback multiple are valid.").waitFor();
      assert.equal(await page.getByTestId("waterfall").count(), 0);
      await shot(page, "crowdfund-launch-errors-en");
      assert.equal(wallet.asked.includes("eth_sendTransaction"), false, "no transaction for bad terms");

      // Right, with the waterfall's preview at 10,000 views worked out here from the terms.
      await form.getByLabel("Cap (SSH)").fill("150");
      const deadline = new Date((Number((await client().getBlock()).timestamp) + 20 * 86_400) * 1000).toISOString().slice(0, 10);
      await form.getByLabel("Funding closes on (end of the day, UTC)").fill(deadline);
      await form.getByLabel("Their share after payback (%)").fill("10");
      await form.getByLabel("Part 2 (%)").fill("40");
      await form.getByLabel("Days after success for part 2").fill("30");
      await form.getByLabel("Symbol (2-11 capitals)").fill("NMS");
      const feeBps = await client().readContract({ address: contracts.PayPerView, abi: parseAbi(["function platformFeeBps() view returns (uint256)"]), functionName: "platformFeeBps" });
      const perView = parseEther("5") - (parseEther("5") * feeBps) / 10_000n;
      const vaultIncome = (perView * 10_000n * 3_000n) / 10_000n;
      const target = (parseEther("100") * 12_000n) / 10_000n;
      const toInvestors = vaultIncome <= target ? vaultIncome : target + ((vaultIncome - target) * 1_000n) / 3_000n;
      const sshText = (wei: bigint) => new Intl.NumberFormat("en", { maximumFractionDigits: 4 }).format(Number(wei / 10n ** 14n) / 10_000);
      await page.getByTestId("waterfall").filter({ hasText: `investors receive ${sshText(toInvestors)} SSH` }).waitFor();
      await shot(page, "crowdfund-launch-en");
      await form.getByRole("button", { name: "Launch the campaign" }).click();
      await page.waitForURL(/\/campaigns\/0x[0-9a-f]{40}$/, { timeout: 30_000 });
      vault = page.url().split("/").pop() as Address;
      const campaigns = await client().readContract({ address: factory, abi: parseAbi(["function campaignsOf(uint256) view returns (address[])"]), functionName: "campaignsOf", args: [filmId] });
      assert.deepEqual(campaigns.map((a) => a.toLowerCase()), [vault]);
      // The split handed to the factory, then the campaign: two transactions.
      assert.equal(wallet.asked.filter((m) => m === "eth_sendTransaction").length, 2);
    } finally {
      await context.close();
    }

    // An investor, from the campaign's page.
    const investorWallet: TestWallet = { rejectNext: new Set(), asked: [] };
    const inv = await open(investor, `/campaigns/${vault}?lang=en`, investorWallet);
    try {
      await connect(inv.page);
      await inv.page.getByRole("heading", { name: `Crowdfund: ${title}` }).waitFor({ timeout: 30_000 });
      await inv.page.getByText("Investors receive 30% of the film's revenue until they have received 1.2 times what they put in; after that, 10%.").waitFor();
      const amount = inv.page.getByLabel("Amount (SSH)");
      await amount.fill("0.5");
      await inv.page.getByRole("button", { name: "Invest", exact: true }).click();
      await inv.page.getByText("The least you can put in is 1 SSH.").waitFor();
      await amount.fill("120");
      await inv.page.getByRole("button", { name: "Invest", exact: true }).click();
      await inv.page.getByText("At most 100 SSH per investor: you can add 100 SSH.").waitFor();
      assert.equal(investorWallet.asked.includes("eth_signTypedData_v4"), false);
      await amount.fill("60");
      await inv.page.getByRole("button", { name: "Invest", exact: true }).click();
      await inv.page.getByTestId("shares").filter({ hasText: "60" }).waitFor({ timeout: 30_000 });
      assert.equal(investorWallet.asked.filter((m) => m === "eth_signTypedData_v4").length, 1, "one permit");
      assert.equal(investorWallet.asked.filter((m) => m === "eth_sendTransaction").length, 1, "one transaction");
      const sharesOf = (who: Address) => client().readContract({ address: vault, abi: parseAbi(["function balanceOf(address) view returns (uint256)"]), functionName: "balanceOf", args: [who] });
      assert.equal(await sharesOf(investor.address), parseEther("60"));
      await shot(inv.page, "crowdfund-campaign-en");
      // Shares move like any token: a bad address is refused in words, then 10 go to a friend.
      await inv.page.getByLabel("To address").fill("0x1234");
      await inv.page.getByLabel("Shares", { exact: true }).fill("10");
      await inv.page.getByRole("button", { name: "Transfer" }).click();
      await inv.page.getByText("This is not an address.").waitFor();
      await inv.page.getByLabel("To address").fill(friend);
      await inv.page.getByRole("button", { name: "Transfer" }).click();
      await inv.page.getByTestId("shares").filter({ hasText: /^50$/ }).waitFor({ timeout: 30_000 });
      assert.equal(await sharesOf(friend), parseEther("10"));
      // Another investor fills the cap: the campaign succeeds, and with a tranche still locked its
      // shareholders may vote to stop it.
      const second = await newFan(100n);
      const secondClient = createWalletClient({ account: second, chain: { ...hardhat, id: 31337 }, transport: http(platform.rpcUrl) });
      await client().waitForTransactionReceipt({ hash: await secondClient.writeContract({ address: contracts.StreamShare, abi: parseAbi(["function approve(address, uint256) returns (bool)"]), functionName: "approve", args: [vault, parseEther("90")] }) });
      await client().waitForTransactionReceipt({ hash: await secondClient.writeContract({ address: vault, abi: parseAbi(["function contribute(uint256)"]), functionName: "contribute", args: [parseEther("90")] }) });
      // The filmmaker takes the first part from the campaign's page (which makes the vault a rights holder).
      const makers = await open(maker, `/campaigns/${vault}?lang=en`);
      try {
        await connect(makers.page);
        await makers.page.getByRole("button", { name: "Take the released raise" }).click({ timeout: 30_000 });
        await makers.page.getByText("1 of 2 parts of the raise taken.").waitFor({ timeout: 30_000 });
      } finally {
        await makers.context.close();
      }
      await rpc("evm_mine", []); // the vote opens from the block after the vault joined the split
      await inv.page.reload();
      await inv.page.getByRole("button", { name: "Vote to stop" }).click({ timeout: 30_000 });
      await inv.page.getByRole("button", { name: "Withdraw my vote" }).waitFor({ timeout: 30_000 });
      const [votes] = await client().readContract({ address: vault, abi: parseAbi(["function stopVotes(address) view returns (uint256, uint256)"]), functionName: "stopVotes", args: [investor.address] });
      assert.equal(votes, parseEther("50"), "the investor's 50 shares vote");
      await shot(inv.page, "crowdfund-vote-en");
      // The campaigns list shows it, in Korean.
      await inv.page.goto(`${platform.dappUrl}/campaigns?lang=ko`);
      await inv.page.getByRole("heading", { name: "크라우드펀딩", level: 1 }).waitFor({ timeout: 20_000 });
      await inv.page.getByRole("link", { name: title }).first().waitFor({ timeout: 20_000 });
      // The investor's positions across campaigns: this one, with its 50 shares and 60 SSH put in.
      await inv.page.getByRole("heading", { name: "내 투자" }).waitFor({ timeout: 20_000 });
      await inv.page.getByRole("row", { name: new RegExp(`${title}.*50.*60 SSH`) }).waitFor({ timeout: 20_000 });
      await shot(inv.page, "crowdfund-list-ko");
    } finally {
      await inv.context.close();
    }
  });

  it("an investor claims a funded campaign's royalties, and takes the SSH back from one that missed its goal", async () => {
    const fan2 = localKeyOf("fan2");
    const graph = async <T,>(query: string) => ((await (await fetch(platform.graphUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json()) as { data: T }).data;
    const { campaigns } = await graph<{ campaigns: { id: Address; film: { filmId: string }; deadline: string }[] }>("{ campaigns { id film { filmId } deadline } }");
    const night = campaigns.find((c) => c.film.filmId === "3")!.id;
    const salt = campaigns.find((c) => c.film.filmId === "2")!.id;
    const vaultAbi = parseAbi(["function claimableRoyalties(address) view returns (uint256)", "function balanceOf(address) view returns (uint256)"]);
    const balance = () => client().readContract({ address: contracts.StreamShare, abi: ssh, functionName: "balanceOf", args: [fan2.address] });
    const { page, context } = await open(fan2, `/campaigns/${night}?lang=en`);
    try {
      await connect(page);
      // Night Market reached its cap; its views earned fan2 royalties.
      await page.getByRole("heading", { name: "Crowdfund: Night Market" }).waitFor({ timeout: 20_000 });
      const claimable = await client().readContract({ address: night, abi: vaultAbi, functionName: "claimableRoyalties", args: [fan2.address] });
      assert.ok(claimable > 0n, "the demo's views owe fan2 royalties");
      const before = await balance();
      await page.getByRole("button", { name: "Claim royalties" }).click({ timeout: 20_000 });
      await page.getByRole("button", { name: "Claim royalties" }).waitFor({ state: "detached", timeout: 30_000 });
      assert.equal(await balance(), before + claimable, "exactly what was claimable");
      // Salt & Static: its deadline passes below the goal; fan2 takes its 120 SSH back.
      const now = Number((await client().getBlock()).timestamp);
      const deadline = Number(campaigns.find((c) => c.id === salt)!.deadline);
      if (now <= deadline) await warp(deadline - now + 1);
      await page.goto(`${platform.dappUrl}/campaigns/${salt}?lang=en`);
      await page.getByText("Did not reach its goal").waitFor({ timeout: 20_000 });
      const held = await balance();
      await page.getByRole("button", { name: "Take back 120 SSH" }).click({ timeout: 20_000 });
      await page.getByRole("button", { name: "Take back 120 SSH" }).waitFor({ state: "detached", timeout: 30_000 });
      assert.equal(await balance(), held + parseEther("120"));
      assert.equal(await client().readContract({ address: salt, abi: vaultAbi, functionName: "balanceOf", args: [fan2.address] }), 0n);
      await shot(page, "crowdfund-failed-en");
    } finally {
      await context.close();
    }
  });

  // ---------------------------------------------------------------- curators (issue 15)

  it("curates: registers a node, stakes on an attested fragment with one permit (not before the holding time), sees T, V, P and the reward, claims, unstakes and withdraws; a failed audit is shown with its reason", async () => {
    const curator = await newFan(3000n);
    const nodeKey = privateKeyToAccount(generatePrivateKey());
    const deployment = await platform.deployment();
    const staking = deployment.contracts.CuratorStaking.address;
    const registration = await signNodeRegistration({ node: nodeKey, curator: curator.address, chainId: 31337, curatorStaking: staking });
    const stakingAbi = parseAbi([
      "function attest(bytes32 nodeId, uint256 filmId, bytes32 contentId)",
      "function reportFailedAudit(bytes32 nodeId, uint256 filmId, bytes32 contentId)",
      "function nodeCurator(bytes32) view returns (address)",
      "function totalRewardsPaid() view returns (uint256)",
    ]);
    const auditor = createWalletClient({ account: localKeyOf("auditor"), chain: { ...hardhat, id: 31337 }, transport: http(platform.rpcUrl) });
    const contentId = keccak256(toHex("a fragment of The Last Lighthouse"));
    const wallet: TestWallet = { rejectNext: new Set(), asked: [] };
    const { page, context } = await open(curator, "/curation?lang=en", wallet);
    const balance = () => client().readContract({ address: contracts.StreamShare, abi: ssh, functionName: "balanceOf", args: [curator.address] });
    try {
      await connect(page);
      await page.getByRole("heading", { name: "Curation", level: 1 }).waitFor({ timeout: 20_000 });
      // A node: a malformed key is refused in words; the node's own key and signature register it.
      await page.getByLabel("Node public key (64 bytes, 0x…)").fill("0x1234");
      await page.getByLabel("Node signature (65 bytes, 0x…)").fill(registration.signature);
      await page.getByRole("button", { name: "Register the node" }).click();
      await page.getByText("The public key is 64 bytes: 0x and 128 hexadecimal characters.").waitFor({ timeout: 20_000 });
      await page.getByLabel("Node public key (64 bytes, 0x…)").fill(registration.publicKey);
      await page.getByRole("button", { name: "Register the node" }).click();
      await page.locator("li", { hasText: `${registration.nodeId.slice(0, 10)}…` }).waitFor({ timeout: 30_000 });
      assert.equal(await client().readContract({ address: staking, abi: stakingAbi, functionName: "nodeCurator", args: [registration.nodeId] }), curator.address);

      // The auditor attests that the node holds a fragment of film 1; staking waits for the holding time.
      await client().waitForTransactionReceipt({ hash: await auditor.writeContract({ address: staking, abi: stakingAbi, functionName: "attest", args: [registration.nodeId, 1n, contentId] }) });
      const position = page.getByRole("article", { name: /The Last Lighthouse/ });
      await position.waitFor({ timeout: 30_000 });
      await position.getByLabel("Amount (SSH)").fill("100");
      await position.getByRole("button", { name: "Stake", exact: true }).click();
      await position.getByText(/Staking opens on .*, once your node has held the fragment for the holding time\./).waitFor();
      assert.equal(wallet.asked.includes("eth_signTypedData_v4"), false, "nothing signed before the holding time");
      await warp(86_400 + 1);
      await page.reload();
      await position.getByLabel("Amount (SSH)").fill("100");
      await position.getByRole("button", { name: "Stake", exact: true }).click();
      await position.getByTestId("staked").filter({ hasText: "100 SSH" }).waitFor({ timeout: 30_000 });
      assert.equal(wallet.asked.filter((m) => m === "eth_signTypedData_v4").length, 1, "one permit");
      assert.equal(await balance(), parseEther("2900"));

      // Ten days of coin-age: T, V, P and the reward; claim it.
      await warp(10 * 86_400);
      await page.reload();
      await position.getByText("10 days").waitFor({ timeout: 30_000 });
      await shot(page, "curation-en");
      const paidBefore = await client().readContract({ address: staking, abi: stakingAbi, functionName: "totalRewardsPaid" });
      await position.getByRole("button", { name: "Claim" }).click();
      await page.getByText("Done.").waitFor({ timeout: 30_000 });
      const paid = (await client().readContract({ address: staking, abi: stakingAbi, functionName: "totalRewardsPaid" })) - paidBefore;
      assert.ok(paid > 0n, "a reward was paid");
      assert.equal(await balance(), parseEther("2900") + paid);
      await page.getByTestId("rewards-paid").filter({ hasText: /^[1-9]|0\.\d*[1-9]/ }).waitFor({ timeout: 30_000 });

      // Unstake 40 (more than staked is refused in words), withdraw after the unbonding delay.
      await position.getByLabel("Amount (SSH)").fill("400");
      await position.getByRole("button", { name: "Request unstake" }).click();
      await position.getByText("You have 100 SSH staked.").waitFor();
      await position.getByLabel("Amount (SSH)").fill("40");
      await position.getByRole("button", { name: "Request unstake" }).click();
      await position.getByTestId("staked").filter({ hasText: "60 SSH" }).waitFor({ timeout: 30_000 });
      await warp(7 * 86_400 + 1);
      await page.reload();
      const held = await balance();
      await position.getByRole("button", { name: "Withdraw" }).click({ timeout: 30_000 });
      for (let i = 0; i < 60 && (await balance()) === held; i++) await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(await balance(), held + parseEther("40"));

      // A failed audit: the slash and its reason.
      await client().waitForTransactionReceipt({ hash: await auditor.writeContract({ address: staking, abi: stakingAbi, functionName: "reportFailedAudit", args: [registration.nodeId, 1n, contentId] }) });
      await page.getByText(/a storage audit found a fragment of “The Last Lighthouse” missing from your node/).waitFor({ timeout: 30_000 });
      // The slashed fragment takes no more stake: the button is off, and the page says why.
      await position.getByText("This fragment failed an audit: it cannot take a stake.").waitFor({ timeout: 30_000 });
      assert.equal(await position.getByRole("button", { name: "Stake", exact: true }).isDisabled(), true);
      await shot(page, "curation-slashed-en");
      await page.goto(`${platform.dappUrl}/curation?lang=ko`);
      await page.getByRole("heading", { name: "큐레이션", level: 1 }).waitFor({ timeout: 20_000 });
      await page.getByRole("heading", { name: "큐레이션할 만한 영화" }).waitFor();
      await shot(page, "curation-ko");
    } finally {
      await context.close();
    }
  });

  // ---------------------------------------------------------------- verified reviews (issue 16)

  it("shows a film's verified ratings (a flagged text hidden, its rating counted); a viewer rates and reviews, changes, removes; others flag; a non-viewer cannot", async () => {
    const graph = async <T,>(query: string) => ((await (await fetch(platform.graphUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json()) as { data: T }).data;
    type Summary = { film: { ratingCount: number; averageRating: string; ratingDistribution: number[] }; reviews: { reviewer: { id: string }; rating: number; textCid: string | null; textFlags: number; textHidden: boolean }[] };
    const summaryOf = () => graph<Summary>(`{ film(id: "3") { ratingCount averageRating ratingDistribution } reviews(where: { film: "3" }) { reviewer { id } rating textCid textFlags textHidden } }`);
    const deployment = await platform.deployment();
    const before = await summaryOf();
    assert.equal(before.reviews.filter((r) => r.textHidden).length, 1, "the demo's spam text is hidden");
    const average = (s: Summary) => new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(s.film.averageRating));

    // A visitor: the average, the count, the stars' shares; the spam's text hidden, its rating counted.
    const visitor = await open(await newFan(0n), "/films/3?lang=en");
    try {
      await visitor.page.getByRole("heading", { name: "Ratings and reviews" }).waitFor({ timeout: 20_000 });
      assert.equal(await visitor.page.getByTestId("average-rating").textContent({ timeout: 20_000 }), average(before));
      await visitor.page.getByText(`${before.film.ratingCount} ratings from verified viewers`).waitFor();
      await visitor.page.getByText("This review's text is hidden: other viewers flagged it. Its rating still counts.").waitFor();
      assert.equal(await visitor.page.getByText("totally-not-a-scam").count(), 0, "the flagged text is not shown");
      await visitor.page.getByText("The best food documentary I have seen in years.").waitFor();
      await shot(visitor.page, "reviews-visitor-en");
      // Signed in without having watched: no form, and why.
      await connect(visitor.page);
      await visitor.page.getByText("Only viewers who watched this film (a paid, delivered rental) can rate it.").waitFor({ timeout: 20_000 });
      assert.equal(await visitor.page.getByRole("button", { name: "Rate and review" }).count(), 0);
    } finally {
      await visitor.context.close();
    }

    // Demo viewer 8 watched film 3 and has not reviewed it.
    const viewer = privateKeyToAccount(demoViewerKey(8));
    const wallet: TestWallet = { rejectNext: new Set(), asked: [] };
    const { page, context } = await open(viewer, "/films/3?lang=en", wallet);
    try {
      await connect(page);
      await page.getByRole("button", { name: "Rate and review" }).click({ timeout: 20_000 });
      const form = page.getByRole("form", { name: "Your review" });
      await form.getByRole("button", { name: "Publish" }).click();
      await form.getByText("Choose from 1 to 5 stars.").waitFor();
      assert.equal(wallet.asked.includes("eth_sendTransaction"), false, "nothing sent without stars");
      await form.getByRole("radio", { name: "4 stars" }).check();
      await form.getByLabel("Your review (optional)").fill("Street food at midnight, filmed with love.\n밤시장의 냄새까지 느껴진다.");
      await form.getByRole("button", { name: "Publish" }).click();
      const mine = page.locator("li.review", { hasText: "You" });
      await mine.getByText("Street food at midnight, filmed with love.").waitFor({ timeout: 30_000 });
      assert.equal((await client().readContract({ address: deployment.contracts.FilmReviews.address, abi: filmReviewsAbi, functionName: "reviewOf", args: [3n, viewer.address] })).rating, 4);
      let now = await summaryOf();
      assert.equal(now.film.ratingCount, before.film.ratingCount + 1);
      await page.getByTestId("average-rating").filter({ hasText: average(now) }).waitFor({ timeout: 20_000 });
      await shot(page, "reviews-written-en");
      // Changed: two stars, the same text (the form keeps it).
      await page.getByRole("button", { name: "Change my review" }).click();
      assert.match(await form.getByLabel("Your review (optional)").inputValue(), /Street food at midnight/);
      await form.getByRole("radio", { name: "2 stars" }).check();
      await form.getByRole("button", { name: "Publish" }).click();
      await mine.getByRole("img", { name: "2 stars out of 5" }).waitFor({ timeout: 30_000 });
      now = await summaryOf();
      assert.equal(now.film.ratingCount, before.film.ratingCount + 1, "changed, not added");
      assert.equal(now.film.ratingDistribution[1], before.film.ratingDistribution[1]! + 1);
      // Flag another viewer's text (viewer 6's).
      const other = page.locator("li.review", { hasText: "The best food documentary" });
      await other.getByRole("button", { name: "Flag this text" }).click();
      const sixth = privateKeyToAccount(demoViewerKey(6)).address.toLowerCase();
      for (let i = 0; i < 30 && (await summaryOf()).reviews.find((r) => r.reviewer.id === sixth)!.textFlags !== 1; i++) await new Promise((r) => setTimeout(r, 500));
      assert.equal((await summaryOf()).reviews.find((r) => r.reviewer.id === sixth)!.textFlags, 1);
      // Removed: the rating no longer counts.
      await page.getByRole("button", { name: "Remove my review" }).click();
      await page.getByRole("button", { name: "Rate and review" }).waitFor({ timeout: 30_000 });
      now = await summaryOf();
      assert.deepEqual([now.film.ratingCount, now.film.ratingDistribution], [before.film.ratingCount, before.film.ratingDistribution]);
      // In Korean.
      await page.goto(`${platform.dappUrl}/films/3?lang=ko`);
      await page.getByRole("heading", { name: "평점과 리뷰" }).waitFor({ timeout: 20_000 });
      await page.getByText(`인증된 관객의 평점 ${before.film.ratingCount}개`).waitFor();
      await shot(page, "reviews-ko");
      for (const lang of ["en", "ko"]) await axeAudit(page, `/films/3?lang=${lang}`, () => page.getByTestId("average-rating").waitFor({ timeout: 20_000 }));
    } finally {
      await context.close();
    }
  });

  it("shows a signed-in fan's picks with their reasons, and on a film page what its viewers also watched (English and Korean)", async () => {
    // Demo viewer 3 watched only The Last Lighthouse, whose viewers mostly watched Salt & Static.
    const viewer = privateKeyToAccount(demoViewerKey(3));
    const { page, context } = await open(viewer, "/?lang=en");
    try {
      await connect(page);
      const row = page.getByRole("region", { name: "For you" });
      await row.waitFor({ timeout: 20_000 });
      const first = row.getByRole("listitem").first();
      await first.getByRole("heading", { name: "Salt & Static" }).waitFor({ timeout: 20_000 });
      await first.getByText("Because you watched The Last Lighthouse").waitFor({ timeout: 20_000 });
      assert.equal(await row.getByRole("heading", { name: "The Last Lighthouse" }).count(), 0, "never the film it watched");
      await shot(page, "for-you-en");
      await first.getByRole("link").click();
      await page.getByRole("heading", { level: 1, name: "Salt & Static" }).waitFor({ timeout: 20_000 });
      const also = page.getByRole("region", { name: "Fans who watched this also watched" });
      await also.getByRole("heading", { name: "The Last Lighthouse" }).waitFor({ timeout: 20_000 });
      await page.goto(`${platform.dappUrl}/?lang=ko`);
      await page.getByRole("region", { name: "추천 영화" }).getByText("The Last Lighthouse을(를) 보셨기 때문에").waitFor({ timeout: 20_000 });
      await shot(page, "for-you-ko");
      await axeAudit(page, "/?lang=en", () => page.getByRole("region", { name: "For you" }).getByText("Because you watched").first().waitFor({ timeout: 20_000 }));
    } finally {
      await context.close();
    }
  });

  it("axe-core finds no serious or critical violation on the studio's, the crowdfunds' and curation's pages, in either language", async () => {
    const ada = localKeyOf("filmmakerAda");
    const graph = async <T,>(query: string) => ((await (await fetch(platform.graphUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json()) as { data: T }).data;
    const { campaigns } = await graph<{ campaigns: { id: string }[] }>("{ campaigns(first: 1) { id } }");
    const studio = await open(ada, "/studio?lang=en");
    try {
      await connect(studio.page);
      for (const lang of ["en", "ko"]) {
        await axeAudit(studio.page, `/studio?lang=${lang}`, () => studio.page.locator("table.studio-films").waitFor({ timeout: 20_000 }));
        await axeAudit(studio.page, `/studio/publish?lang=${lang}`, () => studio.page.locator(".split-editor").waitFor({ timeout: 20_000 }));
        await axeAudit(studio.page, `/studio/stats?lang=${lang}`, () => studio.page.locator("figure.chart svg").first().waitFor({ timeout: 20_000 }));
        await axeAudit(studio.page, `/studio/crowdfund/1?lang=${lang}`, () => studio.page.locator("form").waitFor({ timeout: 20_000 }));
        await axeAudit(studio.page, `/campaigns?lang=${lang}`, () => studio.page.locator(".campaign-card").first().waitFor({ timeout: 20_000 }));
        await axeAudit(studio.page, `/campaigns/${campaigns[0]!.id}?lang=${lang}`, () => studio.page.locator("section.waterfall").waitFor({ timeout: 20_000 }));
      }
    } finally {
      await studio.context.close();
    }
    const curation = await open(localKeyOf("curatorKai"), "/curation?lang=en");
    try {
      await connect(curation.page);
      for (const lang of ["en", "ko"]) {
        await axeAudit(curation.page, `/curation?lang=${lang}`, () => curation.page.locator("article.manage").first().waitFor({ timeout: 20_000 }));
      }
    } finally {
      await curation.context.close();
    }
  });
});
