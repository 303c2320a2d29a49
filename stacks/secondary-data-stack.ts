import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { DataClientAccess } from '../constructs/data/data-client-access';
import type { EfsFilesystem } from '../constructs/data/efs-filesystem';
import type { KafkaCluster } from '../constructs/data/kafka-cluster';
import type { KafkaTopic } from '../constructs/data/kafka-topic';
import type { KafkaReplicator } from '../constructs/data/kafka-replicator';
import { replicatedRepositoryRef, type ContainerRepositoryRef } from '../constructs/data/container-registry';
import { ecrRepositoryName } from '../catalog/service-deployments';
import type { KafkaClusterName, TopicName } from '../catalog/kafka-topics';
import type { ServiceId } from '../catalog/services';
import type { SecondaryDataPlan } from '../plan/data';
import type { EventDataOutputs, LayerInputs, NetworkOutputs } from './contracts';
import { buildKafka, buildLiveSegments, dataClientAccess, dataLayerKey } from './event-stores';
import { LayerStack } from './layer-stack';

export interface SecondaryDataStackProps extends LayerInputs<SecondaryDataPlan> {
  /** The region's network layer outputs: referenced across stacks. */
  readonly network: NetworkOutputs;
}

/**
 * `<env>-<region>-data` of a secondary region from phase 4 (active-active, plan/regions.ts
 * OWN_DATA_FROM_PHASE): the region's own MSK clusters with the topic catalog and the analytics fan-in
 * (every region is self-contained for events; the pair's replicators exchange the cross-region topics
 * between the real-time clusters), EFS for live segments, the data-client group and the keys
 * (`<env>-<region>-data-{logs,kafka,efs}`), built by the same code as the primary's (stacks/event-stores.ts).
 * It has no PostgreSQL, Redis, buckets or ECR repositories: the region's services read the pair's replicas
 * and write to the primary's databases and caches, use the primary's buckets, and pull images from the
 * repositories ECR replication creates here under the same names (`replicatedRepositories`).
 */
export class SecondaryDataStack extends LayerStack {
  public readonly clientAccess: DataClientAccess;
  /** Attach to whatever must reach the data stores (EKS nodes/pods). */
  public readonly clientSecurityGroupId: string;
  public readonly kafkaClusters: Readonly<Partial<Record<KafkaClusterName, KafkaCluster>>>;
  /** Replicates the real-time topics into the analytics cluster; present when the region has both clusters. */
  public readonly analyticsFanIn?: KafkaReplicator;
  public readonly topics: Readonly<Partial<Record<TopicName, KafkaTopic>>>;
  public readonly liveSegments: EfsFilesystem;
  /** The replicated repositories of this region's registry, by service (references; nothing is created). */
  public readonly replicatedRepositories: Readonly<Partial<Record<ServiceId, ContainerRepositoryRef>>>;
  /** What the layers above receive (stacks/contracts.ts). */
  public readonly outputs: EventDataOutputs;

  constructor(scope: Construct, props: SecondaryDataStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'data' });
    const plan = props.plan;
    const net = props.network.network;
    const logsKey = dataLayerKey(this, plan.name, 'logs', true);
    const kafkaKey = dataLayerKey(this, plan.name, 'kafka');
    const efsKey = dataLayerKey(this, plan.name, 'efs');
    this.clientAccess = dataClientAccess(this, plan.name, net);
    this.clientSecurityGroupId = this.clientAccess.clientSecurityGroupId;
    const kafka = buildKafka(this, plan, net, { kafka: kafkaKey, logs: logsKey }, this.clientAccess);
    this.kafkaClusters = kafka.clusters;
    this.topics = kafka.topics;
    if (kafka.analyticsFanIn) this.analyticsFanIn = kafka.analyticsFanIn;
    this.liveSegments = buildLiveSegments(this, plan, net, efsKey, this.clientAccess);
    this.replicatedRepositories = Object.fromEntries(plan.replicatedRepositories.map((service) => [service, replicatedRepositoryRef(this, ecrRepositoryName(props.context.name, service))]));
    this.outputs = { clientSecurityGroupId: this.clientSecurityGroupId, kafkaClusters: this.kafkaClusters, topics: this.topics, liveSegments: this.liveSegments };

    new TerraformOutput(this, 'data-client-security-group-id', { value: this.clientSecurityGroupId });
    for (const [clusterName, c] of Object.entries(kafka.clusters)) {
      new TerraformOutput(this, `kafka-${clusterName}-bootstrap-brokers-iam`, { value: c!.bootstrapBrokersIam });
    }
  }
}
