// The resolved plan: computed once at load, handed to the stacks as their only configuration.
import { App } from 'cdktf';
import { loadEnvironment } from '../environments/load';
import { clusterPlanComputations, planCluster } from '../plan/cluster';
import { resolveEnvironment } from '../plan/environment';
import { AUDIT_LOG_RETENTION, postgresStorage } from '../plan/sizing';
import { RDS_MAX_STORAGE_GB } from '../constructs/data/postgres-database';
import { buildEnvironment } from '../stacks/environment';
import { withoutTokenTraces } from '../stacks/app';

/** Builds in code without cdktf's per-token traces, as the app builds (stacks/app.ts): these tests read plans, not traces. */
const build = (env: Parameters<typeof buildEnvironment>[1]) => withoutTokenTraces(() => buildEnvironment(new App({ outdir: '/tmp/unused-plan-test' }), env));
import { errorOf } from './cluster-helpers';

describe('resolveEnvironment', () => {
  test('the cluster plan the schema computed while validating is the one the stack builds from', () => {
    const before = clusterPlanComputations();
    const env = loadEnvironment('production'); // the schema plans each region's cluster once
    const afterLoad = clusterPlanComputations();
    expect(afterLoad - before).toBe(Object.values(env.regions).filter((r) => r.cluster).length);
    const plan = resolveEnvironment(env);
    build(env);
    expect(clusterPlanComputations()).toBe(afterLoad); // neither resolving nor building plans again
    expect(resolveEnvironment(env)).toBe(plan);
    expect(plan.regions['eu-west-1'].cluster!.nodeGroups).toBe(planCluster(env.regions['eu-west-1'].cluster!, 'eu-west-1', env.phase, env.scale).plan.nodeGroups);
  });

  test('a GPU request is resolved while validating only: the stacks build from the plan\'s resolution', () => {
    const env = loadEnvironment('production');
    const plan = resolveEnvironment(env);
    const built = build(env);
    const pools = built.regions.get('us-east-1')!.cluster!.gpuNodeGroups;
    expect(pools.length).toBeGreaterThan(0);
    pools.forEach((pool, i) => expect(pool.resolved).toBe(plan.regions['us-east-1'].cluster!.gpuPools[i].resolved));
  });

  test('context, per-region slices, the global edge plan and a typed empty hook for region pairs', () => {
    const plan = resolveEnvironment(loadEnvironment('production'));
    expect(plan.context).toMatchObject({ name: 'production', phase: 1, scale: 1, deletionProtection: true, primaryRegion: 'eu-west-1', costCenter: expect.any(String) });
    expect(Object.keys(plan.regions)).toEqual(['eu-west-1', 'us-east-1']);
    expect(plan.regions['eu-west-1'].network).toMatchObject({ name: 'production-eu-west-1', clusterNames: ['production-eu-west-1'] });
    expect(plan.regions['eu-west-1'].cluster!.name).toBe('production-eu-west-1');
    // The edge serves the primary region's media origin, which the data plan then leaves to the edge.
    expect(plan.global.edge!.originRegions).toEqual(['eu-west-1']);
    expect(plan.regions['eu-west-1'].data!.servedByEdge).toBe(true);
    expect(Object.keys(plan.global)).toEqual(['edge', 'routing']);
    expect(plan.pairs).toEqual([]);
  });

  test('data sizing lives in the plan: storage from the seed estimate x scale x headroom, capped at the RDS maximum', () => {
    const dev = resolveEnvironment(loadEnvironment('dev')).regions['eu-west-1'].data!;
    const epg = dev.postgres.databases.find((d) => d.id === 'epg')!;
    expect(epg).toMatchObject({ allocatedStorageGb: 25, maxAllocatedStorageGb: 100, databaseName: 'epg' }); // 200 GB x 0.1 x 1.25
    expect(postgresStorage(60_000, 1, 1, 4)).toEqual({ allocatedGb: 60_000, maxAllocatedGb: RDS_MAX_STORAGE_GB });
    expect(dev.storage.logsLifecycleRules[0]).toMatchObject({ transitions: [{ days: AUDIT_LOG_RETENTION.glacierAfterDays }], expirationDays: 2557 });
    expect(dev.kafka.topics.find((t) => t.name === 'playback.sessions')).toEqual({ name: 'playback.sessions', cluster: 'realtime', partitions: 32, retentionMs: 3 * 86_400_000 });
  });

  test('a config built in code that breaks a cluster rule fails with the schema\'s message', () => {
    const env = loadEnvironment('dev');
    const broken = { ...env, regions: { 'eu-west-1': { ...env.regions['eu-west-1'], cluster: { ...env.regions['eu-west-1'].cluster!, endpointPublicAccessCidrs: ['0.0.0.0/0'] } } } };
    expect(errorOf(() => resolveEnvironment(broken)))
      .toBe('environments/dev.yaml: regions.eu-west-1.cluster.endpointPublicAccessCidrs.0: 0.0.0.0/0 would open the Kubernetes API to the whole internet; list the networks that need it');
  });
});

describe('buildEnvironment', () => {
  test('hands each layer its contracts: the cluster joins the data layer\'s client group', () => {
    const built = build(loadEnvironment('dev'));
    const region = built.regions.get('eu-west-1')!;
    expect(region.outputs.network.network).toBe(region.network.network);
    expect(region.outputs.data!.clientSecurityGroupId).toBe(region.data!.clientSecurityGroupId);
    expect(region.outputs.cluster!.cluster).toBe(region.cluster!.cluster);
    expect(region.data!.outputs.topics['playback.sessions']!.topicName).toBe('playback.sessions');
    expect(Object.keys(built.global)).toEqual(['edge']);
    expect(built.global.edge!.stackName).toBe('dev-global-edge');
    expect(built.pairs).toEqual([]);
  });
});
