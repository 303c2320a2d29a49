import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { MskReplicator } from '@cdktf/provider-aws/lib/msk-replicator';
import { PlatformValidationError } from '../core/errors';
import { policyJson, serviceTrustPolicy, PolicyStatement } from '../core/iam';
import type { KafkaClusterRef } from './kafka-cluster';
import { kafkaTopicNameProblem } from './topic-names';

/** One side of a replication: the cluster and where the replicator's network interfaces go. */
export interface KafkaReplicationEndpoint {
  readonly cluster: KafkaClusterRef;
  /** Subnets in the cluster's VPC (the isolated subnets of the data layer). */
  readonly subnetIds: readonly string[];
  /** Security groups the replicator's interfaces use: a group the cluster admits on the IAM port (the data-client group). */
  readonly securityGroupIds: readonly string[];
}

/**
 * How replicated topics are named on the target: `IDENTICAL` keeps the source name (one-way: the in-region
 * fan-in, or consolidating another region's analytics cluster into the primary's), `PREFIXED` prepends the
 * source cluster's alias (both directions of an active-active pair, as the MSK developer guide advises, so a
 * region's plain topics hold only its own records and nothing loops).
 */
export type ReplicatedTopicNames = 'IDENTICAL' | 'PREFIXED';

export interface KafkaReplicatorProps {
  /** Replicator name (1-128 letters, digits, dashes), e.g. `production-eu-west-1-realtime-to-analytics`. */
  readonly name: string;
  /** The cluster read from. */
  readonly source: KafkaReplicationEndpoint;
  /** The cluster written to (the replicator lives in its region). */
  readonly target: KafkaReplicationEndpoint;
  /** Topics to replicate, by exact name (never a pattern: the IAM policy names each topic). */
  readonly topics: readonly string[];
  /**
   * Target topic names.
   * @default 'IDENTICAL'
   */
  readonly topicNames?: ReplicatedTopicNames;
  /**
   * Replicate the consumer groups' committed offsets (failover of consumers to the target). Off for a
   * fan-in whose target consumers keep their own groups.
   * @default false
   */
  readonly replicateConsumerOffsets?: boolean;
  /**
   * Compression of the records written to the target (`NONE`, `GZIP`, `SNAPPY`, `LZ4`, `ZSTD`).
   * @default 'LZ4'
   */
  readonly compression?: 'NONE' | 'GZIP' | 'SNAPPY' | 'LZ4' | 'ZSTD';
  /**
   * Provider of the target cluster's region (a replicator lives in its target's region).
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Resources the replicator waits for, e.g. the source topics (`aws_msk_topic`) it reads.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Why `topics` cannot be replicated (undefined when they can): at least one, no duplicates, no patterns. */
export function replicatedTopicsProblem(topics: readonly string[]): string | undefined {
  if (topics.length === 0) return 'a replicator needs at least one topic';
  const dup = topics.find((t, i) => topics.indexOf(t) !== i);
  if (dup) return `topic '${dup}' is listed twice`;
  const pattern = topics.find((t) => kafkaTopicNameProblem(t) !== undefined);
  return pattern ? `topic ${kafkaTopicNameProblem(pattern)}; patterns are not allowed because the role names each topic` : undefined;
}

/**
 * An MSK Replicator (`aws_msk_replicator`, AWS provider >= 5.x; in 6.25, versions.md addendum) copying
 * named topics from one MSK cluster to another, in the same region (supported since launch: "MSK
 * Replicator supports both cross-region replication (CRR) and same-region replication (SRR)", MSK
 * developer guide "What is Amazon MSK Replicator?") or across regions, with its service execution role.
 * Both clusters must be in the same account and use IAM authentication. Across regions the replicator lives
 * in the target's region and the source cluster needs multi-VPC private connectivity for IAM and a cluster
 * policy admitting `kafka.amazonaws.com` (MSK developer guide, MSK Replicator *Network requirements*): create
 * the source `KafkaCluster` with `crossRegionReplicationSource: true`.
 *
 * The role is least privilege: `kafka-cluster:*` actions only on the two clusters' ARNs, the named
 * topics' ARNs (read on the source, create/write on the target) and the clusters' consumer groups.
 *
 * @example
 * ```ts
 * import { KafkaCluster, KafkaReplicator } from '@ott-platform/infra/data';
 *
 * const cluster = (id: string, arn: string) => KafkaCluster.fromKafkaClusterAttributes(this, id, { clusterArn: arn, brokers: 3, securityGroupId: 'sg-0kafka' });
 * const realtime = cluster('realtime', 'arn:aws:kafka:eu-west-1:111122223333:cluster/inference-realtime/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-3');
 * const analytics = cluster('analytics', 'arn:aws:kafka:eu-west-1:111122223333:cluster/inference-analytics/6d5c4b3a-2f1e-0d9c-8b7a-6f5e4d3c2b1a-2');
 * const placement = { subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0data-clients'] };
 * new KafkaReplicator(this, 'to-analytics', {
 *   name: 'inference-dev-realtime-to-analytics',
 *   source: { cluster: realtime, ...placement },
 *   target: { cluster: analytics, ...placement },
 *   topics: ['inference.requests'],
 * });
 * ```
 */
export class KafkaReplicator extends Construct {
  /** The `aws_msk_replicator` resource. */
  public readonly replicator: MskReplicator;
  /** The service execution role. */
  public readonly role: IamRole;
  /** Replicated topics, as passed in. */
  public readonly topics: readonly string[];
  /** Target topic naming. */
  public readonly topicNames: ReplicatedTopicNames;

  constructor(scope: Construct, id: string, props: KafkaReplicatorProps) {
    super(scope, id);
    const where = this.node.path;
    if (!/^[A-Za-z0-9-]{1,128}$/.test(props.name)) throw new PlatformValidationError(where, `name '${props.name}' must be 1-128 letters, digits or dashes`);
    const problem = replicatedTopicsProblem(props.topics);
    if (problem) throw new PlatformValidationError(where, problem);
    for (const [side, e] of [['source', props.source], ['target', props.target]] as const) {
      if (e.subnetIds.length < 2) throw new PlatformValidationError(where, `${side}.subnetIds: a replicator needs subnets in at least 2 AZs, got ${e.subnetIds.length}`);
      if (e.securityGroupIds.length === 0) throw new PlatformValidationError(where, `${side}.securityGroupIds: at least one security group the cluster admits`);
    }
    this.topics = [...props.topics];
    this.topicNames = props.topicNames ?? 'IDENTICAL';
    const offsets = props.replicateConsumerOffsets ?? false;
    const provider = props.provider ? { provider: props.provider } : {};

    const src = props.source.cluster;
    const dst = props.target.cluster;
    // Target names: identical, or `<source alias>.<topic>` when prefixed (the alias is unknown before apply,
    // so the target statement covers `*.<topic>` for each topic).
    const targetTopics = this.topicNames === 'IDENTICAL' ? this.topics : this.topics.map((t) => `*.${t}`);
    const statements: PolicyStatement[] = [
      { Sid: 'SourceCluster', Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: [src.clusterArn] },
      { Sid: 'SourceTopics', Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:ReadData'], Resource: this.topics.map((t) => src.topicArn(t)) },
      { Sid: 'SourceGroups', Effect: 'Allow', Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], Resource: [src.groupArn('*')] },
      { Sid: 'TargetCluster', Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster', 'kafka-cluster:AlterCluster', 'kafka-cluster:WriteDataIdempotently'], Resource: [dst.clusterArn] },
      {
        Sid: 'TargetTopics', Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:CreateTopic', 'kafka-cluster:AlterTopic', 'kafka-cluster:WriteData', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:AlterTopicDynamicConfiguration'],
        Resource: targetTopics.map((t) => dst.topicArn(t)),
      },
      { Sid: 'TargetGroups', Effect: 'Allow', Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], Resource: [dst.groupArn('*')] },
    ];
    this.role = new IamRole(this, 'role', {
      name: props.name.slice(0, 64),
      description: `MSK Replicator ${props.name}: reads ${this.topics.length} topics, writes them to the target cluster`,
      assumeRolePolicy: serviceTrustPolicy('kafka.amazonaws.com'),
    });
    const policy = new IamRolePolicy(this, 'policy', { name: 'replicate-topics', role: this.role.name, policy: policyJson({ Statement: statements }) });

    const endpoint = (e: KafkaReplicationEndpoint) => ({
      amazonMskCluster: { mskClusterArn: e.cluster.clusterArn },
      vpcConfig: { subnetIds: [...e.subnetIds], securityGroupsIds: [...e.securityGroupIds] },
    });
    this.replicator = new MskReplicator(this, 'replicator', {
      ...provider,
      replicatorName: props.name,
      description: `${this.topics.length} topics ${this.topicNames === 'IDENTICAL' ? 'under the same names' : 'prefixed with the source alias'}`,
      serviceExecutionRoleArn: this.role.arn,
      kafkaCluster: [endpoint(props.source), endpoint(props.target)],
      replicationInfoList: {
        sourceKafkaClusterArn: src.clusterArn,
        targetKafkaClusterArn: dst.clusterArn,
        targetCompressionType: props.compression ?? 'LZ4',
        topicReplication: [{
          topicsToReplicate: [...this.topics],
          copyTopicConfigurations: true,
          copyAccessControlListsForTopics: false,
          detectAndCopyNewTopics: false,
          startingPosition: { type: 'EARLIEST' },
          topicNameConfiguration: { type: this.topicNames },
        }],
        consumerGroupReplication: [offsets
          ? { consumerGroupsToReplicate: ['.*'], detectAndCopyNewConsumerGroups: true, synchroniseConsumerGroupOffsets: true }
          : { consumerGroupsToReplicate: [], detectAndCopyNewConsumerGroups: false, synchroniseConsumerGroupOffsets: false }],
      },
      dependsOn: [policy, ...(props.dependsOn ?? [])],
    });
  }
}
