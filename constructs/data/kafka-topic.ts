import { Construct } from 'constructs';
import { PlatformValidationError } from '../core/errors';
import { MskTopic } from '../bindings/msk-topic';
import { GrantRole, GrantTarget, grantStatements, roleNameOf } from './grants';
import { KafkaClusterRef } from './kafka-cluster';

/** Local (broker disk) retention of topics on a TIERED cluster, at most; older segments live in the tier. */
export const TIERED_LOCAL_RETENTION_MS = 86_400_000;

import { kafkaTopicNameProblem } from './topic-names';

export { kafkaTopicNameProblem };

export interface KafkaTopicProps {
  /** The MSK cluster that holds the topic: a {@link KafkaCluster} (or anything implementing `KafkaClusterRef`). */
  readonly cluster: KafkaClusterRef;
  /** Topic name (letters, digits, `.`, `_`, `-`). */
  readonly name: string;
  /** Partition count (can grow later, in place; never shrink). */
  readonly partitions: number;
  /** `retention.ms` of the topic. */
  readonly retentionMs: number;
  /**
   * Replicas per partition.
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * Extra topic configs (string values), merged over the ones this construct sets.
   * @default {}
   */
  readonly configs?: Readonly<Record<string, string>>;
}

/**
 * A Kafka topic created through the MSK API (`aws_msk_topic`), with its retention, `cleanup.policy`
 * delete, and on a tiered-storage cluster `remote.storage.enable` with a shorter local retention.
 * `grantProduce` / `grantConsume` give IAM roles exactly the `kafka-cluster:*` actions they need on the
 * cluster, this topic and (for consumers) their consumer group.
 *
 * @example
 * ```ts
 * import { availabilityZoneIds } from '@ott-platform/infra/core';
 * import { KafkaCluster, KafkaTopic } from '@ott-platform/infra/data';
 * import { Network } from '@ott-platform/infra/network';
 *
 * const network = new Network(this, 'network', {
 *   name: 'inference-dev', cidr: '10.40.0.0/16', availabilityZoneIds: availabilityZoneIds('eu-west-1', 3), natGateways: 'single',
 * });
 * const cluster = new KafkaCluster(this, 'kafka', {
 *   clusterName: 'inference-dev-events', kafkaVersion: '3.9.x.kraft', brokers: 3, brokerType: 'kafka.t3.small',
 *   vpcId: network.vpcId, subnetIds: network.isolatedSubnetIds, volumeSizeGb: 100,
 * });
 * const results = new KafkaTopic(this, 'topic-inference-results', {
 *   cluster,
 *   name: 'inference.results',
 *   partitions: 12,
 *   retentionMs: 3 * 24 * 60 * 60 * 1000, // 3 days
 * });
 * results.grantProduce({ roleName: 'inference-serving' });
 * results.grantConsume({ roleName: 'recommendations' }); // consumer group 'recommendations'
 * ```
 */
export class KafkaTopic extends Construct {
  /** The `aws_msk_topic` resource. */
  public readonly topic: MskTopic;
  /** Topic name, as passed in. */
  public readonly topicName: string;
  /** IAM resource ARN of the topic (`...:topic/<cluster>/<uuid>/<name>`). */
  public readonly topicArn: string;
  /** Partition count. */
  public readonly partitions: number;
  /** `retention.ms` of the topic. */
  public readonly retentionMs: number;
  private readonly cluster: KafkaClusterRef;

  constructor(scope: Construct, id: string, props: KafkaTopicProps) {
    super(scope, id);
    const where = this.node.path;
    const nameProblem = kafkaTopicNameProblem(props.name);
    if (nameProblem) throw new PlatformValidationError(where, `topic name ${nameProblem}`);
    if (!Number.isInteger(props.partitions) || props.partitions < 1) throw new PlatformValidationError(where, `partitions must be a positive integer, got ${props.partitions}`);
    if (!Number.isInteger(props.retentionMs) || props.retentionMs < 1) throw new PlatformValidationError(where, `retentionMs must be a positive integer, got ${props.retentionMs}`);
    const rf = props.replicationFactor ?? 3;
    if (!Number.isInteger(rf) || rf < 1 || rf > props.cluster.brokers) {
      throw new PlatformValidationError(where, `replicationFactor ${rf} must be 1-${props.cluster.brokers} (the cluster's broker count)`);
    }
    this.cluster = props.cluster;
    this.topicName = props.name;
    this.partitions = props.partitions;
    this.retentionMs = props.retentionMs;
    const tiered: Record<string, string> = props.cluster.storageMode === 'TIERED'
      ? { 'remote.storage.enable': 'true', 'local.retention.ms': String(Math.min(TIERED_LOCAL_RETENTION_MS, Math.floor(props.retentionMs / 2))) }
      : {};
    this.topic = new MskTopic(this, 'topic', {
      clusterArn: props.cluster.clusterArn,
      name: props.name,
      partitionCount: props.partitions,
      replicationFactor: rf,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': String(props.retentionMs), ...tiered, ...(props.configs ?? {}) },
    });
    this.topicArn = props.cluster.topicArn(props.name);
  }

  /** Lets `role` write to this topic (idempotent producers included). */
  public grantProduce(role: GrantRole | GrantTarget): void {
    grantStatements(this, role, `kafka-produce-${this.topicName}`, [
      { Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster', 'kafka-cluster:WriteDataIdempotently'], Resource: [this.cluster.clusterArn] },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'], Resource: [this.topicArn] },
    ]);
  }

  /**
   * Lets `role` read this topic as consumer group `consumerGroup`.
   * @param consumerGroup consumer group id; defaults to the role's name (use the service id as both)
   */
  public grantConsume(role: GrantRole | GrantTarget, consumerGroup?: string): void {
    const r = 'role' in role ? role.role : role;
    const group = consumerGroup ?? roleNameOf(r);
    grantStatements(this, role, `kafka-consume-${this.topicName}`, [
      { Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: [this.cluster.clusterArn] },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], Resource: [this.topicArn] },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], Resource: [this.cluster.groupArn(group)] },
    ]);
  }
}
