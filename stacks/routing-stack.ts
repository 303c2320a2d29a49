import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ApiRouting } from '../constructs/edge/api-routing';
import type { EnvironmentContext } from '../plan/context';
import type { RoutingPlan } from '../plan/routing';
import { LayerStack } from './layer-stack';

export interface RoutingStackProps {
  readonly context: EnvironmentContext;
  readonly plan: RoutingPlan;
}

/**
 * `<env>-global-routing`: Route 53 latency and failover records with health checks in front of each serving
 * region's ingress load balancer (constructs/edge/api-routing.ts). Deployed after every region's workloads
 * layer, whose ingress gateway Service makes the AWS Load Balancer Controller create the load balancer this
 * stack looks up; no reference crosses into a regional stack, so each region still deploys on its own.
 */
export class RoutingStack extends LayerStack {
  public readonly routing: ApiRouting;

  constructor(scope: Construct, props: RoutingStackProps) {
    super(scope, { context: props.context, region: 'global', layer: 'routing', providerRegion: props.context.primaryRegion });
    const { plan } = props;
    const providerOf = (region: string) => (region === props.context.primaryRegion ? this.provider : new AwsProvider(this, `aws-${region}`, {
      alias: region,
      region,
      ...(props.context.accountId ? { allowedAccountIds: [props.context.accountId] } : {}),
      defaultTags: [{ tags: { ...this.tags } }],
    }));
    this.routing = new ApiRouting(this, 'api', {
      zoneId: plan.zoneId,
      apiHostname: plan.config.apiHostname,
      primaryOnlyHostnames: plan.config.primaryOnlyHostnames,
      regions: plan.servingRegions.map((s) => ({ region: s.region, loadBalancerName: s.loadBalancerName, provider: providerOf(s.region) })),
      ...(plan.standbyRegion ? { standbyRegion: plan.standbyRegion } : {}),
      healthCheck: plan.config.healthCheck,
      dns: plan.dns,
    });
  }
}
