import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { availabilityZoneIds } from '../constructs/core/regions';
import { Network } from '../constructs/network/network';
import { EnvironmentConfig } from '../environments/schema';
import { LayerStack } from './layer-stack';

export interface NetworkStackProps {
  readonly env: EnvironmentConfig;
  readonly region: string;
}

/** `<env>-<region>-network`: the region's VPC. Later layers take `network` handles by reference. */
export class NetworkStack extends LayerStack {
  public readonly network: Network;

  constructor(scope: Construct, props: NetworkStackProps) {
    super(scope, { env: props.env, region: props.region, layer: 'network' });
    const cfg = props.env.regions[props.region];
    this.network = new Network(this, 'network', {
      name: `${props.env.name}-${props.region}`,
      cidr: cfg.vpcCidr,
      availabilityZoneIds: availabilityZoneIds(props.region, cfg.azCount),
      natGateways: cfg.network.natGateways,
      flowLogRetentionDays: cfg.network.flowLogRetentionDays,
      interfaceEndpoints: cfg.network.interfaceEndpoints,
      clusterNames: [`${props.env.name}-${props.region}`],
    });
    new TerraformOutput(this, 'vpc-id', { value: this.network.vpcId });
  }
}
