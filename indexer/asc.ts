/**
 * The AssemblyScript heap of a mapping instance: reads and writes the objects graph-ts exchanges with
 * its host, laid out as AssemblyScript 0.19+ lays them out (what graph-node's AscHeap does).
 *
 * Every managed object has a 20-byte header before its payload; the host only needs the last two
 * words: the runtime class id at -8 and the payload size at -4. Objects are allocated with the
 * module's exported `__new(size, classId)` (graph-cli compiles with `--exportRuntime --runtime stub`:
 * nothing is ever collected, which is why a fresh instance runs each trigger, as in graph-node).
 * Class ids come from graph-ts's exported `id_of_type(TypeId)`.
 */

/** graph-ts's TypeId (global/global.ts), the index graph-node asks `id_of_type` about. */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayUint8Array: 14,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringStoreValue: 21,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumValue: 30,
  StoreValue: 31,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapStringStoreValue: 36,
} as const;
export type TypeIdName = keyof typeof TypeId;

export interface AscExports {
  memory: WebAssembly.Memory;
  __new(size: number, id: number): number;
  id_of_type(typeId: number): number;
  _start(): void;
  [handler: string]: unknown;
}

export class AscHeap {
  private readonly classIds = new Map<number, number>();
  private readonly utf16 = new TextDecoder("utf-16le");

  constructor(private readonly exports: AscExports) {}

  private get buffer(): ArrayBuffer {
    return this.exports.memory.buffer;
  }

  private view(): DataView {
    return new DataView(this.buffer);
  }

  classId(type: TypeIdName): number {
    const typeId = TypeId[type];
    let id = this.classIds.get(typeId);
    if (id === undefined) {
      id = this.exports.id_of_type(typeId) >>> 0;
      this.classIds.set(typeId, id);
    }
    return id;
  }

  /** A new object of `size` payload bytes and class `type`, zeroed. */
  alloc(size: number, type: TypeIdName): number {
    const ptr = this.exports.__new(size, this.classId(type)) >>> 0;
    new Uint8Array(this.buffer, ptr, size).fill(0);
    return ptr;
  }

  // ------------------------------------------------------------ primitives

  u32(ptr: number): number {
    return this.view().getUint32(ptr, true);
  }

  i32(ptr: number): number {
    return this.view().getInt32(ptr, true);
  }

  u64(ptr: number): bigint {
    return this.view().getBigUint64(ptr, true);
  }

  i64(ptr: number): bigint {
    return this.view().getBigInt64(ptr, true);
  }

  setU32(ptr: number, value: number): void {
    this.view().setUint32(ptr, value >>> 0, true);
  }

  setU64(ptr: number, value: bigint): void {
    this.view().setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }

  /** Payload size of a managed object (its header's rtSize). */
  size(ptr: number): number {
    return this.u32(ptr - 4);
  }

  // ------------------------------------------------------------ strings, buffers, typed arrays

  readString(ptr: number): string {
    if (ptr === 0) throw new Error("null string passed to the host");
    return this.utf16.decode(new Uint8Array(this.buffer, ptr, this.size(ptr)));
  }

  string(value: string): number {
    const ptr = this.alloc(value.length * 2, "String");
    const view = this.view();
    for (let i = 0; i < value.length; i++) view.setUint16(ptr + i * 2, value.charCodeAt(i), true);
    return ptr;
  }

  /** The bytes of a Uint8Array (Bytes, ByteArray, Address, BigInt): from dataStart, byteLength long. */
  readBytes(ptr: number): Uint8Array {
    if (ptr === 0) throw new Error("null bytes passed to the host");
    const dataStart = this.u32(ptr + 4);
    const byteLength = this.u32(ptr + 8);
    return new Uint8Array(this.buffer.slice(dataStart, dataStart + byteLength));
  }

  bytes(value: Uint8Array): number {
    const buffer = this.alloc(value.length, "ArrayBuffer");
    new Uint8Array(this.buffer, buffer, value.length).set(value);
    const ptr = this.alloc(12, "Uint8Array");
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, value.length);
    return ptr;
  }

  /** graph-ts BigInt: a Uint8Array of the number in signed little-endian two's complement. */
  readBigInt(ptr: number): bigint {
    return fromSignedLe(this.readBytes(ptr));
  }

  bigInt(value: bigint): number {
    return this.bytes(toSignedLe(value));
  }

  // ------------------------------------------------------------ arrays and objects

  /** Element pointers (or i32 values) of an Array<T> of 4-byte elements. */
  readArray(ptr: number): number[] {
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 12);
    const items: number[] = [];
    for (let i = 0; i < length; i++) items.push(this.u32(dataStart + i * 4));
    return items;
  }

  /** An Array<T> of 4-byte elements (pointers). */
  array(items: number[], type: TypeIdName): number {
    const buffer = this.alloc(items.length * 4, "ArrayBuffer");
    const view = this.view();
    items.forEach((item, i) => view.setUint32(buffer + i * 4, item >>> 0, true));
    const ptr = this.alloc(16, type);
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, items.length * 4);
    this.setU32(ptr + 12, items.length);
    return ptr;
  }

  /** An object whose fields are all pointers (or 4-byte values), in declaration order. */
  object(fields: number[], type: TypeIdName): number {
    const ptr = this.alloc(fields.length * 4, type);
    fields.forEach((field, i) => this.setU32(ptr + i * 4, field));
    return ptr;
  }

  /** An enum-like `{ kind: i32, data: u64 }` object (store Value, ethereum.Value). */
  enumValue(kind: number, data: bigint, type: "StoreValue" | "EthereumValue"): number {
    const ptr = this.alloc(16, type);
    this.setU32(ptr, kind);
    this.setU64(ptr + 8, data);
    return ptr;
  }
}

export function fromSignedLe(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  const negative = (bytes[bytes.length - 1]! & 0x80) !== 0;
  return negative ? value - (1n << BigInt(bytes.length * 8)) : value;
}

/** Minimal signed little-endian two's complement, as num-bigint's `to_signed_bytes_le` (0 -> [0]). */
export function toSignedLe(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, v));
    v >>= 8n;
    out.push(byte);
    const signBit = (byte & 0x80) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
}
