/**
 * The recommendation engine's model and its offline evaluation, on small hand-made histories whose
 * right answers are known (the generated planted data set is measured by `npm run bench`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ease, parseRatings, popularity, score, temporalSplit } from "@streamspace/core/recommend/evaluate";
import { type Interaction, type ItemInfo, ratingWeight, recommend, similar, train, verifiedViews } from "@streamspace/core/recommend/model";

const DAY = 86_400;
const NOW = 1_800_000_000;
const film = (id: string, over: Partial<ItemInfo> = {}): ItemInfo => ({ id, genres: ["drama"], languages: ["en"], owner: "0xada", createdAt: NOW - 400 * DAY, rentable: true, ...over });
const views = (user: string, items: string[], start = NOW - 100 * DAY): Interaction[] => items.map((item, k) => ({ user, item, timestamp: start + k * DAY }));

describe("the recommendation model", () => {
  // Two tastes: {a, b, c} and {x, y, z}; d is watched by everyone (popular), e by nobody yet.
  const catalogue = ["a", "b", "c", "d", "x", "y", "z"].map((id) => film(id, { genres: "abcd".includes(id) ? ["drama"] : ["comedy"] }));
  const interactions = [
    ...views("u1", ["a", "b", "c", "d"]),
    ...views("u2", ["a", "b", "c", "d"]),
    ...views("u3", ["a", "b", "d"]),
    ...views("u4", ["x", "y", "z", "d"]),
    ...views("u5", ["x", "y", "z", "d"]),
    ...views("u6", ["x", "d"]),
  ];

  it("recommends what viewers of the same films watched, because of a film the wallet watched; never what it watched", () => {
    const model = train(interactions, catalogue, {}, NOW);
    const picks = recommend(model, "u3", { limit: 3 });
    assert.equal(picks[0]!.film, "c", "the film its taste's viewers watched");
    assert.deepEqual(picks[0]!.reason.kind, "because_you_watched");
    assert.ok(["a", "b", "d"].includes((picks[0]!.reason as { film: string }).film));
    assert.ok(picks.every((p) => !["a", "b", "d"].includes(p.film)), "never a film it watched");
    const u6 = recommend(model, "u6", { limit: 2 }).map((p) => p.film);
    assert.deepEqual(new Set(u6), new Set(["y", "z"]), "the other taste");
  });

  it("leaves out what cannot be rented and what the wallet is watching now", () => {
    const model = train(interactions, catalogue.map((c) => (c.id === "c" ? { ...c, rentable: false } : c)), {}, NOW);
    assert.ok(!recommend(model, "u3").some((p) => p.film === "c"), "a delisted film");
    const open = train(interactions, catalogue, {}, NOW);
    assert.ok(!recommend(open, "u3", { exclude: ["c"] }).some((p) => p.film === "c"), "a film rented now");
    assert.ok(!similar(model, "a").some((s) => s.film === "c"));
  });

  it("starts a newcomer with what is popular, in its language first", () => {
    const withKorean = [...catalogue, film("k", { languages: ["ko"], genres: ["drama"] })];
    const model = train([...interactions, ...views("u7", ["k"])], withKorean, {}, NOW);
    const english = recommend(model, "0xnewcomer", { limit: 3 });
    assert.equal(english[0]!.film, "d", "the most watched film");
    assert.equal(english[0]!.reason.kind, "popular");
    const korean = recommend(model, "0xnewcomer", { limit: 8, language: "ko" });
    const k = korean.find((p) => p.film === "k")!;
    assert.deepEqual(k.reason, { kind: "popular_in_language", language: "ko" });
    assert.ok(korean.indexOf(k) < english.findIndex((p) => p.film === "k") || !english.some((p) => p.film === "k"), "ranked higher for a Korean speaker");
  });

  it("says when a film is new from a filmmaker the wallet watched", () => {
    const fresh = film("n", { owner: "0xluis", createdAt: NOW - 5 * DAY, genres: ["music"], languages: ["es"] });
    const model = train([...interactions, ...views("u8", ["m"])], [...catalogue, film("m", { owner: "0xluis" }), fresh], {}, NOW);
    const pick = recommend(model, "u8").find((p) => p.film === "n")!;
    assert.deepEqual(pick.reason, { kind: "new_from_filmmaker", filmmaker: "0xluis", film: "m" });
  });

  it("weighs ratings (a disliked film says less) and recency, and counts every verified view for loyalty", () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((r) => ratingWeight(r)), [0.3, 0.6, 1, 1.25, 1.5]);
    assert.equal(ratingWeight(undefined), 1);
    const model = train([...interactions, { user: "u1", item: "a", timestamp: NOW - DAY, rating: 5 }], catalogue, { halfLifeDays: 30 }, NOW);
    const u1 = model.users.u1!;
    const a = u1.items.indexOf(model.items.indexOf("a"));
    const b = u1.items.indexOf(model.items.indexOf("b"));
    assert.ok(u1.weights[a]! > u1.weights[b]! * 2, "a recent five-star view weighs more than an old unrated one");
    assert.equal(verifiedViews(model, "u1"), 5, "a film watched twice is two verified views");
    assert.equal(verifiedViews(model, "0xnobody"), 0);
  });

  it("lists the films a film's viewers also watched", () => {
    const model = train(interactions, catalogue, {}, NOW);
    const also = similar(model, "x", 10).map((s) => s.film);
    // Every viewer of x also watched d; two of them y and z; none a, b or c.
    assert.deepEqual(new Set(also), new Set(["d", "y", "z"]));
    assert.deepEqual(similar(model, "unknown"), []);
  });
});

describe("the offline evaluation", () => {
  it("parses the common ratings formats and names a bad line", () => {
    assert.deepEqual(parseRatings("1\t10\t5\t100\n2::20::3::200\n"), [
      { user: "1", item: "10", rating: 5, timestamp: 100 },
      { user: "2", item: "20", rating: 3, timestamp: 200 },
    ]);
    assert.throws(() => parseRatings("1\t10\t5\n"), /line 1 is not "user item rating timestamp"/);
  });

  it("holds out each user's last interaction by time", () => {
    const split = temporalSplit(parseRatings("u\ta\t5\t3\nu\tb\t5\t1\nu\tc\t5\t2\nv\ta\t5\t1\n"));
    assert.deepEqual(split.test.get("u"), new Set(["a"]), "the latest, whatever the file's order");
    assert.equal(split.test.has("v"), false, "too short a history to test");
    assert.deepEqual(split.train.map((x) => x.item).sort(), ["a", "b", "c"]);
  });

  it("scores NDCG@10, Recall@20 and coverage exactly", () => {
    const split = { train: [], test: new Map([["u", new Set(["c"])], ["v", new Set(["z"])]]) };
    const scores = score((user) => (user === "u" ? ["a", "b", "c"] : ["a"]), split, 10);
    assert.equal(scores.ndcg10, (1 / Math.log2(4) + 0) / 2);
    assert.equal(scores.recall20, 0.5);
    assert.equal(scores.coverage, 0.3);
  });

  it("EASE recommends the film co-watched with the user's, and popularity the most watched", () => {
    const data = parseRatings(["u1 a 5 1", "u1 b 5 2", "u2 a 5 1", "u2 b 5 2", "u3 a 5 1", "u4 c 5 1", "u5 c 5 1", "u6 c 5 1", "u7 c 5 1"].join("\n"));
    assert.deepEqual(ease(data, 1)("u3", 1), ["b"]);
    assert.deepEqual(popularity(data)("u3", 1), ["c"]);
  });
});
