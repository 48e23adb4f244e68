import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";

import { network } from "hardhat";
import { createPublicClient, http, parseAbi } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import type { FilmMetadata } from "@streamspace/core/film-metadata";

import { launchBrowser, playback, playOnPage, SCREENSHOTS, servePlayerPage, walletPage } from "../dev/browser.js";
import { DEMO_HISTORIES, demoViewerKey } from "../dev/demo/audience.js";
import { seedDemo } from "../dev/demo/seed.js";
import { DEMO_FILMS } from "../dev/demo/films.js";
import { deployPlatform, localKeyOf, localPrivateKeyOf } from "../dev/platform.js";
import { startPlatformProcess } from "../dev/start-process.js";

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
    const platform = await startPlatformProcess();
    const { ports, functionsLog } = platform;
    const [port, graphPort, functionsPort, ipfsPort, dappPort] = [ports.RPC, ports.GRAPH, ports.FUNCTIONS, ports.IPFS, ports.DAPP];
    const output = platform.output();
    try {
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
      // (What $5 buys follows the rate, which the local market moves by about 1% over ten minutes.)
      const topUp = /bought ([\d.,]+) SSH by card for \$5\.00: ([\d.,]+) SSH pending, claimed, and rented film #2 with it/.exec(output);
      assert.ok(topUp, "a top-up by card, claimed and spent");
      assert.equal(topUp[2], topUp[1], "all of it pending until claimed");
      assert.ok(Math.abs(Number(topUp[1]!.replaceAll(",", "")) - 100) < 3, `about 100 SSH for $5 at about $0.05: ${topUp[1]}`);
      assert.match(output, /onramp +card payments: 1 rental\(s\) bought, 1 credit\(s\), 0 refused/);
      assert.match(output, /reconcile +\d+ Stripe events of the last 3 days checked, 0 missed by the webhook; losses 0 cents/);
      assert.match(output, /recommendationsTrain +recommendations trained on \d+ verified views of 4 films by \d+ wallets/);
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

      const deployment = await platform.deployment();
      assert.equal(deployment.rpcUrl, `http://127.0.0.1:${port}`);
      const client = createPublicClient({ transport: http(deployment.rpcUrl) });
      const abi = parseAbi([
        "function filmCount() view returns (uint256)",
        "function hasAccess(uint256 filmId, address viewer) view returns (bool)",
      ]);
      assert.equal(await client.readContract({ address: deployment.contracts.FilmRegistry.address, abi, functionName: "filmCount" }), 4n, "three SSH-priced films and one in dollars");
      assert.equal(
        await client.readContract({
          address: deployment.contracts.PayPerView.address, abi, functionName: "hasAccess", args: [1n, deployment.accounts.fan!],
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
      // The demo's audience watched each film as its histories say.
      const audience = [0, 1, 2, 3].map((f) => DEMO_HISTORIES.filter((h) => h.includes(f)).length);
      assert.deepEqual(data.films.map((f) => f.views), [2, 1, 3, 2].map((n, f) => String(n + audience[f]!)), "paid views per film: the demo's, its audience's, and the two the settle function settled (film 1's, and film 4's rented by card)");

      // The recommendation engine, trained at start on the subgraph, serves each wallet its picks with reasons.
      const api = `http://127.0.0.1:${functionsPort}`;
      type Picks = { verifiedViews: number; recommendations: { filmId: string; reason: { kind: string; film?: string; language?: string } }[] };
      const picksOf = async (query: string, status = 200) => {
        const res = await fetch(`${api}/recommendations?${query}`);
        assert.equal(res.status, status, await res.clone().text());
        return (await res.json()) as Picks & { similar: { filmId: string }[]; message: string };
      };
      // Demo viewer 3 watched only film 1, whose viewers mostly watched film 2.
      const viewer3 = privateKeyToAccount(demoViewerKey(3)).address;
      const forViewer3 = await picksOf(`wallet=${viewer3}`);
      assert.equal(forViewer3.verifiedViews, 1);
      assert.deepEqual(forViewer3.recommendations[0], { filmId: "2", reason: { kind: "because_you_watched", film: "1" } });
      assert.ok(!forViewer3.recommendations.some((r) => r.filmId === "1"), "never the film it watched");
      // A newcomer who reads Spanish: the Spanish film, for that reason.
      const newcomer = await picksOf("wallet=0x000000000000000000000000000000000000dead&lang=es");
      assert.equal(newcomer.verifiedViews, 0);
      assert.deepEqual(newcomer.recommendations.find((r) => r.filmId === "3")?.reason, { kind: "popular_in_language", language: "es" });
      assert.equal(newcomer.recommendations.length, 4);
      // Fans who watched film 3 also watched film 4.
      assert.equal((await picksOf("film=3")).similar[0]?.filmId, "4");
      assert.match((await picksOf("wallet=0x1234", 400)).message, /not an address/);
      assert.match((await picksOf("wallet=" + viewer3 + "&film=3", 400)).message, /a wallet or a film/);

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

        // The dapp is served too (its own tests: test/dapp.ts).
        assert.match(output, new RegExp(`Dapp: http://127\\.0\\.0\\.1:${dappPort}`));
      } finally {
        await browser.close();
        await player.close();
      }
    } finally {
      await platform.close();
    }
  });
});
