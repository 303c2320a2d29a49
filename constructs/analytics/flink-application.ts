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
import { LakeLayer } from '../../catalog/lake-tables';
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
  readonly name: string;
  /** @default 'FLINK-1_19' */
  readonly runtime?: string;
  /** Bucket and key of the application jar (uploaded by the job's pipeline before apply). */
  readonly artifactBucket: SecureBucket;
  readonly artifactKey: string;
  /** Parallelism and parallelism per KPU (1 KPU = 1 vCPU, 4 GB). */
  readonly parallelism: number;
  readonly parallelismPerKpu: number;
  readonly autoScaling: boolean;
  /** Checkpoint interval, seconds. */
  readonly checkpointIntervalSeconds: number;
  /** Topics read, per cluster. */
  readonly sources: readonly { readonly cluster: KafkaClusterRef & { readonly bootstrapBrokersIam: string }; readonly topics: readonly string[] }[];
  readonly schemaRegistry: SchemaRegistry;
  readonly lakehouse: Lakehouse;
  /** Layers the jobs read and write. */
  readonly readLayers: readonly LakeLayer[];
  readonly writeLayers: readonly LakeLayer[];
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
}

/**
 * The Managed Service for Apache Flink application slot for the silver and feature jobs (seed 003 §4 "Kafka
 * -> Flink -> S3 (Iceberg)"; §6 features "updated continuously from Kafka event streams via Flink"): the
 * jar from S3, custom parallelism (with autoscaling), checkpoints and snapshots on, VPC access to MSK with
 * IAM auth, application logs to an encrypted log group. Its role reads only the named topics (consumer
 * group = the application name), the registry's schemas and the artifact, and writes only its layers.
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
