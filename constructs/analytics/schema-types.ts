/**
 * Avro schemas as typed data, and the rule that matches them to Kafka topics: what the SchemaRegistry
 * construct takes (constructs/analytics/schema-registry.ts). No construct code and no cdktf here, so the
 * app's catalog (catalog/event-schemas.ts) can name these types with `import type`.
 */

/** An Avro type as JSON (primitive name, named-type reference, record/enum/array/map, or a union). */
export type AvroType =
  | 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string'
  | AvroRecord | AvroEnum | { readonly type: 'array'; readonly items: AvroType } | { readonly type: 'map'; readonly values: AvroType }
  | { readonly type: 'long'; readonly logicalType: 'timestamp-millis' } | { readonly type: 'int'; readonly logicalType: 'date' }
  | readonly AvroType[];

export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  readonly doc?: string;
  readonly default?: null | string | number | boolean;
}

export interface AvroRecord {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields: readonly AvroField[];
}

export interface AvroEnum {
  readonly type: 'enum';
  readonly name: string;
  readonly symbols: readonly string[];
}

/** Glue Schema Registry compatibility modes. */
export type SchemaCompatibility = 'NONE' | 'DISABLED' | 'BACKWARD' | 'BACKWARD_ALL' | 'FORWARD' | 'FORWARD_ALL' | 'FULL' | 'FULL_ALL';

export interface EventSchemaSpec {
  /** The topic whose records use this schema; also the registry schema name. */
  readonly topic: string;
  /** The service that owns the schema: must be the topic's owner. */
  readonly owner: string;
  /**
   * Evolution rule the registry enforces ({@link DEFAULT_SCHEMA_COMPATIBILITY} when omitted).
   * @default 'BACKWARD'
   */
  readonly compatibility?: SchemaCompatibility;
  readonly schema: AvroRecord;
}

/**
 * The compatibility the SchemaRegistry construct registers a schema with unless it names another
 * (seed 003 §4 "schema evolution"): consumers on the new schema can read records written with the previous one.
 */
export const DEFAULT_SCHEMA_COMPATIBILITY: SchemaCompatibility = 'BACKWARD';

/**
 * Schema problems of a topic list and its schemas: a topic without a schema, a schema for a topic that
 * does not exist or whose owner is not the topic's owner, or two schemas for one topic. One message per
 * problem, naming the topic; empty when consistent. Used by the SchemaRegistry construct and the tests.
 */
export function topicSchemaProblems(
  topics: readonly { readonly name: string; readonly owner: string }[],
  schemas: readonly EventSchemaSpec[],
): string[] {
  const problems: string[] = [];
  for (const t of topics) {
    const found = schemas.filter((s) => s.topic === t.name);
    if (found.length === 0) problems.push(`topic '${t.name}' (owner '${t.owner}') has no Avro schema in catalog/event-schemas.ts; every topic needs one`);
    if (found.length > 1) problems.push(`topic '${t.name}' has ${found.length} schemas in catalog/event-schemas.ts; keep one`);
    for (const s of found) {
      if (s.owner !== t.owner) problems.push(`schema of topic '${t.name}' is owned by '${s.owner}', but the topic's owner is '${t.owner}'`);
    }
  }
  for (const s of schemas) {
    if (!topics.some((t) => t.name === s.topic)) problems.push(`schema for '${s.topic}' names a topic that is not in catalog/kafka-topics.ts`);
  }
  return problems;
}
