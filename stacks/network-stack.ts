import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { Network } from '../constructs/network/network';
import type { NetworkPlan } from '../plan/network';
import type { LayerInputs, NetworkOutputs } from './contracts';
import { LayerStack } from './layer-stack';

export type NetworkStackProps = LayerInputs<NetworkPlan>;

/** `<env>-<region>-network`: the region's VPC. Later layers take its `outputs` by reference. */
export class NetworkStack extends LayerStack {
  public readonly network: Network;
  public readonly outputs: NetworkOutputs;

  constructor(scope: Construct, props: NetworkStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'network' });
    const plan = props.plan;
    this.network = new Network(this, 'network', {
      name: plan.name,
      cidr: plan.cidr,
      availabilityZoneIds: plan.availabilityZoneIds,
      natGateways: plan.natGateways,
      flowLogRetentionDays: plan.flowLogRetentionDays,
      interfaceEndpoints: plan.interfaceEndpoints,
      clusterNames: plan.clusterNames,
    });
    this.outputs = { network: this.network };
    new TerraformOutput(this, 'vpc-id', { value: this.network.vpcId });
  }
}
