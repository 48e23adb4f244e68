/**
 * The local graph-node on subgraph features beyond the project's own subgraph: enums, interfaces and
 * Int8 ids answered as graph-node answers them, and every feature it does not run refused at load with one message naming
 * the feature and where it is used (never a partial index reported as healthy). Each case is a small
 * subgraph made in the test tree from the project's compiled one (its modules and ABIs), its manifest
 * or schema changed.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { parse, stringify } from "yaml";

import { QueryService } from "../indexer/graphql.js";
import { SubgraphSchema } from "../indexer/schema.js";
import { EntityStore, MappingError } from "../indexer/store.js";
import { CompiledSubgraph } from "../indexer/subgraph.js";

const BUILD = join(import.meta.dirname, "..", "subgraph", "build");

/** A copy of the compiled subgraph with its manifest (as parsed YAML) and schema changed. */
function variant(change: { manifest?: (m: Record<string, any>) => void; schema?: (s: string) => string }): string {
  const dir = mkdtempSync(join(tmpdir(), "streamspace-graph-node-"));
  cpSync(BUILD, dir, { recursive: true });
  const manifest = parse(readFileSync(join(dir, "subgraph.yaml"), "utf8")) as Record<string, any>;
  change.manifest?.(manifest);
  writeFileSync(join(dir, "subgraph.yaml"), stringify(manifest));
  const schemaFile = join(dir, manifest.schema.file);
  if (change.schema) writeFileSync(schemaFile, change.schema(readFileSync(schemaFile, "utf8")));
  return join(dir, "subgraph.yaml");
}

describe("the local graph-node, on features of other subgraphs", () => {
  it("loads the project's subgraph unchanged", () => {
    assert.ok(new CompiledSubgraph(variant({})).dataSources.length >= 8);
  });

  it("refuses at load, naming it and where, every manifest feature it does not run", () => {
    const cases: [string, (m: Record<string, any>) => void, RegExp][] = [
      ["block handlers", (m) => (m.dataSources[1].mapping.blockHandlers = [{ handler: "handleBlock" }]), /dataSources\[1\] \(FilmRegistry\): block handlers \(mapping\.blockHandlers: handleBlock\) is not supported by the local graph-node; nothing was indexed/],
      ["call handlers", (m) => (m.dataSources[2].mapping.callHandlers = [{ function: "purchase(uint256,uint256)", handler: "handlePurchaseCall" }]), /dataSources\[2\] \(PayPerView\): call handlers \(mapping\.callHandlers: handlePurchaseCall\)/],
      ["receipts", (m) => (m.dataSources[0].mapping.eventHandlers[0].receipt = true), /dataSources\[0\] \(StreamShare\): the event handler option `receipt` \(mapping\.eventHandlers: handleTransfer\)/],
      ["declared calls", (m) => (m.dataSources[0].mapping.eventHandlers[0].calls = { total: "StreamShare[event.address].totalSupply()" }), /the event handler option `calls`/],
      ["topic filters", (m) => (m.dataSources[0].mapping.eventHandlers[0].topic1 = ["0x0000000000000000000000000000000000000000"]), /the event handler option `topic1`/],
      ["an address-less data source", (m) => delete m.dataSources[0].source.address, /dataSources\[0\] \(StreamShare\): a data source without an address \(every contract's events\) is not supported/],
      ["a file data source", (m) => (m.templates[0].kind = "file/ipfs"), /templates\[0\] \(CrowdfundVault\): the data source kind `file\/ipfs`/],
      ["a template's block handler", (m) => (m.templates[0].mapping.blockHandlers = [{ handler: "handleVaultBlock" }]), /templates\[0\] \(CrowdfundVault\): block handlers/],
    ];
    for (const [name, change, message] of cases) {
      assert.throws(() => new CompiledSubgraph(variant({ manifest: change })), message, name);
    }
  });

  it("refuses at load, naming the type, every schema feature it does not run", () => {
    const cases: [string, string, RegExp][] = [
      ["a timeseries", "type Price @entity(timeseries: true) { id: Int8! timestamp: Timestamp! price: BigDecimal! }", /the timeseries `Price` \(@entity\(timeseries: true\)\)/],
      ["an aggregation", 'type PriceStats @aggregation(intervals: ["hour"], source: "Price") { id: Int8! timestamp: Timestamp! sum: BigDecimal! @aggregate(fn: "sum", arg: "price") }', /the aggregation `PriceStats` \(@aggregation\)/],
      ["full-text search", 'type _Schema_ @fulltext(name: "filmSearch", language: en, algorithm: rank, include: [{ entity: "Film", fields: [{ name: "metadataURI" }] }])', /full-text search/],
    ];
    for (const [name, addition, message] of cases) {
      assert.throws(() => new CompiledSubgraph(variant({ schema: (s) => `${s}\n${addition}\n` })), message, name);
    }
  });

  it("answers interfaces as graph-node does: queried over every implementing type, by id, filtered, sorted, with fragments", async () => {
    const schema = new SubgraphSchema(`
      interface Work { id: ID! title: String! year: Int! }
      type Film implements Work @entity { id: ID! title: String! year: Int! minutes: Int! }
      type Series implements Work @entity { id: ID! title: String! year: Int! episodes: Int! }
      type Award @entity { id: ID! name: String! work: Work! }
    `);
    const store = new EntityStore(schema);
    store.set("Film", "f1", { id: "f1", title: "Night Market", year: 2026, minutes: 92 });
    store.set("Series", "s1", { id: "s1", title: "Harbour", year: 2024, episodes: 6 });
    store.set("Film", "f2", { id: "f2", title: "Paper Boats", year: 2025, minutes: 80 });
    store.set("Award", "a1", { id: "a1", name: "Best series", work: "s1" });
    store.commit({ number: 1, hash: "0x01", timestamp: 1 });
    const service = new QueryService(schema, store, () => ({ block: { number: 1, hash: "0x01", timestamp: 1 }, deployment: "Qm", hasIndexingErrors: false }));
    const run = async (query: string) => {
      const result = await service.execute({ query });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return JSON.parse(JSON.stringify(result.data)) as Record<string, any>;
    };
    assert.match(service.sdl, /interface Work \{/);
    assert.match(service.sdl, /type Film implements Work \{/);
    const data = await run(`{
      works(orderBy: year, orderDirection: desc) { __typename id title ... on Film { minutes } ... on Series { episodes } }
      recent: works(where: { year_gte: 2025 }) { id }
      work(id: "s1") { __typename title }
      award(id: "a1") { work { __typename title ... on Series { episodes } } }
    }`);
    assert.deepEqual(data.works, [
      { __typename: "Film", id: "f1", title: "Night Market", minutes: 92 },
      { __typename: "Film", id: "f2", title: "Paper Boats", minutes: 80 },
      { __typename: "Series", id: "s1", title: "Harbour", episodes: 6 },
    ]);
    assert.deepEqual(data.recent.map((w: { id: string }) => w.id), ["f1", "f2"]);
    assert.deepEqual(data.work, { __typename: "Series", title: "Harbour" });
    assert.deepEqual(data.award.work, { __typename: "Series", title: "Harbour", episodes: 6 });
    // A type that claims an interface must have its fields.
    assert.throws(() => new SubgraphSchema("interface Work { id: ID! title: String! } type Film implements Work @entity { id: ID! }"), /Film implements Work but has no field `title`/);
  });

  it("keys entities by Int8 ids (numeric order and comparisons), as timeseries-style subgraphs do", async () => {
    const schema = new SubgraphSchema("type Counter @entity(immutable: true) { id: Int8! n: Int! }");
    const store = new EntityStore(schema);
    for (const id of [2n, 10n, 1n]) store.set("Counter", String(id), { id, n: Number(id) });
    store.commit({ number: 1, hash: "0x01", timestamp: 1 });
    const service = new QueryService(schema, store, () => ({ block: { number: 1, hash: "0x01", timestamp: 1 }, deployment: "Qm", hasIndexingErrors: false }));
    const result = await service.execute({ query: '{ counters(orderBy: id, orderDirection: desc) { id n } counter(id: "10") { id } above: counters(where: { id_gt: "1" }) { id } }' });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const data = JSON.parse(JSON.stringify(result.data)) as { counters: { id: string }[]; counter: { id: string }; above: { id: string }[] };
    assert.deepEqual(data.counters.map((c) => c.id), ["10", "2", "1"], "numeric, not text, order");
    assert.equal(data.counter.id, "10");
    assert.deepEqual(data.above.map((c) => c.id), ["2", "10"]);
  });

  it("stores enums as their values' names, refuses others, and answers enum filters as graph-node does", async () => {
    const schema = new SubgraphSchema(`
      enum Genre { Drama Comedy Documentary }
      type Show @entity { id: ID! genre: Genre! tags: [Genre!]! views: Int! }
    `);
    const store = new EntityStore(schema);
    store.set("Show", "1", { id: "1", genre: "Drama", tags: ["Drama"], views: 3 });
    store.set("Show", "2", { id: "2", genre: "Comedy", tags: ["Comedy", "Drama"], views: 3 });
    store.set("Show", "3", { id: "3", genre: "Documentary", tags: [], views: 1 });
    assert.throws(() => store.set("Show", "4", { id: "4", genre: "Western", tags: [], views: 0 }), (e: Error) => e instanceof MappingError && /`Western` is not a value of the enum Genre of field `genre` \(Drama, Comedy, Documentary\)/.test(e.message));
    assert.throws(() => store.set("Show", "5", { id: "5", genre: "Drama", tags: ["Horror"], views: 0 }), /`Horror` is not a value of the enum Genre of field `tags`/);
    store.commit({ number: 1, hash: "0x01", timestamp: 1 });
    const service = new QueryService(schema, store, () => ({ block: { number: 1, hash: "0x01", timestamp: 1 }, deployment: "Qm", hasIndexingErrors: false }));
    const ids = async (args: string) => {
      const result = await service.execute({ query: `{ shows${args} { id genre } }` });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return (result.data!.shows as { id: string }[]).map((s) => s.id);
    };
    assert.deepEqual(await ids("(where: { genre: Drama })"), ["1"]);
    assert.deepEqual(await ids("(where: { genre_not: Drama })"), ["2", "3"]);
    assert.deepEqual(await ids("(where: { genre_in: [Comedy, Documentary] })"), ["2", "3"]);
    assert.deepEqual(await ids("(where: { tags_contains: [Drama] })"), ["1", "2"]);
    // Sorted in the enum's declared order (Drama, Comedy, Documentary), as Postgres sorts graph-node's enums.
    assert.deepEqual(await ids("(orderBy: genre, orderDirection: desc)"), ["3", "2", "1"]);
    assert.deepEqual(await ids("(orderBy: genre)"), ["1", "2", "3"]);
    // An enum takes only equality and membership (graph-node's filters for enums), and only its values.
    const wrong = await service.execute({ query: "{ shows(where: { genre_contains: Drama }) { id } }" });
    assert.match(wrong.errors![0]!.message, /genre_contains/);
    const unknown = await service.execute({ query: "{ shows(where: { genre: Western }) { id } }" });
    assert.match(unknown.errors![0]!.message, /Western/);
    const { data } = await service.execute({ query: '{ show(id: "2") { genre tags } }' });
    assert.deepEqual(JSON.parse(JSON.stringify(data!.show)), { genre: "Comedy", tags: ["Comedy", "Drama"] });
  });
});
