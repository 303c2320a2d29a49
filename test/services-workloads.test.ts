import * as fs from 'fs';
import { SERVICES } from '../catalog/services';
import { serviceWiring } from '../catalog/wiring';
import { loadEnvironment } from '../environments/load';
import { INGRESS_CALLER_ID, INGRESS_GATEWAY_PRINCIPAL, ServiceDeployment, serviceScalingProblem } from '../constructs/services/service-deployment';
import { serviceNamespace } from '../plan/workload-services';
import { resolveEnvironment } from '../plan/environment';
import { testStack } from './helpers';
import { TerraformJson } from '../tools/summary';
import { errorOf, Json, loadEdited, resourcesOf, synthEnvironments } from './cluster-helpers';
import { K8sObject, validateObjects } from './k8s-validation';
import { App } from 'cdktf';
import { buildEnvironment } from '../stacks/environment';

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
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
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
      const rules = ((o as unknown as Json).spec.rules as Json[]);
      return rules.flatMap((r) => (r.from as Json[]).flatMap((f) => (f.source.principals as string[]).map((p) => `${saOf(p)} -> ${o.metadata!.name}`)));
    }).sort();
    const fromCatalog = serviceWiring(SERVICES).flatMap((w) => w.callers.map((c) => `${c} -> ${w.id}`)).sort();
    expect(fromPolicies).toEqual(fromCatalog);
    // Principals name the caller's own namespace.
    const bookmark = object('AuthorizationPolicy', 'bookmark').spec.rules[0].from[0].source.principals as string[];
    expect(bookmark.every((p) => /^cluster\.local\/ns\/[a-z-]+\/sa\/[a-z-]+$/.test(p))).toBe(true);
  });

  test('every emitted object validates against its upstream schema (built-ins and the Istio CRD)', () => {
    const all = objects();
    // The services' kinds, and the serving workloads' InferenceServices and batch CronJobs (issue 12).
    expect(new Set(all.map((o) => o.kind))).toEqual(new Set(['ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'AuthorizationPolicy', 'InferenceService', 'CronJob']));
    const problems = validateObjects(all).flatMap((p, i) => p.map((m) => `${all[i].kind}/${all[i].metadata?.name}: ${m}`));
    expect(problems).toEqual([]);
  });

  test('the primary region\'s serving placements deploy beside the services: one InferenceService per KServe model', () => {
    const placements = resolveEnvironment(loadEnvironment('production')).regions['eu-west-1'].workloads!.placements;
    const kserve = placements.filter((p) => p.model.serving === 'kserve').map((p) => p.model.id).sort();
    expect(kserve.length).toBeGreaterThan(0);
    expect(objects().filter((o) => o.kind === 'InferenceService').map((o) => o.metadata!.name).sort()).toEqual(kserve);
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

describe('workloads layer rules', () => {
  test('an environment without a data layer in its primary region builds no workloads stack', () => {
    const app = new App({ outdir: fs.mkdtempSync('/tmp/ott-wl-') });
    const env = loadEdited('dev', (raw) => { delete raw.regions['eu-west-1'].data; delete raw.regions['eu-west-1'].analytics; delete raw.edge; });
    const built = buildEnvironment(app, env);
    expect([...built.regions.values()].some((r) => r.workloads)).toBe(false);
  });

  test('a service whose database the data layer lacks fails naming the service', () => {
    const app = new App({ outdir: fs.mkdtempSync('/tmp/ott-wl-') });
    const built = buildEnvironment(app, loadEnvironment('dev'));
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

  test('a service in no application namespace fails naming it', () => {
    expect(errorOf(() => serviceNamespace('unknown-svc'))).toMatch(/service 'unknown-svc' is in no APPLICATION_NAMESPACES entry/);
  });
});
