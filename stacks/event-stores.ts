import type { Construct } from 'constructs';
import { EncryptionKey, cloudWatchLogsKeyStatement } from '../constructs/core/kms';
import { DataClientAccess } from '../constructs/data/data-client-access';
import { EfsFilesystem } from '../constructs/data/efs-filesystem';
import { KafkaCluster } from '../constructs/data/kafka-cluster';
import { KafkaTopic } from '../constructs/data/kafka-topic';
import { KafkaReplicator } from '../constructs/data/kafka-replicator';
import type { NetworkRef } from '../constructs/network/network';
import type { KafkaClusterName, TopicName } from '../catalog/kafka-topics';
import type { EventDataPlan } from '../plan/data';

/**
 * The stores every data layer builds, the primary's (stacks/data-stack.ts) and a secondary's at phase 4
 * (stacks/secondary-data-stack.ts): one builder, so the two stacks share construct ids and behaviour.
 * Constructs are created directly in the stack (no wrapper construct), which keeps the primary's
 * resource addresses unchanged.
 */

/** A customer-managed key of the data layer (`<name>-data-<kind>`); `logs` also admits CloudWatch Logs. */
export function dataLayerKey(stack: Construct, name: string, kind: string, forLogs = false): string {
  return new EncryptionKey(stack, `key-${kind}`, {
    purpose: `${name} data layer: ${kind}`,
    alias: `${name}-data-${kind}`,
    ...(forLogs ? { additionalStatements: [cloudWatchLogsKeyStatement(stack)] } : {}),
  }).keyArn;
}

/** The data-client group: every store admits it, the cluster layer attaches it to the nodes. */
export function dataClientAccess(stack: Construct, name: string, net: NetworkRef): DataClientAccess {
  return new DataClientAccess(stack, 'data-clients', { name: `${name}-data-clients`, vpcId: net.vpcId });
}

/** The Kafka part of a data layer. */
export interface EventKafka {
  readonly clusters: Readonly<Partial<Record<KafkaClusterName, KafkaCluster>>>;
  readonly topics: Readonly<Partial<Record<TopicName, KafkaTopic>>>;
  /** Replicates the real-time topics into the analytics cluster; present when the region has both clusters. */
  readonly analyticsFanIn?: KafkaReplicator;
}

/**
 * MSK clusters (admitting only the client group), the topic catalog, and the analytics fan-in: the
 * analytics cluster "receives all events" (seed 003 §4), every topic that lives only on the real-time
 * cluster is replicated into it under the same name (docs/replication.md). A real-time cluster that feeds
 * a cross-region replicator (plan `crossRegionSources`, phase 4) gets multi-VPC connectivity and its policy.
 */
export function buildKafka(stack: Construct, plan: EventDataPlan, net: NetworkRef, keys: { readonly kafka: string; readonly logs: string }, clients: DataClientAccess): EventKafka {
  const clusters: Record<string, KafkaCluster> = {};
  for (const c of plan.kafka.clusters) {
    clusters[c.name] = new KafkaCluster(stack, `kafka-${c.name}`, {
      clusterName: c.clusterName,
      kafkaVersion: plan.kafka.version,
      brokers: c.brokers,
      brokerType: c.brokerType,
      vpcId: net.vpcId,
      subnetIds: net.isolatedSubnetIds,
      zones: c.zones,
      volumeSizeGb: c.volumeGb,
      maxVolumeSizeGb: c.maxVolumeGb,
      storageMode: c.storageMode,
      defaultRetentionHours: c.retentionHours,
      kmsKeyArn: keys.kafka,
      logsKmsKeyArn: keys.logs,
      logRetentionDays: plan.kafka.logRetentionDays,
      ...(plan.kafka.crossRegionSources.some((source) => source === c.name) ? { crossRegionReplicationSource: true } : {}),
    });
    clients.allow(clusters[c.name]);
  }
  const topics: Partial<Record<TopicName, KafkaTopic>> = {};
  for (const t of plan.kafka.topics) {
    topics[t.name] = new KafkaTopic(stack, `topic-${t.name.replace(/[._]/g, '-')}`, {
      cluster: clusters[t.cluster],
      name: t.name,
      partitions: t.partitions,
      retentionMs: t.retentionMs,
    });
  }
  let analyticsFanIn: KafkaReplicator | undefined;
  if (plan.kafka.fanInTopics.length > 0) {
    const endpoint = (c: KafkaCluster) => ({ cluster: c, subnetIds: net.isolatedSubnetIds, securityGroupIds: [clients.clientSecurityGroupId] });
    analyticsFanIn = new KafkaReplicator(stack, 'kafka-fan-in', {
      name: `${plan.name}-realtime-to-analytics`,
      source: endpoint(clusters.realtime),
      target: endpoint(clusters.analytics),
      topics: plan.kafka.fanInTopics,
      dependsOn: plan.kafka.fanInTopics.map((t) => topics[t]!.topic),
    });
  }
  return { clusters, topics, ...(analyticsFanIn ? { analyticsFanIn } : {}) };
}

/** EFS for live segments, mount targets in the private subnets (next to the packagers), admitting the client group. */
export function buildLiveSegments(stack: Construct, plan: EventDataPlan, net: NetworkRef, efsKey: string, clients: DataClientAccess): EfsFilesystem {
  const fs = new EfsFilesystem(stack, 'live-segments', {
    name: `${plan.name}-live-segments`, vpcId: net.vpcId, subnetIds: net.privateSubnetIds, kmsKeyArn: efsKey, backup: plan.efs.backup,
  });
  clients.allow(fs);
  return fs;
}
