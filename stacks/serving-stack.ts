import { Construct } from 'constructs';
import { ModelsBucket, ServingWorkloads } from '../constructs/serving';
import { ClusterConnection } from '../constructs/platform/cluster-connection';
import type { ServingRegionPlan } from '../plan/environment';
import type { LayerInputs } from './contracts';
import { LayerStack } from './layer-stack';

export interface ServingStackProps extends LayerInputs<ServingRegionPlan> {
  /**
   * The bucket the region's workloads read their models from (and batch jobs write their outputs to):
   * today the primary region's model-artifacts bucket, read across regions (its `region` is handed to the
   * storage initializer and vLLM). stacks/environment.ts `modelsBucketFor` chooses it.
   */
  readonly modelsBucket: ModelsBucket;
}

/**
 * `<env>-<region>-workloads` of a region that runs serving workloads but no application services
 * (production's GPU region, us-east-1, at phases 1-3: cluster and GPU pools, no data layer; from phase 4 its
 * services and placements share a `WorkloadsStack`): the region's KServe
 * InferenceServices, vLLM servers and batch CronJobs ({@link ServingWorkloads}), each with its own Pod
 * Identity role on the models bucket. Like the primary region's workloads stack it reaches the cluster by
 * name (kubernetes provider only) and is deployed after the region's `platform-config` (namespaces,
 * PriorityClasses, the KServe and Istio CRDs).
 */
export class ServingStack extends LayerStack {
  public readonly serving: ServingWorkloads;

  constructor(scope: Construct, props: ServingStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'workloads' });
    const { clusterName, placements } = props.plan;
    const connection = new ClusterConnection(this, 'cluster', { clusterName, region: props.region, helm: false });
    const cluster = { clusterName: connection.clusterName, clusterArn: connection.clusterArn, podIdentityPrerequisites: [] };
    this.serving = new ServingWorkloads(this, 'serving', { cluster, placements, modelsBucket: props.modelsBucket, roleNamePrefix: clusterName });
  }
}
