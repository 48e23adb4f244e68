/**
 * The entity store: committed entities, the current block's changes (kept apart until the block is
 * done, so that a failing handler changes nothing), graph-node's validation of what a mapping saves,
 * and persistence that survives a restart without indexing any block twice.
 *
 * On disk (one directory): `snapshot.json` (entities, cursor and dynamic data sources at some block)
 * and `journal.jsonl` (one line per block committed since, written before the cursor moves past it).
 * Loading replays the journal over the snapshot, ignores a torn last line (a block that was never
 * committed, so it will be indexed again), writes a fresh snapshot and empties the journal.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import type { EntityDef, SubgraphSchema } from "./schema.js";

export type FieldValue = string | number | bigint | boolean | null | FieldValue[];
export type Entity = Record<string, FieldValue>;

export interface BlockPointer {
  number: number;
  hash: string;
  timestamp: number;
  /** The block's parent (absent in a store written before it was kept). */
  parentHash?: string;
}

/** A data source created from a template while indexing (a campaign's vault). */
export interface DynamicDataSource {
  template: string;
  address: string;
  context: Entity | null;
  createdAtBlock: number;
}

type Change = [type: string, id: string, entity: Entity | null];

interface Snapshot {
  cursor: BlockPointer | null;
  dataSources: DynamicDataSource[];
  entities: Record<string, Entity[]>;
}

/** A deterministic error in a mapping (graph-node stops the subgraph on these). */
export class MappingError extends Error {}

export class EntityStore {
  private readonly committed = new Map<string, Map<string, Entity>>();
  private pending = new Map<string, Map<string, Entity | null>>();
  private pendingSources: DynamicDataSource[] = [];
  cursor: BlockPointer | null = null;
  dataSources: DynamicDataSource[] = [];

  constructor(
    readonly schema: SubgraphSchema,
    private readonly dir?: string,
  ) {
    for (const name of schema.entities.keys()) this.committed.set(name, new Map());
    if (dir) this.load(dir);
  }

  // ------------------------------------------------------------ what mappings do

  get(type: string, id: string): Entity | null {
    this.schema.entity(type);
    const pending = this.pending.get(type)?.get(id);
    if (pending !== undefined) return pending;
    return this.committed.get(type)!.get(id) ?? null;
  }

  /** Only what the current block has set (graph-node's `store.get_in_block`). */
  getInBlock(type: string, id: string): Entity | null {
    this.schema.entity(type);
    return this.pending.get(type)?.get(id) ?? null;
  }

  set(type: string, id: string, entity: Entity): void {
    const def = this.schema.entity(type);
    // The key is the id as text (graph-ts passes an Int8 id's decimal, a Bytes id's hex).
    if (entity.id !== undefined && String(entity.id) !== id) {
      throw new MappingError(`Entity ${type}[${id}]: the id in the data (${String(entity.id)}) differs from the key`);
    }
    const existing = this.get(type, id);
    if (def.immutable && this.committed.get(type)!.has(id)) {
      throw new MappingError(`Entity ${type}[${id}]: immutable entities can not be updated`);
    }
    // graph-node merges the saved fields over the stored entity, then checks the whole entity.
    // The id kept in its own type: an Int8 id is a number (it sorts and compares as one), others text.
    const merged: Entity = { ...(existing ?? {}), ...entity, id: entity.id ?? (def.idType === "Int8" ? BigInt(id) : id) };
    validate(def, this.schema, id, merged);
    this.pendingFor(type).set(id, merged);
  }

  remove(type: string, id: string): void {
    const def = this.schema.entity(type);
    if (def.immutable) throw new MappingError(`Entity ${type}[${id}]: immutable entities can not be removed`);
    this.pendingFor(type).set(id, null);
  }

  /**
   * Entities of `type` whose `field` references `id`: a `@derivedFrom` field's values (with the current
   * block's changes for a mapping's `store.loadRelated`, without them for queries).
   */
  related(type: string, field: string, id: string, includePending = true): Entity[] {
    return this.all(type, includePending).filter((e) => {
      const value = e[field];
      return Array.isArray(value) ? value.includes(id) : value === id;
    });
  }

  addDataSource(dataSource: DynamicDataSource): void {
    this.pendingSources.push(dataSource);
  }

  // ------------------------------------------------------------ blocks

  /** Makes the current block's changes permanent and moves the cursor to it. */
  commit(block: BlockPointer): void {
    const changes: Change[] = [];
    for (const [type, entities] of this.pending) {
      const committed = this.committed.get(type)!;
      for (const [id, entity] of entities) {
        if (entity === null) committed.delete(id);
        else committed.set(id, entity);
        changes.push([type, id, entity]);
      }
    }
    const dataSources = this.pendingSources;
    this.dataSources.push(...dataSources);
    this.cursor = block;
    this.pending = new Map();
    this.pendingSources = [];
    if (this.dir && (changes.length > 0 || dataSources.length > 0)) {
      appendFileSync(this.journalFile, JSON.stringify({ block, changes, dataSources }, replacer) + "\n");
    }
  }

  /** Drops the current block's changes (its handler failed). */
  discard(): void {
    this.pending = new Map();
    this.pendingSources = [];
  }

  /** Data sources created in the current block. */
  pendingDataSources(): readonly DynamicDataSource[] {
    return this.pendingSources;
  }

  pendingDataSourceCount(): number {
    return this.pendingSources.length;
  }

  /** Moves the cursor over blocks that changed nothing, and records it (they are not fetched again). */
  advance(block: BlockPointer): void {
    if (this.cursor && this.cursor.number >= block.number) return;
    this.cursor = block;
    if (this.dir) appendFileSync(this.journalFile, JSON.stringify({ block, changes: [], dataSources: [] }) + "\n");
  }

  // ------------------------------------------------------------ queries

  all(type: string, includePending = false): Entity[] {
    const committed = this.committed.get(type);
    if (!committed) throw new Error(`unknown entity type \`${type}\``);
    if (!includePending) return [...committed.values()];
    const merged = new Map(committed);
    for (const [id, entity] of this.pending.get(type) ?? []) {
      if (entity === null) merged.delete(id);
      else merged.set(id, entity);
    }
    return [...merged.values()];
  }

  byId(type: string, id: string): Entity | null {
    return this.committed.get(type)?.get(id) ?? null;
  }

  count(): number {
    let n = 0;
    for (const entities of this.committed.values()) n += entities.size;
    return n;
  }

  // ------------------------------------------------------------ persistence

  private get journalFile(): string {
    return join(this.dir!, "journal.jsonl");
  }

  private load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const snapshotFile = join(dir, "snapshot.json");
    if (existsSync(snapshotFile)) {
      const snapshot = JSON.parse(readFileSync(snapshotFile, "utf8"), reviver) as Snapshot;
      this.cursor = snapshot.cursor;
      this.dataSources = snapshot.dataSources;
      for (const [type, entities] of Object.entries(snapshot.entities)) {
        const map = this.committed.get(type);
        if (!map) continue; // an entity type the schema no longer has
        for (const entity of entities) map.set(entity.id as string, entity);
      }
    }
    if (existsSync(this.journalFile)) {
      for (const line of readFileSync(this.journalFile, "utf8").split("\n")) {
        if (line.trim() === "") continue;
        let record: { block: BlockPointer; changes: Change[]; dataSources: DynamicDataSource[] };
        try {
          record = JSON.parse(line, reviver);
        } catch {
          break; // a torn last line: that block was never committed
        }
        for (const [type, id, entity] of record.changes) {
          const map = this.committed.get(type);
          if (!map) continue;
          if (entity === null) map.delete(id);
          else map.set(id, entity);
        }
        this.dataSources.push(...record.dataSources);
        this.cursor = record.block;
      }
    }
    // Compact: a fresh snapshot, atomically, then an empty journal.
    const snapshot: Snapshot = {
      cursor: this.cursor,
      dataSources: this.dataSources,
      entities: Object.fromEntries([...this.committed].map(([type, map]) => [type, [...map.values()]])),
    };
    writeFileSync(snapshotFile + ".tmp", JSON.stringify(snapshot, replacer));
    renameSync(snapshotFile + ".tmp", snapshotFile);
    writeFileSync(this.journalFile, "");
  }

  private pendingFor(type: string): Map<string, Entity | null> {
    let map = this.pending.get(type);
    if (!map) {
      map = new Map();
      this.pending.set(type, map);
    }
    return map;
  }
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? { $bigint: value.toString() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && "$bigint" in value) return BigInt((value as { $bigint: string }).$bigint);
  return value;
}

/** graph-node's checks of an entity against the schema before it is stored. */
function validate(def: EntityDef, schema: SubgraphSchema, id: string, entity: Entity): void {
  const where = `Entity ${def.name}[${id}]`;
  for (const key of Object.keys(entity)) {
    const field = def.fields.get(key);
    if (!field) throw new MappingError(`${where}: unknown field \`${key}\``);
    if (field.derivedFrom) throw new MappingError(`${where}: field \`${key}\` is derived and can not be set`);
  }
  for (const field of def.fields.values()) {
    if (field.derivedFrom) continue;
    const value = entity[field.name];
    if (value === undefined || value === null) {
      if (field.nonNull) throw new MappingError(`${where}: missing value for non-nullable field \`${field.name}\``);
      continue;
    }
    const scalar = schema.storedScalar(field);
    if (field.list) {
      if (!Array.isArray(value)) throw new MappingError(`${where}: field \`${field.name}\` must be a list`);
      for (const item of value) {
        if (item === null && field.itemNonNull) {
          throw new MappingError(`${where}: field \`${field.name}\` can not hold null items`);
        }
        if (item !== null && !matches(scalar, item)) {
          throw new MappingError(`${where}: a value in field \`${field.name}\` is not of type ${scalar}`);
        }
      }
    } else if (!matches(scalar, value)) {
      throw new MappingError(`${where}: the value of field \`${field.name}\` must have type ${scalar}`);
    }
    // An enum's value must be one of its values (each, for a list), as graph-node checks.
    const allowed = schema.enums.get(field.type);
    if (allowed) {
      for (const item of field.list ? (value as FieldValue[]) : [value]) {
        if (item !== null && !allowed.includes(item as string)) {
          throw new MappingError(`${where}: \`${String(item)}\` is not a value of the enum ${field.type} of field \`${field.name}\` (${allowed.join(", ")})`);
        }
      }
    }
  }
}

function matches(scalar: string, value: FieldValue): boolean {
  switch (scalar) {
    case "ID":
    case "String":
    case "BigDecimal":
      return typeof value === "string";
    case "Bytes":
      return typeof value === "string" && /^0x([0-9a-f]{2})*$/.test(value);
    case "Int":
      return typeof value === "number";
    case "Int8":
    case "Timestamp":
    case "BigInt":
      return typeof value === "bigint";
    case "Boolean":
      return typeof value === "boolean";
    default:
      return false;
  }
}
