import { Construct } from 'constructs';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Kinesisanalyticsv2Application } from '@cdktf/provider-aws/lib/kinesisanalyticsv2-application';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { serviceTrustPolicy } from '../core/iam';
import { EncryptedLogGroup } from '../core/logs';
import { KafkaClusterRef } from '../data/kafka-cluster';
import { grantStatements } from '../data/grants';
import { SecureBucket } from '../data/secure-bucket';
import { LakeLayer } from './lake-types';
import { Lakehouse } from './lakehouse';
import { SchemaRegistry } from './schema-registry';
import { nonResourceActions } from './iam';

/** Managed Service for Apache Flink runtimes (seed 003 §11: Flink 1.19). */
export const FLINK_RUNTIMES: readonly string[] = ['FLINK-1_19', 'FLINK-1_20'];

/** Actions a VPC-attached application needs to manage its ENIs (AWS only grants them on `*`). */
const VPC_ENI_ACTIONS = [
  'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces',
  'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface',
];

export interface FlinkApplicationProps {
  /** Application name (also its consumer group and role prefix). */
  readonly name: string;
  /**
   * Flink runtime, one of {@link FLINK_RUNTIMES}.
   * @default 'FLINK-1_19'
   */
  readonly runtime?: string;
  /** Bucket of the application jar (uploaded by the job's pipeline before apply). */
  readonly artifactBucket: SecureBucket;
  /** Key of the jar in `artifactBucket`; the role may read its top-level prefix. */
  readonly artifactKey: string;
  /** Parallelism of the job graph. */
  readonly parallelism: number;
  /** Parallel tasks per KPU (1 KPU = 1 vCPU, 4 GB), 1-8. */
  readonly parallelismPerKpu: number;
  /** Let the service raise parallelism under load. */
  readonly autoScaling: boolean;
  /** Checkpoint interval, seconds. */
  readonly checkpointIntervalSeconds: number;
  /** Topics read, per cluster. */
  readonly sources: readonly { readonly cluster: KafkaClusterRef & { readonly bootstrapBrokersIam: string }; readonly topics: readonly string[] }[];
  /** Registry whose schemas decode the topics. */
  readonly schemaRegistry: SchemaRegistry;
  /** Lakehouse the jobs write into. */
  readonly lakehouse: Lakehouse;
  /** Layers the jobs read. */
  readonly readLayers: readonly LakeLayer[];
  /** Layers the jobs write. */
  readonly writeLayers: readonly LakeLayer[];
  /** Private subnets of the application's ENIs. */
  readonly subnetIds: readonly string[];
  /** The data clients group (reaches MSK) and an HTTPS egress group (AWS APIs). */
  readonly securityGroupIds: readonly string[];
  /** Key of the application's log group. */
  readonly logsKmsKeyArn: string;
  /** Days application logs are kept. */
  readonly logRetentionDays: number;
}

/**
 * The Managed Service for Apache Flink application slot for the silver and feature jobs (seed 003 §4 "Kafka
 * -> Flink -> S3 (Iceberg)"; §6 features "updated continuously from Kafka event streams via Flink"): the
 * jar from S3, custom parallelism (with autoscaling), checkpoints and snapshots on, VPC access to MSK with
 * IAM auth, application logs to an encrypted log group. Its role reads only the named topics (consumer
 * group = the application name), the registry's schemas and the artifact, and writes only its layers.
 *
 * @example
 * ```ts
 * import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
 * import { awsContext } from '@ott-platform/infra/core';
 * import { DataLake, SecureBucket } from '@ott-platform/infra/data';
 * import { FlinkApplication, Lakehouse, SchemaRegistry } from '@ott-platform/infra/analytics';
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
 * new FlinkApplication(this, 'flink', {
 *   name: 'inference-dev-stream-jobs', artifactBucket: artifacts, artifactKey: 'flink/jobs.jar',
 *   parallelism: 2, parallelismPerKpu: 1, autoScaling: true, checkpointIntervalSeconds: 60,
 *   sources: [{ cluster, topics: ['inference.results'] }], schemaRegistry: registry, lakehouse,
 *   readLayers: [], writeLayers: ['bronze'], subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0data-clients'],
 *   logsKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/logs', logRetentionDays: 30,
 * });
 * ```
 */
export class FlinkApplication extends Construct {
  public readonly application: Kinesisanalyticsv2Application;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: FlinkApplicationProps) {
    super(scope, id);
    const where = this.node.path;
    const runtime = props.runtime ?? 'FLINK-1_19';
    const fail = (m: string): never => { throw new PlatformValidationError(where, m); };
    if (!FLINK_RUNTIMES.includes(runtime)) fail(`runtime '${runtime}' is not one of ${FLINK_RUNTIMES.join(', ')}`);
    if (!Number.isInteger(props.parallelism) || props.parallelism < 1) fail(`parallelism must be a positive integer, got ${props.parallelism}`);
    if (!Number.isInteger(props.parallelismPerKpu) || props.parallelismPerKpu < 1 || props.parallelismPerKpu > 8) fail(`parallelismPerKpu must be 1-8, got ${props.parallelismPerKpu}`);
    if (props.checkpointIntervalSeconds < 1) fail(`checkpointIntervalSeconds must be positive, got ${props.checkpointIntervalSeconds}`);
    const ctx = awsContext(this);
    const logs = new EncryptedLogGroup(this, 'logs', { name: `/aws/kinesis-analytics/${props.name}`, retentionInDays: props.logRetentionDays, kmsKeyArn: props.logsKmsKeyArn });
    const stream = new CloudwatchLogStream(this, 'log-stream', { name: 'application', logGroupName: logs.name });

    this.role = new IamRole(this, 'role', {
      name: `${props.name}-flink`,
      description: `Managed Service for Apache Flink ${props.name}`,
      assumeRolePolicy: serviceTrustPolicy('kinesisanalytics.amazonaws.com', ctx.accountId),
    });
    grantStatements(this, this.role, 'flink-runtime', [
      ...props.sources.flatMap((s) => [
        { Effect: 'Allow' as const, Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: [s.cluster.clusterArn] },
        { Effect: 'Allow' as const, Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], Resource: s.topics.map((t) => s.cluster.topicArn(t)) },
        { Effect: 'Allow' as const, Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], Resource: [s.cluster.groupArn(props.name)] },
      ]),
      { Effect: 'Allow', Action: ['glue:GetRegistry', 'glue:GetSchema', 'glue:GetSchemaVersion', 'glue:GetSchemaByDefinition'], Resource: [props.schemaRegistry.registryArn, ...props.sources.flatMap((s) => s.topics.map((t) => props.schemaRegistry.schemaArn(t)))] },
      { Effect: 'Allow', Action: ['logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: [`${logs.arn}:log-stream:*`] },
    ]);
    nonResourceActions(this, 'vpc-eni', this.role, VPC_ENI_ACTIONS);
    props.artifactBucket.grantRead(this.role, `${props.artifactKey.split('/')[0]}/`);
    for (const l of props.readLayers) props.lakehouse.grantRead(this.role, l);
    for (const l of props.writeLayers) props.lakehouse.grantWrite(this.role, l);

    this.application = new Kinesisanalyticsv2Application(this, 'application', {
      name: props.name,
      description: 'Silver and ML-feature stream jobs (Kafka -> Iceberg)',
      runtimeEnvironment: runtime,
      serviceExecutionRole: this.role.arn,
      applicationConfiguration: {
        applicationCodeConfiguration: {
          codeContentType: 'ZIPFILE',
          codeContent: { s3ContentLocation: { bucketArn: props.artifactBucket.bucketArn, fileKey: props.artifactKey } },
        },
        applicationSnapshotConfiguration: { snapshotsEnabled: true },
        flinkApplicationConfiguration: {
          checkpointConfiguration: { configurationType: 'CUSTOM', checkpointingEnabled: true, checkpointInterval: props.checkpointIntervalSeconds * 1000, minPauseBetweenCheckpoints: 5000 },
          monitoringConfiguration: { configurationType: 'CUSTOM', logLevel: 'INFO', metricsLevel: 'OPERATOR' },
          parallelismConfiguration: { configurationType: 'CUSTOM', parallelism: props.parallelism, parallelismPerKpu: props.parallelismPerKpu, autoScalingEnabled: props.autoScaling },
        },
        environmentProperties: { propertyGroup: [{
          propertyGroupId: 'platform',
          propertyMap: {
            'kafka.bootstrap.servers': props.sources.map((s) => s.cluster.bootstrapBrokersIam).join(','),
            'kafka.security.protocol': 'SASL_SSL',
            'kafka.sasl.mechanism': 'AWS_MSK_IAM',
            'kafka.group.id': props.name,
            'schema.registry.name': props.schemaRegistry.registry.registryName,
            'lake.warehouse': `s3://${props.lakehouse.dataLake.bucketName}/`,
            'lake.catalog': 'glue',
          },
        }] },
        vpcConfiguration: { subnetIds: [...props.subnetIds], securityGroupIds: [...props.securityGroupIds] },
      },
      cloudwatchLoggingOptions: { logStreamArn: `${logs.arn}:log-stream:${stream.name}` },
    });
  }

  /** Kilo-processing units the configured parallelism needs (ceil(parallelism / parallelismPerKpu)). */
  public static kpus(parallelism: number, parallelismPerKpu: number): number {
    return Math.ceil(parallelism / parallelismPerKpu);
  }
}
