/**
 * Runs a compiled subgraph against a chain as graph-node does: follows the chain block by block,
 * runs every matching event's handler in log order (a fresh WebAssembly instance per trigger), keeps a
 * block's entity changes only if all its handlers succeed, and stops at the first handler that fails,
 * recording the block and the message (graph-node's deterministic subgraph failure).
 */
import type { AbiEvent, Hex } from "viem";
import { decodeEventLog, hexToBytes, http } from "viem";

import { AscHeap } from "./asc.js";
import type { AscExports } from "./asc.js";
import type { LogLevel, TriggerContext } from "./host.js";
import { hostImports } from "./host.js";
import type { BlockPointer, DynamicDataSource } from "./store.js";
import { EntityStore, MappingError } from "./store.js";
import type { CompiledSubgraph, DataSourceSpec } from "./subgraph.js";
import { writeEthereumValue } from "./values.js";

export interface RpcLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  blockHash: Hex;
  transactionHash: Hex;
  transactionIndex: Hex;
  logIndex: Hex;
  transactionLogIndex?: Hex;
}

interface RpcTransaction {
  hash: Hex;
  transactionIndex: Hex;
  from: Hex;
  to: Hex | null;
  value: Hex;
  gas: Hex;
  gasPrice?: Hex;
  input: Hex;
  nonce: Hex;
}

interface RpcBlock {
  number: Hex;
  hash: Hex;
  parentHash: Hex;
  sha3Uncles: Hex;
  miner: Hex;
  stateRoot: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  gasUsed: Hex;
  gasLimit: Hex;
  timestamp: Hex;
  difficulty?: Hex;
  totalDifficulty?: Hex;
  size?: Hex;
  baseFeePerGas?: Hex;
  transactions: RpcTransaction[];
}

/** JSON-RPC over HTTP, with batches (one round trip for many blocks). */
/**
 * The chain's JSON-RPC through viem's HTTP transport: calls made together go in one batched request,
 * and a failed request (a dropped connection, a node restarting, HTTP 429 or 5xx) is retried with
 * exponential backoff before the error reaches the indexer, on the first sync as in the follow loop.
 */
export class JsonRpc {
  private readonly transport: ReturnType<ReturnType<typeof http>>;

  constructor(readonly url: string, { retryCount = 6, retryDelayMs = 200 }: { retryCount?: number; retryDelayMs?: number } = {}) {
    this.transport = http(url, { batch: { batchSize: 200, wait: 0 }, retryCount, retryDelay: retryDelayMs, timeout: 30_000 })({ retryCount });
  }

  call<T>(method: string, params: unknown[]): Promise<T> {
    return this.transport.request({ method, params }) as Promise<T>;
  }

  /** Several calls at once: one HTTP request (viem batches what is asked in the same tick). */
  batch<T>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    return Promise.all(calls.map((c) => this.call<T>(c.method, c.params)));
  }
}

export interface IndexerOptions {
  subgraph: CompiledSubgraph;
  rpc: JsonRpc;
  /** Where the store persists (omit: in memory only). */
  dataDir?: string;
  /** Data source addresses and start blocks by name, instead of the manifest's (networks.json's job). */
  addresses?: Record<string, { address: string; startBlock: number }>;
  /** Blocks fetched per JSON-RPC round trip. */
  batchSize?: number;
  log?: (level: LogLevel, message: string) => void;
}

export interface IndexingFailure {
  block: number;
  handler: string;
  dataSource: string;
  message: string;
}

export class Indexer {
  readonly store: EntityStore;
  failure: IndexingFailure | null = null;
  eventsHandled = 0;
  private readonly subgraph: CompiledSubgraph;
  private readonly rpc: JsonRpc;
  private readonly staticSources: DataSourceSpec[];
  private readonly batchSize: number;
  private readonly log: (level: LogLevel, message: string) => void;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(options: IndexerOptions) {
    this.subgraph = options.subgraph;
    this.rpc = options.rpc;
    this.batchSize = options.batchSize ?? 500;
    this.log = options.log ?? ((level, message) => console.log(`[indexer] ${level.toUpperCase()} ${message}`));
    this.store = new EntityStore(options.subgraph.schema, options.dataDir);
    this.staticSources = options.subgraph.dataSources.map((ds) => {
      const override = options.addresses?.[ds.name];
      return override ? { ...ds, address: override.address.toLowerCase(), startBlock: override.startBlock } : ds;
    });
  }

  get startBlock(): number {
    return Math.min(...this.staticSources.map((ds) => ds.startBlock));
  }

  /** Indexes every block up to the chain head (or `target`), then returns. */
  async sync(target?: number): Promise<void> {
    if (this.failure) return;
    await this.checkChain();
    const head = target ?? Number(await this.rpc.call<Hex>("eth_blockNumber", []));
    let next = this.store.cursor ? this.store.cursor.number + 1 : this.startBlock;
    while (next <= head && !this.failure && !this.stopped) {
      await this.indexRange(next, Math.min(head, next + this.batchSize - 1));
      next = this.store.cursor!.number + 1;
    }
  }

  /** Follows the chain: syncs, then polls every `intervalMs`. */
  follow(intervalMs = 250): void {
    const loop = async () => {
      while (!this.stopped && !this.failure) {
        try {
          await this.sync();
        } catch (error) {
          this.log("error", `indexing: ${(error as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    };
    this.running = loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** The store was built from this chain: the block at its cursor must still have the same hash. */
  private async checkChain(): Promise<void> {
    const cursor = this.store.cursor;
    if (!cursor) return;
    const block = await this.rpc.call<RpcBlock | null>("eth_getBlockByNumber", [`0x${cursor.number.toString(16)}`, false]);
    if (!block || block.hash !== cursor.hash) {
      throw new Error(
        `the chain at block ${cursor.number} is not the one this store indexed (${cursor.hash}): ` +
          "start from an empty data directory",
      );
    }
  }

  private addressesOf(dataSources: DynamicDataSource[]): string[] {
    return [...this.staticSources.map((ds) => ds.address!), ...dataSources.map((ds) => ds.address)];
  }

  private async getLogs(from: number, to: number, addresses: string[]): Promise<RpcLog[]> {
    if (addresses.length === 0) return [];
    return this.rpc.call<RpcLog[]>("eth_getLogs", [
      { fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, address: addresses },
    ]);
  }

  /**
   * Indexes blocks `from`..`to`, or stops after a block whose handlers created data sources (their
   * addresses join the next range's log query).
   */
  private async indexRange(from: number, to: number): Promise<void> {
    const logs = await this.getLogs(from, to, this.addressesOf(this.store.dataSources));
    const byBlock = new Map<number, RpcLog[]>();
    for (const log of logs) {
      const n = Number(log.blockNumber);
      if (!byBlock.has(n)) byBlock.set(n, []);
      byBlock.get(n)!.push(log);
    }
    const numbers = [...new Set([...byBlock.keys(), to])].sort((a, b) => a - b);
    const blocks = await this.rpc.batch<RpcBlock>(
      numbers.map((n) => ({ method: "eth_getBlockByNumber", params: [`0x${n.toString(16)}`, byBlock.has(n)] })),
    );
    for (const block of blocks) {
      const blockLogs = byBlock.get(Number(block.number));
      if (blockLogs) {
        const sources = this.store.dataSources.length;
        if (!(await this.indexBlock(block, blockLogs))) return;
        if (this.store.dataSources.length > sources) return;
      } else {
        this.store.advance(pointer(block)); // the range's last block, without events
      }
    }
  }

  /** Runs a block's triggers; false if a handler failed (the block's changes are then dropped). */
  private async indexBlock(block: RpcBlock, logs: RpcLog[]): Promise<boolean> {
    const number = Number(block.number);
    const queue = logs.slice().sort((a, b) => Number(a.logIndex) - Number(b.logIndex));
    const seen = new Set(queue.map((l) => l.logIndex));
    const transactions = new Map(block.transactions.map((tx) => [tx.hash, tx]));
    for (let i = 0; i < queue.length; i++) {
      const log = queue[i]!;
      const before = this.store.pendingDataSourceCount();
      const source = this.sourceFor(log.address.toLowerCase());
      const handler = source?.spec.handlers.get(log.topics[0]!);
      if (!source || !handler || number < source.spec.startBlock) continue; // before the data source's start block
      try {
        this.runHandler(source, handler, log, block, transactions.get(log.transactionHash)!);
        this.eventsHandled += 1;
      } catch (error) {
        this.store.discard();
        const message = (error as Error).message;
        this.failure = { block: number, handler: handler.handler, dataSource: source.spec.name, message };
        this.log(
          "critical",
          `Subgraph failed with a deterministic error: ${message}, block #${number} (${block.hash}), ` +
            `data source ${source.spec.name}, handler ${handler.handler}, transaction ${log.transactionHash}`,
        );
        return false;
      }
      // A data source created by this trigger indexes this block's later events too, then onwards.
      const created = this.store.pendingDataSources().slice(before);
      if (created.length > 0) {
        const more = await this.getLogs(number, number, created.map((ds) => ds.address));
        for (const extra of more) {
          if (seen.has(extra.logIndex)) continue;
          seen.add(extra.logIndex);
          queue.push(extra);
        }
        queue.splice(i + 1, queue.length - i - 1, ...queue.slice(i + 1).sort((a, b) => Number(a.logIndex) - Number(b.logIndex)));
      }
    }
    this.store.commit(pointer(block));
    return true;
  }

  private sourceFor(address: string): { spec: DataSourceSpec; address: string; context: DynamicDataSource["context"] } | null {
    const fixed = this.staticSources.find((ds) => ds.address === address);
    if (fixed) return { spec: fixed, address, context: null };
    const dynamic = [...this.store.dataSources, ...this.store.pendingDataSources()].find((ds) => ds.address === address);
    if (!dynamic) return null;
    return { spec: this.subgraph.templates.get(dynamic.template)!, address, context: dynamic.context };
  }

  private runHandler(
    source: { spec: DataSourceSpec; address: string; context: DynamicDataSource["context"] },
    handler: { handler: string; abiEvent: AbiEvent },
    log: RpcLog,
    block: RpcBlock,
    tx: RpcTransaction,
  ): void {
    let ctx: TriggerContext | null = null;
    const instance = new WebAssembly.Instance(source.spec.module, hostImports(source.spec.module, () => ctx!));
    const exports = instance.exports as unknown as AscExports;
    const heap = new AscHeap(exports);
    ctx = {
      heap,
      store: this.store,
      network: source.spec.network,
      dataSource: { name: source.spec.name, address: source.address, context: source.context },
      blockNumber: Number(block.number),
      templates: new Set(this.subgraph.templates.keys()),
      log: (level, message) => this.log(level, `${message} (data source ${source.spec.name}, block #${Number(block.number)})`),
    };
    exports._start();
    const event = this.writeEvent(heap, handler.abiEvent, log, block, tx);
    try {
      (exports[handler.handler] as (ptr: number) => void)(event);
    } catch (error) {
      if (error instanceof MappingError) throw error;
      // A trap in the module (unreachable, out of bounds...) or a host error.
      throw new MappingError(`${(error as Error).message}`);
    }
  }

  private writeEvent(heap: AscHeap, abiEvent: AbiEvent, log: RpcLog, block: RpcBlock, tx: RpcTransaction): number {
    const decoded = decodeEventLog({ abi: [abiEvent], data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true });
    const args = decoded.args as unknown as Record<string, unknown> | unknown[];
    const params = abiEvent.inputs.map((input, i) => {
      const value = Array.isArray(args) ? args[i] : args[input.name ?? String(i)];
      return heap.object([heap.string(input.name ?? ""), writeEthereumValue(heap, input, value)], "EventParam");
    });
    const big = (hex: Hex | undefined) => heap.bigInt(hex ? BigInt(hex) : 0n);
    const bytes = (hex: Hex) => heap.bytes(hexToBytes(hex));
    const blockPtr = heap.object(
      [
        bytes(block.hash),
        bytes(block.parentHash),
        bytes(block.sha3Uncles),
        bytes(block.miner),
        bytes(block.stateRoot),
        bytes(block.transactionsRoot),
        bytes(block.receiptsRoot),
        big(block.number),
        big(block.gasUsed),
        big(block.gasLimit),
        big(block.timestamp),
        big(block.difficulty),
        big(block.totalDifficulty),
        block.size ? big(block.size) : 0,
        block.baseFeePerGas ? big(block.baseFeePerGas) : 0,
      ],
      "EthereumBlock",
    );
    const txPtr = heap.object(
      [
        bytes(tx.hash),
        big(tx.transactionIndex),
        bytes(tx.from),
        tx.to ? bytes(tx.to) : 0,
        big(tx.value),
        big(tx.gas),
        big(tx.gasPrice),
        bytes(tx.input),
        big(tx.nonce),
      ],
      "EthereumTransaction",
    );
    return heap.object(
      [
        bytes(log.address),
        big(log.logIndex),
        big(log.transactionLogIndex),
        0, // logType: null, as graph-node gives for Ethereum logs
        blockPtr,
        txPtr,
        heap.array(params, "ArrayEventParam"),
        0, // receipt: only for handlers that declare `receipt: true`
      ],
      "EthereumEvent",
    );
  }
}

function pointer(block: RpcBlock): BlockPointer {
  return { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp), parentHash: block.parentHash };
}
