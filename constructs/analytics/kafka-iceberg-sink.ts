import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { MskconnectConnector } from '@cdktf/provider-aws/lib/mskconnect-connector';
import { MskconnectCustomPlugin } from '@cdktf/provider-aws/lib/mskconnect-custom-plugin';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { serviceTrustPolicy } from '../core/iam';
import { EncryptedLogGroup } from '../core/logs';
import { KafkaClusterRef } from '../data/kafka-cluster';
import { KafkaTopic } from '../data/kafka-topic';
import { grantStatements } from '../data/grants';
import { SecureBucket } from '../data/secure-bucket';
import { Lakehouse } from './lakehouse';
import { SchemaRegistry } from './schema-registry';

/** MSK Connect (Kafka Connect) versions offered for new connectors. */
export const MSK_CONNECT_VERSIONS: readonly string[] = ['2.7.1', '3.7.x'];

/** A Kafka cluster as the sink needs it: IAM ARNs plus the IAM bootstrap brokers. */
export interface SinkKafkaCluster extends KafkaClusterRef {
  readonly bootstrapBrokersIam: string;
}

export interface KafkaIcebergSinkProps {
  /** Connector name (also the Kafka Connect consumer group `connect-<name>`). */
  readonly name: string;
  /** The MSK cluster whose topics are sunk. */
  readonly cluster: SinkKafkaCluster;
  /** Topics to sink, each into the bronze table of the same name (dots as underscores). */
  readonly topics: readonly string[];
  /** Lakehouse holding the bronze tables. */
  readonly lakehouse: Lakehouse;
  /** Registry whose schemas decode the records. */
  readonly schemaRegistry: SchemaRegistry;
  /** Bucket holding the connector plugin zip (Apache Iceberg sink + AWS Glue Schema Registry converter). */
  readonly artifactBucket: SecureBucket;
  /** Key of the plugin zip in `artifactBucket`. */
  readonly pluginKey: string;
  /** Private subnets of the workers. */
  readonly subnetIds: readonly string[];
  /** The data clients group (reaches MSK) and an HTTPS egress group (AWS APIs). */
  readonly securityGroupIds: readonly string[];
  /** MCUs per worker (1, 2, 4 or 8). */
  readonly mcuCount: number;
  /** Workers always running (1-10). */
  readonly minWorkers: number;
  /** Workers at most (autoscaling, up to 10). */
  readonly maxWorkers: number;
  /**
   * Kafka Connect version, one of {@link MSK_CONNECT_VERSIONS}.
   * @default '2.7.1'
   */
  readonly kafkaConnectVersion?: string;
  /**
   * Seconds between Iceberg commits.
   * @default 300
   */
  readonly commitIntervalSeconds?: number;
  /** Key of the worker log group. */
  readonly logsKmsKeyArn: string;
  /** Days worker logs are kept. */
  readonly logRetentionDays: number;
}

/** Bronze table name of a topic. */
export function bronzeTableName(topic: string): string {
  return topic.replace(/[.-]/g, '_');
}

/**
 * The Analytics Collector's sink (seed 003 §3: "Kafka -> S3/Iceberg"): an MSK Connect connector running
 * the Apache Iceberg Kafka Connect sink, which reads the Avro records of its cluster's topics through the
 * AWS Glue Schema Registry converter and commits them to the bronze Iceberg tables of the Glue Data Catalog
 * (exactly once, through its own control topic). Authenticates to MSK with IAM over TLS; workers run in
 * private subnets; worker logs go to a KMS-encrypted log group. The execution role may read only these
 * topics, its own consumer groups and control topic, the registry's schemas, and write only the bronze
 * layer.
 *
 * @example
 * ```ts
 * import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
 * import { awsContext } from '@ott-platform/infra/core';
 * import { DataLake, SecureBucket } from '@ott-platform/infra/data';
 * import { KafkaIcebergSink, Lakehouse, SchemaRegistry } from '@ott-platform/infra/analytics';
 *
 * const account = awsContext(this).accountId;
 * const dataLake = new DataLake(this, 'lake', { bucketName: `inference-dev-lake-${account}` });
 * const lakehouse = new Lakehouse(this, 'lakehouse', {
 *   dataLake, databasePrefix: 'inference_dev',
 *   tables: [{
 *     layer: 'bronze', name: 'inference_results', description: 'Raw results', writer: 'sink',
 *     columns: [{ name: 'request_id', type: 'string' }, { name: 'event_date', type: 'date' }],
 *     retention: { queryableDays: 90, totalDays: 730, row: 'Bronze: 90 days, Glacier to 2 years' },
 *   }],
 * });
 * const registry = new SchemaRegistry(this, 'schemas', {
 *   registryName: 'inference-dev-events',
 *   topics: [{ name: 'inference.results', owner: 'inference' }],
 *   schemas: [{ topic: 'inference.results', owner: 'inference', schema: { type: 'record', name: 'InferenceResult', fields: [{ name: 'request_id', type: 'string' }] } }],
 * });
 * const artifacts = new SecureBucket(this, 'artifacts', { bucketName: `inference-dev-artifacts-${account}`, label: 'artifacts' });
 * const arn = 'arn:aws:kafka:eu-west-1:111122223333';
 * const cluster = { // or a KafkaCluster of @ott-platform/infra/data
 *   clusterArn: `${arn}:cluster/events/uuid`, clusterName: 'events', storageMode: 'LOCAL' as const, brokers: 3,
 *   bootstrapBrokersIam: 'b-1.events.kafka.eu-west-1.amazonaws.com:9098',
 *   topicArn: (t: string) => `${arn}:topic/events/uuid/${t}`, groupArn: (g: string) => `${arn}:group/events/uuid/${g}`,
 * };
 * new KafkaIcebergSink(this, 'sink', {
 *   name: 'inference-dev-collector', cluster, topics: ['inference.results'], lakehouse, schemaRegistry: registry,
 *   artifactBucket: artifacts, pluginKey: 'connectors/iceberg-kafka-connect.zip',
 *   subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0data-clients', 'sg-0https'],
 *   mcuCount: 1, minWorkers: 1, maxWorkers: 2, logsKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/logs', logRetentionDays: 30,
 * });
 * ```
 */
export class KafkaIcebergSink extends Construct {
  public readonly connector: MskconnectConnector;
  public readonly role: IamRole;
  public readonly controlTopic: KafkaTopic;

  constructor(scope: Construct, id: string, props: KafkaIcebergSinkProps) {
    super(scope, id);
    const where = this.node.path;
    const version = props.kafkaConnectVersion ?? '2.7.1';
    const fail = (m: string): never => { throw new PlatformValidationError(where, m); };
    if (!MSK_CONNECT_VERSIONS.includes(version)) fail(`kafkaConnectVersion '${version}' is not one of ${MSK_CONNECT_VERSIONS.join(', ')}`);
    if (![1, 2, 4, 8].includes(props.mcuCount)) fail(`mcuCount must be 1, 2, 4 or 8, got ${props.mcuCount}`);
    if (props.minWorkers < 1 || props.maxWorkers < props.minWorkers || props.maxWorkers > 10) fail(`workers must satisfy 1 <= minWorkers (${props.minWorkers}) <= maxWorkers (${props.maxWorkers}) <= 10`);
    if (props.topics.length === 0) fail('no topics to sink');
    const ctx = awsContext(this);
    const controlTopicName = `control-iceberg-${props.name}`;
    this.controlTopic = new KafkaTopic(this, 'control-topic', {
      cluster: props.cluster, name: controlTopicName, partitions: 1, retentionMs: 7 * 86_400_000,
    });

    this.role = new IamRole(this, 'role', {
      name: `${props.name}-sink`,
      description: `MSK Connect ${props.name}: Kafka -> bronze Iceberg tables`,
      assumeRolePolicy: serviceTrustPolicy('kafkaconnect.amazonaws.com', ctx.accountId),
    });
    const transactionalIds = props.cluster.topicArn(`${props.name}*`).replace(':topic/', ':transactional-id/');
    grantStatements(this, this.role, 'kafka-sink', [
      { Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster', 'kafka-cluster:WriteDataIdempotently'], Resource: [props.cluster.clusterArn] },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], Resource: props.topics.map((t) => props.cluster.topicArn(t)) },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:WriteData'], Resource: [props.cluster.topicArn(controlTopicName)] },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], Resource: [props.cluster.groupArn(`connect-${props.name}`), props.cluster.groupArn(`cg-control-${props.name}*`)] },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeTransactionalId', 'kafka-cluster:AlterTransactionalId'], Resource: [transactionalIds] },
      { Effect: 'Allow', Action: ['glue:GetRegistry', 'glue:GetSchema', 'glue:GetSchemaVersion', 'glue:GetSchemaByDefinition'], Resource: [props.schemaRegistry.registryArn, ...props.topics.map((t) => props.schemaRegistry.schemaArn(t))] },
    ]);
    props.lakehouse.grantWrite(this.role, 'bronze');

    const plugin = new MskconnectCustomPlugin(this, 'plugin', {
      name: `${props.name}-iceberg-sink`,
      contentType: 'ZIP',
      description: 'Apache Iceberg Kafka Connect sink with the AWS Glue Schema Registry Avro converter and the MSK IAM auth library',
      location: { s3: { bucketArn: props.artifactBucket.bucketArn, fileKey: props.pluginKey } },
    });
    const logs = new EncryptedLogGroup(this, 'logs', { name: `/aws/mskconnect/${props.name}`, retentionInDays: props.logRetentionDays, kmsKeyArn: props.logsKmsKeyArn });
    const database = props.lakehouse.databases.bronze;
    if (!database) fail('the lakehouse has no bronze tables');
    const tables = props.topics.map((t) => `${database!.name}.${bronzeTableName(t)}`);
    const iam = {
      'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'AWS_MSK_IAM',
      'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
      'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
    };
    const configuration: Record<string, string> = {
      'connector.class': 'org.apache.iceberg.connect.IcebergSinkConnector',
      'tasks.max': String(props.maxWorkers * props.mcuCount),
      topics: props.topics.join(','),
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'com.amazonaws.services.schemaregistry.kafkaconnect.AWSKafkaAvroConverter',
      'value.converter.region': ctx.region,
      'value.converter.registry.name': props.schemaRegistry.registry.registryName,
      'value.converter.schemaAutoRegistrationEnabled': 'false',
      'value.converter.avroRecordType': 'GENERIC_RECORD',
      transforms: 'topic',
      'transforms.topic.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.topic.topic.field': '_topic',
      'iceberg.catalog.catalog-impl': 'org.apache.iceberg.aws.glue.GlueCatalog',
      'iceberg.catalog.io-impl': 'org.apache.iceberg.aws.s3.S3FileIO',
      'iceberg.catalog.warehouse': `s3://${props.lakehouse.dataLake.bucketName}/${props.lakehouse.dataLake.prefixOf('bronze')}`,
      'iceberg.tables': tables.join(','),
      'iceberg.tables.route-field': '_topic',
      'iceberg.tables.auto-create-enabled': 'false',
      'iceberg.control.topic': controlTopicName,
      'iceberg.control.commit.interval-ms': String((props.commitIntervalSeconds ?? 300) * 1000),
      ...Object.fromEntries(Object.entries(iam).map(([k, v]) => [`iceberg.kafka.${k}`, v])),
      ...Object.fromEntries(props.topics.map((t, i) => [`iceberg.table.${tables[i]}.route-regex`, `^${t.replace(/\./g, '\\.')}$`])),
    };
    this.connector = new MskconnectConnector(this, 'connector', {
      name: props.name,
      description: `Analytics Collector sink: ${props.topics.length} topics -> bronze Iceberg tables`,
      kafkaconnectVersion: version,
      capacity: { autoscaling: {
        mcuCount: props.mcuCount, minWorkerCount: props.minWorkers, maxWorkerCount: props.maxWorkers,
        scaleInPolicy: { cpuUtilizationPercentage: 20 }, scaleOutPolicy: { cpuUtilizationPercentage: 75 },
      } },
      connectorConfiguration: configuration,
      kafkaCluster: { apacheKafkaCluster: { bootstrapServers: props.cluster.bootstrapBrokersIam, vpc: { subnets: [...props.subnetIds], securityGroups: [...props.securityGroupIds] } } },
      kafkaClusterClientAuthentication: { authenticationType: 'IAM' },
      kafkaClusterEncryptionInTransit: { encryptionType: 'TLS' },
      logDelivery: { workerLogDelivery: { cloudwatchLogs: { enabled: true, logGroup: logs.name } } },
      plugin: [{ customPlugin: { arn: plugin.arn, revision: plugin.latestRevision } }],
      serviceExecutionRoleArn: this.role.arn,
      dependsOn: [this.controlTopic.topic],
    });
  }
}
