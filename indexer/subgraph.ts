/**
 * A compiled subgraph as `graph build` leaves it in subgraph/build/: the manifest, the schema, the
 * ABIs and one WebAssembly module per data source and template. Loading checks what graph-node checks
 * when a subgraph is deployed: every handler's event exists in its ABI and the module exports the
 * handler, and every function the module imports is one this host provides.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

import type { Abi, AbiEvent } from "viem";
import { toEventSelector } from "viem";
import { parse as parseYaml } from "yaml";

import { missingImports } from "./host.js";
import { SubgraphSchema } from "./schema.js";

export interface EventHandler {
  /** The manifest's signature, e.g. `Transfer(indexed address,indexed address,uint256)`. */
  signature: string;
  handler: string;
  topic0: `0x${string}`;
  abiEvent: AbiEvent;
}

export interface DataSourceSpec {
  name: string;
  network: string;
  /** Lower-case address; undefined for a template. */
  address?: string;
  startBlock: number;
  module: WebAssembly.Module;
  handlers: Map<string, EventHandler>; // by topic0
}

interface ManifestDataSource {
  kind: string;
  name: string;
  network: string;
  source: { address?: string; abi: string; startBlock?: number };
  mapping: {
    file: string;
    abis: { name: string; file: string }[];
    eventHandlers?: ({ event: string; handler: string } & Record<string, unknown>)[];
    blockHandlers?: { handler: string }[];
    callHandlers?: { function: string; handler: string }[];
  };
}

/** Thrown at load for what the local graph-node does not do: it names the feature and where it is used. */
export class UnsupportedFeatureError extends Error {}

/**
 * What this indexer cannot run is refused before anything is indexed (never a partial index reported
 * as healthy): block and call handlers, event handlers asking for receipts or declared calls or topic
 * filters, data sources without an address, other kinds (files, Arweave, substreams).
 */
function refuseUnsupported(ds: ManifestDataSource, where: string): void {
  const refuse = (feature: string) => {
    throw new UnsupportedFeatureError(`${where} (${ds.name}): ${feature} is not supported by the local graph-node; nothing was indexed`);
  };
  if (ds.kind !== "ethereum/contract" && ds.kind !== "ethereum") refuse(`the data source kind \`${ds.kind}\``);
  if (ds.mapping.blockHandlers?.length) refuse(`block handlers (mapping.blockHandlers: ${ds.mapping.blockHandlers.map((h) => h.handler).join(", ")})`);
  if (ds.mapping.callHandlers?.length) refuse(`call handlers (mapping.callHandlers: ${ds.mapping.callHandlers.map((h) => h.handler).join(", ")})`);
  for (const h of ds.mapping.eventHandlers ?? []) {
    const extra = Object.keys(h).filter((k) => k !== "event" && k !== "handler" && !(k === "receipt" && h.receipt === false));
    if (extra.length > 0) refuse(`the event handler option${extra.length > 1 ? "s" : ""} ${extra.map((k) => `\`${k}\``).join(", ")} (mapping.eventHandlers: ${h.handler})`);
  }
}

export class CompiledSubgraph {
  readonly schema: SubgraphSchema;
  readonly dataSources: DataSourceSpec[];
  readonly templates: Map<string, DataSourceSpec>;

  /** @param manifestFile subgraph/build/subgraph.yaml */
  constructor(readonly manifestFile: string) {
    const dir = dirname(manifestFile);
    const manifest = parseYaml(readFileSync(manifestFile, "utf8")) as {
      schema: { file: string };
      dataSources: ManifestDataSource[];
      templates?: ManifestDataSource[];
    };
    this.schema = new SubgraphSchema(readFileSync(join(dir, manifest.schema.file), "utf8"));
    const modules = new Map<string, WebAssembly.Module>();
    const load = (ds: ManifestDataSource, where: string): DataSourceSpec => {
      refuseUnsupported(ds, where);
      let module = modules.get(ds.mapping.file);
      if (!module) {
        module = new WebAssembly.Module(readFileSync(join(dir, ds.mapping.file)));
        const missing = missingImports(module);
        if (missing.length > 0) {
          throw new UnsupportedFeatureError(`${where} (${ds.name}): the mapping imports host functions the local graph-node does not provide: ${missing.join(", ")} (it has no ethereum.call, ipfs, json or ens); nothing was indexed`);
        }
        modules.set(ds.mapping.file, module);
      }
      const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
      const abiFile = ds.mapping.abis.find((a) => a.name === ds.source.abi);
      if (!abiFile) throw new Error(`${ds.name}: ABI ${ds.source.abi} is not listed`);
      const abi = JSON.parse(readFileSync(join(dir, abiFile.file), "utf8")) as Abi;
      const handlers = new Map<string, EventHandler>();
      for (const { event, handler } of ds.mapping.eventHandlers ?? []) {
        const abiEvent = abi.find((item): item is AbiEvent => item.type === "event" && manifestSignature(item) === event);
        if (!abiEvent) throw new Error(`${ds.name}: event \`${event}\` is not in the ABI ${ds.source.abi}`);
        if (!exported.has(handler)) throw new Error(`${ds.name}: the mapping does not export the handler \`${handler}\``);
        const topic0 = toEventSelector(abiEvent);
        handlers.set(topic0, { signature: event, handler, topic0, abiEvent });
      }
      return {
        name: ds.name,
        network: ds.network,
        address: ds.source.address?.toLowerCase(),
        startBlock: ds.source.startBlock ?? 0,
        module,
        handlers,
      };
    };
    this.dataSources = manifest.dataSources.map((ds, i) => {
      if (!ds.source?.address) {
        throw new UnsupportedFeatureError(`dataSources[${i}] (${ds.name}): a data source without an address (every contract's events) is not supported by the local graph-node; nothing was indexed`);
      }
      return load(ds, `dataSources[${i}]`);
    });
    this.templates = new Map((manifest.templates ?? []).map((t, i) => [t.name, load(t, `templates[${i}]`)]));
  }
}

/** An ABI event as a manifest names it: `Name(indexed type,type,...)`, tuples spelled out. */
export function manifestSignature(event: AbiEvent): string {
  return `${event.name}(${event.inputs.map((i) => (i.indexed ? "indexed " : "") + abiType(i)).join(",")})`;
}

function abiType(param: { type: string; components?: readonly { type: string; components?: unknown }[] }): string {
  if (param.type.startsWith("tuple")) {
    const components = (param.components ?? []) as { type: string; components?: readonly { type: string }[] }[];
    return `(${components.map(abiType).join(",")})${param.type.slice("tuple".length)}`;
  }
  return param.type;
}
