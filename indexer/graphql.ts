/**
 * The GraphQL API graph-node derives from a subgraph schema, over the indexer's store: for each entity
 * type `Film`, `film(id)` and `films(first, skip, orderBy, orderDirection, where)`; `Film_filter` with
 * graph-node's operators (`_not`, `_gt`, `_gte`, `_lt`, `_lte`, `_in`, `_not_in`, `_contains`,
 * `_starts_with`..., nested `owner_: Account_filter`, `and`, `or`), `Film_orderBy` (fields and
 * `owner__field`), `@derivedFrom` fields resolved from the other side, and `_meta`. Limits and their
 * errors are graph-node's (`first` <= 1000, `skip` <= 5000). BigInt, BigDecimal, Int8 and Timestamp
 * are strings on the wire, Bytes lower-case hex.
 */
import type { ExecutionResult, GraphQLSchema } from "graphql";
import { buildSchema, graphql, GraphQLError } from "graphql";

import type { Entity, EntityStore, FieldValue } from "./store.js";
import type { EntityDef, FieldDef, SubgraphSchema } from "./schema.js";
import { decimalFromString, alignDecimals } from "./values.js";

const MAX_FIRST = 1000;
const MAX_SKIP = 5000;
const DEFAULT_FIRST = 100;

export interface Meta {
  block: { number: number; hash: string; timestamp: number; parentHash?: string } | null;
  deployment: string;
  hasIndexingErrors: boolean;
}

type Where = Record<string, unknown>;
interface CollectionArgs {
  first?: number;
  skip?: number;
  orderBy?: string;
  orderDirection?: "asc" | "desc";
  where?: Where | null;
}

/** graph-node's names: `film` / `films`, `rateRound` / `rateRounds`, `slash` / `slashes`. */
export function singularField(type: string): string {
  return type[0]!.toLowerCase() + type.slice(1);
}

export function pluralField(type: string): string {
  const singular = singularField(type);
  if (/(s|sh|ch|x|z)$/.test(singular)) return singular + "es";
  if (/[^aeiou]y$/.test(singular)) return singular.slice(0, -1) + "ies";
  return singular + "s";
}

const FILTER_SUFFIXES: Record<string, string[]> = {
  ID: ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"],
  String: [
    "", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in", "_contains", "_contains_nocase", "_not_contains",
    "_not_contains_nocase", "_starts_with", "_starts_with_nocase", "_not_starts_with", "_not_starts_with_nocase", "_ends_with",
    "_ends_with_nocase", "_not_ends_with", "_not_ends_with_nocase",
  ],
  Bytes: ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in", "_contains", "_not_contains"],
  Int: ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"],
  Int8: ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"],
  Timestamp: ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"],
  BigInt: ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"],
  BigDecimal: ["", "_not", "_gt", "_lt", "_gte", "_lte", "_in", "_not_in"],
  Boolean: ["", "_not", "_in", "_not_in"],
  enum: ["", "_not", "_in", "_not_in"],
  list: ["", "_not", "_contains", "_contains_nocase", "_not_contains", "_not_contains_nocase"],
};
const SUFFIXES = [...new Set(Object.values(FILTER_SUFFIXES).flat())].filter((s) => s !== "").sort((a, b) => b.length - a.length);

/** The GraphQL SDL graph-node would serve for this subgraph schema. */
export function querySdl(schema: SubgraphSchema): string {
  const out: string[] = [
    "scalar BigInt",
    "scalar BigDecimal",
    "scalar Bytes",
    "scalar Int8",
    "scalar Timestamp",
    '"Defines the order direction, either ascending or descending"',
    "enum OrderDirection { asc desc }",
    "type _Block_ { hash: Bytes number: Int! timestamp: Int parentHash: Bytes }",
    "type _Meta_ { block: _Block_! deployment: String! hasIndexingErrors: Boolean! }",
    "enum _SubgraphErrorPolicy_ { allow deny }",
  ];
  for (const [name, values] of schema.enums) out.push(`enum ${name} {\n${values.map((v) => `  ${v}`).join("\n")}\n}`);
  const query: string[] = [];
  for (const entity of [...schema.interfaces.values(), ...schema.entities.values()]) {
    const fields = [...entity.fields.values()].map((f) => `  ${describe(f.description)}${f.name}${fieldArgs(schema, f)}: ${outputType(f)}`);
    const kind = entity.implementers ? "interface" : "type";
    const implementing = entity.interfaces?.length ? ` implements ${entity.interfaces.join(" & ")}` : "";
    out.push(`${describe(entity.description)}${kind} ${entity.name}${implementing} {\n${fields.join("\n")}\n}`);
    out.push(`input ${entity.name}_filter {\n${filterFields(schema, entity).join("\n")}\n}`);
    out.push(`enum ${entity.name}_orderBy {\n${orderByValues(schema, entity).join("\n")}\n}`);
    const policy = "subgraphError: _SubgraphErrorPolicy_! = deny";
    query.push(`  ${singularField(entity.name)}(id: ID!, ${policy}): ${entity.name}`);
    query.push(
      `  ${pluralField(entity.name)}(skip: Int = 0, first: Int = ${DEFAULT_FIRST}, orderBy: ${entity.name}_orderBy, ` +
        `orderDirection: OrderDirection, where: ${entity.name}_filter, ${policy}): [${entity.name}!]!`,
    );
  }
  query.push('  "Access to subgraph metadata"\n  _meta: _Meta_');
  out.push(`type Query {\n${query.join("\n")}\n}`);
  return out.join("\n\n") + "\n";
}

function describe(description: string | undefined): string {
  return description ? `${JSON.stringify(description)} ` : "";
}

function outputType(f: FieldDef): string {
  const base = f.list ? `[${f.type}${f.itemNonNull ? "!" : ""}]` : f.type;
  return base + (f.nonNull ? "!" : "");
}

function fieldArgs(schema: SubgraphSchema, f: FieldDef): string {
  if (!f.list || !schema.isEntity(f.type)) return "";
  return `(skip: Int = 0, first: Int = ${DEFAULT_FIRST}, orderBy: ${f.type}_orderBy, orderDirection: OrderDirection, where: ${f.type}_filter)`;
}

function filterFields(schema: SubgraphSchema, entity: EntityDef): string[] {
  const lines: string[] = [];
  for (const f of entity.fields.values()) {
    const isEntity = schema.isEntity(f.type);
    if (f.derivedFrom || (f.list && isEntity)) {
      if (!f.derivedFrom) {
        for (const suffix of FILTER_SUFFIXES.list!) lines.push(`  ${f.name}${suffix}: [String!]`);
      }
      lines.push(`  ${f.name}_: ${f.type}_filter`);
      continue;
    }
    if (f.list) {
      for (const suffix of FILTER_SUFFIXES.list!) lines.push(`  ${f.name}${suffix}: [${f.type}!]`);
      continue;
    }
    // An enum takes equality and membership, typed by the enum (graph-node's filters for enums).
    const scalar = isEntity ? "String" : f.type;
    for (const suffix of schema.isEnum(f.type) ? FILTER_SUFFIXES.enum! : FILTER_SUFFIXES[scalar]!) {
      const type = suffix.endsWith("_in") ? `[${scalar}!]` : scalar;
      lines.push(`  ${f.name}${suffix}: ${type}`);
    }
    if (isEntity) lines.push(`  ${f.name}_: ${f.type}_filter`);
  }
  lines.push(`  and: [${entity.name}_filter]`, `  or: [${entity.name}_filter]`);
  return lines;
}

function orderByValues(schema: SubgraphSchema, entity: EntityDef): string[] {
  const values: string[] = [];
  for (const f of entity.fields.values()) {
    values.push(`  ${f.name}`);
    if (!f.list && !f.derivedFrom && schema.isEntity(f.type)) {
      for (const inner of schema.entity(f.type).fields.values()) {
        if (!inner.list && !inner.derivedFrom && !schema.isEntity(inner.type)) values.push(`  ${f.name}__${inner.name}`);
      }
    }
  }
  return values;
}

// ------------------------------------------------------------ execution

export class QueryService {
  readonly sdl: string;
  private readonly graphqlSchema: GraphQLSchema;
  private readonly byQueryField = new Map<string, { entity: EntityDef; many: boolean }>();

  constructor(
    private readonly schema: SubgraphSchema,
    private readonly store: EntityStore,
    private readonly meta: () => Meta,
  ) {
    this.sdl = querySdl(schema);
    this.graphqlSchema = buildSchema(this.sdl);
    for (const entity of [...schema.interfaces.values(), ...schema.entities.values()]) {
      this.byQueryField.set(singularField(entity.name), { entity, many: false });
      this.byQueryField.set(pluralField(entity.name), { entity, many: true });
    }
  }

  // ------------------------------------------------------------ rows, through interfaces too

  /** The entity types a query over `type` covers: itself, or an interface's implementers. */
  private typesOf(type: string): string[] {
    return this.schema.interfaces.get(type)?.implementers ?? [type];
  }

  /** A row read through an interface carries its entity type, for `__typename` and fragments. */
  private tag(type: string, entity: Entity, through: string): Entity {
    return type === through ? entity : { ...entity, __typename: type };
  }

  private all(type: string): Entity[] {
    return this.typesOf(type).flatMap((t) => this.store.all(t).map((e) => this.tag(t, e, type)));
  }

  private byId(type: string, id: string): Entity | null {
    for (const t of this.typesOf(type)) {
      const found = this.store.byId(t, id);
      if (found) return this.tag(t, found, type);
    }
    return null;
  }

  private related(type: string, field: string, id: string, includePending: boolean): Entity[] {
    return this.typesOf(type).flatMap((t) => this.store.related(t, field, id, includePending).map((e) => this.tag(t, e, type)));
  }

  async execute(request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }): Promise<ExecutionResult> {
    const meta = this.meta();
    const result = await graphql({
      schema: this.graphqlSchema,
      source: request.query,
      variableValues: request.variables ?? undefined,
      operationName: request.operationName ?? undefined,
      rootValue: null,
      typeResolver: (value) => (value as { __typename?: string }).__typename,
      fieldResolver: (source, args, _context, info) => {
        if (info.parentType.name === "Query") return this.resolveQuery(info.fieldName, args as Record<string, unknown>, meta);
        if (info.parentType.name === "_Meta_" || info.parentType.name === "_Block_") {
          return (source as Record<string, unknown>)[info.fieldName];
        }
        return this.resolveField(info.parentType.name, source as Entity, info.fieldName, args as CollectionArgs);
      },
    });
    // graph-node (its GraphQL validations off, their default) says an unknown field in its own words.
    if (result.errors) {
      return {
        ...result,
        errors: result.errors.map((e) => {
          const unknown = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(e.message);
          return unknown ? new GraphQLError(`Type \`${unknown[2]}\` has no field \`${unknown[1]}\``, { nodes: e.nodes, source: e.source, positions: e.positions }) : e;
        }),
      };
    }
    return result;
  }

  private resolveQuery(field: string, args: Record<string, unknown>, meta: Meta): unknown {
    if (field === "_meta") {
      return {
        block: meta.block ? { number: meta.block.number, hash: meta.block.hash, timestamp: meta.block.timestamp, parentHash: meta.block.parentHash ?? null } : { number: 0 },
        deployment: meta.deployment,
        hasIndexingErrors: meta.hasIndexingErrors,
      };
    }
    if (meta.hasIndexingErrors && args.subgraphError !== "allow") {
      throw new GraphQLError("indexing_error");
    }
    const target = this.byQueryField.get(field)!;
    if (!target.many) {
      const id = normalizeId(target.entity, String(args.id));
      return this.byId(target.entity.name, id);
    }
    return this.collection(target.entity, this.all(target.entity.name), args as CollectionArgs);
  }

  private resolveField(typeName: string, entity: Entity, fieldName: string, args: CollectionArgs): unknown {
    const def = this.schema.entity(typeName);
    const field = def.fields.get(fieldName)!;
    if (field.derivedFrom) {
      const related = this.related(field.type, field.derivedFrom, entity.id as string, false);
      if (!field.list) return related[0] ?? null;
      return this.collection(this.schema.entity(field.type), related, args);
    }
    const value = entity[fieldName];
    if (this.schema.isEntity(field.type)) {
      const target = this.schema.entity(field.type);
      if (value === null || value === undefined) return null;
      if (Array.isArray(value)) {
        const items = value.map((id) => this.byId(target.name, id as string)).filter((e): e is Entity => e !== null);
        return this.collection(target, items, args);
      }
      return this.byId(target.name, value as string);
    }
    return serialize(value ?? null);
  }

  private collection(def: EntityDef, entities: Entity[], args: CollectionArgs): Entity[] {
    const first = args.first ?? DEFAULT_FIRST;
    const skip = args.skip ?? 0;
    if (first < 0 || first > MAX_FIRST) {
      throw new GraphQLError(`The \`first\` argument must be between 0 and ${MAX_FIRST}, but is ${first}`);
    }
    if (skip < 0 || skip > MAX_SKIP) {
      throw new GraphQLError(`The \`skip\` argument must be between 0 and ${MAX_SKIP}, but is ${skip}`);
    }
    const filtered = args.where ? entities.filter((e) => this.matches(def, e, args.where!)) : entities.slice();
    const [key, nested] = (args.orderBy ?? "id").split("__") as [string, string | undefined];
    const direction = args.orderDirection === "desc" ? -1 : 1;
    const field = def.fields.get(key)!;
    const sortValue = (e: Entity): FieldValue => {
      if (nested === undefined) return e[key] ?? null;
      const referenced = this.byId(field.type, e[key] as string);
      return referenced?.[nested] ?? null;
    };
    const sortField = nested === undefined ? field : this.schema.entity(field.type).fields.get(nested)!;
    const scalar = this.schema.storedScalar(sortField);
    // An enum sorts in the order its values are declared (graph-node keeps enums as Postgres enums).
    const values = this.schema.enums.get(sortField.type);
    const compareValues = values ? (x: FieldValue, y: FieldValue) => compare("Int", x === null ? null : values.indexOf(x as string), y === null ? null : values.indexOf(y as string)) : (x: FieldValue, y: FieldValue) => compare(scalar, x, y);
    // Ties go by id in the sort's own direction, as graph-node's `ORDER BY <field> DESC, id DESC`.
    filtered.sort((a, b) => {
      const order = compareValues(sortValue(a), sortValue(b));
      return (order !== 0 ? order : compare(def.idType, a.id!, b.id!)) * direction;
    });
    return filtered.slice(skip, skip + first);
  }

  private matches(def: EntityDef, entity: Entity, where: Where): boolean {
    for (const [key, expected] of Object.entries(where)) {
      if (expected === undefined) continue;
      if (key === "and") {
        if (!(expected as Where[]).every((w) => this.matches(def, entity, w))) return false;
        continue;
      }
      if (key === "or") {
        if (!(expected as Where[]).some((w) => this.matches(def, entity, w))) return false;
        continue;
      }
      if (key.endsWith("_") && def.fields.has(key.slice(0, -1))) {
        if (!this.matchesNested(def.fields.get(key.slice(0, -1))!, entity, expected as Where)) return false;
        continue;
      }
      const [fieldName, suffix] = splitFilterKey(def, key);
      const field = def.fields.get(fieldName)!;
      const scalar = this.schema.storedScalar(field);
      if (!test(scalar, field.list, entity[fieldName] ?? null, suffix, expected)) return false;
    }
    return true;
  }

  private matchesNested(field: FieldDef, entity: Entity, where: Where): boolean {
    const target = this.schema.entity(field.type);
    let candidates: Entity[];
    if (field.derivedFrom) {
      candidates = this.related(target.name, field.derivedFrom, entity.id as string, false);
    } else {
      const value = entity[field.name];
      const ids = Array.isArray(value) ? (value as string[]) : value ? [value as string] : [];
      candidates = ids.map((id) => this.byId(target.name, id)).filter((e): e is Entity => e !== null);
    }
    return candidates.some((c) => this.matches(target, c, where));
  }
}

function normalizeId(def: EntityDef, id: string): string {
  return def.idType === "Bytes" ? id.toLowerCase() : id;
}

function splitFilterKey(def: EntityDef, key: string): [string, string] {
  if (def.fields.has(key)) return [key, ""];
  for (const suffix of SUFFIXES) {
    if (key.endsWith(suffix) && def.fields.has(key.slice(0, -suffix.length))) return [key.slice(0, -suffix.length), suffix];
  }
  throw new GraphQLError(`unknown filter \`${key}\``);
}

/** Output: BigInt, Int8, Timestamp as decimal strings; everything else as stored. */
function serialize(value: FieldValue): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(serialize);
  return value;
}

/** A filter or sort value as stored: BigInt from a string or number, Bytes in lower case. */
function coerce(scalar: string, value: unknown): FieldValue {
  if (value === null || value === undefined) return null;
  switch (scalar) {
    case "BigInt":
    case "Int8":
    case "Timestamp":
      try {
        return BigInt(value as string | number);
      } catch {
        throw new GraphQLError(`invalid ${scalar} value \`${String(value)}\``);
      }
    case "Bytes":
      if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value)) {
        throw new GraphQLError(`invalid Bytes value \`${String(value)}\`: expected 0x-prefixed hex`);
      }
      return value.toLowerCase();
    default:
      return value as FieldValue;
  }
}

function compare(scalar: string, a: FieldValue, b: FieldValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (scalar === "BigDecimal") {
    const [x, y] = alignDecimals(decimalFromString(a as string), decimalFromString(b as string));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "boolean") return a === b ? 0 : a ? 1 : -1;
  return (a as string | number | bigint) < (b as string | number | bigint) ? -1 : 1;
}

function test(scalar: string, list: boolean, actual: FieldValue, suffix: string, expected: unknown): boolean {
  const nocase = suffix.endsWith("_nocase");
  const op = nocase ? suffix.slice(0, -"_nocase".length) : suffix;
  const fold = (v: FieldValue) => (nocase && typeof v === "string" ? v.toLowerCase() : v);
  if (list) {
    const items = ((actual as FieldValue[] | null) ?? []).map(fold);
    const wanted = ((expected as unknown[]) ?? []).map((v) => fold(coerce(scalar, v)));
    switch (op) {
      case "":
        return items.length === wanted.length && items.every((v, i) => v === wanted[i]);
      case "_not":
        return !(items.length === wanted.length && items.every((v, i) => v === wanted[i]));
      case "_contains":
        return wanted.every((w) => items.includes(w));
      case "_not_contains":
        return !wanted.some((w) => items.includes(w));
      default:
        throw new GraphQLError(`unsupported list filter \`${suffix}\``);
    }
  }
  if (op === "_in" || op === "_not_in") {
    const set = (expected as unknown[]).map((v) => coerce(scalar, v));
    const inSet = set.some((v) => compare(scalar, actual, v) === 0);
    return op === "_in" ? inSet : !inSet;
  }
  const value = coerce(scalar, expected);
  switch (op) {
    case "":
      return compare(scalar, actual, value) === 0; // null equals only null
    case "_not":
      return compare(scalar, actual, value) !== 0;
    case "_gt":
      return actual !== null && compare(scalar, actual, value) > 0;
    case "_gte":
      return actual !== null && compare(scalar, actual, value) >= 0;
    case "_lt":
      return actual !== null && compare(scalar, actual, value) < 0;
    case "_lte":
      return actual !== null && compare(scalar, actual, value) <= 0;
  }
  const text = fold(actual) as string | null;
  const needle = fold(value) as string;
  if (text === null) return false;
  const haystack = scalar === "Bytes" ? text.slice(2) : text;
  const pattern = scalar === "Bytes" ? needle.slice(2) : needle;
  switch (op) {
    case "_contains":
      return haystack.includes(pattern);
    case "_not_contains":
      return !haystack.includes(pattern);
    case "_starts_with":
      return haystack.startsWith(pattern);
    case "_not_starts_with":
      return !haystack.startsWith(pattern);
    case "_ends_with":
      return haystack.endsWith(pattern);
    case "_not_ends_with":
      return !haystack.endsWith(pattern);
    default:
      throw new GraphQLError(`unsupported filter \`${suffix}\``);
  }
}
