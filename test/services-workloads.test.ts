import * as fs from 'fs';
import { SERVICES } from '../catalog/services';
import { serviceWiring } from '../catalog/wiring';
import { loadEnvironment } from '../environments/load';
import {
  ENVOY_METRICS_PORT, INGRESS_CALLER_ID, INGRESS_GATEWAY_PODS, INGRESS_GATEWAY_PRINCIPAL, METRICS_SCRAPER_NAMESPACE, NAMESPACE_NAME_LABEL, ServiceDeployment, serviceScalingProblem,
} from '../constructs/services/service-deployment';
import { NamespaceDefaultDeny } from '../constructs/services/default-deny';
import { IngressRoutes, ingressRouteProblem } from '../constructs/services/ingress-routes';
import { latencyTargetMs, P99_LATENCY_METRIC } from '../constructs/services/latency-metric';
import { APPLICATION_NAMESPACES } from '../catalog/namespaces';
import { serviceNamespace } from '../plan/workload-services';
import { resolveEnvironment } from '../plan/environment';
import { testStack } from './helpers';
import { TerraformJson } from '../tools/summary';
import { errorOf, Json, loadEdited, resourcesOf, synthEnvironments } from './cluster-helpers';
import { K8sObject, validateObjects } from './k8s-validation';
import { App } from 'cdktf';
import { buildEnvironment } from '../stacks/environment';
import { withoutTokenTraces } from '../stacks/app';

let synth: ReturnType<typeof synthEnvironments>;
let stack: TerraformJson;
beforeAll(() => {
  synth = synthEnvironments([loadEnvironment('production')]);
  stack = synth.stack('production-eu-west-1-workloads');
}, 300_000);
afterAll(() => fs.rmSync(synth.outdir, { recursive: true, force: true }));

const objects = (): K8sObject[] => Object.values(resourcesOf(stack, 'kubernetes_manifest')).map((m) => m.manifest as K8sObject);
const object = (kind: string, name: string): Json => {
  const o = objects().find((x) => x.kind === kind && x.metadata?.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o as unknown as Json;
};
const containerOf = (name: string): Json => (object('Deployment', name).spec.template.spec.containers as Json[])[0];
const envOf = (name: string): Record<string, string> => Object.fromEntries((containerOf(name).env as Json[]).map((e) => [e.name as string, e.value as string]));
const roleOf = (id: string): Json => Object.values(resourcesOf(stack, 'aws_iam_role')).find((r) => r.name === `production-eu-west-1-svc-${id}`)!;
const policyOf = (id: string): Json => {
  const p = Object.entries(resourcesOf(stack, 'aws_iam_role_policy')).find(([k]) => k.includes(`identity-${id}_`) || k.includes(`identity-${id}-`));
  if (!p) throw new Error(`no policy for ${id}`);
  return JSON.parse(p[1].policy as string) as Json;
};
const resourcesIn = (policy: Json): string[] => (policy.Statement as Json[]).flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]) as string[]);

describe('production workloads stack', () => {
  test('the services run only in the primary region; the GPU region\'s workloads stack holds serving only', () => {
    expect(synth.stacks.filter((s) => s.endsWith('-workloads')).sort()).toEqual(['production-eu-west-1-workloads', 'production-us-east-1-workloads']);
    const gpuRegion = synth.stack('production-us-east-1-workloads');
    expect(Object.values(resourcesOf(gpuRegion, 'aws_iam_role')).filter((r) => String(r.name).includes('-svc-'))).toEqual([]);
    expect(Object.values(resourcesOf(stack, 'aws_iam_role')).filter((r) => String(r.name).includes('-svc-'))).toHaveLength(SERVICES.length);
  });

  test.each(SERVICES.map((s) => s.id))('%s: Deployment, Service, HPA, PDB, ServiceAccount, AuthorizationPolicy and IAM role', (id) => {
    for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ServiceAccount', 'AuthorizationPolicy']) {
      expect(object(kind, id).kind).toBe(kind);
    }
    expect(roleOf(id)).toBeDefined();
    const assoc = Object.values(resourcesOf(stack, 'aws_eks_pod_identity_association')).find((a) => a.service_account === id);
    expect(assoc).toBeDefined();
  });

  test('the three BFFs are deployed', () => {
    for (const id of ['bff-tv', 'bff-mobile', 'bff-web']) expect(object('Deployment', id).metadata.namespace).toBe('bff');
  });

  test('pods are hardened, probed, spread over zones and prioritised; HPA on CPU 60%', () => {
    const d = object('Deployment', 'playback-session');
    const pod = d.spec.template.spec;
    const c = containerOf('playback-session');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toEqual({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.resources.requests.cpu).toMatch(/m$/);
    expect(c.resources.limits.memory).toMatch(/Mi$/);
    for (const p of ['readinessProbe', 'livenessProbe', 'startupProbe']) expect(c[p]).toBeDefined();
    expect(pod.priorityClassName).toBe('online-services');
    expect((pod.topologySpreadConstraints as Json[]).map((t) => t.topologyKey)).toContain('topology.kubernetes.io/zone');
    expect(d.spec.replicas).toBeUndefined();
    const hpa = object('HorizontalPodAutoscaler', 'playback-session');
    // Seed 003 §3: CPU 60% and p99 latency (SLO 200 ms, target 80% of it: 160 ms).
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Pods', pods: { metric: { name: P99_LATENCY_METRIC }, target: { type: 'AverageValue', averageValue: '160' } } },
    ]);
  });

  test('every service with a p99 SLO scales on the latency metric; one without (encoding-pipeline) on CPU only', () => {
    for (const s of SERVICES) {
      const metrics = object('HorizontalPodAutoscaler', s.id).spec.metrics as Json[];
      const pods = metrics.filter((m) => m.type === 'Pods');
      if (s.slo?.p99Ms === undefined) expect(pods).toEqual([]);
      else expect(pods.map((m) => [m.pods.metric.name, Number(m.pods.target.averageValue)])).toEqual([[P99_LATENCY_METRIC, latencyTargetMs(s.slo.p99Ms)]]);
    }
    expect(SERVICES.find((s) => s.id === 'encoding-pipeline')!.slo?.p99Ms).toBeUndefined();
  });

  test('VPAs for recommendation and search only: memory requests, the sidecar left alone', () => {
    const vpas = objects().filter((o) => o.kind === 'VerticalPodAutoscaler');
    expect(vpas.map((v) => v.metadata!.name).sort()).toEqual(SERVICES.filter((s) => s.deploy.vpa).map((s) => s.id).sort());
    expect(vpas.map((v) => v.metadata!.name).sort()).toEqual(['recommendation', 'search']);
    const v = object('VerticalPodAutoscaler', 'recommendation');
    const c = containerOf('recommendation');
    expect(v.spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'recommendation' });
    const [app, proxy] = v.spec.resourcePolicy.containerPolicies as Json[];
    expect(app).toMatchObject({ containerName: 'recommendation', controlledResources: ['memory'], controlledValues: 'RequestsOnly' });
    expect(app.minAllowed.memory).toBe(c.resources.requests.memory);
    expect(app.maxAllowed.memory).toBe(c.resources.limits.memory);
    expect(proxy).toEqual({ containerName: 'istio-proxy', mode: 'Off' });
  });

  test('playback-session gets its database endpoint and secret ARN, Redis, Kafka brokers and topics', () => {
    const env = envOf('playback-session');
    const svc = SERVICES.find((s) => s.id === 'playback-session')!;
    expect(env.DATABASE_HOST).toMatch(/\$\{.*playback.*address\}/);
    expect(env.DATABASE_SECRET_ARN).toMatch(/\$\{.*master_user_secret.*secret_arn\}/);
    expect(env.REDIS_ENDPOINT).toMatch(/configuration_endpoint_address/);
    expect(env.REDIS_USER).toBeTruthy();
    expect(env.KAFKA_BOOTSTRAP_BROKERS ?? env.KAFKA_REALTIME_BOOTSTRAP_BROKERS).toMatch(/bootstrap_brokers_sasl_iam/);
    expect(env.KAFKA_PRODUCE_TOPICS.split(',')).toEqual([...svc.produces]);
    expect(env.KAFKA_CONSUME_TOPICS.split(',').filter(Boolean)).toEqual([...svc.consumes]);
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toMatch(/^http:\/\/opentelemetry-collector\.monitoring/);
    // Never a secret value: no password-like variable at all.
    expect(Object.keys(env).filter((k) => /PASSWORD|TOKEN/.test(k))).toEqual([]);
  });

  test("playback-session's IAM policy names only its own secret, topics and group; no data action on '*'", () => {
    const policy = policyOf('playback-session');
    const svc = SERVICES.find((s) => s.id === 'playback-session')!;
    const resources = resourcesIn(policy);
    expect(resources).not.toContain('*');
    const secrets = (policy.Statement as Json[]).filter((s) => (s.Action as string[]).includes('secretsmanager:GetSecretValue'));
    expect(secrets).toHaveLength(1);
    expect(secrets[0].Resource).toHaveLength(1);
    expect(secrets[0].Resource[0]).toMatch(/playback/);
    const topicArns = resources.filter((r) => r.includes(':topic/'));
    expect(topicArns.map((r) => r.split('/').pop()).sort()).toEqual([...svc.produces, ...svc.consumes].sort());
    const groups = resources.filter((r) => r.includes(':group/'));
    expect(groups.map((r) => r.split('/').pop())).toEqual(svc.consumes.length ? ['playback-session'] : []);
  });

  test('no service role has a data action on "*"', () => {
    for (const [, p] of Object.entries(resourcesOf(stack, 'aws_iam_role_policy'))) {
      expect(resourcesIn(JSON.parse(p.policy as string) as Json)).not.toContain('*');
    }
  });

  test('the AuthorizationPolicies, read as a graph, equal the catalog dependency graph', () => {
    const saOf = (principal: string): string => (principal === INGRESS_GATEWAY_PRINCIPAL ? INGRESS_CALLER_ID : principal.split('/sa/')[1]);
    const fromPolicies = objects().filter((o) => o.kind === 'AuthorizationPolicy').flatMap((o) => {
      // The namespaces' default-deny policies have an empty spec: no rule, no edge.
      const rules = ((o as unknown as Json).spec.rules ?? []) as Json[];
      return rules.flatMap((r) => (r.from as Json[]).flatMap((f) => (f.source.principals as string[]).map((p) => `${saOf(p)} -> ${o.metadata!.name}`)));
    }).sort();
    const fromCatalog = serviceWiring(SERVICES).flatMap((w) => w.callers.map((c) => `${c} -> ${w.id}`)).sort();
    expect(fromPolicies).toEqual(fromCatalog);
    // Principals name the caller's own namespace.
    const bookmark = object('AuthorizationPolicy', 'bookmark').spec.rules[0].from[0].source.principals as string[];
    expect(bookmark.every((p) => /^cluster\.local\/ns\/[a-z-]+\/sa\/[a-z-]+$/.test(p))).toBe(true);
  });

  test('every emitted object validates against its upstream schema (built-ins, the Istio and VPA CRDs)', () => {
    const all = objects();
    // The services' kinds, and the serving workloads' InferenceServices and batch CronJobs (issue 12).
    expect(new Set(all.map((o) => o.kind))).toEqual(new Set([
      'ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'AuthorizationPolicy', 'NetworkPolicy',
      'VerticalPodAutoscaler', 'Gateway', 'VirtualService', 'EnvoyFilter', 'InferenceService', 'CronJob',
    ]));
    const problems = validateObjects(all).flatMap((p, i) => p.map((m) => `${all[i].kind}/${all[i].metadata?.name}: ${m}`));
    expect(problems).toEqual([]);
  });

  test('the primary region\'s serving placements deploy beside the services: one InferenceService per KServe model', () => {
    const placements = resolveEnvironment(loadEnvironment('production')).regions['eu-west-1'].workloads!.placements;
    const kserve = placements.filter((p) => p.model.serving === 'kserve').map((p) => p.model.id).sort();
    expect(kserve.length).toBeGreaterThan(0);
    expect(objects().filter((o) => o.kind === 'InferenceService').map((o) => o.metadata!.name).sort()).toEqual(kserve);
  });

  test('each application namespace with services is closed: an empty AuthorizationPolicy and a deny-all-ingress NetworkPolicy', () => {
    const namespaces = [...new Set(SERVICES.map((s) => serviceNamespace(s.id)))].sort();
    expect(namespaces.length).toBeGreaterThan(3);
    const deny = (kind: string) => objects().filter((o) => o.kind === kind && o.metadata!.name === 'default-deny');
    expect(deny('AuthorizationPolicy').map((o) => o.metadata!.namespace).sort()).toEqual(namespaces);
    expect(deny('NetworkPolicy').map((o) => o.metadata!.namespace).sort()).toEqual(namespaces);
    for (const o of deny('AuthorizationPolicy')) expect((o as unknown as Json).spec).toEqual({});
    for (const o of deny('NetworkPolicy')) expect((o as unknown as Json).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(namespaces.every((n) => APPLICATION_NAMESPACES.some((a) => a.name === n))).toBe(true);
  });

  test('the NetworkPolicies, read as a graph, equal the catalog dependency graph (plus Prometheus on the Envoy port)', () => {
    const policies = objects().filter((o) => o.kind === 'NetworkPolicy' && o.metadata!.name !== 'default-deny') as unknown as Json[];
    expect(policies).toHaveLength(SERVICES.length);
    const edges: string[] = [];
    for (const p of policies) {
      const target = p.spec.podSelector.matchLabels['app.kubernetes.io/name'] as string;
      expect(target).toBe(p.metadata.name);
      const svc = SERVICES.find((s) => s.id === target)!;
      for (const rule of p.spec.ingress as Json[]) {
        const ports = (rule.ports as Json[]).map((x) => x.port as number);
        for (const peer of rule.from as Json[]) {
          const ns = peer.namespaceSelector.matchLabels[NAMESPACE_NAME_LABEL] as string;
          if (ns === METRICS_SCRAPER_NAMESPACE && !peer.podSelector) {
            expect(ports).toEqual([ENVOY_METRICS_PORT]);
            continue;
          }
          expect(ports).toEqual([svc.deploy.port]);
          if (ns === INGRESS_GATEWAY_PODS.namespace) {
            expect(peer.podSelector.matchLabels).toEqual(INGRESS_GATEWAY_PODS.labels);
            edges.push(`${INGRESS_CALLER_ID} -> ${target}`);
          } else {
            const caller = peer.podSelector.matchLabels['app.kubernetes.io/name'] as string;
            expect(ns).toBe(serviceNamespace(caller));
            edges.push(`${caller} -> ${target}`);
          }
        }
      }
    }
    const fromCatalog = serviceWiring(SERVICES).flatMap((w) => w.callers.map((c) => `${c} -> ${w.id}`)).sort();
    expect(edges.sort()).toEqual(fromCatalog);
  });

  test('bucket users get exactly their prefixes (and the bucket keys), nobody else touches S3', () => {
    const s3 = (id: string): string[] => Object.entries(resourcesOf(stack, 'aws_iam_role_policy'))
      .filter(([k]) => k.includes(`identity-${id}_`) || k.includes(`identity-${id}-`))
      .flatMap(([, p]) => (JSON.parse(p.policy as string).Statement as Json[]))
      .filter((st) => (st.Action as string[]).some((a) => a.startsWith('s3:')))
      .flatMap((st) => (st.Action as string[]).map((a) => `${a} ${[st.Resource].flat().join(',')}${st.Condition ? ` ${JSON.stringify(st.Condition)}` : ''}`));
    const users = SERVICES.filter((s) => (s.buckets ?? []).length > 0).map((s) => s.id).sort();
    expect(users).toEqual(['analytics-collector', 'content-ingest', 'encoding-pipeline', 'feature-store', 'recording']);
    const enc = s3('encoding-pipeline');
    expect(enc.filter((a) => a.startsWith('s3:GetObject ')).map((a) => a.replace(/^.*\}\//, ''))).toEqual(['ingest/*']);
    expect(enc.filter((a) => a.startsWith('s3:PutObject ')).map((a) => a.replace(/^.*\}\//, ''))).toEqual(['vod/*']);
    expect(enc.find((a) => a.startsWith('s3:ListBucket '))).toMatch(/"s3:prefix":\["ingest\/\*"\]/);
    expect(s3('analytics-collector').map((a) => a.split(' ')[0]).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    for (const s of SERVICES) {
      const actions = s3(s.id);
      if (!users.includes(s.id)) expect(actions).toEqual([]);
      for (const a of actions) expect(a).not.toMatch(/ \*$|:::[^/ ]*\/\*$/);
    }
  });

  test('the client API: one Gateway for the configured hostname, a route per client-facing service, rate limits per route', () => {
    const cfg = loadEnvironment('production').regions['eu-west-1'].platform.ingress!;
    expect(cfg.hostname).toBe('api.ott-platform.example');
    const gw = object('Gateway', 'api');
    expect(gw.metadata.namespace).toBe('istio-ingress');
    expect(gw.spec).toEqual({ selector: INGRESS_GATEWAY_PODS.labels, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [cfg.hostname] }] });
    const vs = object('VirtualService', 'api');
    expect(vs.spec.hosts).toEqual([cfg.hostname]);
    const ingressIds = SERVICES.filter((s) => s.deploy.ingress).map((s) => s.id);
    expect(ingressIds.sort()).toEqual(['auth', 'bff-mobile', 'bff-tv', 'bff-web', 'token']);
    expect((vs.spec.http as Json[]).map((r) => r.name).sort()).toEqual(ingressIds);
    // Exactly the services the AuthorizationPolicies open to the gateway.
    const openToGateway = serviceWiring(SERVICES).filter((w) => w.callers.includes(INGRESS_CALLER_ID)).map((w) => w.id).sort();
    expect((vs.spec.http as Json[]).map((r) => r.name).sort()).toEqual(openToGateway);
    const tv = (vs.spec.http as Json[]).find((r) => r.name === 'bff-tv')!;
    expect(tv.match).toEqual([{ uri: { prefix: '/bff-tv/' } }]);
    expect(tv.route).toEqual([{ destination: { host: 'bff-tv.bff.svc.cluster.local', port: { number: 8080 } } }]);
    const ef = object('EnvoyFilter', 'api-rate-limits');
    const patches = ef.spec.configPatches as Json[];
    expect(patches[0].patch.value.name).toBe('envoy.filters.http.local_ratelimit');
    const routes = patches.slice(1);
    expect(routes.map((p) => p.match.routeConfiguration.vhost.route.name).sort()).toEqual(ingressIds);
    expect(routes.every((p) => p.match.routeConfiguration.vhost.name === `${cfg.hostname}:80`)).toBe(true);
    // bff-tv: 4,000 RPS expected (seed), x3 (HPA maximum) = 12,000 per second per gateway pod.
    const bucket = (id: string) => routes.find((p) => p.match.routeConfiguration.vhost.route.name === id)!
      .patch.value.typed_per_filter_config['envoy.filters.http.local_ratelimit'].value.token_bucket;
    expect(bucket('bff-tv')).toEqual({ max_tokens: 12_000, tokens_per_fill: 12_000, fill_interval: '1s' });
    expect(bucket('token').tokens_per_fill).toBe(15_000);
  });

  test('with global routing (production), the API hostname is the routing layer\'s: no alias or lookup here', () => {
    // The alias form (no routing:) is covered in test/routing.test.ts.
    expect((stack as Json).data.aws_lb).toBeUndefined();
    expect(Object.values(resourcesOf(stack, 'aws_route53_record'))).toEqual([]);
  });

  test('the validator rejects a broken object (an AuthorizationPolicy with an unknown action, a Deployment with an unknown field)', () => {
    const ap = object('AuthorizationPolicy', 'bookmark');
    const d = object('Deployment', 'bookmark');
    const [bad1, bad2] = validateObjects([
      { ...ap, spec: { ...ap.spec, action: 'PERMIT' } } as unknown as K8sObject,
      { ...d, spec: { ...d.spec, replicaz: 2 } } as unknown as K8sObject,
    ]);
    expect(bad1.join(' ')).toMatch(/action/);
    expect(bad2.join(' ')).toMatch(/replicaz/);
  });
});

/**
 * dev built in code once for the tests below that only read the built stacks (they used to build it each),
 * without cdktf's per-token traces, as the app builds (stacks/app.ts).
 */
let devBuilt: ReturnType<typeof buildEnvironment> | undefined;
const builtDev = (): ReturnType<typeof buildEnvironment> =>
  (devBuilt ??= withoutTokenTraces(() => buildEnvironment(new App({ outdir: fs.mkdtempSync('/tmp/ott-wl-') }), loadEnvironment('dev'))));

describe('workloads layer rules', () => {
  test('an environment without a data layer in its primary region builds no workloads stack', () => {
    const app = new App({ outdir: fs.mkdtempSync('/tmp/ott-wl-') });
    const env = loadEdited('dev', (raw) => { delete raw.regions['eu-west-1'].data; delete raw.regions['eu-west-1'].analytics; delete raw.edge; });
    const built = withoutTokenTraces(() => buildEnvironment(app, env));
    expect([...built.regions.values()].some((r) => r.workloads)).toBe(false);
  });

  test('without platform.ingress (dev) the plan publishes no API routes; with it the routes come from the catalog', () => {
    expect(resolveEnvironment(loadEnvironment('dev')).regions['eu-west-1'].workloads!.ingress).toBeUndefined();
    const prod = resolveEnvironment(loadEnvironment('production')).regions['eu-west-1'].workloads!.ingress!;
    expect(prod).toMatchObject({ hostname: 'api.ott-platform.example', zoneId: 'Z04PRODOTTEXAMPLE1', loadBalancerName: 'production-eu-west-1-api' });
    expect(prod.routes.map((r) => r.service).sort()).toEqual(SERVICES.filter((s) => s.deploy.ingress).map((s) => s.id).sort());
  });

  test('a service whose database the data layer lacks fails naming the service', () => {
    const built = builtDev();
    const region = [...built.regions.values()].find((r) => r.workloads)!;
    expect(region.workloads!.services.length).toBe(SERVICES.length);
    expect(region.workloads!.dependencies).toContain(region.platformConfig);
    const { serviceDataBinding } = jest.requireActual('../stacks/workloads-stack') as typeof import('../stacks/workloads-stack');
    const svc = built.plan.regions[region.region].workloads!.services.find((s) => s.deployment.id === 'playback-session')!;
    const data = { ...region.data!.outputs, databases: {} };
    expect(errorOf(() => serviceDataBinding('w', svc, data))).toMatch(/service 'playback-session': the data layer has no database 'playback/);
  });
});

describe('ServiceDeployment construct rules', () => {
  const spec = {
    id: 'bookmark', port: 9090, protocol: 'grpc' as const, health: { kind: 'grpc' as const }, nodeGroup: 'general',
    requests: { cpu: 1, memoryGiB: 2 }, limits: { cpu: 2, memoryGiB: 4 },
    hpa: { minReplicas: 3, maxReplicas: 9, cpuTargetPercent: 60 }, allowedCallers: ['playback-session'],
  };
  const build = (service: typeof spec, callerNamespaces: Record<string, string> = { 'playback-session': 'playback-services' }) => () => new ServiceDeployment(testStack(), 'svc', {
    service, namespace: 'playback-services', environment: 'dev', image: 'repo/dev/bookmark:1.0.0', callerNamespaces,
  });

  test.each([
    [{ ...spec, hpa: { ...spec.hpa, minReplicas: 0 } }, /service 'bookmark': hpa.minReplicas 0 must be an integer >= 1/],
    [{ ...spec, hpa: { ...spec.hpa, maxReplicas: 2 } }, /hpa.maxReplicas 2 must be an integer >= minReplicas \(3\)/],
    [{ ...spec, hpa: { ...spec.hpa, cpuTargetPercent: 99 } }, /hpa.cpuTargetPercent 99 must be 10-95/],
  ])('refuses bad HPA settings (%#)', (service, message) => {
    expect(errorOf(build(service))).toMatch(message);
    expect(serviceScalingProblem(service)).toMatch(message);
  });

  test('refuses a caller without a namespace', () => {
    expect(errorOf(build(spec, {}))).toMatch(/service 'bookmark': caller 'playback-session' has no namespace/);
  });

  test('a service nobody calls admits nothing; the ingress caller maps to the gateway principal', () => {
    const none = build({ ...spec, allowedCallers: [] })();
    expect((none.manifests.find((m) => m.object.kind === 'AuthorizationPolicy')!.object as unknown as Json).spec.rules).toEqual([]);
    const ingress = build({ ...spec, allowedCallers: [INGRESS_CALLER_ID] })();
    expect((ingress.manifests.find((m) => m.object.kind === 'AuthorizationPolicy')!.object as unknown as Json).spec.rules[0].from[0].source.principals)
      .toEqual([INGRESS_GATEWAY_PRINCIPAL]);
  });

  test('refuses a latency target below 1 ms', () => {
    const bad = { ...spec, hpa: { ...spec.hpa, latencyP99Ms: 0 } };
    expect(errorOf(build(bad))).toMatch(/service 'bookmark': hpa.latencyP99Ms 0 must be a latency of at least 1 ms/);
    expect(serviceScalingProblem(bad)).toMatch(/latencyP99Ms 0/);
  });

  test('a service nobody calls gets a NetworkPolicy admitting only Prometheus on the Envoy port', () => {
    const none = build({ ...spec, allowedCallers: [] })();
    const np = none.manifests.find((m) => m.object.kind === 'NetworkPolicy')!.object as unknown as Json;
    expect(np.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'monitoring' } } }], ports: [{ protocol: 'TCP', port: ENVOY_METRICS_PORT }] }]);
  });

  test('the default-deny construct refuses a namespace that is not a Kubernetes name', () => {
    expect(errorOf(() => new NamespaceDefaultDeny(testStack(), 'deny', { namespace: 'Playback_Services' }))).toMatch(/namespace: 'Playback_Services' is not a Kubernetes name/);
  });

  test('a catalog bucket prefix that is not a folder fails naming the service and the field', () => {
    const built = builtDev();
    const region = [...built.regions.values()].find((r) => r.workloads)!;
    const { grantServiceBuckets } = jest.requireActual('../stacks/workloads-stack') as typeof import('../stacks/workloads-stack');
    const svc = built.plan.regions[region.region].workloads!.services.find((s) => s.deployment.id === 'encoding-pipeline')!;
    const bad = { ...svc, buckets: [{ bucket: 'mediaOrigin' as const, prefix: 'vod', access: 'write' as const }] };
    expect(errorOf(() => grantServiceBuckets(region.workloads!.identities[0], bad, region.data!.outputs)))
      .toMatch(/catalog\/services.ts: service 'encoding-pipeline': buckets\[0\].prefix: prefix 'vod' must end with '\/'/);
  });

  test.each([
    [{ pathPrefix: '/bff-tv' }, /route 'bff-tv': pathPrefix '\/bff-tv' must start and end with '\/'/],
    [{ requestsPerSecondPerPod: 0 }, /route 'bff-tv': requestsPerSecondPerPod 0 must be a whole number >= 1/],
  ])('ingress routes refuse a bad route (%#)', (edit, message) => {
    const route = { service: 'bff-tv', namespace: 'bff', port: 8080, pathPrefix: '/bff-tv/', requestsPerSecondPerPod: 100, ...edit };
    expect(errorOf(() => new IngressRoutes(testStack(), 'api', { hostname: 'api.example.tv', routes: [route] }))).toMatch(message);
    expect(ingressRouteProblem(route)).toMatch(message);
  });

  test('ingress routes refuse a prefix used twice and an empty route list', () => {
    const r = { service: 'bff-tv', namespace: 'bff', port: 8080, pathPrefix: '/tv/', requestsPerSecondPerPod: 100 };
    expect(errorOf(() => new IngressRoutes(testStack(), 'api', { hostname: 'api.example.tv', routes: [r, { ...r, service: 'bff-web' }] }))).toMatch(/pathPrefix '\/tv\/' is used twice/);
    expect(errorOf(() => new IngressRoutes(testStack(), 'api', { hostname: 'api.example.tv', routes: [] }))).toMatch(/at least one route/);
  });

  test.each([
    ['a hostname outside the zone', { hostname: 'api.other.example' }, /regions\.eu-west-1\.platform\.ingress\.hostname.*not inside the hosted zone 'ott-platform\.example'/],
    ['a hostname that is not one', { hostname: 'API_host' }, /regions\.eu-west-1\.platform\.ingress\.hostname.*not a lower-case DNS hostname/],
    ['a malformed zone id', { hostedZone: { name: 'ott-platform.example', id: 'abc' } }, /regions\.eu-west-1\.platform\.ingress\.hostedZone\.id.*not a Route 53 hosted zone id/],
  ])('the environment file refuses %s, naming the file and key', (_, edit, message) => {
    const err = errorOf(() => loadEdited('production', (raw) => { Object.assign(raw.regions['eu-west-1'].platform.ingress, edit); }));
    expect(err).toMatch(/environments\/production\.yaml/);
    expect(err).toMatch(message);
  });

  test('a service in no application namespace fails naming it', () => {
    expect(errorOf(() => serviceNamespace('unknown-svc'))).toMatch(/service 'unknown-svc' is in no APPLICATION_NAMESPACES entry/);
  });
});
