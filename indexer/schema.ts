/**
 * The subgraph's schema as the indexer needs it: each entity type's fields, their scalar, enum or
 * entity types, lists, nullability, `@derivedFrom` links and immutability (graph-node's InputSchema,
 * reduced). Enums are stored as their value's name (a String), as graph-node stores them. An interface
 * is queried across the entity types that implement it; a field may reference one. Timeseries,
 * aggregations and full-text search are refused at load, naming the type.
 */
import type { FieldDefinitionNode, ObjectTypeDefinitionNode, TypeNode } from "graphql";
import { Kind, parse } from "graphql";

export const SCALARS = ["ID", "String", "Int", "Int8", "BigInt", "BigDecimal", "Bytes", "Boolean", "Timestamp"] as const;
export type Scalar = (typeof SCALARS)[number];

export interface FieldDef {
  name: string;
  description?: string;
  /** The named type: a scalar or an entity type. */
  type: string;
  list: boolean;
  nonNull: boolean;
  /** For lists, whether the items are non-null. */
  itemNonNull: boolean;
  /** The field of the other entity that links back here (the field is then not stored). */
  derivedFrom?: string;
}

export interface EntityDef {
  name: string;
  description?: string;
  immutable: boolean;
  fields: Map<string, FieldDef>;
  /** The scalar type of `id`: ID / String (strings) or Bytes / Int8. */
  idType: Scalar;
  /** For an interface: the entity types that implement it (queried together). */
  implementers?: string[];
  /** For an entity type: the interfaces it implements. */
  interfaces?: string[];
}

/** Thrown at load for a schema feature the local graph-node does not support, naming the type. */
export class UnsupportedSchemaError extends Error {}

export class SubgraphSchema {
  readonly entities = new Map<string, EntityDef>();
  /** Interfaces (their fields, and the entity types implementing them). */
  readonly interfaces = new Map<string, EntityDef>();
  /** Enum types and their values, in order. */
  readonly enums = new Map<string, string[]>();

  constructor(readonly source: string) {
    const document = parse(source);
    const refuse = (what: string) => {
      throw new UnsupportedSchemaError(`schema.graphql: ${what} is not supported by the local graph-node; nothing was indexed`);
    };
    for (const def of document.definitions) {
      if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
        this.enums.set(def.name.value, (def.values ?? []).map((v) => v.name.value));
        continue;
      }
      if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
        const fields = new Map<string, FieldDef>();
        for (const field of def.fields ?? []) fields.set(field.name.value, toField(field));
        const id = fields.get("id");
        if (!id || id.list || !id.nonNull) throw new Error(`interface ${def.name.value} needs a non-null scalar id`);
        this.interfaces.set(def.name.value, { name: def.name.value, description: def.description?.value, immutable: false, fields, idType: id.type as Scalar, implementers: [] });
        continue;
      }
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      if (def.name.value === "_Schema_") refuse("full-text search (`_Schema_` with @fulltext)");
      if (def.directives?.some((d) => d.name.value === "aggregation")) refuse(`the aggregation \`${def.name.value}\` (@aggregation)`);
      const entity = def.directives?.find((d) => d.name.value === "entity");
      if (!entity) throw new Error(`type ${def.name.value} has no @entity directive`);
      const timeseries = entity.arguments?.find((a) => a.name.value === "timeseries");
      if (timeseries && (timeseries.value as { value?: boolean }).value === true) refuse(`the timeseries \`${def.name.value}\` (@entity(timeseries: true))`);
      this.entities.set(def.name.value, { ...toEntity(def, entity.arguments ?? []), interfaces: (def.interfaces ?? []).map((i) => i.name.value) });
    }
    for (const entity of this.entities.values()) {
      for (const name of entity.interfaces ?? []) {
        const implemented = this.interfaces.get(name);
        if (!implemented) throw new Error(`${entity.name} implements ${name}, which is not an interface of the schema`);
        for (const field of implemented.fields.keys()) if (!entity.fields.has(field)) throw new Error(`${entity.name} implements ${name} but has no field \`${field}\``);
        implemented.implementers!.push(entity.name);
      }
    }
    for (const entity of this.entities.values()) {
      for (const field of entity.fields.values()) {
        if (!SCALARS.includes(field.type as Scalar) && !this.isEntity(field.type) && !this.enums.has(field.type)) {
          throw new Error(`${entity.name}.${field.name}: unknown type ${field.type}`);
        }
      }
    }
  }

  /** An entity type, or an interface (queried as one over its implementers). */
  entity(name: string): EntityDef {
    const entity = this.entities.get(name) ?? this.interfaces.get(name);
    if (!entity) throw new Error(`unknown entity type \`${name}\``);
    return entity;
  }

  /** Whether `type` is an entity type or an interface: what a field references by id. */
  isEntity(type: string): boolean {
    return this.entities.has(type) || this.interfaces.has(type);
  }

  isInterface(type: string): boolean {
    return this.interfaces.has(type);
  }

  isEnum(type: string): boolean {
    return this.enums.has(type);
  }

  /** The scalar a field stores: its own, the id type of the entity it references, or String for an enum. */
  storedScalar(field: FieldDef): Scalar {
    if (this.isEnum(field.type)) return "String";
    return this.isEntity(field.type) ? this.entity(field.type).idType : (field.type as Scalar);
  }
}

function toEntity(def: ObjectTypeDefinitionNode, args: readonly { name: { value: string }; value: { kind: string } }[]): EntityDef {
  const immutableArg = args.find((a) => a.name.value === "immutable");
  const immutable = immutableArg !== undefined && (immutableArg.value as { value?: boolean }).value === true;
  const fields = new Map<string, FieldDef>();
  for (const field of def.fields ?? []) fields.set(field.name.value, toField(field));
  const id = fields.get("id");
  if (!id || id.list || !id.nonNull) throw new Error(`${def.name.value} needs a non-null scalar id`);
  return { name: def.name.value, description: def.description?.value, immutable, fields, idType: id.type as Scalar };
}

function toField(field: FieldDefinitionNode): FieldDef {
  let type: TypeNode = field.type;
  let nonNull = false;
  let list = false;
  let itemNonNull = false;
  if (type.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    type = type.type;
  }
  if (type.kind === Kind.LIST_TYPE) {
    list = true;
    type = type.type;
    if (type.kind === Kind.NON_NULL_TYPE) {
      itemNonNull = true;
      type = type.type;
    }
  }
  if (type.kind !== Kind.NAMED_TYPE) throw new Error(`${field.name.value}: nested lists are not supported`);
  const derived = field.directives?.find((d) => d.name.value === "derivedFrom");
  const derivedArg = derived?.arguments?.find((a) => a.name.value === "field");
  return {
    name: field.name.value,
    description: field.description?.value,
    type: type.name.value,
    list,
    nonNull,
    itemNonNull,
    derivedFrom: derivedArg && derivedArg.value.kind === Kind.STRING ? derivedArg.value.value : undefined,
  };
}
