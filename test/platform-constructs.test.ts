import { Testing } from 'cdktf';
import { ADDON_CHARTS } from '../catalog/addons';
import { AddonIdentity } from '../constructs/platform/addon-identity';
import { gpuOperatorValues, migInstancesPerGpu } from '../constructs/platform/gpu-operator';
import { chartRepositoryProblem, chartVersionProblem, HelmRelease } from '../constructs/platform/helm-release';
import { cpuNodePool, gpuNodePool, karpenterDurationProblem } from '../constructs/platform/node-pools';
import { PlatformNamespace, scaleQuota } from '../constructs/platform/namespaces';
import { ampRetentionProblem, logRetentionProblem } from '../constructs/platform/observability';
import { allocatable, capacityProblem } from '../constructs/platform/resources';
import { KubernetesManifest } from '../constructs/k8s/manifest';
import { envFromYaml, testStack } from './helpers';
import { errorOf, Json, rawEnvironment } from './cluster-helpers';
import YAML from 'yaml';

const cluster = { clusterName: 'test-eu-west-1', clusterArn: 'arn:aws:eks:eu-west-1:111122223333:cluster/test-eu-west-1' };

describe('HelmRelease', () => {
  test('renders an exact version, typed values as one document, atomic with cleanup, and depends_on by reference', () => {
    const stack = testStack();
    const crds = new HelmRelease(stack, 'crds', { chart: ADDON_CHARTS['karpenter-crd'], namespace: 'kube-system', values: {} });
    new HelmRelease(stack, 'karpenter', {
      chart: ADDON_CHARTS.karpenter, namespace: 'kube-system', skipCrds: true, dependsOn: [crds], timeoutSeconds: 900,
      values: { settings: { clusterName: 'c', interruptionQueue: 'q' } },
    });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const r = Object.values(json.resource.helm_release as Record<string, Json>).find((x) => x.name === 'karpenter')!;
    expect(r).toMatchObject({ chart: 'karpenter', version: '1.14.1', atomic: true, cleanup_on_fail: true, wait: true, timeout: 900, skip_crds: true, create_namespace: false });
    expect(JSON.parse(r.values[0])).toEqual({ settings: { clusterName: 'c', interruptionQueue: 'q' } });
    expect(r.depends_on).toEqual([expect.stringMatching(/^helm_release\.crds_release_/)]);
  });

  test('a release that must not wait is not atomic either (Helm atomic implies wait)', () => {
    const stack = testStack();
    new HelmRelease(stack, 'gpu', { chart: ADDON_CHARTS['gpu-operator'], namespace: 'gpu-operator', values: {}, wait: false });
    const r = Object.values((JSON.parse(Testing.synth(stack)) as Json).resource.helm_release as Record<string, Json>)[0];
    expect(r).toMatchObject({ wait: false, atomic: false });
  });

  test.each([
    [{ ...ADDON_CHARTS.tempo, version: '^2.2.0' }, /chart\.version: '\^2\.2\.0' is not an exact chart version/],
    [{ ...ADDON_CHARTS.tempo, version: 'latest' }, /chart\.version: 'latest' is not an exact/],
    [{ ...ADDON_CHARTS.tempo, repository: 'http://charts.example.com' }, /chart\.repository: .*\(plain http is refused\)/],
  ])('refuses a bad chart %#', (chart, message) => {
    expect(errorOf(() => new HelmRelease(testStack(), 'r', { chart, namespace: 'monitoring', values: {} }))).toMatch(message);
  });

  test('refuses a timeout outside 60-3600 s', () => {
    expect(errorOf(() => new HelmRelease(testStack(), 'r', { chart: ADDON_CHARTS.tempo, namespace: 'monitoring', values: {}, timeoutSeconds: 5 }))).toMatch(/timeoutSeconds must be a whole number from 60 to 3600, got 5/);
  });

  test('rule functions', () => {
    expect(chartVersionProblem('v26.7.0')).toBeUndefined();
    expect(chartRepositoryProblem('oci://public.ecr.aws/karpenter')).toBeUndefined();
  });
});

describe('AddonIdentity', () => {
  test('a Pod Identity role scoped to the cluster with one inline policy and its association', () => {
    const stack = testStack();
    new AddonIdentity(stack, 'loki', {
      cluster, namespace: 'monitoring', serviceAccount: 'loki', roleName: 'test-loki',
      statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const role = Object.values(json.resource.aws_iam_role as Record<string, Json>)[0];
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition.ArnEquals['aws:SourceArn']).toBe(cluster.clusterArn);
    const assoc = Object.values(json.resource.aws_eks_pod_identity_association as Record<string, Json>)[0];
    expect(assoc).toMatchObject({ cluster_name: 'test-eu-west-1', namespace: 'monitoring', service_account: 'loki' });
  });

  test('refuses a bad service account and an empty policy', () => {
    expect(errorOf(() => new AddonIdentity(testStack(), 'x', { cluster, namespace: 'monitoring', serviceAccount: 'Loki_SA', roleName: 'r', statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] })))
      .toMatch(/serviceAccount: 'Loki_SA' is not a Kubernetes name/);
    expect(errorOf(() => new AddonIdentity(testStack(), 'x', { cluster, namespace: 'monitoring', serviceAccount: 'loki', roleName: 'r', statements: [] })))
      .toMatch(/statements is empty/);
  });
});

describe('Kubernetes objects', () => {
  test('KubernetesManifest refuses names Kubernetes would refuse', () => {
    expect(errorOf(() => new KubernetesManifest(testStack(), 'ns', { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ML_Serving' } } })))
      .toMatch(/metadata\.name: 'ML_Serving' is not a Kubernetes name/);
  });

  test('quotas scale per environment and refuse negative values', () => {
    expect(scaleQuota({ gpus: 40, cpuCores: 2000, memoryGiB: 8192 }, 0.1)).toEqual({ gpus: 4, cpuCores: 200, memoryGiB: 820 });
    expect(scaleQuota({ gpus: 1, cpuCores: 3, memoryGiB: 1 }, 0.1)).toEqual({ gpus: 1, cpuCores: 1, memoryGiB: 1 });
    expect(errorOf(() => new PlatformNamespace(testStack(), 'n', { name: 'x', quota: { gpus: -1, cpuCores: 1, memoryGiB: 1 } }))).toMatch(/quota: gpus must be a whole number >= 0, got -1/);
  });

  test('NodePools refuse bad durations and GPU classes the region does not offer', () => {
    expect(karpenterDurationProblem('720h')).toBeUndefined();
    expect(karpenterDurationProblem('Never')).toBeUndefined();
    expect(karpenterDurationProblem('30 days')).toMatch(/not a duration/);
    expect(errorOf(() => cpuNodePool({ nodeClassName: 'default', capacityTypes: ['spot'], cpuLimit: 10, expireAfter: '1 month' }))).toMatch(/expireAfter: '1 month' is not a duration/);
    expect(errorOf(() => gpuNodePool({ nodeClassName: 'default', capacityTypes: ['on-demand'], model: 'L40S', region: 'eu-west-1', gpuLimit: 4 }))).toMatch(/eu-west-1 offers no EC2 family with L40S/);
    expect(errorOf(() => cpuNodePool({ nodeClassName: 'default', capacityTypes: [], cpuLimit: 10 }))).toMatch(/capacityTypes is empty/);
  });
});

describe('GPU operator values', () => {
  test('MIG profiles only on MIG-capable GPUs; instances per GPU from the profile', () => {
    expect(migInstancesPerGpu('1g.10gb')).toBe(7);
    expect(migInstancesPerGpu('3g.40gb')).toBe(2);
    expect(errorOf(() => gpuOperatorValues({ pools: [{ name: 'p', gpuModel: 'L4', migProfile: '1g.10gb' }], systemNodeSelector: {}, operatorRequests: { cpuMillis: 1, memoryMiB: 1 } })))
      .toMatch(/migProfile: L4 does not support MIG/);
  });
});

describe('capacity', () => {
  test('allocatable follows the EKS kubelet reservations', () => {
    expect(allocatable(4, 16)).toEqual({ cpuMillis: 3920, memoryMiB: 16384 - (255 + 11 * 58) - 100 });
  });

  test('capacityProblem names the group, the requests and what is offered', () => {
    const big = [{ component: 'x', replicas: 3, requests: { cpuMillis: 2000, memoryMiB: 1024 } }];
    expect(capacityProblem(big, { name: 'system', nodes: 1, vcpu: 4, memoryGiB: 16 })).toMatch(/request 6150m CPU .* on node group 'system', which offers 3920m/);
    expect(capacityProblem(big, { name: 'system', nodes: 3, vcpu: 4, memoryGiB: 16 })).toBeUndefined();
  });
});

describe('regions.<region>.platform schema', () => {
  const withPlatform = (platform: Json) => {
    const raw = rawEnvironment('dev');
    raw.regions['eu-west-1'].platform = platform;
    return () => envFromYaml('dev', YAML.stringify(raw));
  };
  test('defaults keep existing YAML working', () => {
    const env = envFromYaml('dev', YAML.stringify(rawEnvironment('dev')));
    expect(env.regions['eu-west-1'].platform).toEqual({
      karpenter: { enabled: true, capacityTypes: ['spot', 'on-demand'], expireAfter: '720h', consolidateAfter: '5m', cpuLimit: 1000 },
      observability: { metricsLocalRetentionDays: 15, metricsRetentionDays: 365, logRetentionDays: 30, logArchiveDays: 365, traceRetentionDays: 14, prometheusStorageGiB: 100 },
    });
  });
  test.each([
    [{ karpenter: { expireAfter: 'one month' } }, /regions\.eu-west-1\.platform\.karpenter\.expireAfter: 'one month' is not a duration/],
    [{ karpenter: { consolidateAfter: '' } }, /regions\.eu-west-1\.platform\.karpenter\.consolidateAfter: '' is not a duration/],
    [{ observability: { metricsRetentionDays: 2000 } }, /regions\.eu-west-1\.platform\.observability\.metricsRetentionDays: must be a whole number of days from 1 to 1095/],
    [{ observability: { logRetentionDays: 7 } }, /regions\.eu-west-1\.platform\.observability\.logRetentionDays: must be a whole number of days from 30/],
    [{ karpenter: { capacityTypes: ['reserved'] } }, /regions\.eu-west-1\.platform\.karpenter\.capacityTypes/],
    [{ grafana: {} }, /regions\.eu-west-1\.platform/],
  ])('refuses %j with file and key path', (platform, message) => {
    const msg = errorOf(withPlatform(platform));
    expect(msg).toMatch(/environments\/dev\.yaml/);
    expect(msg).toMatch(message);
  });
  test('the rule functions are the ones the schema uses', () => {
    expect(ampRetentionProblem(365)).toBeUndefined();
    expect(logRetentionProblem(30)).toBeUndefined();
  });
});
