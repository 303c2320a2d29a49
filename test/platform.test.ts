import { LAYERS } from '../stacks/naming';
import * as fs from 'fs';
import * as path from 'path';
import { ADDON_CHARTS } from '../catalog/addons';
import { APPLICATION_NAMESPACES } from '../catalog/namespaces';
import { P99_LATENCY_METRIC } from '../constructs/services/latency-metric';
import { loadEnvironment } from '../environments/load';
import { EnvironmentConfig } from '../environments/schema';
import { ChartValuesKeys, unknownValuesKeys } from '../tools/chart-values';
import { readSynth } from '../tools/tfjson';
import { addonCapacityOf, formatAddonCapacity } from '../tools/node-summary';
import { deployOrder } from '../tools/deploy-order';
import { TerraformJson } from '../tools/summary';
import { errorOf, Json, loadEdited, resourcesOf, synthEnvironments } from './cluster-helpers';
import { K8sObject, validateObjects } from './k8s-validation';

// One synth for the file: production as checked in, dev (scaled quotas) and staging with a MIG pool.
const withMig = (): EnvironmentConfig => loadEdited('staging', (raw) => {
  raw.regions['eu-west-1'].cluster.gpuPools = [
    ...(raw.regions['eu-west-1'].cluster.gpuPools ?? []),
    { name: 'video-generation', gpu: 'A100-40GB', gpus: 8, sharing: { migProfile: '1g.5gb' } },
  ];
});
let synth: ReturnType<typeof synthEnvironments>;
beforeAll(() => {
  synth = synthEnvironments([loadEnvironment('production'), loadEnvironment('dev'), withMig()]);
}, 300_000);
afterAll(() => fs.rmSync(synth.outdir, { recursive: true, force: true }));

const releases = (stack: TerraformJson) => Object.values(resourcesOf(stack, 'helm_release')) as Json[];
const release = (stack: TerraformJson, name: string) => {
  const r = releases(stack).find((x) => x.name === name);
  if (!r) throw new Error(`no release ${name}`);
  return r;
};
const valuesOf = (r: Json) => JSON.parse(r.values[0] as string) as Json;
const manifests = (stack: TerraformJson) => Object.values(resourcesOf(stack, 'kubernetes_manifest')).map((m) => m.manifest as K8sObject);

describe('platform stacks of production', () => {
  test('each region with a cluster gets a platform and a platform-config stack', () => {
    expect(synth.stacks.filter((s) => s.startsWith('production-') && s.includes('-platform'))).toEqual([
      'production-eu-west-1-platform', 'production-eu-west-1-platform-config', 'production-us-east-1-platform', 'production-us-east-1-platform-config',
    ]);
  });

  test('every add-on is a helm_release at the exact catalog version, from the catalog repository', () => {
    for (const region of ['eu-west-1', 'us-east-1']) {
      const stack = synth.stack(`production-${region}-platform`);
      const got = Object.fromEntries(releases(stack).map((r) => [r.name, { chart: r.chart, version: r.version, repository: r.repository }]));
      const want = Object.fromEntries(Object.entries(ADDON_CHARTS).map(([name, c]) => [name, { chart: c.chart, version: c.version, repository: c.repository }]));
      expect(got).toEqual(want);
      for (const r of releases(stack)) expect(r.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  test('kubernetes and helm providers look the cluster up by name and authenticate with aws eks get-token', () => {
    const stack = synth.stack('production-eu-west-1-platform') as Json;
    const lookup = Object.values(stack.data.aws_eks_cluster as Record<string, Json>);
    expect(lookup.map((d) => d.name)).toEqual(['production-eu-west-1']);
    const k8s = stack.provider.kubernetes[0];
    expect(k8s.host).toMatch(/^\$\{data\.aws_eks_cluster\.[^}]+\.endpoint\}$/);
    expect(k8s.exec[0]).toMatchObject({ command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'production-eu-west-1', '--region', 'eu-west-1', '--output', 'json'] });
    const helm = stack.provider.helm[0];
    expect(helm.kubernetes.host).toBe(k8s.host);
    expect(helm.kubernetes.exec.command).toBe('aws');
    // Never the resource that creates the cluster, never a stored token.
    expect(JSON.stringify(stack.provider)).not.toMatch(/(?<!data\.)aws_eks_cluster\.|"token"/);
  });

  test('deploy order: cluster, then platform, then platform-config (declared stack dependencies)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(synth.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies?: string[] }> };
    expect(manifest.stacks['production-eu-west-1-platform'].dependencies).toContain('production-eu-west-1-cluster');
    expect(manifest.stacks['production-eu-west-1-platform-config'].dependencies).toContain('production-eu-west-1-platform');
    const layers = deployOrder(synth.outdir, 'production', LAYERS).map((g) => g.layer);
    expect(layers.indexOf('platform-config')).toBe(layers.indexOf('platform') + 1);
    expect(layers.indexOf('platform')).toBe(layers.indexOf('cluster') + 1);
  });

  test('no stack both creates an EKS cluster and configures a kubernetes or helm provider', () => {
    for (const name of synth.stacks) {
      const stack = synth.stack(name) as Json;
      const createsCluster = Object.keys(resourcesOf(stack, 'aws_eks_cluster')).length > 0;
      const configures = Boolean(stack.provider?.kubernetes || stack.provider?.helm);
      expect({ name, both: createsCluster && configures }).toEqual({ name, both: false });
    }
  });

  test('no stack holds a custom resource whose CRD a release of the same stack installs', () => {
    // API group -> chart that installs its CRDs.
    const crdCharts: Record<string, string[]> = {
      'karpenter.sh': ['karpenter-crd', 'karpenter'], 'karpenter.k8s.aws': ['karpenter-crd', 'karpenter'],
      'security.istio.io': ['base', 'istiod'], 'networking.istio.io': ['base', 'istiod'],
      'monitoring.coreos.com': ['kube-prometheus-stack'], 'serving.kserve.io': ['kserve-crd', 'kserve-resources'],
      'cert-manager.io': ['cert-manager'],
    };
    let customResources = 0;
    for (const name of synth.stacks) {
      const stack = synth.stack(name);
      const charts = new Set(releases(stack).map((r) => r.chart as string));
      for (const m of manifests(stack)) {
        const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
        if (!group.includes('.') || group.endsWith('k8s.io')) continue;
        customResources++;
        expect(crdCharts[group]).toBeDefined();
        expect({ stack: name, kind: m.kind, installedHere: crdCharts[group].filter((c) => charts.has(c)) }).toEqual({ stack: name, kind: m.kind, installedHere: [] });
      }
    }
    expect(customResources).toBeGreaterThan(0);
  });

  test('the GPU operator keeps driver and toolkit off, time-slices the shared pools with 4 replicas, and does not wait', () => {
    for (const region of ['eu-west-1', 'us-east-1']) {
      const r = release(synth.stack(`production-${region}-platform`), 'gpu-operator');
      expect(r).toMatchObject({ wait: false, atomic: false, cleanup_on_fail: true });
      const v = valuesOf(r);
      expect(v.driver.enabled).toBe(false);
      expect(v.toolkit.enabled).toBe(false);
      expect(v.mig.strategy).toBe('mixed');
      const slicing = JSON.parse(v.devicePlugin.config.data['time-slicing-4']);
      expect(slicing.sharing.timeSlicing.resources).toEqual([{ name: 'nvidia.com/gpu', replicas: 4 }]);
      expect(v.dcgmExporter.enabled).toBe(true);
    }
    // The shared pools carry the label that selects that config (set by the cluster layer).
    const pools = resourcesOf(synth.stack('production-eu-west-1-cluster'), 'aws_eks_node_group');
    const inference = Object.values(pools).find((g) => g.labels?.['ott.platform/node-group'] === 'gpu-inference')!;
    expect(inference.labels['nvidia.com/device-plugin.config']).toBe('time-slicing-4');
  });

  test('MIG pools get the mixed strategy, a mig-parted profile and the node label that applies it', () => {
    const v = valuesOf(release(synth.stack('staging-eu-west-1-platform'), 'gpu-operator'));
    expect(v.migManager.enabled).toBe(true);
    const migConfigs = JSON.parse(v.migManager.config.data['config.yaml'])['mig-configs'];
    expect(migConfigs['all-1g.5gb']).toEqual([{ devices: 'all', 'mig-enabled': true, 'mig-devices': { '1g.5gb': 7 } }]);
    const pools = resourcesOf(synth.stack('staging-eu-west-1-cluster'), 'aws_eks_node_group');
    const mig = Object.values(pools).find((g) => g.labels?.['ott.platform/node-group'] === 'video-generation')!;
    expect(mig.labels['nvidia.com/mig.config']).toBe('all-1g.5gb');
    // Production has no MIG pool: the MIG manager stays off there.
    expect(valuesOf(release(synth.stack('production-eu-west-1-platform'), 'gpu-operator')).migManager.enabled).toBe(false);
  });

  test('Karpenter has a NodePool per GPU class of the region, plus CPU, on one EC2NodeClass', () => {
    const pools = (region: string) => Object.fromEntries(manifests(synth.stack(`production-${region}-platform-config`))
      .filter((m) => m.kind === 'NodePool').map((m) => [m.metadata!.name, m as Json]));
    expect(Object.keys(pools('eu-west-1')).sort()).toEqual(['cpu', 'gpu-a10g', 'gpu-t4']);
    expect(Object.keys(pools('us-east-1')).sort()).toEqual(['cpu', 'gpu-a100-80gb', 'gpu-l4', 'gpu-l40s']);
    const a10g = pools('eu-west-1')['gpu-a10g'];
    const req = (p: Json, key: string) => p.spec.template.spec.requirements.find((r: Json) => r.key === key).values;
    expect(req(a10g, 'karpenter.k8s.aws/instance-family')).toEqual(['g5']);
    // gpu-compute (A10G) is spot, the other A10G pools are not: both capacity types.
    expect(req(a10g, 'karpenter.sh/capacity-type')).toEqual(['spot', 'on-demand']);
    expect(req(pools('eu-west-1')['gpu-t4'], 'karpenter.sh/capacity-type')).toEqual(['on-demand']);
    expect(a10g.spec.template.spec.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }]);
    expect(a10g.spec.disruption).toEqual({ consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m' });
    expect(a10g.spec.template.spec.expireAfter).toBe('720h');
    expect(a10g.spec.limits).toEqual({ 'nvidia.com/gpu': '20' });
    const nodeClass = manifests(synth.stack('production-eu-west-1-platform-config')).find((m) => m.kind === 'EC2NodeClass') as Json;
    expect(nodeClass.spec.metadataOptions).toEqual({ httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(nodeClass.spec.subnetSelectorTerms).toHaveLength(3);
    // Nodes join the data-clients group too (a cross-stack reference to the data layer).
    expect(nodeClass.spec.securityGroupSelectorTerms).toHaveLength(2);
  });

  test('Karpenter: CRDs as their own release, chart from public ECR with a us-east-1 token, queue, rules and node access entry', () => {
    const stack = synth.stack('production-eu-west-1-platform') as Json;
    const crd = Object.entries(resourcesOf(stack, 'helm_release')).find(([, r]) => r.name === 'karpenter-crd')![0];
    const karpenter = release(stack, 'karpenter');
    expect(karpenter.skip_crds).toBe(true);
    expect(karpenter.depends_on).toContain(`helm_release.${crd}`);
    expect(karpenter.repository).toBe('oci://public.ecr.aws/karpenter');
    expect(karpenter.repository_password).toMatch(/^\$\{data\.aws_ecrpublic_authorization_token\.[^}]+\.password\}$/);
    expect(Object.values(stack.data.aws_ecrpublic_authorization_token as Record<string, Json>)[0].region).toBe('us-east-1');
    expect(valuesOf(karpenter).settings).toEqual({ clusterName: 'production-eu-west-1', interruptionQueue: 'production-eu-west-1-karpenter' });
    expect(Object.values(resourcesOf(stack, 'aws_sqs_queue'))[0].kms_master_key_id).toMatch(/aws_kms_key/);
    expect(Object.keys(resourcesOf(stack, 'aws_cloudwatch_event_rule'))).toHaveLength(4);
    expect(Object.values(resourcesOf(stack, 'aws_eks_access_entry'))[0].type).toBe('EC2_LINUX');
  });

  test('releases depend on their namespace and on other releases by reference; waiting charts are atomic', () => {
    const stack = synth.stack('production-eu-west-1-platform');
    const address = (name: string) => `helm_release.${Object.entries(resourcesOf(stack, 'helm_release')).find(([, r]) => r.name === name)![0]}`;
    expect(release(stack, 'istiod').depends_on).toContain(address('istio-base'));
    expect(release(stack, 'kserve').depends_on).toEqual(expect.arrayContaining([address('kserve-crd'), address('cert-manager'), address('istiod')]));
    expect(release(stack, 'kserve-runtimes').depends_on).toContain(address('kserve'));
    expect(release(stack, 'istio-gateway').depends_on).toContain(address('aws-load-balancer-controller'));
    for (const r of releases(stack)) {
      expect(r.create_namespace).toBe(false);
      if (r.namespace !== 'kube-system') expect((r.depends_on as string[]).some((d) => d.startsWith('kubernetes_manifest.namespace-'))).toBe(true);
      expect(r.atomic).toBe(r.wait);
      expect(r.cleanup_on_fail).toBe(true);
      expect(r.timeout).toBeGreaterThanOrEqual(600);
    }
    expect(valuesOf(release(stack, 'kserve')).kserve.controller.deploymentMode).toBe('Standard');
    expect(valuesOf(release(stack, 'istiod')).env.ENABLE_NATIVE_SIDECARS).toBe('true');
  });

  test('the mesh is STRICT mTLS mesh-wide and DCGM exporter has a ServiceMonitor', () => {
    const objs = manifests(synth.stack('production-eu-west-1-platform-config')) as Json[];
    expect(objs.find((m) => m.kind === 'PeerAuthentication')).toMatchObject({ metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } });
    expect(objs.find((m) => m.kind === 'ServiceMonitor')).toMatchObject({ metadata: { namespace: 'gpu-operator' } });
  });
});

describe('namespaces, quotas and priorities', () => {
  const quota = (env: string, ns: string) => (manifests(synth.stack(`${env}-eu-west-1-platform`)) as Json[]).find((m) => m.kind === 'ResourceQuota' && m.metadata.namespace === ns)!.spec.hard;
  test('seed 000 quotas at scale 1 and scaled in dev', () => {
    expect(quota('production', 'ml-serving')).toEqual({ 'requests.nvidia.com/gpu': '40', 'requests.cpu': '2000', 'requests.memory': '8192Gi' });
    expect(quota('production', 'ml-training')).toEqual({ 'requests.nvidia.com/gpu': '20', 'requests.cpu': '1000', 'requests.memory': '4096Gi' });
    expect(quota('dev', 'ml-serving')).toEqual({ 'requests.nvidia.com/gpu': '4', 'requests.cpu': '200', 'requests.memory': '820Gi' });
  });

  test('every namespace has a LimitRange and an istio-injection label; workload namespaces are injected', () => {
    const objs = manifests(synth.stack('production-eu-west-1-platform')) as Json[];
    const namespaces = objs.filter((m) => m.kind === 'Namespace');
    const names = namespaces.map((n) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['ml-training', 'ml-serving', 'content-processing', 'deepfake-detection', 'monitoring', 'user-services', 'bff']));
    for (const n of namespaces) {
      expect(objs.some((m) => m.kind === 'LimitRange' && m.metadata.namespace === n.metadata.name)).toBe(true);
      expect(['enabled', 'disabled']).toContain(n.metadata.labels['istio-injection']);
    }
    expect(namespaces.find((n) => n.metadata.name === 'ml-serving')!.metadata.labels['istio-injection']).toBe('enabled');
  });

  test('real-time serving has a higher priority than batch and training, which never preempt', () => {
    const pcs = Object.fromEntries((manifests(synth.stack('production-eu-west-1-platform')) as Json[]).filter((m) => m.kind === 'PriorityClass').map((p) => [p.metadata.name, p]));
    expect(pcs['realtime-serving'].value).toBeGreaterThan(pcs['online-services'].value);
    expect(pcs['online-services'].value).toBeGreaterThan(pcs.batch.value);
    expect(pcs.batch.preemptionPolicy).toBe('Never');
    expect(pcs.training.value).toBeLessThan(pcs.batch.value);
  });
});

describe('Kubernetes objects are valid against their upstream schemas', () => {
  test('every emitted object of every stack validates', () => {
    const all = synth.stacks.flatMap((s) => manifests(synth.stack(s)).map((m) => ({ stack: s, m })));
    expect(all.length).toBeGreaterThan(50);
    const results = validateObjects(all.map((x) => x.m));
    const failures = all.map((x, i) => ({ stack: x.stack, kind: x.m.kind, name: x.m.metadata?.name, problems: results[i] })).filter((f) => f.problems.length > 0);
    expect(failures).toEqual([]);
  }, 120_000);

  test('a typo in a field name fails validation, for built-in and custom kinds', () => {
    const objs = manifests(synth.stack('production-eu-west-1-platform-config')) as Json[];
    const pool = JSON.parse(JSON.stringify(objs.find((m) => m.kind === 'NodePool'))) as Json;
    pool.spec.disruption.consolidationPolicyy = pool.spec.disruption.consolidationPolicy;
    delete pool.spec.disruption.consolidationPolicy;
    const quotaObj = JSON.parse(JSON.stringify((manifests(synth.stack('production-eu-west-1-platform')) as Json[]).find((m) => m.kind === 'ResourceQuota'))) as Json;
    quotaObj.spec.hardd = quotaObj.spec.hard;
    delete quotaObj.spec.hard;
    const peer = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mod: 'STRICT' } } };
    const wrongValue = { ...pool, spec: { ...pool.spec, disruption: { consolidationPolicy: 'Sometimes', consolidateAfter: '5m' } } } as unknown as K8sObject;
    const [p, q, a, w] = validateObjects([pool as K8sObject, quotaObj as K8sObject, peer, wrongValue]);
    expect(p.join('\n')).toMatch(/consolidationPolicyy/);
    expect(q.join('\n')).toMatch(/hardd/);
    expect(a.join('\n')).toMatch(/'mod'/);
    expect(w.join('\n')).toMatch(/allowed values|must be equal to one of/);
  }, 120_000);
});

describe('autoscaling add-ons for the services (issue 13)', () => {
  test('prometheus-adapter serves exactly the metric the HPAs name, from the cluster Prometheus', () => {
    const v = valuesOf(release(synth.stack('production-eu-west-1-platform'), 'prometheus-adapter'));
    expect(v.prometheus).toEqual({ url: 'http://kube-prometheus-stack-prometheus.monitoring.svc', port: 9090 });
    expect(v.rules.default).toBe(false);
    expect(v.rules.custom).toHaveLength(1);
    const rule = v.rules.custom[0];
    expect(rule.name.as).toBe(P99_LATENCY_METRIC);
    expect(rule.seriesQuery).toMatch(/^istio_request_duration_milliseconds_bucket\{reporter="destination"/);
    expect(rule.metricsQuery).toMatch(/^histogram_quantile\(0\.99, sum\(rate\(<<\.Series>>\{<<\.LabelMatchers>>,reporter="destination"\}\[1m\]\)\) by \(le, <<\.GroupBy>>\)\)$/);
    expect(Object.keys(rule.resources.overrides).sort()).toEqual(['namespace', 'pod']);
    expect(release(synth.stack('production-eu-west-1-platform'), 'prometheus-adapter').depends_on.join(' ')).toMatch(/kube-prometheus-stack/);
  });

  test('the VPA runs its three components on the system group; its requests count in the capacity check', () => {
    const v = valuesOf(release(synth.stack('production-eu-west-1-platform'), 'vpa'));
    for (const c of ['recommender', 'updater', 'admissionController']) {
      expect(v[c].nodeSelector).toEqual({ 'ott.platform/node-group': 'system' });
      expect(v[c].resources.requests.cpu).toMatch(/^\d+m$/);
    }
    expect(v.admissionController.replicaCount).toBe(2);
  });

  test('the gateway NLB terminates TLS with an ACM certificate for the configured API hostname; no plain-text listener', () => {
    const stack = synth.stack('production-eu-west-1-platform');
    const v = valuesOf(release(stack, 'istio-gateway'));
    const a = v.service.annotations;
    expect(a['service.beta.kubernetes.io/aws-load-balancer-ssl-cert']).toMatch(/aws_acm_certificate_validation\./);
    expect(a['service.beta.kubernetes.io/aws-load-balancer-ssl-ports']).toBe('https');
    expect(a['service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy']).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(a['service.beta.kubernetes.io/aws-load-balancer-name']).toBe('production-eu-west-1-api');
    expect(v.service.ports).toEqual([
      { name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 },
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 80 },
    ]);
    const certs = Object.values(resourcesOf(stack, 'aws_acm_certificate'));
    expect(certs.map((c) => c.domain_name)).toEqual(['api.ott-platform.example']);
    expect(certs[0].validation_method).toBe('DNS');
    // The GPU region has no ingress configured: chart defaults, no certificate.
    const other = synth.stack('production-us-east-1-platform');
    expect(valuesOf(release(other, 'istio-gateway')).service.ports).toBeUndefined();
    expect(Object.keys(resourcesOf(other, 'aws_acm_certificate'))).toEqual([]);
  });

  test('Prometheus scrapes the application namespaces\' sidecars (the latency histogram), from platform-config', () => {
    const pm = manifests(synth.stack('production-eu-west-1-platform-config')).find((m) => m.kind === 'PodMonitor') as unknown as Json;
    expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '15s' }]);
    expect(pm.spec.namespaceSelector.matchNames).toEqual(APPLICATION_NAMESPACES.map((n) => n.name));
    expect(manifests(synth.stack('production-eu-west-1-platform')).some((m) => m.kind === 'PodMonitor')).toBe(false);
  });
});

describe('values keys are checked against the charts\' own defaults', () => {
  const fixtureDir = path.join(__dirname, 'fixtures', 'chart-values');
  const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtureDir, `${name}.json`), 'utf8')) as ChartValuesKeys;

  test('every key every release sets exists in its chart at the pinned version', () => {
    for (const stackName of synth.stacks.filter((s) => s.endsWith('-platform'))) {
      for (const r of releases(synth.stack(stackName))) {
        const chart = Object.values(ADDON_CHARTS).find((c) => c.chart === r.chart)!;
        const f = fixture(chart.fixture);
        expect({ chart: f.chart, version: f.version }).toEqual({ chart: r.chart, version: r.version });
        expect({ release: r.name, unknown: unknownValuesKeys(valuesOf(r), f) }).toEqual({ release: r.name, unknown: [] });
      }
    }
  });

  test('a key the chart does not have is reported', () => {
    const f = fixture('gpu-operator');
    expect(unknownValuesKeys({ driver: { enabled: false, enabeld: true }, devicePlugin: { config: { data: { anything: 'x' } } } }, f)).toEqual(['driver.enabeld']);
    expect(unknownValuesKeys({ operator: { nodeSelector: { 'ott.platform/node-group': 'system' } } }, f)).toEqual([]);
  });

  test('each fixture names where its keys came from', () => {
    for (const c of Object.values(ADDON_CHARTS)) {
      const f = fixture(c.fixture);
      expect(f.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(f.source).toMatch(/^[\w-]+\/[\w.-]+$/);
      expect(f.path).toMatch(/values\.yaml$/);
      expect(Array.isArray(f.keys)).toBe(true);
    }
  });
});

describe('identities are least privilege', () => {
  const policies = (stack: TerraformJson) => Object.values(resourcesOf(stack, 'aws_iam_role_policy')).map((p) => ({ role: p.role as string, doc: JSON.parse(p.policy as string) as { Statement: Json[] } }));
  test('data actions name the add-on\'s own resources, never *', () => {
    const stack = synth.stack('production-eu-west-1-platform');
    for (const { doc } of policies(stack)) {
      for (const s of doc.Statement) {
        const actions = [s.Action].flat() as string[];
        const resources = [s.Resource].flat() as string[];
        if (actions.some((a) => /^(s3:(Get|Put|Delete)Object|s3:ListBucket|sqs:ReceiveMessage|kms:(Decrypt|GenerateDataKey)|aps:(RemoteWrite|QueryMetrics))$/.test(a))) {
          expect({ actions, resources: resources.filter((r) => r === '*' || r.endsWith(':*')) }).toEqual({ actions, resources: [] });
        }
      }
    }
  });

  test('each add-on role trusts only EKS Pod Identity of this cluster', () => {
    const stack = synth.stack('production-eu-west-1-platform');
    const roles = Object.values(resourcesOf(stack, 'aws_iam_role')).filter((r) => !String(r.name).endsWith('-karpenter-node'));
    expect(roles.map((r) => r.name).sort()).toEqual([
      'production-eu-west-1-aws-lb-controller', 'production-eu-west-1-grafana', 'production-eu-west-1-karpenter',
      'production-eu-west-1-loki', 'production-eu-west-1-prometheus', 'production-eu-west-1-tempo',
    ]);
    for (const r of roles) {
      const trust = JSON.parse(r.assume_role_policy as string).Statement[0];
      expect(trust.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
      expect(trust.Condition.ArnEquals['aws:SourceArn']).toMatch(/data\.aws_eks_cluster/);
    }
    const assoc = Object.values(resourcesOf(stack, 'aws_eks_pod_identity_association')).map((a) => `${a.namespace}/${a.service_account}`).sort();
    expect(assoc).toEqual(['kube-system/aws-load-balancer-controller', 'kube-system/karpenter', 'monitoring/kube-prometheus-stack-grafana', 'monitoring/loki', 'monitoring/prometheus', 'monitoring/tempo']);
  });

  test('Loki and Tempo buckets use the secure defaults (KMS, TLS-only, versioned, access-logged)', () => {
    const stack = synth.stack('production-eu-west-1-platform');
    expect(Object.keys(resourcesOf(stack, 'aws_s3_bucket')).sort()).toEqual([
      expect.stringMatching(/^observability_access-logs_bucket_/), expect.stringMatching(/^observability_logs_bucket_/), expect.stringMatching(/^observability_traces_bucket_/),
    ]);
    const sse = Object.values(resourcesOf(stack, 'aws_s3_bucket_server_side_encryption_configuration'));
    // Loki and Tempo on KMS; their access-log bucket on SSE-S3, the only encryption S3 log delivery accepts.
    expect(sse.map((r) => r.rule[0].apply_server_side_encryption_by_default.sse_algorithm).sort()).toEqual(['AES256', 'aws:kms', 'aws:kms']);
    expect(Object.values(resourcesOf(stack, 'aws_s3_bucket_logging')).map((r) => r.target_bucket)).toHaveLength(2);
    expect(Object.values(resourcesOf(stack, 'aws_s3_bucket_versioning'))).toHaveLength(3);
    expect(Object.values(resourcesOf(stack, 'aws_prometheus_workspace'))[0].kms_key_arn).toMatch(/aws_kms_key/);
    expect(Object.values(resourcesOf(stack, 'aws_prometheus_workspace_configuration'))[0].retention_period_in_days).toBe(365);
  });
});

describe('capacity of the system node group', () => {
  test('the node summary shows the add-ons\' requests against the system group', () => {
    const rows = addonCapacityOf(readSynth(synth.outdir));
    const prod = rows.find((r) => r.environment === 'production' && r.region === 'eu-west-1')!;
    expect(prod).toMatchObject({ nodeGroup: 'system', instanceType: 'm6i.xlarge', nodes: 3 });
    expect(prod.requested.cpuMillis).toBeLessThanOrEqual(prod.allocatable.cpuMillis);
    expect(formatAddonCapacity(rows)).toMatch(/production eu-west-1 system \(3 x m6i\.xlarge\): CPU \d+m of \d+m/);
  });

  test('add-ons that do not fit the system group fail the synth with the file and key path', () => {
    const tooSmall = loadEdited('production', (raw) => {
      raw.regions['us-east-1'].cluster.nodeGroups[0] = { ...raw.regions['us-east-1'].cluster.nodeGroups[0], count: 1, min: 1 };
    });
    expect(errorOf(() => synthEnvironments([tooSmall]))).toMatch(/environments\/production\.yaml.*regions\.us-east-1\.cluster\.nodeGroups \(system\): the add-ons request \d+m CPU/);
  }, 120_000);
});
