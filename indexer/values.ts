/**
 * Conversions between the host's values and graph-ts's: store values (entity fields), ethereum values
 * (event parameters, `ethereum.decode`) and BigDecimal, with graph-node's semantics.
 */
import type { AbiParameter } from "viem";
import { bytesToHex, hexToBytes } from "viem";

import type { AscHeap } from "./asc.js";
import type { Entity, FieldValue } from "./store.js";
import { MappingError } from "./store.js";
import type { EntityDef, SubgraphSchema } from "./schema.js";

/** graph-ts `ValueKind` of store values. */
const StoreKind = { STRING: 0, INT: 1, BIGDECIMAL: 2, BOOL: 3, ARRAY: 4, NULL: 5, BYTES: 6, BIGINT: 7, INT8: 8, TIMESTAMP: 9 } as const;
const KIND_OF_SCALAR: Record<string, number> = {
  ID: StoreKind.STRING,
  String: StoreKind.STRING,
  Int: StoreKind.INT,
  BigDecimal: StoreKind.BIGDECIMAL,
  Boolean: StoreKind.BOOL,
  Bytes: StoreKind.BYTES,
  BigInt: StoreKind.BIGINT,
  Int8: StoreKind.INT8,
  Timestamp: StoreKind.TIMESTAMP,
};
const KIND_NAMES = Object.keys(StoreKind);

/** graph-ts `ethereum.ValueKind`. */
const EthKind = { ADDRESS: 0, FIXED_BYTES: 1, BYTES: 2, INT: 3, UINT: 4, BOOL: 5, STRING: 6, FIXED_ARRAY: 7, ARRAY: 8, TUPLE: 9 } as const;

// ------------------------------------------------------------ BigDecimal

/** graph-node keeps 34 significant digits (decimal128's precision). */
const PRECISION = 34;

export interface Decimal {
  digits: bigint;
  exp: number;
}

export function normalizeDecimal(d: Decimal): Decimal {
  let { digits, exp } = d;
  if (digits === 0n) return { digits: 0n, exp: 0 };
  // Round to PRECISION significant digits (half away from zero), then drop trailing zeros.
  const length = (digits < 0n ? -digits : digits).toString().length;
  if (length > PRECISION) {
    const drop = BigInt(length - PRECISION);
    const scale = 10n ** drop;
    const half = scale / 2n;
    digits = digits < 0n ? -((-digits + half) / scale) : (digits + half) / scale;
    exp += Number(drop);
  }
  while (digits !== 0n && digits % 10n === 0n) {
    digits /= 10n;
    exp += 1;
  }
  return { digits, exp };
}

export function decimalToString(d: Decimal): string {
  const { digits, exp } = normalizeDecimal(d);
  const negative = digits < 0n;
  let s = (negative ? -digits : digits).toString();
  if (exp >= 0) s += "0".repeat(exp);
  else if (-exp >= s.length) s = "0." + "0".repeat(-exp - s.length) + s;
  else s = s.slice(0, s.length + exp) + "." + s.slice(s.length + exp);
  return (negative ? "-" : "") + s;
}

export function decimalFromString(s: string): Decimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) throw new MappingError(`failed to parse BigDecimal from \`${s}\``);
  const fraction = match[3] ?? "";
  const digits = BigInt((match[1] === "-" ? "-" : "") + ((match[2] ?? "") + fraction || "0"));
  return normalizeDecimal({ digits, exp: Number(match[4] ?? 0) - fraction.length });
}

export function divideDecimal(x: Decimal, y: Decimal): Decimal {
  if (y.digits === 0n) throw new MappingError("attempted to divide BigDecimal by zero");
  // Scale the dividend so that the quotient carries more than PRECISION digits, then round.
  const shift = PRECISION + 2 + Math.max(0, y.digits.toString().length - x.digits.toString().length);
  return normalizeDecimal({ digits: (x.digits * 10n ** BigInt(shift)) / y.digits, exp: x.exp - y.exp - shift });
}

export function alignDecimals(x: Decimal, y: Decimal): [bigint, bigint, number] {
  const exp = Math.min(x.exp, y.exp);
  return [x.digits * 10n ** BigInt(x.exp - exp), y.digits * 10n ** BigInt(y.exp - exp), exp];
}

export function readDecimal(heap: AscHeap, ptr: number): Decimal {
  return { digits: heap.readBigInt(heap.u32(ptr)), exp: Number(heap.readBigInt(heap.u32(ptr + 4))) };
}

export function writeDecimal(heap: AscHeap, d: Decimal): number {
  const n = normalizeDecimal(d);
  return heap.object([heap.bigInt(n.digits), heap.bigInt(BigInt(n.exp))], "BigDecimal");
}

// ------------------------------------------------------------ store values

/** Reads an Entity (TypedMap<string, Value>) a mapping passed to the host, checking kinds against the schema. */
export function readEntity(heap: AscHeap, ptr: number, def: EntityDef | null, schema: SubgraphSchema, id: string): Entity {
  const entity: Entity = {};
  for (const entryPtr of heap.readArray(heap.u32(ptr))) {
    const key = heap.readString(heap.u32(entryPtr));
    const valuePtr = heap.u32(entryPtr + 4);
    const field = def?.fields.get(key);
    if (def && !field) throw new MappingError(`Entity ${def.name}[${id}]: unknown field \`${key}\``);
    const expected = field ? KIND_OF_SCALAR[schema.storedScalar(field)]! : undefined;
    entity[key] = readStoreValue(heap, valuePtr, expected, field?.list ?? false, () => `Entity ${def?.name}[${id}], field \`${key}\``);
  }
  return entity;
}

function readStoreValue(heap: AscHeap, ptr: number, expected: number | undefined, list: boolean, where: () => string): FieldValue {
  const kind = heap.u32(ptr);
  const payload = ptr + 8;
  if (kind === StoreKind.NULL) return null;
  if (expected !== undefined) {
    const wanted = list ? StoreKind.ARRAY : expected;
    if (kind !== wanted) {
      throw new MappingError(`${where()}: expected a value of kind ${KIND_NAMES[wanted]} but got ${KIND_NAMES[kind] ?? kind}`);
    }
  }
  switch (kind) {
    case StoreKind.STRING:
      return heap.readString(heap.u32(payload));
    case StoreKind.INT:
      return heap.i32(payload);
    case StoreKind.BIGDECIMAL:
      return decimalToString(readDecimal(heap, heap.u32(payload)));
    case StoreKind.BOOL:
      return heap.u32(payload) !== 0;
    case StoreKind.ARRAY:
      return heap.readArray(heap.u32(payload)).map((item) => readStoreValue(heap, item, list ? expected : undefined, false, where));
    case StoreKind.BYTES:
      return bytesToHex(heap.readBytes(heap.u32(payload)));
    case StoreKind.BIGINT:
      return heap.readBigInt(heap.u32(payload));
    case StoreKind.INT8:
    case StoreKind.TIMESTAMP:
      return heap.i64(payload);
    default:
      throw new MappingError(`${where()}: unknown value kind ${kind}`);
  }
}

/** Writes an entity as the TypedMap<string, Value> graph-ts expects, typed by the schema. */
export function writeEntity(heap: AscHeap, entity: Entity, def: EntityDef | null, schema: SubgraphSchema): number {
  const entries: number[] = [];
  for (const [key, value] of Object.entries(entity)) {
    const field = def?.fields.get(key);
    const scalar = field ? schema.storedScalar(field) : inferScalar(value);
    const valuePtr = writeStoreValue(heap, value, scalar);
    entries.push(heap.object([heap.string(key), valuePtr], "TypedMapEntryStringStoreValue"));
  }
  return heap.object([heap.array(entries, "ArrayTypedMapEntryStringStoreValue")], "TypedMapStringStoreValue");
}

function writeStoreValue(heap: AscHeap, value: FieldValue, scalar: string): number {
  if (value === null) return heap.enumValue(StoreKind.NULL, 0n, "StoreValue");
  if (Array.isArray(value)) {
    const items = value.map((item) => writeStoreValue(heap, item, scalar));
    return heap.enumValue(StoreKind.ARRAY, BigInt(heap.array(items, "ArrayStoreValue")), "StoreValue");
  }
  switch (scalar) {
    case "ID":
    case "String":
      return heap.enumValue(StoreKind.STRING, BigInt(heap.string(value as string)), "StoreValue");
    case "Int":
      return heap.enumValue(StoreKind.INT, BigInt.asUintN(32, BigInt(value as number)), "StoreValue");
    case "BigDecimal":
      return heap.enumValue(StoreKind.BIGDECIMAL, BigInt(writeDecimal(heap, decimalFromString(value as string))), "StoreValue");
    case "Boolean":
      return heap.enumValue(StoreKind.BOOL, value ? 1n : 0n, "StoreValue");
    case "Bytes":
      return heap.enumValue(StoreKind.BYTES, BigInt(heap.bytes(hexToBytes(value as `0x${string}`))), "StoreValue");
    case "BigInt":
      return heap.enumValue(StoreKind.BIGINT, BigInt(heap.bigInt(value as bigint)), "StoreValue");
    case "Int8":
      return heap.enumValue(StoreKind.INT8, value as bigint, "StoreValue");
    case "Timestamp":
      return heap.enumValue(StoreKind.TIMESTAMP, value as bigint, "StoreValue");
    default:
      throw new Error(`cannot write a ${scalar}`);
  }
}

/** For data source contexts, which have no schema. */
function inferScalar(value: FieldValue): string {
  if (Array.isArray(value)) return value.length > 0 ? inferScalar(value[0]!) : "String";
  if (typeof value === "bigint") return "BigInt";
  if (typeof value === "number") return "Int";
  if (typeof value === "boolean") return "Boolean";
  if (typeof value === "string" && /^0x([0-9a-f]{2})*$/.test(value)) return "Bytes";
  return "String";
}

// ------------------------------------------------------------ ethereum values

/** Writes a decoded ABI value as an ethereum.Value. */
export function writeEthereumValue(heap: AscHeap, param: AbiParameter, value: unknown): number {
  const type = param.type;
  const arrayMatch = /^(.*)\[(\d*)\]$/.exec(type);
  if (arrayMatch) {
    const inner = { ...param, type: arrayMatch[1]! } as AbiParameter;
    const items = (value as unknown[]).map((item) => writeEthereumValue(heap, inner, item));
    const kind = arrayMatch[2] === "" ? EthKind.ARRAY : EthKind.FIXED_ARRAY;
    return heap.enumValue(kind, BigInt(heap.array(items, "ArrayEthereumValue")), "EthereumValue");
  }
  if (type === "tuple") {
    const components = (param as { components: readonly AbiParameter[] }).components;
    const items = components.map((component, i) =>
      writeEthereumValue(heap, component, Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[component.name!]),
    );
    return heap.enumValue(EthKind.TUPLE, BigInt(heap.array(items, "ArrayEthereumValue")), "EthereumValue");
  }
  if (type === "address") return heap.enumValue(EthKind.ADDRESS, BigInt(heap.bytes(hexToBytes(value as `0x${string}`))), "EthereumValue");
  if (type === "bool") return heap.enumValue(EthKind.BOOL, value ? 1n : 0n, "EthereumValue");
  if (type === "string") return heap.enumValue(EthKind.STRING, BigInt(heap.string(value as string)), "EthereumValue");
  if (type === "bytes") return heap.enumValue(EthKind.BYTES, BigInt(heap.bytes(hexToBytes(value as `0x${string}`))), "EthereumValue");
  if (type.startsWith("bytes")) return heap.enumValue(EthKind.FIXED_BYTES, BigInt(heap.bytes(hexToBytes(value as `0x${string}`))), "EthereumValue");
  if (type.startsWith("uint")) return heap.enumValue(EthKind.UINT, BigInt(heap.bigInt(BigInt(value as bigint | number))), "EthereumValue");
  if (type.startsWith("int")) return heap.enumValue(EthKind.INT, BigInt(heap.bigInt(BigInt(value as bigint | number))), "EthereumValue");
  throw new MappingError(`unsupported ABI type ${type}`);
}
