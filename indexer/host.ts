/**
 * The graph-ts host functions a mapping imports, with graph-node's semantics: the store, BigInt and
 * BigDecimal arithmetic, type conversions, keccak256, logging, data sources and `ethereum.decode`.
 * graph-node links imports by name whatever their module, and so does this. A module importing a
 * function missing here is refused when it is loaded (see `missingImports`), naming the function.
 */
import { bytesToHex, decodeAbiParameters, getAddress, hexToBytes, keccak256, parseAbiParameters } from "viem";

import { base58 } from "@streamspace/core/cid";
import type { AscHeap } from "./asc.js";
import type { DynamicDataSource, Entity, EntityStore } from "./store.js";
import { MappingError } from "./store.js";
import type { Decimal } from "./values.js";
import {
  alignDecimals,
  decimalFromString,
  decimalToString,
  divideDecimal,
  normalizeDecimal,
  readDecimal,
  readEntity,
  writeDecimal,
  writeEntity,
  writeEthereumValue,
} from "./values.js";

/** What the host knows about the trigger being handled. */
export interface TriggerContext {
  heap: AscHeap;
  store: EntityStore;
  network: string;
  dataSource: { name: string; address: string; context: Entity | null };
  blockNumber: number;
  /** Templates a handler may instantiate. */
  templates: Set<string>;
  log: (level: LogLevel, message: string) => void;
}

export type LogLevel = "critical" | "error" | "warning" | "info" | "debug";
const LEVELS: LogLevel[] = ["critical", "error", "warning", "info", "debug"];

type HostFunction = (ctx: TriggerContext, ...args: number[]) => number | bigint | void;

function bigIntBinary(op: (x: bigint, y: bigint) => bigint): HostFunction {
  return (ctx, x, y) => ctx.heap.bigInt(op(ctx.heap.readBigInt(x!), ctx.heap.readBigInt(y!)));
}

function decimalBinary(op: (x: Decimal, y: Decimal) => Decimal): HostFunction {
  return (ctx, x, y) => writeDecimal(ctx.heap, op(readDecimal(ctx.heap, x!), readDecimal(ctx.heap, y!)));
}

const HOST: Record<string, HostFunction> = {
  // graph-ts's `abort`: an assertion or a thrown error in the mapping.
  abort: (ctx, message, file, line, column) => {
    const text = message ? ctx.heap.readString(message) : "(no message)";
    const where = file ? ctx.heap.readString(file) : "(unknown file)";
    throw new MappingError(`Mapping aborted at ${where}, line ${line}, column ${column}, with message: ${text}`);
  },

  // ---------------------------------------------------------- store
  "store.get": (ctx, type, id) => {
    const entityType = ctx.heap.readString(type!);
    const entity = ctx.store.get(entityType, ctx.heap.readString(id!));
    return entity ? writeEntity(ctx.heap, entity, ctx.store.schema.entity(entityType), ctx.store.schema) : 0;
  },
  "store.get_in_block": (ctx, type, id) => {
    const entityType = ctx.heap.readString(type!);
    const entity = ctx.store.getInBlock(entityType, ctx.heap.readString(id!));
    return entity ? writeEntity(ctx.heap, entity, ctx.store.schema.entity(entityType), ctx.store.schema) : 0;
  },
  "store.set": (ctx, type, id, data) => {
    const entityType = ctx.heap.readString(type!);
    const key = ctx.heap.readString(id!);
    const def = ctx.store.schema.entity(entityType);
    ctx.store.set(entityType, key, readEntity(ctx.heap, data!, def, ctx.store.schema, key));
  },
  "store.remove": (ctx, type, id) => {
    ctx.store.remove(ctx.heap.readString(type!), ctx.heap.readString(id!));
  },
  "store.loadRelated": (ctx, type, id, field) => {
    const entityType = ctx.heap.readString(type!);
    const def = ctx.store.schema.entity(entityType);
    const fieldName = ctx.heap.readString(field!);
    const derived = def.fields.get(fieldName);
    if (!derived?.derivedFrom) throw new MappingError(`${entityType}.${fieldName} is not a derived field`);
    const related = ctx.store.related(derived.type, derived.derivedFrom, ctx.heap.readString(id!));
    const relatedDef = ctx.store.schema.entity(derived.type);
    return ctx.heap.array(
      related.map((e) => writeEntity(ctx.heap, e, relatedDef, ctx.store.schema)),
      "ArrayTypedMapEntryStringStoreValue",
    );
  },

  // ---------------------------------------------------------- BigInt
  "bigInt.plus": bigIntBinary((x, y) => x + y),
  "bigInt.minus": bigIntBinary((x, y) => x - y),
  "bigInt.times": bigIntBinary((x, y) => x * y),
  "bigInt.dividedBy": bigIntBinary((x, y) => {
    if (y === 0n) throw new MappingError("attempted to divide BigInt by zero");
    return x / y; // truncates toward zero, as num-bigint does
  }),
  "bigInt.mod": bigIntBinary((x, y) => {
    if (y === 0n) throw new MappingError("attempted to calculate the remainder of BigInt with a divisor of zero");
    return x % y;
  }),
  "bigInt.bitOr": bigIntBinary((x, y) => x | y),
  "bigInt.bitAnd": bigIntBinary((x, y) => x & y),
  "bigInt.pow": (ctx, x, exp) => ctx.heap.bigInt(ctx.heap.readBigInt(x!) ** BigInt(exp! & 0xff)),
  "bigInt.leftShift": (ctx, x, bits) => ctx.heap.bigInt(ctx.heap.readBigInt(x!) << BigInt(bits! & 0xff)),
  "bigInt.rightShift": (ctx, x, bits) => ctx.heap.bigInt(ctx.heap.readBigInt(x!) >> BigInt(bits! & 0xff)),
  "bigInt.fromString": (ctx, s) => {
    const text = ctx.heap.readString(s!);
    if (!/^-?\d+$/.test(text)) throw new MappingError(`failed to parse BigInt from \`${text}\``);
    return ctx.heap.bigInt(BigInt(text));
  },
  "bigInt.dividedByDecimal": (ctx, x, y) =>
    writeDecimal(ctx.heap, divideDecimal({ digits: ctx.heap.readBigInt(x!), exp: 0 }, readDecimal(ctx.heap, y!))),

  // ---------------------------------------------------------- BigDecimal
  "bigDecimal.plus": decimalBinary((x, y) => {
    const [a, b, exp] = alignDecimals(x, y);
    return normalizeDecimal({ digits: a + b, exp });
  }),
  "bigDecimal.minus": decimalBinary((x, y) => {
    const [a, b, exp] = alignDecimals(x, y);
    return normalizeDecimal({ digits: a - b, exp });
  }),
  "bigDecimal.times": decimalBinary((x, y) => normalizeDecimal({ digits: x.digits * y.digits, exp: x.exp + y.exp })),
  "bigDecimal.dividedBy": decimalBinary(divideDecimal),
  "bigDecimal.equals": (ctx, x, y) => {
    const [a, b] = alignDecimals(readDecimal(ctx.heap, x!), readDecimal(ctx.heap, y!));
    return a === b ? 1 : 0;
  },
  "bigDecimal.toString": (ctx, x) => ctx.heap.string(decimalToString(readDecimal(ctx.heap, x!))),
  "bigDecimal.fromString": (ctx, s) => writeDecimal(ctx.heap, decimalFromString(ctx.heap.readString(s!))),

  // ---------------------------------------------------------- conversions and crypto
  "typeConversion.bytesToString": (ctx, b) =>
    ctx.heap.string(new TextDecoder().decode(ctx.heap.readBytes(b!)).replace(/\u0000+$/, "")),
  "typeConversion.bytesToHex": (ctx, b) => ctx.heap.string(bytesToHex(ctx.heap.readBytes(b!))),
  "typeConversion.bigIntToString": (ctx, b) => ctx.heap.string(ctx.heap.readBigInt(b!).toString()),
  "typeConversion.bigIntToHex": (ctx, b) => {
    const n = ctx.heap.readBigInt(b!);
    return ctx.heap.string((n < 0n ? "-0x" : "0x") + (n < 0n ? -n : n).toString(16));
  },
  "typeConversion.stringToH160": (ctx, s) => {
    const text = ctx.heap.readString(s!);
    const hex = text.startsWith("0x") ? text : `0x${text}`;
    if (!/^0x[0-9a-fA-F]{40}$/.test(hex)) throw new MappingError(`Failed to convert string to Address/H160: '${text}'`);
    return ctx.heap.bytes(hexToBytes(hex as `0x${string}`));
  },
  "typeConversion.bytesToBase58": (ctx, b) => ctx.heap.string(base58(ctx.heap.readBytes(b!))),
  "crypto.keccak256": (ctx, b) => ctx.heap.bytes(hexToBytes(keccak256(ctx.heap.readBytes(b!)))),

  // ---------------------------------------------------------- logging
  "log.log": (ctx, level, message) => {
    const text = ctx.heap.readString(message!);
    const name = LEVELS[level!] ?? "info";
    ctx.log(name, text);
    // graph-node fails the subgraph on a critical log.
    if (name === "critical") throw new MappingError(`Critical error logged in mapping: ${text}`);
  },

  // ---------------------------------------------------------- data sources
  "dataSource.create": (ctx, name, params) => createDataSource(ctx, name!, params!, 0),
  "dataSource.createWithContext": (ctx, name, params, context) => createDataSource(ctx, name!, params!, context!),
  "dataSource.address": (ctx) => ctx.heap.bytes(hexToBytes(ctx.dataSource.address as `0x${string}`)),
  "dataSource.network": (ctx) => ctx.heap.string(ctx.network),
  "dataSource.context": (ctx) => writeEntity(ctx.heap, ctx.dataSource.context ?? {}, null, ctx.store.schema),

  // ---------------------------------------------------------- ethereum
  "ethereum.decode": (ctx, types, data) => {
    const signature = ctx.heap.readString(types!);
    const bytes = ctx.heap.readBytes(data!);
    try {
      // graph-node takes one type, e.g. `(uint256,address)` or `uint256[]`.
      const params = parseAbiParameters(signature.startsWith("(") ? signature.slice(1, -1) : signature);
      const param = signature.startsWith("(") ? ({ type: "tuple", components: params } as const) : params[0]!;
      const [value] = decodeAbiParameters([param], bytesToHex(bytes));
      return writeEthereumValue(ctx.heap, param, value);
    } catch {
      return 0; // graph-node returns null when the data does not decode
    }
  },
};

function createDataSource(ctx: TriggerContext, namePtr: number, paramsPtr: number, contextPtr: number): void {
  const name = ctx.heap.readString(namePtr);
  if (!ctx.templates.has(name)) throw new MappingError(`Failed to create data source from name \`${name}\`: no template with that name`);
  const params = ctx.heap.readArray(paramsPtr).map((p) => ctx.heap.readString(p));
  if (params.length !== 1 || !/^0x[0-9a-fA-F]{40}$/.test(params[0]!)) {
    throw new MappingError(`Failed to create data source \`${name}\`: expected one address parameter, got ${JSON.stringify(params)}`);
  }
  const context = contextPtr ? readEntity(ctx.heap, contextPtr, null, ctx.store.schema, "context") : null;
  const dataSource: DynamicDataSource = {
    template: name,
    address: getAddress(params[0]!).toLowerCase(),
    context,
    createdAtBlock: ctx.blockNumber,
  };
  ctx.store.addDataSource(dataSource);
  ctx.log("info", `Create data source: template ${name}, address ${dataSource.address}`);
}

/** The names a module imports that the host does not provide. */
export function missingImports(module: WebAssembly.Module): string[] {
  return WebAssembly.Module.imports(module)
    .filter((i) => i.kind === "function" && !(i.name in HOST))
    .map((i) => `${i.module}.${i.name}`);
}

/** The import object for a module, each function bound to the trigger being handled. */
export function hostImports(module: WebAssembly.Module, current: () => TriggerContext): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const i of WebAssembly.Module.imports(module)) {
    if (i.kind !== "function") continue;
    const fn = HOST[i.name];
    if (!fn) throw new Error(`the mapping imports \`${i.module}.${i.name}\`, which this indexer does not provide`);
    (imports[i.module] ??= {})[i.name] = (...args: number[]) => fn(current(), ...args);
  }
  return imports;
}
