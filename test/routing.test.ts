import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformProvider } from 'cdktf';
import { ApiRouting, type ApiRoutingProps } from '../constructs/edge/api-routing';
import { resolveEnvironment } from '../plan/environment';
import { configIssues, errorOf, loadEdited, resourcesOf, synthEnvironments, synthJson, type Json } from './cluster-helpers';
import { testStack } from './helpers';

const DNS = { ttlSeconds: 60, healthCheckIntervalSeconds: 10, failureThreshold: 3 };

function routing(props: Partial<ApiRoutingProps> = {}, regions = ['eu-west-1', 'us-east-1']): Json {
  const stack = testStack();
  const providers: Record<string, TerraformProvider> = Object.fromEntries(regions.map((r) => [r, new AwsProvider(stack, `aws-${r}`, { region: r, alias: r })]));
  new ApiRouting(stack, 'api', {
    zoneId: 'Z0123456789ABCDEFGHIJ', apiHostname: 'api.example.tv', primaryOnlyHostnames: ['ingest.example.tv'],
    regions: regions.map((r) => ({ region: r, provider: providers[r], loadBalancerName: `prod-${r}-api` })),
    healthCheck: { port: 15021, path: '/healthz/ready' }, dns: DNS,
    ...props,
  });
  return synthJson(stack);
}

describe('global API routing (constructs/edge/api-routing.ts)', () => {
  test('one latency CNAME and health check per serving region, each on its own load balancer', () => {
    const json = routing();
    const records = Object.values(resourcesOf(json, 'aws_route53_record')).filter((r) => r.name === 'api.example.tv');
    expect(records.map((r) => [r.set_identifier, r.latency_routing_policy.region, r.ttl, r.type])).toEqual([
      ['eu-west-1', 'eu-west-1', 60, 'CNAME'], ['us-east-1', 'us-east-1', 60, 'CNAME'],
    ]);
    const lbs = Object.values(json.data.aws_lb as Record<string, Json>);
    expect(lbs.map((l) => [l.provider, l.name])).toEqual([['aws.eu-west-1', 'prod-eu-west-1-api'], ['aws.us-east-1', 'prod-us-east-1-api']]);
    const checks = Object.values(resourcesOf(json, 'aws_route53_health_check'));
    expect(checks.map((c) => [c.type, c.port, c.resource_path, c.request_interval, c.failure_threshold])).toEqual([
      ['HTTP', 15021, '/healthz/ready', 10, 3], ['HTTP', 15021, '/healthz/ready', 10, 3],
    ]);
    for (const r of records) expect(r.health_check_id).toMatch(/aws_route53_health_check\./);
  });

  test('primary-only hostnames fail over from the primary to the standby', () => {
    const json = routing({ standbyRegion: 'us-east-1' });
    const ingest = Object.values(resourcesOf(json, 'aws_route53_record')).filter((r) => r.name === 'ingest.example.tv');
    expect(ingest.map((r) => [r.set_identifier, r.failover_routing_policy.type])).toEqual([['eu-west-1-primary', 'PRIMARY'], ['us-east-1-secondary', 'SECONDARY']]);
    expect(ingest[0].records[0]).toContain('api_ingress-eu-west-1');
    expect(ingest[1].records[0]).toContain('api_ingress-us-east-1');
  });

  test('without a serving standby, a primary-only hostname is a plain record to the primary', () => {
    const json = routing({}, ['eu-west-1']);
    const ingest = Object.values(resourcesOf(json, 'aws_route53_record')).filter((r) => r.name === 'ingest.example.tv');
    expect(ingest).toHaveLength(1);
    expect(ingest[0].failover_routing_policy).toBeUndefined();
  });

  test('the standby must be a serving region after the primary', () => {
    expect(errorOf(() => routing({ standbyRegion: 'ap-southeast-1' }))).toMatch(/standbyRegion: 'ap-southeast-1' is not one of the serving regions after the primary \(us-east-1\)/);
  });

  test('bad hostnames and paths are refused by the construct', () => {
    expect(errorOf(() => routing({ apiHostname: 'API.example.tv' }))).toMatch(/apiHostname: 'API\.example\.tv' is not a lower-case DNS hostname/);
    expect(errorOf(() => routing({ healthCheck: { port: 15021, path: 'healthz' } }))).toMatch(/healthCheck\.path: 'healthz' must be an absolute URL path/);
  });
});

describe('routing in the environment (environments/routing-schema.ts, <env>-global-routing)', () => {
  test('production: <env>-global-routing after the workloads, TTL and checks from recovery.dns', () => {
    const env = loadEdited('production', (raw) => { raw.recovery.dns = { ttlSeconds: 30, healthCheckIntervalSeconds: 30, failureThreshold: 2 }; });
    const plan = resolveEnvironment(env);
    expect(plan.global.routing).toMatchObject({ servingRegions: [{ region: 'eu-west-1', clusterName: 'production-eu-west-1', loadBalancerName: 'production-eu-west-1-api', hostname: 'api.ott-platform.example' }], zoneId: 'Z04PRODOTTEXAMPLE1' });
    const out = synthEnvironments([env]);
    const stack = out.stack('production-global-routing') as Json;
    const api = Object.values(resourcesOf(stack, 'aws_route53_record')).find((r) => r.name === 'api.ott-platform.example')!;
    expect(api.ttl).toBe(30);
    const check = Object.values(resourcesOf(stack, 'aws_route53_health_check'))[0];
    expect([check.request_interval, check.failure_threshold]).toEqual([30, 2]);
    // The stack reads no other stack's state: it deploys on its own once the load balancer exists.
    expect(stack.data.terraform_remote_state).toBeUndefined();
    // It finds the NLB the gateway Service names, as the workloads layer's ingress would; with routing the
    // API name has one owner: the workloads stack publishes no record of its own.
    expect(Object.values(stack.data.aws_lb as Record<string, Json>).map((l) => l.name)).toEqual(['production-eu-west-1-api']);
    const workloads = out.stack('production-eu-west-1-workloads') as Json;
    expect(Object.values(resourcesOf(workloads, 'aws_route53_record'))).toEqual([]);
  }, 60_000);

  test('routing needs the edge\'s hosted zone, and its hostnames must sit in it', () => {
    expect(configIssues(() => loadEdited('production', (raw) => { raw.routing.apiHostname = 'api.other.example'; })))
      .toContainEqual("routing.apiHostname: 'api.other.example' is not inside the hosted zone 'ott-platform.example'");
    expect(configIssues(() => loadEdited('production', (raw) => { delete raw.edge; })))
      .toContainEqual("routing: needs edge.hostedZone: the API records live in the edge's hosted zone; add edge: or remove routing:");
    expect(configIssues(() => loadEdited('production', (raw) => { raw.routing.primaryOnlyHostnames = ['Ingest']; })))
      .toEqual([expect.stringMatching(/^routing\.primaryOnlyHostnames\[0\]: 'Ingest' is not a lower-case DNS hostname/)]);
    expect(configIssues(() => loadEdited('production', (raw) => { raw.routing.healthCheck = { path: 'ready?x=1' }; })))
      .toEqual([expect.stringMatching(/^routing\.healthCheck\.path: 'ready\?x=1' must be an absolute URL path/)]);
  });

  test('the routed hostname is the one the ingress certificates cover, and some region has an ingress', () => {
    expect(configIssues(() => loadEdited('production', (raw) => { raw.routing.apiHostname = 'www.ott-platform.example'; })))
      .toEqual(["routing.apiHostname: 'www.ott-platform.example' differs from regions.eu-west-1.platform.ingress.hostname 'api.ott-platform.example', regions.us-east-1.platform.ingress.hostname 'api.ott-platform.example'; the ingress certificates cover those names, so they must equal the routed hostname"]);
    expect(configIssues(() => loadEdited('production', (raw) => { delete raw.regions['eu-west-1'].platform.ingress; delete raw.regions['us-east-1'].platform.ingress; })))
      .toEqual([expect.stringMatching(/^routing\.apiHostname: 'api\.ott-platform\.example' has no load balancer to route to: set regions\.<primary region>\.platform\.ingress/)]);
  });

  test('without routing, the workloads layer publishes the API name itself (an alias of the gateway NLB)', () => {
    const env = loadEdited('production', (raw) => { delete raw.routing; });
    const workloads = synthEnvironments([env]).stack('production-eu-west-1-workloads') as Json;
    const records = Object.values(resourcesOf(workloads, 'aws_route53_record'));
    expect(records.map((r) => [r.name, r.type, r.zone_id])).toEqual([['api.ott-platform.example', 'A', 'Z04PRODOTTEXAMPLE1']]);
    expect(records[0].alias.name).toMatch(/data\.aws_lb\..*\.dns_name/);
    expect(Object.values(workloads.data.aws_lb as Record<string, Json>).map((l) => l.name)).toEqual(['production-eu-west-1-api']);
  }, 60_000);
});
