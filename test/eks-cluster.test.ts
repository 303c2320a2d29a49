import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { EKS_CONTROL_PLANE_LOG_TYPES } from '../constructs/cluster/eks-cluster';
import { addressOf, addSystemGroup, clusterTestStack, errorOf, Json, resourceNamed, resourcesOf, synthJson } from './cluster-helpers';

function synthCluster(props: Parameters<typeof clusterTestStack>[0] = {}): Json {
  const { stack, cluster } = clusterTestStack(props);
  addSystemGroup(stack, cluster);
  return synthJson(stack);
}

describe('EksCluster: control plane', () => {
  const json = synthCluster();
  const cluster = resourceNamed(json, 'aws_eks_cluster', 'eks_cluster');

  test('the API endpoint is private only by default', () => {
    expect(cluster.vpc_config).toEqual({ endpoint_private_access: true, endpoint_public_access: false, subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'] });
  });

  test('the newest allowed Kubernetes version is the default', () => {
    expect(cluster.version).toBe('1.36');
  });

  test('secrets are envelope-encrypted with a customer-managed key that rotates', () => {
    expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: `\${${addressOf(json, 'aws_kms_key', 'secrets-key')}.arn}` } });
    for (const key of Object.values(resourcesOf(json, 'aws_kms_key'))) expect(key.enable_key_rotation).toBe(true);
    const policy = JSON.parse(resourceNamed(json, 'aws_iam_role_policy', 'cluster-role-secrets-key').policy);
    expect(policy.Statement[0].Action).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey']));
  });

  test('all five control-plane log types go to a pre-created encrypted log group with retention', () => {
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(EKS_CONTROL_PLANE_LOG_TYPES).toHaveLength(5);
    const group = resourceNamed(json, 'aws_cloudwatch_log_group', 'control-plane-logs');
    expect(group).toMatchObject({ name: '/aws/eks/test-eu-west-1/cluster', retention_in_days: 365 });
    expect(group.kms_key_id).toBe(`\${${addressOf(json, 'aws_kms_key', 'logs-key')}.arn}`);
    expect(cluster.depends_on).toContain(addressOf(json, 'aws_cloudwatch_log_group', 'control-plane-logs'));
  });

  test('authentication mode API without implicit admin for the creator; no self-managed add-ons', () => {
    expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(cluster.bootstrap_self_managed_addons).toBe(false);
    expect(cluster.deletion_protection).toBe(true);
  });

  test('an IAM OIDC provider for IRSA trusts the cluster issuer for sts.amazonaws.com', () => {
    const oidc = resourceNamed(json, 'aws_iam_openid_connect_provider', 'oidc-provider');
    expect(oidc.url).toBe(`\${${addressOf(json, 'aws_eks_cluster', 'eks_cluster')}.identity[0].oidc[0].issuer}`);
    expect(oidc.client_id_list).toEqual(['sts.amazonaws.com']);
  });

  test('the cluster role carries AmazonEKSClusterPolicy; nodes get worker and ECR policies but not the CNI policy', () => {
    const arns = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).map((a) => String(a.policy_arn).split('/').pop());
    expect(arns).toEqual(expect.arrayContaining(['AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy', 'AmazonEBSCSIDriverPolicy']));
    const cni = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).filter((a) => String(a.policy_arn).endsWith('AmazonEKS_CNI_Policy'));
    expect(cni).toHaveLength(1);
    expect(cni[0].role).toBe(`\${${addressOf(json, 'aws_iam_role', 'vpc-cni-role')}.name}`);
  });

  test('the node volume key lets the Auto Scaling service-linked role use it', () => {
    const policy = JSON.parse(resourceNamed(json, 'aws_kms_key', 'node-volume-key').policy);
    const sids = policy.Statement.map((s: Json) => s.Sid);
    expect(sids).toEqual(expect.arrayContaining(['AutoScalingUseForNodeVolumes', 'AutoScalingGrantForNodeVolumes']));
    expect(JSON.stringify(policy)).toMatch(/AWSServiceRoleForAutoScaling/);
  });
});

describe('EksCluster: public endpoint', () => {
  test('listing CIDRs opens the public endpoint to those CIDRs only', () => {
    const json = synthCluster({ endpointPublicAccessCidrs: ['203.0.113.0/24'] });
    expect(resourceNamed(json, 'aws_eks_cluster', 'eks_cluster').vpc_config).toMatchObject({
      endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'],
    });
  });

  test('0.0.0.0/0 and malformed CIDRs are refused', () => {
    expect(errorOf(() => clusterTestStack({ endpointPublicAccessCidrs: ['0.0.0.0/0'] }))).toMatch(/would open the Kubernetes API to the whole internet/);
    expect(errorOf(() => clusterTestStack({ endpointPublicAccessCidrs: ['203.0.113.1/24'] }))).toMatch(/not an IPv4 CIDR/);
  });
});

describe('EksCluster: validation', () => {
  test("the seeds' Kubernetes 1.30 is refused with the reason", () => {
    const message = errorOf(() => clusterTestStack({ kubernetesVersion: '1.30' }));
    expect(message).toMatch(/^test\/eks: kubernetesVersion: Kubernetes 1.30 is out of support on EKS/);
    expect(message).toMatch(/allowed: 1.35, 1.36/);
  });

  test('1.35 is accepted', () => {
    const { stack, cluster } = clusterTestStack({ kubernetesVersion: '1.35' });
    addSystemGroup(stack, cluster);
    expect(resourceNamed(synthJson(stack), 'aws_eks_cluster', 'eks_cluster').version).toBe('1.35');
  });

  test('fewer than two subnets, a bad log retention and an unknown add-on are refused', () => {
    expect(errorOf(() => clusterTestStack({ privateSubnetIds: ['subnet-a'] }))).toMatch(/at least two subnets/);
    expect(errorOf(() => clusterTestStack({ logRetentionDays: 10 }))).toMatch(/log retention 10 days is not accepted/);
    expect(errorOf(() => clusterTestStack({ addonVersions: { 'aws-efs-csi-driver': 'v2' } as never }))).toMatch(/'aws-efs-csi-driver' is not an add-on this construct installs/);
  });

  test('deletion protection can be switched off', () => {
    expect(resourceNamed(synthCluster({ deletionProtection: false }), 'aws_eks_cluster', 'eks_cluster').deletion_protection).toBe(false);
  });
});

describe('EksCluster: access entries', () => {
  test('admin roles by name and by ARN get an entry and the cluster-admin policy', () => {
    const json = synthCluster({ adminRoles: ['platform-admin', 'arn:aws:iam::123456789012:role/sso/BreakGlass'] });
    const entries = Object.values(resourcesOf(json, 'aws_eks_access_entry'));
    expect(entries.map((e) => e.principal_arn)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^arn:\$\{data\.aws_partition\..*\}:iam::\$\{data\.aws_caller_identity\..*\.account_id\}:role\/platform-admin$/),
      'arn:aws:iam::123456789012:role/sso/BreakGlass',
    ]));
    expect(entries.every((e) => e.type === 'STANDARD')).toBe(true);
    const assoc = Object.values(resourcesOf(json, 'aws_eks_access_policy_association'));
    expect(assoc).toHaveLength(2);
    for (const a of assoc) {
      expect(a.policy_arn).toMatch(/:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/);
      expect(a.access_scope).toEqual({ type: 'cluster' });
      expect(a.depends_on[0]).toMatch(/^aws_eks_access_entry\./);
    }
    expect(Object.keys(resourcesOf(json, 'aws_eks_access_entry')).some((k) => k.includes('admin-breakglass'))).toBe(true);
  });

  test('without admin roles there is no access entry (the creator is not admin either)', () => {
    expect(resourcesOf(synthCluster(), 'aws_eks_access_entry')).toEqual({});
  });

  test('a malformed admin role is refused', () => {
    expect(errorOf(() => clusterTestStack({ adminRoles: ['not a role!'] }))).toMatch(/adminRoles: 'not a role!' is neither an IAM role ARN nor a role name/);
  });

  test('grantAccess scopes a policy to namespaces', () => {
    const { stack, cluster } = clusterTestStack();
    addSystemGroup(stack, cluster);
    cluster.grantAccess('viewers', 'arn:aws:iam::123456789012:role/viewer', 'AmazonEKSViewPolicy', ['ml-serving']);
    const a = resourceNamed(synthJson(stack), 'aws_eks_access_policy_association', 'viewers');
    expect(a.access_scope).toEqual({ type: 'namespace', namespaces: ['ml-serving'] });
    expect(errorOf(() => cluster.grantAccess('bad', 'arn:aws:s3:::bucket', 'AmazonEKSViewPolicy'))).toMatch(/not an IAM role or user ARN/);
  });
});

describe('EksCluster: managed add-ons and their order relative to node groups', () => {
  const { stack, cluster } = clusterTestStack();
  addSystemGroup(stack, cluster);
  const json = synthJson(stack);
  const addon = (name: string) => resourceNamed(json, 'aws_eks_addon', `addon-${name}_`);
  const systemGroup = addressOf(json, 'aws_eks_node_group', 'node-group-system');

  test('the five managed add-ons exist with the OVERWRITE conflict policy and no pinned version', () => {
    const names = Object.values(resourcesOf(json, 'aws_eks_addon')).map((a) => a.addon_name).sort();
    expect(names).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    for (const a of Object.values(resourcesOf(json, 'aws_eks_addon'))) {
      expect(a).toMatchObject({ resolve_conflicts_on_create: 'OVERWRITE', resolve_conflicts_on_update: 'OVERWRITE' });
      expect(a.addon_version).toBeUndefined();
    }
  });

  test('every node group depends on vpc-cni and the pod identity agent', () => {
    const group = resourceNamed(json, 'aws_eks_node_group', 'node-group-system');
    expect(group.depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'aws_eks_addon', 'addon-vpc-cni'),
      addressOf(json, 'aws_eks_addon', 'addon-eks-pod-identity-agent'),
    ]));
  });

  test('vpc-cni, kube-proxy and the pod identity agent do not wait for nodes', () => {
    for (const name of ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent']) {
      expect(addon(name).depends_on ?? []).not.toContain(systemGroup);
    }
  });

  test('coredns and the EBS CSI driver come after the first node group', () => {
    expect(addon('coredns').depends_on).toContain(systemGroup);
    expect(addon('aws-ebs-csi-driver').depends_on).toContain(systemGroup);
  });

  test('vpc-cni and the EBS CSI driver use Pod Identity roles trusted by pods.eks.amazonaws.com', () => {
    expect(addon('vpc-cni').pod_identity_association).toEqual([{ service_account: 'aws-node', role_arn: `\${${addressOf(json, 'aws_iam_role', 'vpc-cni-role')}.arn}` }]);
    expect(addon('aws-ebs-csi-driver').pod_identity_association).toEqual([{ service_account: 'ebs-csi-controller-sa', role_arn: `\${${addressOf(json, 'aws_iam_role', 'ebs-csi-role')}.arn}` }]);
    const trust = JSON.parse(resourceNamed(json, 'aws_iam_role', 'ebs-csi-role').assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    expect(trust.Statement[0].Condition.ArnEquals['aws:SourceArn']).toMatch(/aws_eks_cluster\./);
  });

  test('pinned add-on versions are passed through', () => {
    const pinned = clusterTestStack({ addonVersions: { coredns: 'v1.12.1-eksbuild.1' } });
    addSystemGroup(pinned.stack, pinned.cluster);
    expect(resourceNamed(synthJson(pinned.stack), 'aws_eks_addon', 'addon-coredns_').addon_version).toBe('v1.12.1-eksbuild.1');
  });

  test('addNodeAddons is required once and only once', () => {
    const fresh = clusterTestStack();
    expect(fresh.cluster.node.validate().join('\n')).toMatch(/coredns and aws-ebs-csi-driver are not installed; call addNodeAddons/);
    addSystemGroup(fresh.stack, fresh.cluster);
    expect(fresh.cluster.node.validate()).toEqual([]);
    expect(errorOf(() => fresh.cluster.addNodeAddons({ nodeGroup: fresh.cluster.addons.coredns! }))).toMatch(/already called/);
  });
});

describe('EksCluster: workload identities', () => {
  test('addPodIdentity creates a pod identity association after the agent', () => {
    const { stack, cluster } = clusterTestStack();
    addSystemGroup(stack, cluster);
    const role = new IamRole(stack, 'recommender-role', { name: 'recommender', assumeRolePolicy: cluster.podIdentityTrustPolicy() });
    cluster.addPodIdentity('ml-serving', 'recommender', role.arn);
    const json = synthJson(stack);
    const assoc = resourceNamed(json, 'aws_eks_pod_identity_association', 'pod-identity-ml-serving-recommender');
    expect(assoc).toMatchObject({ namespace: 'ml-serving', service_account: 'recommender', role_arn: `\${${addressOf(json, 'aws_iam_role', 'recommender-role')}.arn}` });
    expect(assoc.depends_on).toEqual([addressOf(json, 'aws_eks_addon', 'addon-eks-pod-identity-agent')]);
  });

  test('addPodIdentity can place the association under another scope with its own id', () => {
    const { stack, cluster } = clusterTestStack();
    addSystemGroup(stack, cluster);
    const identities = new Construct(stack, 'workload-identities');
    cluster.addPodIdentity('ml-serving', 'ranker', 'arn:aws:iam::123456789012:role/ranker', { scope: identities, id: 'ranker' });
    expect(Object.keys(resourcesOf(synthJson(stack), 'aws_eks_pod_identity_association'))).toEqual([expect.stringMatching(/^workload-identities_ranker_/)]);
  });

  test('addPodIdentity refuses names Kubernetes would refuse', () => {
    const { cluster } = clusterTestStack();
    expect(errorOf(() => cluster.addPodIdentity('ML_Serving', 'sa', 'arn:aws:iam::123456789012:role/x'))).toMatch(/namespace 'ML_Serving' is not a Kubernetes name/);
  });

  test('irsaTrustPolicy trusts the OIDC provider for one service account', () => {
    const { stack, cluster } = clusterTestStack();
    addSystemGroup(stack, cluster);
    new IamRole(stack, 'irsa-role', { name: 'irsa', assumeRolePolicy: cluster.irsaTrustPolicy('kube-system', 'cluster-autoscaler') });
    const json = synthJson(stack);
    const trust = resourceNamed(json, 'aws_iam_role', 'irsa-role').assume_role_policy as string;
    expect(trust).toContain('sts:AssumeRoleWithWebIdentity');
    expect(trust).toContain('system:serviceaccount:kube-system:cluster-autoscaler');
    expect(trust).toContain(`\${${addressOf(json, 'aws_iam_openid_connect_provider', 'oidc-provider')}.arn}`);
  });

  test('typed handles are exposed for other stacks', () => {
    const { cluster } = clusterTestStack();
    for (const handle of [cluster.clusterName, cluster.endpoint, cluster.certificateAuthorityData, cluster.oidcProviderArn, cluster.oidcIssuerUrl, cluster.clusterSecurityGroupId, cluster.nodeRoleArn]) {
      expect(typeof handle).toBe('string');
    }
    expect(cluster.nodeRoleArns).toEqual([cluster.nodeRoleArn]);
  });
});
