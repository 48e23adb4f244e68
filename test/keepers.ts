import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { network } from "hardhat";

import { popularityIndices } from "@streamspace/core/popularity";
import { NonceSafeSender } from "@streamspace/functions/chain/sender";
import { TxStore } from "@streamspace/functions/chain/tx-store";
import { runPopularity } from "@streamspace/functions/keepers/popularity";

import { seedDemo } from "../dev/demo/seed.js";
import { startLocalDynamo } from "../dev/dynamo.js";
import { accountsByRole, deployPlatform, localKeyOf, mined } from "../dev/platform.js";

/** The keepers on the seeded local platform, sending from their own keys through DynamoDB (dynalite). */
describe("the popularity keeper", async () => {
  const connection = await network.create();
  const publicClient = await connection.viem.getPublicClient();
  const roles = await accountsByRole(connection);
  const chainId = await publicClient.getChainId();
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let platform: Awaited<ReturnType<typeof deployPlatform>>;
  let sender: NonceSafeSender;
  let config: Parameters<typeof runPopularity>[0]["config"];

  before(async () => {
    dynamo = await startLocalDynamo();
    platform = await deployPlatform(connection);
    await seedDemo(connection, platform);
    sender = new NonceSafeSender({ account: localKeyOf("reporter"), publicClient, store: new TxStore(dynamo.client, "Transactions"), chainId });
    config = {
      payPerView: platform.payPerView.address,
      filmRegistry: platform.filmRegistry.address,
      curatorStaking: platform.curatorStaking.address,
    };
  });
  after(() => dynamo.close());

  const settledViews = async () => {
    const events = await publicClient.getContractEvents({ address: platform.payPerView.address, abi: platform.payPerView.abi, eventName: "PurchaseSettled", fromBlock: 0n });
    const views = new Map<bigint, bigint>();
    for (const e of events) views.set(e.args.filmId!, (views.get(e.args.filmId!) ?? 0n) + 1n);
    return views;
  };
  const onChain = async (filmId: bigint) => (await platform.curatorStaking.read.popularityOf([filmId])).index;

  it("posts P of every film from its paid views, relative to the average film, and only what changed", async () => {
    const run = await runPopularity({ publicClient, sender, config });
    const films = [1n, 2n, 3n, 4n];
    const expected = popularityIndices(films, await settledViews(), await platform.curatorStaking.read.POPULARITY_CEILING());
    assert.deepEqual(films.map((f) => run.indices.get(f)), expected);
    assert.ok(run.posted.length > 0 && run.transactions.length === 1, "one batch");
    for (const [i, f] of films.entries()) assert.equal(await onChain(f), expected[i], `film ${f}`);

    const again = await runPopularity({ publicClient, sender, config });
    assert.deepEqual(again.posted, [], "nothing changed: nothing posted");
    assert.deepEqual(again.transactions, []);
  });

  it("gives a deleted film 0 and shares the average among the films left", async () => {
    await mined(connection, platform.filmRegistry.write.setStatus([1n, 3], { account: roles.filmmakerAda }));
    const run = await runPopularity({ publicClient, sender, config });
    assert.equal(run.indices.get(1n), 0n);
    assert.equal(await onChain(1n), 0n);
    const views = await settledViews();
    views.delete(1n);
    const expected = popularityIndices([2n, 3n, 4n], views, await platform.curatorStaking.read.POPULARITY_CEILING());
    assert.deepEqual([2n, 3n, 4n].map((f) => run.indices.get(f)), expected);
  });

  it("counts only views inside its trailing window", async () => {
    await connection.networkHelpers.time.increase(8 * 86_400);
    const run = await runPopularity({ publicClient, sender, config: { ...config, windowSeconds: 7 * 86_400 } });
    assert.ok([...run.indices.values()].every((p) => p === 0n), "no paid view in the last 7 days");
    for (const f of [2n, 3n, 4n]) assert.equal(await onChain(f), 0n);
  });
});
