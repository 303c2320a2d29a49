import { ConfigError } from '../environments/load';
import {
  CATALOGS, catalogIssues, imageMapProblems, imageTagProblem, serviceDeploymentProblems, syncCallCycles, WorkloadCatalogs,
} from '../catalog/catalog-validation';
import { KAFKA_TOPICS } from '../catalog/kafka-topics';
import { SERVICES, ServiceSpec, serviceSpec } from '../catalog/services';
import {
  CAPACITY_ASSUMPTIONS, kubeReservedCpu, kubeReservedMemoryGiB, nodeGroupCapacity, nodeGroupCapacityProblem, podRoomPerNode, scaledServiceCapacity,
} from '../catalog/service-capacity';
import { formatWiringReport, INGRESS_CALLER, renderServiceGraph, serviceWiring } from '../catalog/wiring';
import { ecrRepositoryName, resolveServiceDeployments } from '../catalog/service-deployments';
import { planEnvironmentServing, serviceCapacities, workloadPlanInput } from '../plan/workloads';
import { Json, loadEdited, configIssues } from './cluster-helpers';

const issues = configIssues;

const withService = (id: string, edit: (s: ServiceSpec) => ServiceSpec): WorkloadCatalogs =>
  ({ ...CATALOGS, services: SERVICES.map((s) => (s.id === id ? edit(s) : s)) });
const messages = (c: WorkloadCatalogs, dataLayer?: Parameters<typeof catalogIssues>[2]) => catalogIssues(c, undefined, dataLayer).map((i) => `${i.file}: ${i.message}`);

/** Seed 003 §3 "Capacity Planning (Phase 1: 50K Concurrent)". */
const SEED_TABLE: Record<string, [number, number, number, number]> = {
  'playback-session': [5_000, 6, 2, 4], entitlement: [8_000, 4, 2, 2], token: [5_000, 4, 1, 1], recommendation: [3_000, 8, 4, 8],
  'cdn-routing': [5_000, 4, 2, 2], epg: [2_000, 4, 2, 4], catalog: [2_000, 4, 2, 4], search: [1_000, 4, 4, 8], bookmark: [10_000, 6, 2, 2],
  'bff-tv': [4_000, 6, 2, 4], 'bff-mobile': [3_000, 4, 2, 4], 'bff-web': [2_000, 4, 2, 4],
};

describe('service deployment settings', () => {
  test("the seed's Phase 1 table, as written; every other service has stated values", () => {
    for (const s of SERVICES) {
      const row = SEED_TABLE[s.id];
      if (row) expect([s.capacity.expectedRps, s.capacity.minReplicas, s.capacity.cpu, s.capacity.memoryGb, s.capacity.source ?? 'seed']).toEqual([...row, 'seed']);
      else expect(s.capacity.source).toBe('stated');
    }
    const seedCpu = SERVICES.filter((s) => SEED_TABLE[s.id]).reduce((n, s) => n + s.capacity.minReplicas * s.capacity.cpu, 0);
    expect(seedCpu).toBe(136);
  });

  test('ports, protocols and probes; BFFs, auth and token behind the ingress gateway; VPA for recommendation and search', () => {
    expect(serviceSpec('playback-session').deploy).toEqual({ port: 9090, protocol: 'grpc', health: { kind: 'grpc' }, ingress: false, hpaCpuTargetPercent: 60, vpa: false, nodeGroup: 'general' });
    expect(serviceSpec('bff-tv').deploy).toMatchObject({ port: 8080, protocol: 'http', health: { kind: 'http', readinessPath: '/healthz/ready' }, ingress: true });
    expect(SERVICES.filter((s) => s.deploy.ingress).map((s) => s.id)).toEqual(['auth', 'token', 'bff-tv', 'bff-mobile', 'bff-web']);
    expect(SERVICES.filter((s) => s.deploy.vpa).map((s) => s.id)).toEqual(['recommendation', 'search']);
    for (const s of SERVICES) expect(serviceDeploymentProblems(s)).toEqual([]);
  });

  const badDeploy: [string, (s: ServiceSpec) => ServiceSpec, string][] = [
    ['a privileged port', (s) => ({ ...s, deploy: { ...s.deploy, port: 80 } }), 'deploy.port must be 1024-65535 (containers run as non-root), got 80'],
    ['an Istio port', (s) => ({ ...s, deploy: { ...s.deploy, port: 15020 } }), 'deploy.port 15020 is reserved by the Istio sidecar'],
    ['a relative health path', (s) => ({ ...s, deploy: { ...s.deploy, protocol: 'http', health: { kind: 'http', readinessPath: 'ready', livenessPath: '/l', startupPath: '/s' } } }),
      "deploy.health.readinessPath 'ready' must be an absolute URL path"],
    ['gRPC probes on HTTP', (s) => ({ ...s, deploy: { ...s.deploy, protocol: 'http' } }), 'deploy.health uses the gRPC health protocol, but deploy.protocol is http'],
    ['an HPA target of 100%', (s) => ({ ...s, deploy: { ...s.deploy, hpaCpuTargetPercent: 100 } }), 'deploy.hpaCpuTargetPercent must be 10-95, got 100'],
    ['zero replicas', (s) => ({ ...s, capacity: { ...s.capacity, minReplicas: 0 } }), 'capacity.minReplicas must be a whole number >= 1, got 0'],
    ['no CPU', (s) => ({ ...s, capacity: { ...s.capacity, cpu: 0 } }), 'capacity.cpu must be positive vCPU, got 0'],
  ];
  test.each(badDeploy)('%s is refused naming the service and the field', (_n, edit, message) => {
    expect(messages(withService('playback-session', edit))).toEqual([expect.stringContaining(`catalog/services.ts: service 'playback-session': ${message}`)]);
  });
});

describe('catalog rules', () => {
  test('an unknown dependency names the service and the dependency', () => {
    // @ts-expect-error the compiler refuses an id outside the union; the runtime rule guards untyped data
    expect(messages(withService('bookmark', (s) => ({ ...s, dependencies: [...s.dependencies, 'profiles'] }))))
      .toEqual(["catalog/services.ts: service 'bookmark': depends on 'profiles', which is not a service of the catalog (list it under externalDependencies if it lives outside)"]);
  });

  test('a database or cache the data layer does not build', () => {
    const layer = { databases: ['user-auth', 'entitlement', 'catalog', 'epg', 'bookmark', 'recording', 'vector'], caches: ['shared' as const] };
    expect(messages(CATALOGS, layer)).toEqual([
      "catalog/services.ts: service 'playback-session': databases lists 'playback', which the data layer of this environment does not build (it has user-auth, entitlement, catalog, epg, bookmark, recording, vector)",
      "catalog/services.ts: service 'feature-store': cache 'feature-store' is not built by the data layer of this environment (it has shared)",
    ]);
  });

  test('a consumed topic nobody produces', () => {
    const c = { ...CATALOGS, services: SERVICES.map((s) => ({ ...s, produces: s.produces.filter((t) => t !== 'search.queries') })) };
    expect(messages(c)).toContain("catalog/services.ts: service 'feature-store': consumes 'search.queries', but no service produces it");
  });

  test('a produced topic missing from the topic catalog', () => {
    // @ts-expect-error the compiler refuses an id outside the union; the runtime rule guards untyped data
    expect(messages(withService('qoe', (s) => ({ ...s, produces: [...s.produces, 'qoe.alerts'] }))))
      .toEqual(["catalog/services.ts: service 'qoe': produces 'qoe.alerts', which is not a topic of catalog/kafka-topics.ts"]);
  });

  test('a topic with two owners', () => {
    const c = { ...CATALOGS, topics: [...KAFKA_TOPICS, { ...KAFKA_TOPICS[0], owner: 'token' as const }] };
    expect(messages(c)).toContain("catalog/kafka-topics.ts: topic 'playback.sessions' has two owners ('playback-session' and 'token'); one service owns a topic, others may co-produce it by listing it in produces");
  });

  test('a cycle among synchronous calls', () => {
    expect(syncCallCycles(SERVICES)).toEqual([]);
    const c = withService('user', (s) => ({ ...s, dependencies: ['notification'] }));
    // notification calls user and profile, profile calls user: both paths back to notification are cycles.
    expect(syncCallCycles(c.services)).toEqual([['notification', 'user', 'notification'], ['notification', 'profile', 'user', 'notification']]);
    expect(messages(c)).toEqual([
      "catalog/services.ts: service 'notification': dependencies form a cycle of synchronous calls (notification -> user -> notification); break it with an event or a cache",
      "catalog/services.ts: service 'notification': dependencies form a cycle of synchronous calls (notification -> profile -> user -> notification); break it with an event or a cache",
    ]);
  });

  test('image tags: immutable only; a service without a tag and a tag for no service are refused', () => {
    for (const ok of ['1.4.2', 'v2.0.0-rc.1', '3f2a9c1', 'sha-3f2a9c1d', `sha256:${'a'.repeat(64)}`]) expect(imageTagProblem(ok)).toBeUndefined();
    expect(imageTagProblem('latest')).toMatch(/'latest' is not an immutable image reference; .*; latest moves with every push$/);
    expect(imageTagProblem('main')).toMatch(/'main' is not an immutable image reference/);
    expect(imageMapProblems(SERVICES.slice(0, 2), { user: '1.0.0', billing: '1.0.0' })).toEqual([
      { service: 'auth', message: "service 'auth' has no image tag; add images.auth: <version, commit SHA or digest> (ECR repository <env>/auth)" },
      { service: 'billing', message: "'billing' is not a service of catalog/services.ts" },
    ]);
  });

  test('a missing image tag fails the load naming the service and the environment file', () => {
    const err = (() => {
      try {
        loadEdited('staging', (raw) => { delete (raw.images as Json)['playback-session']; });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err.message).toBe("environments/staging.yaml: images.playback-session: service 'playback-session' has no image tag; add images.playback-session: <version, commit SHA or digest> (ECR repository <env>/playback-session)");
  });

  test('latest is refused at its key', () => {
    expect(issues(() => loadEdited('dev', (raw) => { (raw.images as Json).token = 'latest'; })))
      .toEqual([expect.stringMatching(/^images.token: 'latest' is not an immutable image reference/)]);
  });

  test('an environment without a data layer deploys no services and needs no image map', () => {
    // Without eu-west-1's data layer there is no media origin for the edge and nothing for analytics to read.
    expect(() => loadEdited('production', (raw) => { delete raw.images; delete raw.regions['eu-west-1'].data; delete raw.regions['eu-west-1'].analytics; delete raw.edge;
      // Routing lives in the edge's zone; recovery objectives need the primary's data layer (docs/regions-dr.md).
      delete raw.routing; delete raw.recovery; })).not.toThrow();
  });
});

describe('capacity that adds up', () => {
  test('kubelet reservation (EKS AMI formula) and room per m6i.2xlarge node', () => {
    expect(kubeReservedCpu(8)).toBe(0.09);
    expect(kubeReservedCpu(4)).toBe(0.08);
    expect(kubeReservedMemoryGiB('m6i.2xlarge')).toBeCloseTo((255 + 11 * 58 + 100) / 1024, 9);
    const room = podRoomPerNode({ name: 'general', region: 'eu-west-1', instanceType: 'm6i.2xlarge', vcpu: 8, memoryGiB: 32, desiredNodes: 30, maxNodes: 60 });
    expect(room.cpu).toBeCloseTo(8 - 0.09 - 0.5, 9);
  });

  test('production: 197.2 vCPU requested at min replicas on general; 30 x m6i.2xlarge offer 200.1; the sum is the demand lines', () => {
    const input = workloadPlanInput(loadEdited('production'));
    const [general] = serviceCapacities(input, planEnvironmentServing(input));
    expect(general.group).toMatchObject({ name: 'general', desiredNodes: 30 });
    expect(general.requestedCpu).toBe(197.2);
    expect(general.usableCpu).toBe(200.1);
    expect(general.nodesNeeded).toBe(30);
    const sidecars = general.demands.filter((d) => d.kind !== 'add-ons').reduce((n, d) => n + d.replicas, 0) * CAPACITY_ASSUMPTIONS.sidecarPerReplica.cpu;
    const services = SERVICES.reduce((n, s) => n + s.capacity.minReplicas * s.capacity.cpu, 0);
    expect(services).toBe(179);
    expect(services + 2 * 1 + 2 * 1 + sidecars + CAPACITY_ASSUMPTIONS.addOnsAtProductionScale.cpu).toBeCloseTo(general.requestedCpu, 6);
    expect(nodeGroupCapacityProblem(general)).toBeUndefined();
  });

  test("the seed's 12 general nodes fail the load with the arithmetic", () => {
    const found = issues(() => loadEdited('production', (raw) => {
      (raw.regions['eu-west-1'].cluster.nodeGroups as Json[])[1].count = { 1: 12, 2: 24, 3: 40, 4: 60 };
    }));
    expect(found).toEqual(["regions.eu-west-1.cluster.nodeGroups[1].count: catalog/services.ts: node group 'general' (eu-west-1): 197.2 vCPU requested at min replicas "
      + '(largest: recommendation 8 x 4.1, search 4 x 4.1, playback-session 6 x 2.1, bookmark 6 x 2.1; sidecars and add-ons included) '
      + 'but 12 x m6i.2xlarge offer 80.04 vCPU (6.67 per node after kubelet, DaemonSets and the 90% fill target); it needs 30 nodes, or fewer replicas / smaller requests in catalog/services.ts']);
  });

  test('a service asking for more CPU than the node group has fails naming it', () => {
    const input = workloadPlanInput(loadEdited('production'));
    const big = SERVICES.map((s) => (s.id === 'search' ? { ...s, capacity: { ...s.capacity, cpu: 8 } } : s));
    const [general] = serviceCapacities(input, planEnvironmentServing(input), { ...CATALOGS, services: big });
    expect(nodeGroupCapacityProblem(general)).toMatch(/^node group 'general' \(eu-west-1\): 213.2 vCPU requested at min replicas \(largest: recommendation 8 x 4.1, search 4 x 8.1, .* offer 200.1 vCPU .* it needs 32 nodes/);
  });

  test('staging and dev scale replicas and requests, limits stay at the production figure, and fit their groups', () => {
    expect(scaledServiceCapacity(serviceSpec('recommendation'), 0.25)).toEqual({ replicas: 2, cpu: 1, memoryGiB: 2, limits: { cpu: 4, memoryGiB: 8 } });
    expect(scaledServiceCapacity(serviceSpec('token'), 0.1)).toEqual({ replicas: 1, cpu: 0.1, memoryGiB: 0.5, limits: { cpu: 1, memoryGiB: 1 } });
    for (const env of ['dev', 'staging']) {
      const input = workloadPlanInput(loadEdited(env));
      const [general] = serviceCapacities(input, planEnvironmentServing(input));
      expect(nodeGroupCapacityProblem(general)).toBeUndefined();
      expect(general.requestedCpu).toBeLessThanOrEqual(general.usableCpu);
    }
  });

  test('a group without desired nodes offers nothing', () => {
    const c = nodeGroupCapacity({ name: 'general', region: 'eu-west-1', instanceType: 'm6i.2xlarge', vcpu: 8, memoryGiB: 32, desiredNodes: 0, maxNodes: 2 }, SERVICES.slice(0, 1), [], 1);
    expect(nodeGroupCapacityProblem(c)).toMatch(/^node group 'general' \(eu-west-1\): 7.3 vCPU requested .* but 0 x m6i.2xlarge offer 0 vCPU/);
  });
});

describe('wiring report and service graph', () => {
  test('callers are exactly the services that depend on it, plus the ingress gateway for client-facing services', () => {
    const wiring = serviceWiring();
    const byId = Object.fromEntries(wiring.map((w) => [w.id, w]));
    expect(byId['playback-session']).toEqual({
      id: 'playback-session', calls: ['entitlement', 'token', 'cdn-routing'], callers: ['ad', 'bff-tv', 'bff-mobile', 'bff-web'],
      databases: ['playback'], cache: 'shared', produces: ['playback.sessions', 'playback.heartbeats'], consumes: ['playback.sessions'],
    });
    expect(byId.token.callers).toEqual([INGRESS_CALLER, 'playback-session', 'bff-tv', 'bff-mobile', 'bff-web']);
    for (const w of wiring) for (const c of w.calls) expect(byId[c].callers).toContain(w.id);
  });

  test('the Mermaid graph, read back as edges, equals the catalog dependency graph plus the ingress edges', () => {
    const graph = renderServiceGraph();
    expect(graph.startsWith('flowchart LR\n')).toBe(true);
    const ids = new Map<string, string>(SERVICES.map((s) => [s.id.replace(/-/g, '_'), s.id]));
    ids.set('ingress_gateway', INGRESS_CALLER);
    const edges = [...graph.matchAll(/^ {2}(\w+) --> (\w+)$/gm)].map((m) => `${ids.get(m[1])}>${ids.get(m[2])}`).sort();
    const expected = [
      ...SERVICES.flatMap((s) => s.dependencies.map((d) => `${s.id}>${d}`)),
      ...SERVICES.filter((s) => s.deploy.ingress).map((s) => `${INGRESS_CALLER}>${s.id}`),
    ].sort();
    expect(edges).toEqual(expected);
  });

  test('the text report has a block per service', () => {
    const text = formatWiringReport();
    expect(text).toMatch(/^Service wiring \(26 services, catalog\/services.ts\)/);
    expect(text).toContain('\nbookmark\n  calls:     profile\n  callers:   bff-tv, bff-mobile, bff-web\n  databases: bookmark; cache: shared\n  produces:  bookmarks.updates\n  consumes:  playback.heartbeats, playback.sessions\n');
  });
});

describe('resolved service deployments', () => {
  test('playback-session in production: image, probes, requests, HPA with its p99, callers', () => {
    const env = loadEdited('production');
    const all = resolveServiceDeployments(SERVICES, env);
    const p = all.find((d) => d.id === 'playback-session')!;
    expect(p).toEqual({
      id: 'playback-session', image: { repository: 'production/playback-session', tag: '0.1.0' }, port: 9090, protocol: 'grpc', health: { kind: 'grpc' },
      nodeGroup: 'general', requests: { cpu: 2, memoryGiB: 4 }, limits: { cpu: 2, memoryGiB: 4 },
      hpa: { minReplicas: 6, maxReplicas: 18, cpuTargetPercent: 60, latencyP99Ms: 200 }, vpa: false, allowedCallers: ['ad', 'bff-tv', 'bff-mobile', 'bff-web'],
    });
    expect(all.find((d) => d.id === 'encoding-pipeline')!.hpa).toEqual({ minReplicas: 2, maxReplicas: 6, cpuTargetPercent: 60 });
    expect(all.filter((d) => d.vpa).map((d) => d.id)).toEqual(['recommendation', 'search']);
    expect(ecrRepositoryName('dev', 'token')).toBe('dev/token');
  });

  test('a missing or mutable tag is refused naming the service and the environment file', () => {
    expect(() => resolveServiceDeployments(SERVICES.slice(0, 1), { name: 'dev', scale: 0.1, images: {} }))
      .toThrow("service 'user' has no image tag in environments/dev.yaml (images.user)");
    expect(() => resolveServiceDeployments(SERVICES.slice(0, 1), { name: 'dev', scale: 0.1, images: { user: 'latest' } }))
      .toThrow(/^environments\/dev.yaml: images.user: 'latest' is not an immutable image reference/);
  });
});
