import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { awsContext } from '../core/aws-context';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskConfiguration } from '@cdktf/provider-aws/lib/msk-configuration';
import { MskClusterPolicy } from '@cdktf/provider-aws/lib/msk-cluster-policy';
import { policyJson } from '../core/iam';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { PlatformValidationError } from '../core/errors';
import { EncryptionKey, cloudWatchLogsKeyStatement } from '../core/kms';
import { EncryptedLogGroup, assertLogRetention } from '../core/logs';
import { DataEndpoint, storeSecurityGroup } from './data-client-access';
import { GrantRole, GrantTarget, grantStatements } from './grants';

/**
 * Kafka versions a new MSK Provisioned (Standard broker) cluster may use (versions.md §3): 3.6 and 3.7
 * are past end of support by 2026-11, 4.2.x.kraft is Express-only.
 */
export const MSK_KAFKA_VERSIONS: readonly string[] = ['3.8.x', '3.8.x.kraft', '3.9.x', '3.9.x.kraft', '4.0.x.kraft', '4.1.x.kraft'];

/** Standard broker sizes (versions.md §3, "Broker types"). */
export const MSK_BROKER_TYPES: readonly string[] = [
  'kafka.t3.small',
  ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'].map((s) => `kafka.m5.${s}`),
  ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((s) => `kafka.m7g.${s}`),
];

/** Port of the IAM (SASL/IAM over TLS) listener inside the VPC. */
export const MSK_IAM_PORT = 9098;
/**
 * Most brokers per cluster: MSK's default quota for Standard brokers (30 per cluster, AWS MSK developer
 * guide "Amazon MSK quota"; raisable on request). A larger count is a typo, not a plan.
 */
export const MSK_MAX_BROKERS = 30;
/** Largest EBS volume per broker, GiB (MSK quota). */
export const MSK_MAX_VOLUME_GB = 16384;

export type MskStorageMode = 'LOCAL' | 'TIERED';
export type MskEnhancedMonitoring = 'DEFAULT' | 'PER_BROKER' | 'PER_TOPIC_PER_BROKER' | 'PER_TOPIC_PER_PARTITION';

export interface KafkaClusterProps {
  /** MSK cluster name, e.g. `production-eu-west-1-realtime` (letters, digits, dashes; at most 64). */
  readonly clusterName: string;
  /** One of {@link MSK_KAFKA_VERSIONS}. */
  readonly kafkaVersion: string;
  /** Number of brokers; a multiple of `zones`. */
  readonly brokers: number;
  /** Broker size, one of {@link MSK_BROKER_TYPES}. */
  readonly brokerType: string;
  /** VPC of the brokers' security group. */
  readonly vpcId: string;
  /** Subnets (one per AZ, isolated tier); the first `zones` are used. */
  readonly subnetIds: readonly string[];
  /**
   * Availability Zones (client subnets) the brokers spread over: 2 or 3 (MSK's limits).
   * @default - the number of subnets given (at most 3)
   */
  readonly zones?: number;
  /**
   * EBS volume per broker at creation, GiB; storage autoscaling grows it.
   * @default 1000
   */
  readonly volumeSizeGb?: number;
  /**
   * Ceiling for storage autoscaling per broker, GiB.
   * @default - 4x volumeSizeGb, at most 16384
   */
  readonly maxVolumeSizeGb?: number;
  /**
   * Disk utilization (%) that triggers storage autoscaling (10-80; AWS recommends 50-60).
   * @default 55
   */
  readonly storageUtilizationTarget?: number;
  /**
   * `LOCAL` (EBS only) or `TIERED` (older segments move to MSK's low-cost tier; not on kafka.t3.small).
   * @default 'LOCAL'
   */
  readonly storageMode?: MskStorageMode;
  /**
   * Cluster default `log.retention.hours` (topics override it with `retention.ms`).
   * @default 168
   */
  readonly defaultRetentionHours?: number;
  /**
   * `default.replication.factor` of the cluster configuration.
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * `min.insync.replicas` of the cluster configuration; below the replication factor.
   * @default 2
   */
  readonly minInsyncReplicas?: number;
  /**
   * KMS key ARN for encryption at rest.
   * @default - a new customer-managed key with rotation
   */
  readonly kmsKeyArn?: string;
  /**
   * KMS key ARN of the broker log group; its policy must admit CloudWatch Logs.
   * @default - a new customer-managed key with rotation admitting CloudWatch Logs
   */
  readonly logsKmsKeyArn?: string;
  /**
   * Days broker logs are kept in CloudWatch Logs.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * CloudWatch metrics level.
   * @default 'PER_BROKER'
   */
  readonly enhancedMonitoring?: MskEnhancedMonitoring;
  /**
   * The cluster is the source of an MSK Replicator in another region (cross-region replication). MSK then
   * requires multi-VPC private connectivity turned on for IAM access control and a resource-based cluster
   * policy letting the `kafka.amazonaws.com` service principal call `kafka:CreateVpcConnection`,
   * `kafka:GetBootstrapBrokers` and `kafka:DescribeClusterV2` (MSK developer guide, *Network requirements*
   * of MSK Replicator, msk-replicator-network-reqs). Same-region replication needs neither.
   * @default false
   */
  readonly crossRegionReplicationSource?: boolean;
}

/** The parts of an MSK cluster ARN (`arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`). */
export interface MskClusterArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly clusterUuid: string;
}

/**
 * `kafka-cluster` IAM resource ARN of a topic or consumer group (MSK IAM access control):
 * `arn:<partition>:kafka:<region>:<account>:<kind>/<cluster name>/<cluster uuid>/<name>`. The one place
 * the format lives: {@link KafkaCluster} and clusters adopted with
 * {@link KafkaCluster.fromKafkaClusterAttributes} both use it.
 */
export function mskIamResourceArn(cluster: MskClusterArnParts, kind: 'topic' | 'group', name: string): string {
  return `arn:${cluster.partition}:kafka:${cluster.region}:${cluster.accountId}:${kind}/${cluster.clusterName}/${cluster.clusterUuid}/${name}`;
}

const MSK_CLUSTER_ARN = /^arn:(aws[a-z-]*):kafka:([a-z0-9-]+):(\d{12}):cluster\/([A-Za-z][A-Za-z0-9-]{0,63})\/([0-9a-f-]+(?:-\d+)?)$/;

/** The parts of a literal MSK cluster ARN, or why it is not one. */
export function parseMskClusterArn(arn: string): { ok: true; parts: MskClusterArnParts } | { ok: false; problem: string } {
  const m = MSK_CLUSTER_ARN.exec(arn);
  if (!m) return { ok: false, problem: `'${arn}' is not an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)` };
  return { ok: true, parts: { partition: m[1], region: m[2], accountId: m[3], clusterName: m[4], clusterUuid: m[5] } };
}

/** Attributes of an existing MSK cluster to adopt. */
export interface KafkaClusterAttributes {
  /** The cluster's ARN (`arn:aws:kafka:eu-west-1:123456789012:cluster/events/1a2b...-3`). */
  readonly clusterArn: string;
  /**
   * Cluster name and UUID, needed only when `clusterArn` is a reference (a token) rather than a literal.
   * @default - read from the literal clusterArn
   */
  readonly clusterName?: string;
  /** @default - read from the literal clusterArn */
  readonly clusterUuid?: string;
  /** Broker count (upper bound of a topic's replication factor). */
  readonly brokers: number;
  /** The brokers' security group: {@link DataClientAccess.allow} adds its ingress rule there. */
  readonly securityGroupId: string;
  /**
   * Storage mode.
   * @default 'LOCAL'
   */
  readonly storageMode?: MskStorageMode;
  /**
   * Bootstrap brokers of the IAM listener.
   * @default - unknown ('' ): read them from the owning team's outputs
   */
  readonly bootstrapBrokersIam?: string;
}

/** What a topic (or a grant) needs to know about its cluster. */
export interface KafkaClusterRef {
  /** Cluster ARN. */
  readonly clusterArn: string;
  /** MSK cluster name (part of topic and group ARNs). */
  readonly clusterName: string;
  /** Storage mode: a topic on a `TIERED` cluster enables remote storage. */
  readonly storageMode: MskStorageMode;
  /** Broker count: the upper bound of a topic's replication factor. */
  readonly brokers: number;
  /** Bootstrap brokers of the IAM (SASL/IAM, TLS) listener; '' when an adopted cluster's are unknown. */
  readonly bootstrapBrokersIam: string;
  /** `kafka-cluster` IAM resource ARN of a topic on this cluster. */
  topicArn(topicName: string): string;
  /** `kafka-cluster` IAM resource ARN of a consumer group on this cluster. */
  groupArn(groupName: string): string;
}

/**
 * An MSK Provisioned cluster with Standard brokers in isolated subnets: TLS between clients and brokers
 * and inside the cluster, IAM (SASL) client authentication only (unauthenticated access off), no public
 * access, encryption at rest with a customer-managed key, broker logs in an encrypted CloudWatch log
 * group, EBS storage autoscaling, and an `aws_msk_configuration` (auto topic creation off, replication
 * factor 3, min.insync.replicas 2) whose name carries the Kafka version, so a version change creates a
 * new configuration before the old one (still attached) is deleted.
 *
 * @example
 * ```ts
 * import { availabilityZoneIds } from '@ott-platform/infra/core';
 * import { DataClientAccess, KafkaCluster } from '@ott-platform/infra/data';
 * import { Network } from '@ott-platform/infra/network';
 *
 * const network = new Network(this, 'network', {
 *   name: 'inference-dev', cidr: '10.40.0.0/16', availabilityZoneIds: availabilityZoneIds('eu-west-1', 3), natGateways: 'single',
 * });
 * const kafka = new KafkaCluster(this, 'kafka', {
 *   clusterName: 'inference-dev-events',
 *   kafkaVersion: '3.9.x.kraft',
 *   brokers: 3, // one per Availability Zone
 *   brokerType: 'kafka.t3.small',
 *   vpcId: network.vpcId,
 *   subnetIds: network.isolatedSubnetIds,
 *   volumeSizeGb: 100,
 * });
 * const clients = new DataClientAccess(this, 'data-clients', { name: 'inference-dev-data-clients', vpcId: network.vpcId });
 * clients.allow(kafka); // the IAM listener (9098) from the data clients only
 * // Clients bootstrap from kafka.bootstrapBrokersIam and sign in with the MSK IAM SASL mechanism.
 * ```
 */
export class KafkaCluster extends Construct implements DataEndpoint, KafkaClusterRef {
  /**
   * Adopts an existing MSK cluster (aws-cdk-lib's `fromXAttributes` habit): topics, grants and data-client
   * rules work on it as on a cluster this library created; nothing about the cluster itself is managed.
   */
  public static fromKafkaClusterAttributes(scope: Construct, id: string, attrs: KafkaClusterAttributes): KafkaClusterRef & DataEndpoint & KafkaClusterGrants {
    return new ImportedKafkaCluster(scope, id, attrs);
  }

  /** The `aws_msk_cluster` resource. */
  public readonly cluster: MskCluster;
  /** The `aws_msk_configuration` the cluster runs with. */
  public readonly configuration: MskConfiguration;
  /** Cluster ARN. */
  public readonly clusterArn: string;
  /** MSK cluster name, as passed in. */
  public readonly clusterName: string;
  /** The cluster's UUID, part of its topic and group ARNs. */
  public readonly clusterUuid: string;
  /** Bootstrap brokers of the IAM listener (`host:9098,...`). */
  public readonly bootstrapBrokersIam: string;
  /** The brokers' security group (ingress only through {@link DataClientAccess}). */
  public readonly securityGroupId: string;
  /** Port of the IAM listener, 9098. */
  public readonly port = MSK_IAM_PORT;
  /** `kafka-<construct id>`, names the client-access rules. */
  public readonly endpointName: string;
  /** The key encrypting the brokers' storage. */
  public readonly kmsKeyArn: string;
  /** The broker log group's name. */
  public readonly logGroupName: string;
  /** `LOCAL` or `TIERED`. */
  public readonly storageMode: MskStorageMode;
  /** Number of brokers. */
  public readonly brokers: number;
  /** Availability Zones the brokers spread over. */
  public readonly zones: number;
  /** Kafka version, as passed in. */
  public readonly kafkaVersion: string;
  /** The cluster policy admitting MSK Replicator; present when `crossRegionReplicationSource` is set. */
  public readonly replicationSourcePolicy?: MskClusterPolicy;

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const where = this.node.path;
    const v = validateKafkaClusterProps(where, props);
    this.clusterName = props.clusterName;
    this.endpointName = `kafka-${id}`;
    this.storageMode = v.storageMode;
    this.brokers = props.brokers;
    this.zones = v.zones;
    this.kafkaVersion = props.kafkaVersion;
    const crossRegionSource = props.crossRegionReplicationSource ?? false;

    const sg = storeSecurityGroup(this, 'sg', `${props.clusterName}-msk`, props.vpcId, `MSK ${props.clusterName}: IAM listener ${MSK_IAM_PORT} from the data clients only`);
    this.securityGroupId = sg.id;

    this.kmsKeyArn = props.kmsKeyArn ?? new EncryptionKey(this, 'key', { purpose: `MSK ${props.clusterName} at rest`, alias: `${props.clusterName}-msk` }).keyArn;
    const logsKeyArn = props.logsKmsKeyArn ?? new EncryptionKey(this, 'logs-key', {
      purpose: `MSK ${props.clusterName} broker logs`, alias: `${props.clusterName}-msk-logs`, additionalStatements: [cloudWatchLogsKeyStatement(this)],
    }).keyArn;
    const logs = new EncryptedLogGroup(this, 'broker-logs', {
      name: `/aws/msk/${props.clusterName}/broker`, retentionInDays: v.logRetentionDays, kmsKeyArn: logsKeyArn,
    });
    this.logGroupName = logs.name;

    this.configuration = new MskConfiguration(this, 'configuration', {
      // The name carries the version: kafka_versions forces a replacement, and the old configuration
      // cannot be deleted while the cluster still uses it; create_before_destroy with a new name can.
      name: `${props.clusterName}-${props.kafkaVersion.replace(/\./g, '-')}`,
      kafkaVersions: [props.kafkaVersion],
      description: `${props.clusterName}: no auto topic creation, RF ${v.replicationFactor}, min ISR ${v.minInsyncReplicas}`,
      serverProperties: serverProperties({
        'auto.create.topics.enable': 'false',
        'default.replication.factor': String(v.replicationFactor),
        'min.insync.replicas': String(v.minInsyncReplicas),
        'num.partitions': '3',
        'unclean.leader.election.enable': 'false',
        'log.retention.hours': String(v.defaultRetentionHours),
      }),
      lifecycle: { createBeforeDestroy: true },
    });

    this.cluster = new MskCluster(this, 'cluster', {
      clusterName: props.clusterName,
      kafkaVersion: props.kafkaVersion,
      numberOfBrokerNodes: props.brokers,
      storageMode: v.storageMode,
      enhancedMonitoring: props.enhancedMonitoring ?? 'PER_BROKER',
      brokerNodeGroupInfo: {
        instanceType: props.brokerType,
        clientSubnets: props.subnetIds.slice(0, v.zones),
        securityGroups: [sg.id],
        storageInfo: { ebsStorageInfo: { volumeSize: v.volumeSizeGb } },
        connectivityInfo: {
          publicAccess: { type: 'DISABLED' },
          // Multi-VPC private connectivity (IAM only): a cross-region replicator reaches the brokers through it.
          ...(crossRegionSource ? { vpcConnectivity: { clientAuthentication: { sasl: { iam: true, scram: false }, tls: false } } } : {}),
        },
      },
      clientAuthentication: { unauthenticated: false, sasl: { iam: true, scram: false } },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: this.kmsKeyArn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      configurationInfo: { arn: this.configuration.arn, revision: this.configuration.latestRevision },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logs.name } } },
      // Storage autoscaling changes the volume size outside Terraform.
      lifecycle: { ignoreChanges: ['broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size'] },
    });
    this.clusterArn = this.cluster.arn;
    this.clusterUuid = this.cluster.clusterUuid;
    this.bootstrapBrokersIam = this.cluster.bootstrapBrokersSaslIam;
    if (crossRegionSource) {
      // The cluster policy MSK Replicator needs on a cross-region source (msk-replicator-network-reqs).
      this.replicationSourcePolicy = new MskClusterPolicy(this, 'replicator-source-policy', {
        clusterArn: this.cluster.arn,
        policy: policyJson({
          Statement: [{
            Sid: 'MskReplicatorCrossRegionSource', Effect: 'Allow', Principal: { Service: 'kafka.amazonaws.com' },
            Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'], Resource: [this.cluster.arn],
          }],
        }),
      });
    }

    const target = new AppautoscalingTarget(this, 'storage-scaling-target', {
      serviceNamespace: 'kafka',
      scalableDimension: 'kafka:broker-storage:VolumeSize',
      resourceId: this.cluster.arn,
      minCapacity: 1,
      maxCapacity: v.maxVolumeSizeGb,
    });
    new AppautoscalingPolicy(this, 'storage-scaling-policy', {
      name: `${props.clusterName}-broker-storage`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
        targetValue: v.storageUtilizationTarget,
        disableScaleIn: true, // MSK cannot shrink volumes
      },
    });
  }

  /** `kafka-cluster` IAM resource ARN of a topic on this cluster. */
  public topicArn(topicName: string): string {
    return this.resourceArn('topic', topicName);
  }

  /** `kafka-cluster` IAM resource ARN of a consumer group on this cluster. */
  public groupArn(groupName: string): string {
    return this.resourceArn('group', groupName);
  }

  private resourceArn(kind: 'topic' | 'group', name: string): string {
    const ctx = awsContext(this);
    return mskIamResourceArn({ partition: ctx.partition, region: ctx.region, accountId: ctx.accountId, clusterName: this.clusterName, clusterUuid: this.clusterUuid }, kind, name);
  }

  /** Lets `role` connect to the cluster and describe it (kafka-cluster:Connect, DescribeCluster). */
  public grantConnect(role: GrantRole | GrantTarget): void {
    grantStatements(this, role, `kafka-connect-${this.clusterName}`, [{
      Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: [this.clusterArn],
    }]);
  }
}

/** Grants a Kafka cluster handle offers. */
export interface KafkaClusterGrants {
  /** Lets `role` connect to the cluster and describe it. */
  grantConnect(role: GrantRole | GrantTarget): void;
}

/** An MSK cluster adopted by its attributes. */
class ImportedKafkaCluster extends Construct implements KafkaClusterRef, DataEndpoint, KafkaClusterGrants {
  public readonly clusterArn: string;
  public readonly clusterName: string;
  public readonly storageMode: MskStorageMode;
  public readonly brokers: number;
  public readonly securityGroupId: string;
  public readonly port = MSK_IAM_PORT;
  public readonly endpointName: string;
  public readonly bootstrapBrokersIam: string;
  private readonly arnParts: MskClusterArnParts;

  constructor(scope: Construct, id: string, attrs: KafkaClusterAttributes) {
    super(scope, id);
    const where = this.node.path;
    if (Token.isUnresolved(attrs.clusterArn)) {
      if (attrs.clusterName === undefined || attrs.clusterUuid === undefined) {
        throw new PlatformValidationError(where, 'clusterArn is a reference: pass clusterName and clusterUuid too (topic and group ARNs are built from them)');
      }
      const ctx = awsContext(this);
      this.arnParts = { partition: ctx.partition, region: ctx.region, accountId: ctx.accountId, clusterName: attrs.clusterName, clusterUuid: attrs.clusterUuid };
    } else {
      const parsed = parseMskClusterArn(attrs.clusterArn);
      if (!parsed.ok) throw new PlatformValidationError(where, `clusterArn: ${parsed.problem}`);
      this.arnParts = parsed.parts;
    }
    if (!Number.isInteger(attrs.brokers) || attrs.brokers < 1 || attrs.brokers > MSK_MAX_BROKERS) {
      throw new PlatformValidationError(where, `brokers must be a whole number from 1 to ${MSK_MAX_BROKERS}, got ${attrs.brokers}`);
    }
    this.clusterArn = attrs.clusterArn;
    this.clusterName = this.arnParts.clusterName;
    this.storageMode = attrs.storageMode ?? 'LOCAL';
    this.brokers = attrs.brokers;
    this.securityGroupId = attrs.securityGroupId;
    this.endpointName = `kafka-${id}`;
    this.bootstrapBrokersIam = attrs.bootstrapBrokersIam ?? '';
  }

  public topicArn(topicName: string): string {
    return mskIamResourceArn(this.arnParts, 'topic', topicName);
  }

  public groupArn(groupName: string): string {
    return mskIamResourceArn(this.arnParts, 'group', groupName);
  }

  public grantConnect(role: GrantRole | GrantTarget): void {
    grantStatements(this, role, `kafka-connect-${this.node.id}`, [{
      Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: [this.clusterArn],
    }]);
  }
}

interface ValidatedKafkaProps {
  readonly zones: number;
  readonly volumeSizeGb: number;
  readonly maxVolumeSizeGb: number;
  readonly storageUtilizationTarget: number;
  readonly storageMode: MskStorageMode;
  readonly defaultRetentionHours: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly logRetentionDays: number;
}

/** Checks KafkaCluster props and fills their defaults; throws PlatformValidationError naming `where`. */
/**
 * Why a cluster of `brokerType` cannot be a cross-region MSK Replicator source (undefined when it can): the
 * multi-VPC private connectivity such a source needs "does not support the t3.small instance type" (MSK
 * developer guide, *Amazon MSK multi-VPC private connectivity in a single Region*, requirements and limitations;
 * the Kafka >= 2.7.1 requirement there holds for every version MSK_KAFKA_VERSIONS lists).
 */
export function crossRegionSourceProblem(brokerType: string): string | undefined {
  return brokerType === 'kafka.t3.small'
    ? 'kafka.t3.small cannot be a cross-region replication source: MSK multi-VPC private connectivity does not support t3.small; use kafka.m7g.large or larger'
    : undefined;
}

function validateKafkaClusterProps(where: string, props: KafkaClusterProps): ValidatedKafkaProps {
  const fail = (msg: string): never => { throw new PlatformValidationError(where, msg); };
  if (!/^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(props.clusterName)) fail(`clusterName '${props.clusterName}' must be 1-64 letters, digits or dashes, starting with a letter`);
  if (!MSK_KAFKA_VERSIONS.includes(props.kafkaVersion)) fail(`kafkaVersion '${props.kafkaVersion}' is not offered for new Standard-broker clusters; use one of ${MSK_KAFKA_VERSIONS.join(', ')}`);
  if (!MSK_BROKER_TYPES.includes(props.brokerType)) fail(`brokerType '${props.brokerType}' is not an MSK Standard broker size; use one of ${MSK_BROKER_TYPES.join(', ')}`);
  const zones = props.zones ?? Math.min(props.subnetIds.length, 3);
  if (zones !== 2 && zones !== 3) fail(`zones must be 2 or 3 (MSK spreads brokers over 2 or 3 client subnets), got ${zones}`);
  if (props.subnetIds.length < zones) fail(`zones is ${zones} but only ${props.subnetIds.length} subnets were given`);
  if (!Number.isInteger(props.brokers) || props.brokers < 1 || props.brokers > MSK_MAX_BROKERS) {
    fail(`brokers must be a whole number from 1 to ${MSK_MAX_BROKERS} (MSK's default quota of brokers per cluster), got ${props.brokers}`);
  }
  if (props.brokers % zones !== 0) {
    fail(`${props.brokers} brokers cannot be spread evenly over ${zones} Availability Zones; MSK needs a broker count that is a multiple of the zone count (e.g. ${zones * Math.max(1, Math.floor(props.brokers / zones))} or ${zones * (Math.floor(props.brokers / zones) + 1)})`);
  }
  const replicationFactor = props.replicationFactor ?? 3;
  const minInsyncReplicas = props.minInsyncReplicas ?? 2;
  if (replicationFactor > props.brokers) fail(`replicationFactor ${replicationFactor} needs at least ${replicationFactor} brokers, got ${props.brokers}`);
  if (minInsyncReplicas < 1 || minInsyncReplicas >= replicationFactor) fail(`minInsyncReplicas must be at least 1 and below the replication factor ${replicationFactor}, got ${minInsyncReplicas}`);
  const volumeSizeGb = props.volumeSizeGb ?? 1000;
  if (!Number.isInteger(volumeSizeGb) || volumeSizeGb < 1 || volumeSizeGb > MSK_MAX_VOLUME_GB) fail(`volumeSizeGb must be 1-${MSK_MAX_VOLUME_GB}, got ${volumeSizeGb}`);
  const maxVolumeSizeGb = props.maxVolumeSizeGb ?? Math.min(volumeSizeGb * 4, MSK_MAX_VOLUME_GB);
  if (maxVolumeSizeGb < volumeSizeGb || maxVolumeSizeGb > MSK_MAX_VOLUME_GB) fail(`maxVolumeSizeGb must be between volumeSizeGb (${volumeSizeGb}) and ${MSK_MAX_VOLUME_GB}, got ${maxVolumeSizeGb}`);
  const storageUtilizationTarget = props.storageUtilizationTarget ?? 55;
  if (storageUtilizationTarget < 10 || storageUtilizationTarget > 80) fail(`storageUtilizationTarget must be 10-80 (%), got ${storageUtilizationTarget}`);
  const storageMode = props.storageMode ?? 'LOCAL';
  if (storageMode === 'TIERED' && props.brokerType === 'kafka.t3.small') fail('tiered storage is not available on kafka.t3.small brokers; use kafka.m5 or kafka.m7g, or storageMode LOCAL');
  const sourceProblem = props.crossRegionReplicationSource ? crossRegionSourceProblem(props.brokerType) : undefined;
  if (sourceProblem) fail(sourceProblem);
  if (props.brokerType === 'kafka.t3.small' && props.kafkaVersion.startsWith('4.')) {
    fail(`kafka.t3.small is reported as rejected for Kafka ${props.kafkaVersion} (versions.md §3); use kafka.m7g.large or a 3.x version`);
  }
  const defaultRetentionHours = props.defaultRetentionHours ?? 168;
  if (!Number.isInteger(defaultRetentionHours) || defaultRetentionHours < 1) fail(`defaultRetentionHours must be a positive integer, got ${defaultRetentionHours}`);
  const logRetentionDays = props.logRetentionDays ?? 90;
  assertLogRetention(where, logRetentionDays);
  return { zones, volumeSizeGb, maxVolumeSizeGb, storageUtilizationTarget, storageMode, defaultRetentionHours, replicationFactor, minInsyncReplicas, logRetentionDays };
}

function serverProperties(props: Readonly<Record<string, string>>): string {
  return Object.entries(props).map(([k, val]) => `${k}=${val}`).join('\n') + '\n';
}
