/**
 * The subgraph manifest against the contracts: every event of every contract is handled with the
 * ABI's exact name, parameter types and indexed flags, or listed in subgraph/unhandled-events.json
 * with the reason; the local addresses are those of a fresh local deployment.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { network } from "hardhat";
import type { Abi, AbiEvent } from "viem";
import { parse as parseYaml } from "yaml";

import { SubgraphSchema } from "../indexer/schema.js";
import { manifestSignature } from "../indexer/subgraph.js";
import { deployedContracts, deployPlatform } from "../dev/platform.js";
import { abiOf, SUBGRAPH_CONTRACTS } from "../dev/artifacts.js";

const SUBGRAPH = join(import.meta.dirname, "..", "subgraph");

interface ManifestSource {
  name: string;
  source: { abi: string; address?: string; startBlock?: number };
  mapping: { eventHandlers: { event: string; handler: string }[] };
}
interface Manifest {
  dataSources: ManifestSource[];
  templates: ManifestSource[];
}
type Unhandled = Record<string, Record<string, string>>;

/** Every disagreement between the manifest and the contracts' ABIs, in words. */
export function manifestProblems(manifest: Manifest, abis: Record<string, Abi>, unhandled: Unhandled): string[] {
  const problems: string[] = [];
  const sources = [...manifest.dataSources, ...manifest.templates];
  for (const contract of Object.keys(abis)) {
    if (!sources.some((s) => s.source.abi === contract)) problems.push(`${contract}: no data source or template`);
  }
  for (const source of sources) {
    const abi = abis[source.source.abi];
    if (!abi) {
      problems.push(`${source.name}: unknown ABI ${source.source.abi}`);
      continue;
    }
    const events = abi.filter((item): item is AbiEvent => item.type === "event");
    const signatures = new Set(events.map(manifestSignature));
    const handled = new Set<string>();
    for (const { event } of source.mapping.eventHandlers) {
      if (!signatures.has(event)) problems.push(`${source.name}: \`${event}\` matches no event of the contract (name, types or indexed flags differ)`);
      handled.add(event.slice(0, event.indexOf("(")));
    }
    for (const event of events) {
      if (handled.has(event.name) && signatures.has(manifestSignature(event))) continue;
      const reason = unhandled[source.name]?.[event.name] ?? unhandled["*"]?.[event.name];
      if (!reason) problems.push(`${source.name}: event \`${manifestSignature(event)}\` has no handler and no reason to be left out`);
    }
  }
  for (const [contract, events] of Object.entries(unhandled)) {
    if (contract === "$comment" || contract === "*") continue;
    const abi = abis[contract];
    for (const name of Object.keys(events)) {
      if (!abi?.some((item) => item.type === "event" && item.name === name)) problems.push(`${contract}: unhandled-events lists \`${name}\`, which it does not emit`);
    }
  }
  return problems;
}

async function load() {
  const manifest = parseYaml(readFileSync(join(SUBGRAPH, "subgraph.yaml"), "utf8")) as Manifest;
  const unhandled = JSON.parse(readFileSync(join(SUBGRAPH, "unhandled-events.json"), "utf8")) as Unhandled;
  const abis = Object.fromEntries(await Promise.all(SUBGRAPH_CONTRACTS.map(async (c) => [c, (await abiOf(c)) as Abi] as const)));
  return { manifest, unhandled, abis };
}

describe("the subgraph manifest", () => {
  it("handles every contract event with its exact signature, or says why not", async () => {
    const { manifest, unhandled, abis } = await load();
    assert.deepEqual(manifestProblems(manifest, abis, unhandled), []);
  });

  it("fails on a wrong indexed flag, a wrong type, a renamed event or an event without a handler", async () => {
    const { manifest, unhandled, abis } = await load();
    const mutate = (edit: (m: Manifest) => void) => {
      const copy = structuredClone(manifest);
      edit(copy);
      return manifestProblems(copy, abis, unhandled);
    };
    const registry = (m: Manifest) => m.dataSources.find((d) => d.name === "FilmRegistry")!.mapping.eventHandlers;
    assert.match(
      mutate((m) => (registry(m)[0]!.event = "FilmRegistered(uint256,indexed address,string,uint256,uint256)")).join(),
      /matches no event/,
    );
    assert.match(mutate((m) => (registry(m)[0]!.event = "FilmRegistered(indexed uint256,indexed address,string,uint128,uint256)")).join(), /matches no event/);
    assert.match(mutate((m) => (registry(m)[0]!.event = "FilmCreated(indexed uint256,indexed address,string,uint256,uint256)")).join(), /FilmRegistered.*has no handler/);
    assert.match(mutate((m) => registry(m).pop()).join(), /has no handler and no reason/);
    const withNewEvent = { ...abis, FilmRegistry: [...abis.FilmRegistry!, { type: "event", name: "FilmRated", inputs: [], anonymous: false } as AbiEvent] };
    assert.match(manifestProblems(manifest, withNewEvent, unhandled).join(), /FilmRated\(\)/);
  });

  it("describes every entity and every field of the schema", () => {
    const schema = new SubgraphSchema(readFileSync(join(SUBGRAPH, "schema.graphql"), "utf8"));
    const undocumented: string[] = [];
    for (const entity of schema.entities.values()) {
      if (!entity.description) undocumented.push(entity.name);
      for (const field of entity.fields.values()) if (!field.description) undocumented.push(`${entity.name}.${field.name}`);
    }
    assert.deepEqual(undocumented, []);
    assert.ok(schema.entities.size >= 30);
  });

  it("carries the addresses of a fresh local deployment, the same as networks.json", async () => {
    const { manifest } = await load();
    const networks = JSON.parse(readFileSync(join(SUBGRAPH, "networks.json"), "utf8")) as { localhost: Record<string, { address: string; startBlock: number }> };
    const connection = await network.create();
    const platform = await deployPlatform(connection);
    const deployed = deployedContracts(platform, 1);
    for (const source of manifest.dataSources) {
      const address = deployed[source.name as keyof typeof deployed]?.address.toLowerCase();
      assert.ok(address, `${source.name} is deployed`);
      assert.equal(source.source.address?.toLowerCase(), address, `${source.name} in subgraph.yaml`);
      assert.equal(networks.localhost[source.name]?.address.toLowerCase(), address, `${source.name} in networks.json`);
      assert.equal(source.source.startBlock, networks.localhost[source.name]?.startBlock);
    }
  });
});
