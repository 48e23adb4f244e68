import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { RateLimiter } from "@streamspace/functions/http/rate-limit";

import { startLocalDynamo, TEST_TABLES } from "../dev/dynamo.js";

/**
 * The functions' rate limits (DynamoDB, dynalite here) hold over any `windowSeconds`, not only within
 * one fixed window: a flood that straddles a window boundary is refused as one that does not.
 */
describe("the rate limiter", async () => {
  let dynamo: Awaited<ReturnType<typeof startLocalDynamo>>;
  let limiter: RateLimiter;
  before(async () => {
    dynamo = await startLocalDynamo();
    limiter = new RateLimiter(dynamo.client, TEST_TABLES.rateLimits);
  });
  after(() => dynamo.close());

  const flood = async (key: string, count: number, at: (i: number) => number) => {
    let allowed = 0;
    for (let i = 0; i < count; i++) if (await limiter.allow(key, 10, 60, at(i))) allowed++;
    return allowed;
  };
  const windowStart = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);

  it("allows the limit within a window, and refuses (without counting) the rest", async () => {
    assert.equal(await flood("a", 25, (i) => windowStart + 1_000 + i), 10);
    // A minute later the refused requests did not count: the limit is back in full.
    assert.equal(await flood("a", 25, (i) => windowStart + 121_000 + i), 10);
  });

  for (const [name, offset] of [["just before", 100], ["half way before", 30_000], ["just after", -100]] as const) {
    it(`holds for a flood that straddles a window's end (${name} it)`, async () => {
      const end = windowStart + 60_000;
      // A burst spread over five seconds around the window's end: at most the limit in any minute.
      const allowed = await flood(`b-${name}`, 40, (i) => end - offset - 2_500 + i * 125);
      assert.ok(allowed <= 10, `${allowed} requests got through in five seconds`);
      assert.ok(allowed >= 9, `only ${allowed} of the limit's 10 were allowed`);
    });
  }

  it("lets the previous window's requests age out of the sliding window", async () => {
    const start = windowStart + 600_000;
    assert.equal(await flood("c", 10, (i) => start + 59_000 + i), 10);
    // Half a minute into the next window, about half of the previous window's requests still count.
    assert.equal(await flood("c", 10, () => start + 90_000), 5);
    // A whole window later, none do.
    assert.equal(await flood("c", 20, () => start + 180_000), 10);
  });
});
