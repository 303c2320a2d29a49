import { Construct } from 'constructs';
import { GlueRegistry } from '@cdktf/provider-aws/lib/glue-registry';
import { GlueSchema } from '@cdktf/provider-aws/lib/glue-schema';
import { PlatformValidationError } from '../core/errors';
import { DEFAULT_SCHEMA_COMPATIBILITY, EventSchemaSpec, topicSchemaProblems } from './schema-types';

export interface SchemaRegistryProps {
  /** Registry name (1-255 letters, digits, `-`, `_`, `.`). */
  readonly registryName: string;
  /** The topics that must each have exactly one schema (name and owner service). */
  readonly topics: readonly { readonly name: string; readonly owner: string }[];
  /** One Avro schema per topic. */
  readonly schemas: readonly EventSchemaSpec[];
}

/**
 * An AWS Glue Schema Registry (PLATFORM.md: the managed stand-in for the seed's Confluent Schema Registry)
 * with one Avro schema per Kafka topic, named after the topic, tagged with its owner service, BACKWARD
 * compatible unless the schema says otherwise. A topic without a schema (or a schema without a topic, or
 * owned by another service) fails synth naming the topic.
 *
 * @example
 * ```ts
 * import { SchemaRegistry } from '@ott-platform/infra/analytics';
 *
 * const registry = new SchemaRegistry(this, 'schemas', {
 *   registryName: 'inference-dev-events',
 *   topics: [{ name: 'inference.results', owner: 'inference' }],
 *   schemas: [{
 *     topic: 'inference.results', owner: 'inference', // compatibility defaults to BACKWARD
 *     schema: { type: 'record', name: 'InferenceResult', fields: [{ name: 'request_id', type: 'string' }, { name: 'score', type: ['null', 'double'], default: null }] },
 *   }],
 * });
 * // registry.schemaArn('inference.results') for producer and consumer grants
 * ```
 */
export class SchemaRegistry extends Construct {
  public readonly registry: GlueRegistry;
  public readonly registryArn: string;
  /** Registered schemas by topic name. */
  public readonly schemas: Readonly<Record<string, GlueSchema>>;

  constructor(scope: Construct, id: string, props: SchemaRegistryProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_.-]{1,255}$/.test(props.registryName)) {
      throw new PlatformValidationError(this.node.path, `registryName '${props.registryName}' must be 1-255 letters, digits, '-', '_' or '.'`);
    }
    const problems = topicSchemaProblems(props.topics, props.schemas);
    if (problems.length > 0) throw new PlatformValidationError(this.node.path, problems.join('; '));
    this.registry = new GlueRegistry(this, 'registry', { registryName: props.registryName, description: 'Avro schemas of the Kafka topic catalog (seed 003 §4)' });
    this.registryArn = this.registry.arn;
    const schemas: Record<string, GlueSchema> = {};
    for (const s of props.schemas) {
      schemas[s.topic] = new GlueSchema(this, `schema-${s.topic.replace(/[._]/g, '-')}`, {
        schemaName: s.topic,
        registryArn: this.registry.arn,
        dataFormat: 'AVRO',
        compatibility: s.compatibility ?? DEFAULT_SCHEMA_COMPATIBILITY,
        schemaDefinition: JSON.stringify(s.schema),
        description: s.schema.doc ?? `records of ${s.topic}`,
        tags: { owner: s.owner, topic: s.topic },
      });
    }
    this.schemas = schemas;
  }

  /** ARN of a topic's schema. */
  public schemaArn(topic: string): string {
    const s = this.schemas[topic];
    if (!s) throw new PlatformValidationError(this.node.path, `no schema for topic '${topic}'`);
    return s.arn;
  }
}
