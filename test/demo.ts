import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { createPublicClient, createWalletClient, http, parseAbi } from "viem";
import { hardhat } from "viem/chains";

import type { FilmMetadata } from "@streamspace/core/film-metadata";

import { launchBrowser, playback, playOnPage, SCREENSHOTS, servePlayerPage, walletPage } from "../dev/browser.js";
import { seedDemo } from "../dev/demo/seed.js";
import { DEMO_FILMS } from "../dev/demo/films.js";
import { deployPlatform, localKeyOf, localPrivateKeyOf } from "../dev/platform.js";
import { freePorts } from "../dev/ports.js";

describe("the demo seed", async () => {
  it("leaves the chain in the state its summary reports, with the money adding up", async () => {
    const connection = await network.create();
    const platform = await deployPlatform(connection);
    const summary = await seedDemo(connection, platform);
    const { ssh, payPerView } = platform;

    assert.equal(summary.films.length, DEMO_FILMS.length);
    assert.ok(summary.films.every((f) => f.split.length >= 2), "every demo film has a multi-holder split");
    assert.deepEqual(summary.purchases.map((p) => p.state), ["settled", "settled", "settled", "open"]);
    assert.equal(summary.campaigns.length, 2);

    // Independently: revenue per film = price - 5% fee; each holder is owed floor(revenue * bps / 10,000).
    const settledFilms = summary.purchases.filter((p) => p.state === "settled").map((p) => p.filmId);
    for (const owed of summary.owed) {
      let expected = 0n;
      for (const film of summary.films.filter((f) => settledFilms.includes(f.filmId))) {
        const revenue = film.price - (film.price * 500n) / 10_000n;
        const bps = film.split.find((s) => s.holder === owed.holder)?.bps ?? 0;
        expected += (revenue * BigInt(bps)) / 10_000n;
      }
      assert.equal(owed.claimed + owed.claimable, expected, `${owed.role} is owed its exact share`);
    }
    // Escrow, from the chain alone: the open purchase + every holder's unclaimed royalties + fees.
    const { filmRegistry } = platform;
    let unclaimed = 0n;
    for (let splitId = 1n; ; splitId++) {
      const split = await filmRegistry.read.split([splitId]).catch(() => undefined);
      if (!split) break;
      for (const holder of split[1]) unclaimed += await payPerView.read.claimable([splitId, holder]);
    }
    const dust = 50n; // < recipients per split (docs/contracts.md)
    const balance = await ssh.read.balanceOf([payPerView.address]);
    const accounted = summary.films[0]!.price + unclaimed + (await payPerView.read.accruedFees());
    assert.ok(balance >= accounted && balance - accounted < dust, "escrow = open purchase + unclaimed royalties + fees");

    // Crowdfunds: Night Market succeeded and pays its investors pro rata; Salt & Static is funding.
    const [night, salt] = summary.campaigns;
    assert.equal(night?.state, "Succeeded");
    assert.equal(salt?.state, "Funding");
    const market = summary.films[2]!;
    const vaultIncome = (2n * (market.price - (market.price * 500n) / 10_000n) * 4_000n) / 10_000n;
    assert.equal(night!.paidBack, vaultIncome, "two new views of Night Market paid 40% of their revenue to the vault");
    for (const investor of night!.investors) {
      const proRata: bigint = (vaultIncome * investor.shares) / night!.raised;
      assert.equal(investor.royaltiesClaimed + investor.royaltiesClaimable, proRata, `${investor.role} earns pro rata`);
    }
    assert.ok(night!.investors.some((i) => i.royaltiesClaimed > 0n), "an investor has claimed");

    // Exchange: a rate, a dollar-priced film converted at it (rounded up), a card payment credited
    // once, an open cash-out; the exchange holds exactly its inventory plus the locked cash-out.
    const x = summary.exchange;
    const { oracle, tokenExchange } = platform;
    const [, answer] = await oracle.read.latestRoundData();
    assert.equal(answer, x.rate);
    assert.equal(x.usdFilm.sshPrice, (x.usdFilm.usdPrice * 10n ** 18n + x.rate - 1n) / x.rate);
    assert.equal(x.credit.ssh, (x.credit.usd * 10n ** 18n) / x.rate);
    assert.equal(x.cashOut.status, "Requested");
    assert.equal(await ssh.read.balanceOf([tokenExchange.address]), x.inventory + x.cashOut.ssh);

    // Curation: four stakes on fragments of watched films, and Kai's claim paid exactly the formula for
    // its 12 hours of coin-age at the film's popularity, out of the pool.
    const c = summary.curation;
    const { curatorStaking } = platform;
    assert.equal(c.stakes.length, 4);
    assert.ok(c.stakes.every((s) => s.stake > 0n), "every planned stake is in place");
    const kai = c.stakes.find((s) => s.curator === "curatorKai" && s.filmId === summary.films[0]!.filmId)!;
    const p = c.popularity.find((x) => x.filmId === kai.filmId)!.index;
    assert.ok(p > 0n, "a watched film is popular");
    // T from the chain: the time between Kai's stake and its claim (twelve hours and a few blocks).
    const publicClient = await connection.viem.getPublicClient();
    const blockTime = async (blockNumber: bigint) => (await publicClient.getBlock({ blockNumber })).timestamp;
    const fragmentId = await curatorStaking.read.fragmentIdOf([kai.filmId, kai.contentId]);
    const filter = { address: curatorStaking.address, abi: curatorStaking.abi, args: { nodeId: kai.nodeId, fragmentId }, fromBlock: 0n };
    const [staked] = await publicClient.getContractEvents({ ...filter, eventName: "Staked" });
    const [claimed] = await publicClient.getContractEvents({ ...filter, eventName: "RewardClaimed" });
    const t = (await blockTime(claimed!.blockNumber)) - (await blockTime(staked!.blockNumber));
    assert.ok(t >= 12n * 3600n && t < 12n * 3600n + 60n);
    const expected = (t * kai.stake * p * 2n * 33n) / (86_400n * 10n ** 18n * 100n * 12_053n);
    assert.equal(kai.claimed, expected, "R = T x V x P x 2% x 33/(365 x 33 + 8)");
    assert.equal(c.pool, 50_000n * 10n ** 18n - kai.claimed);
    const totalStaked = c.stakes.reduce((sum, s) => sum + s.stake, 0n);
    assert.equal(await ssh.read.balanceOf([curatorStaking.address]), c.pool + totalStaked);
  });
});

describe("npm start", () => {
  it("serves the seeded platform on a local JSON-RPC port and writes the deployment file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "streamspace-start-"));
    const deploymentFile = join(dir, "localhost.json");
    const functionsLog = join(dir, "functions.log");
    // Free ports, asked of the system, so that another run on the machine (CI, npm start) is no obstacle.
    const [port, graphPort, lambdaPort, functionsPort, dynamoPort, marketPort, s3Port, ipfsPort, stripePort, dappPort] = await freePorts(10);
    const child = spawn(process.execPath, ["node_modules/hardhat/dist/src/cli.js", "run", "--no-compile", "scripts/start.ts"], {
      env: {
        ...process.env,
        STREAMSPACE_RPC_PORT: String(port),
        STREAMSPACE_GRAPH_PORT: String(graphPort),
        STREAMSPACE_LAMBDA_PORT: String(lambdaPort),
        STREAMSPACE_FUNCTIONS_PORT: String(functionsPort),
        STREAMSPACE_DYNAMODB_PORT: String(dynamoPort),
        STREAMSPACE_MARKET_PORT: String(marketPort),
        STREAMSPACE_S3_PORT: String(s3Port),
        STREAMSPACE_IPFS_PORT: String(ipfsPort),
        STREAMSPACE_STRIPE_PORT: String(stripePort),
        STREAMSPACE_DAPP_PORT: String(dappPort),
        STREAMSPACE_DEPLOYMENT_FILE: deploymentFile,
        STREAMSPACE_FUNCTIONS_LOG: functionsLog,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start never became ready:\n${output}`)), 240_000);
        child.stdout.on("data", () => output.includes("Ready.") && (clearTimeout(timer), resolve()));
        child.on("exit", (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${output}`))));
      });
      assert.match(output, /The Last Lighthouse/);
      assert.match(output, /Royalties \(claimed \/ still claimable\)/);
      // The back end ran once at start, under serverless-offline: each keeper did its job.
      assert.match(output, /rates +posted \$0\.05\d* per SSH( from 6 sources| \(round \d+;)/);
      assert.match(output, /popularity +4 of 4 films' popularity posted/);
      assert.match(output, /settle +settled purchases #4/);
      assert.match(output, /payouts +paid cash-outs #1 \(tr_0001 to acct_\w+\)/);
      // Paying by card, through the development payment provider: a newcomer rented by card and was
      // served the key; another bought SSH by card, claimed it and rented with it.
      assert.match(output, /\(no SSH, no ETH\) rented film #4 by card for \$\d+\.\d\d \(pi_\w+\): bought from the exchange's inventory; the key server served its key/);
      assert.match(output, /bought 100 SSH by card for \$5\.00: 100 SSH pending, claimed, and rented film #2 with it/);
      assert.match(output, /onramp +card payments: 1 rental\(s\) bought, 1 credit\(s\), 0 refused/);
      assert.match(output, /reconcile +\d+ Stripe events of the last 3 days checked, 0 missed by the webhook; losses 0 cents/);
      // Every function logged structured JSON with its invocation's request id, and no signing key is
      // ever printed or logged, by the platform or by the functions (every line, info included).
      const logged = await readFile(functionsLog, "utf8");
      const entries = logged.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const name of ["rates", "popularity", "settle", "payouts", "onramp", "reconcile"]) {
        const entry = entries.find((e) => e.function_name === `streamspace-local-${name}`);
        assert.ok(entry && typeof entry.function_request_id === "string" && entry.level === "INFO", `${name} logged its run with its request id`);
      }
      for (const role of ["rateUpdater", "reporter", "deliverySigner", "payout", "onramp"] as const) {
        const key = localPrivateKeyOf(role).slice(2);
        assert.equal(output.includes(key), false, `${role}'s key appears in the output`);
        assert.equal(logged.toLowerCase().includes(key.toLowerCase()), false, `${role}'s key appears in the functions' log`);
      }

      const deployment = JSON.parse(await readFile(deploymentFile, "utf8"));
      assert.equal(deployment.rpcUrl, `http://127.0.0.1:${port}`);
      const client = createPublicClient({ transport: http(deployment.rpcUrl) });
      const abi = parseAbi([
        "function filmCount() view returns (uint256)",
        "function hasAccess(uint256 filmId, address viewer) view returns (bool)",
      ]);
      assert.equal(await client.readContract({ address: deployment.contracts.FilmRegistry.address, abi, functionName: "filmCount" }), 4n, "three SSH-priced films and one in dollars");
      assert.equal(
        await client.readContract({
          address: deployment.contracts.PayPerView.address, abi, functionName: "hasAccess", args: [1n, deployment.accounts.fan],
        }),
        true,
        "the demo fan has bought and can watch film 1",
      );

      // The subgraph is served over GraphQL, indexed up to the chain's head, over the seeded demo.
      const graphUrl = `http://127.0.0.1:${graphPort}/subgraphs/name/streamspace`;
      assert.match(output, new RegExp(`Subgraph \\(GraphQL\\): ${graphUrl}`));
      type Answer = { data: { _meta: { block: { number: number }; hasIndexingErrors: boolean }; films: { title: string; views: string }[] } };
      const query = async () =>
        (await (
          await fetch(graphUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: "{ _meta { block { number } hasIndexingErrors } films(orderBy: filmId) { title: metadataURI views } }" }),
          })
        ).json()) as Answer;
      // The functions send transactions as they start: the subgraph follows the chain's head within seconds.
      let { data } = await query();
      for (let i = 0; i < 40 && BigInt(data._meta.block.number) < (await client.getBlockNumber()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        ({ data } = await query());
      }
      assert.equal(data._meta.hasIndexingErrors, false);
      assert.equal(BigInt(data._meta.block.number), await client.getBlockNumber(), "indexed to the head");
      assert.equal(data.films.length, 4);
      assert.deepEqual(data.films.map((f) => f.views), ["2", "1", "3", "2"], "paid views per film: the demo's, and the two the settle function settled (film 1's, and film 4's rented by card)");

      // The demo films are real encrypted videos: film 1 plays in a browser for the fan who bought it,
      // and for nobody else.
      const films = [...output.matchAll(/^ {2}#(\d+) .+ 30 s, metadata (http:\S+)$/gm)];
      assert.equal(films.length, 4, "four films on IPFS");
      assert.equal(data.films[0]!.title, films[0]![2]!.replace(`http://127.0.0.1:${ipfsPort}/ipfs/`, "ipfs://"), "registered with its metadata document");
      const metadata = (await (await fetch(films[0]![2]!)).json()) as FilmMetadata;
      assert.equal(metadata.title, DEMO_FILMS[0]!.metadata.title);
      const playlist = metadata.video.playlist.replace("ipfs://", `http://127.0.0.1:${ipfsPort}/ipfs/`);
      const browser = await launchBrowser();
      const player = await servePlayerPage();
      try {
        const api = `http://127.0.0.1:${functionsPort}`;
        const open = async (role: "fan" | "curatorKai") =>
          walletPage({ browser, url: `${player.url}?api=${encodeURIComponent(api)}&address=${localKeyOf(role).address}`, account: localKeyOf(role), rpcUrl: deployment.rpcUrl });
        const fan = await open("fan");
        assert.equal(await playOnPage(fan.page, 1n, playlist), "playing");
        await fan.page.waitForFunction(() => document.querySelector("video")!.currentTime > 2, undefined, { timeout: 15_000 });
        assert.ok((await playback(fan.page)).frames > 20);
        await mkdir(SCREENSHOTS, { recursive: true });
        await fan.page.screenshot({ path: join(SCREENSHOTS, "demo-film-1.png") });
        const stranger = await open("curatorKai");
        assert.match(await playOnPage(stranger.page, 1n, playlist), /^key URL: 403/);

        // The dapp, served by npm start: the catalogue from the subgraph and IPFS, in English and Korean,
        // and a rental with one permit signature and one transaction from an injected wallet.
        const dappUrl = `http://127.0.0.1:${dappPort}`;
        assert.match(output, new RegExp(`Dapp: ${dappUrl}`));
        const treasury = createWalletClient({ account: localKeyOf("treasury"), chain: { ...hardhat, id: 31337 }, transport: http(deployment.rpcUrl) });
        const sshAbi = parseAbi(["function transfer(address to, uint256 amount) returns (bool)"]);
        await client.waitForTransactionReceipt({ hash: await treasury.writeContract({ address: deployment.contracts.StreamShare.address, abi: sshAbi, functionName: "transfer", args: [localKeyOf("pauser").address, 100n * 10n ** 18n] }) });
        const visitor = await walletPage({ browser, url: `${dappUrl}/?lang=en`, account: localKeyOf("pauser"), rpcUrl: deployment.rpcUrl });
        const cards = visitor.page.locator("li.card:not(.skeleton) h3");
        await cards.nth(3).waitFor({ timeout: 20_000 });
        assert.deepEqual((await cards.allTextContents()).sort(), [...DEMO_FILMS.map((f) => f.metadata.title), "Harbour Lights"].sort());
        await visitor.page.locator("img.poster").first().waitFor();
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-catalogue-en.png"), fullPage: true });
        await visitor.page.getByPlaceholder("Search films").fill("night");
        assert.deepEqual(await cards.allTextContents(), ["Night Market"]);
        await visitor.page.goto(`${dappUrl}/?lang=ko`);
        await cards.nth(3).waitFor({ timeout: 20_000 });
        assert.equal(await visitor.page.locator("h1").textContent(), "영화");
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-catalogue-ko.png"), fullPage: true });
        await visitor.page.goto(`${dappUrl}/films/3?lang=en`);
        await visitor.page.getByRole("heading", { level: 1, name: "Night Market" }).waitFor();
        await visitor.page.getByRole("button", { name: "Connect wallet" }).click();
        await visitor.page.getByRole("button", { name: "Rent" }).waitFor();
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-film-en.png"), fullPage: true });
        await visitor.page.getByRole("button", { name: "Rent" }).click();
        await visitor.page.getByText(/Rented: you can watch until/).waitFor({ timeout: 30_000 });
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-film-rented-en.png"), fullPage: true });
        // Watch: signed in with the wallet in the background of the first play, the encrypted film plays.
        await visitor.page.getByRole("link", { name: "Watch" }).click();
        await visitor.page.getByRole("button", { name: "Play" }).click();
        await visitor.page.waitForFunction(() => (document.querySelector("video.player") as HTMLVideoElement | null)?.currentTime! > 2, undefined, { timeout: 20_000 });
        const frames = await visitor.page.evaluate(() => (document.querySelector("video.player") as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
        assert.ok(frames > 20, `${frames} frames decoded`);
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-watch-en.png"), fullPage: true });
        // My rentals: the rental just made, active, from the subgraph (which follows the chain within seconds).
        await visitor.page.getByRole("link", { name: "My rentals" }).click();
        await visitor.page.getByRole("heading", { name: "My rentals" }).waitFor();
        await visitor.page.locator(".rentals").getByText("Night Market").waitFor({ timeout: 20_000 });
        await visitor.page.getByText(/You can watch until/).waitFor();
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-rentals-en.png"), fullPage: true });
        await visitor.page.goto(`${dappUrl}/rentals?lang=ko`);
        await visitor.page.locator(".rentals").getByText("Night Market").waitFor({ timeout: 20_000 });
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-rentals-ko.png"), fullPage: true });
        // Wallet: buy SSH by card (the development provider's test card), claim it, cash some out.
        await visitor.page.goto(`${dappUrl}/wallet?lang=en`);
        await visitor.page.getByText("97 SSH", { exact: true }).waitFor({ timeout: 20_000 });
        await visitor.page.getByLabel("Amount (USD)").fill("5");
        await visitor.page.getByRole("button", { name: "See what I get" }).click();
        await visitor.page.getByText(/You get [\d.,]+ SSH\. Card fee \$0\.00; you pay \$5\.00\./).waitFor();
        await visitor.page.getByRole("button", { name: /Pay \$5\.00 with a test card/ }).click();
        await visitor.page.getByRole("button", { name: "Claim" }).click({ timeout: 20_000 }).catch(async (error: Error) => {
          await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-wallet-failed.png"), fullPage: true });
          throw error;
        });
        await visitor.page.getByText(/Claimed: the SSH is in your wallet/).waitFor({ timeout: 20_000 });
        const balanceOf = parseAbi(["function balanceOf(address) view returns (uint256)"]);
        const held = () => client.readContract({ address: deployment.contracts.StreamShare.address, abi: balanceOf, functionName: "balanceOf", args: [localKeyOf("pauser").address] });
        const afterClaim = await held();
        assert.ok(afterClaim > 97n * 10n ** 18n + 90n * 10n ** 18n, "about $5 of SSH claimed");
        await visitor.page.getByLabel("Amount (SSH)").fill("10");
        await visitor.page.getByRole("button", { name: "Cash out" }).click();
        await visitor.page.getByText(/Cash-out of \$0\.\d\d requested/).waitFor({ timeout: 20_000 }).catch(async (error: Error) => {
          await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-wallet-failed.png"), fullPage: true });
          throw error;
        });
        const requested = await client.getLogs({
          address: deployment.contracts.TokenExchange.address,
          event: parseAbi(["event CashOutRequested(uint256 indexed cashOutId, address indexed owner, uint256 sshAmount, uint256 fee, uint256 usdAmount, uint256 rate)"])[0],
          args: { owner: localKeyOf("pauser").address },
          fromBlock: 0n,
        });
        assert.equal(requested[0]?.args.sshAmount, 10n * 10n ** 18n, "10 SSH locked for the cash-out, with one permit signature");
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-wallet-en.png"), fullPage: true });
        await visitor.page.goto(`${dappUrl}/wallet?lang=ko`);
        await visitor.page.getByRole("heading", { name: "지갑" }).waitFor({ timeout: 20_000 });
        await visitor.page.screenshot({ path: join(SCREENSHOTS, "dapp-wallet-ko.png"), fullPage: true });
        assert.equal(
          await client.readContract({ address: deployment.contracts.PayPerView.address, abi, functionName: "hasAccess", args: [3n, localKeyOf("pauser").address] }),
          true,
          "rented from the dapp with a permit",
        );
      } finally {
        await browser.close();
        await player.close();
      }
    } finally {
      child.kill("SIGINT");
      await exited;
    }
  });
});
