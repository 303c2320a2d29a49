import { PolicyStatement } from '../core/iam';

/** What the AWS Load Balancer Controller policy names. */
export interface LoadBalancerControllerPolicyScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** VPC of the cluster: security-group changes are limited to it. */
  readonly vpcArn: string;
}

/**
 * The AWS Load Balancer Controller 3.x policy: the permission set of the project's
 * `docs/install/iam_policy.json` at v3.5.0 (including the 3.x additions
 * `elasticloadbalancing:DescribeListenerAttributes` and `ec2:GetSecurityGroupsForVpc`, versions.md
 * addendum), narrowed to this account and region and, for mutations, to resources tagged
 * `elbv2.k8s.aws/cluster` (the tag the controller puts on what it creates). Describe calls and
 * ACM/WAF/Shield lookups are authorized by AWS only on `*`.
 */
export function loadBalancerControllerStatements(s: LoadBalancerControllerPolicyScope): PolicyStatement[] {
  const elb = (type: string) => `arn:${s.partition}:elasticloadbalancing:${s.region}:${s.accountId}:${type}`;
  const sg = `arn:${s.partition}:ec2:${s.region}:${s.accountId}:security-group/*`;
  const inRegion = { StringEquals: { 'aws:RequestedRegion': s.region } };
  const managed = { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } };
  const lbAndTg = [elb('targetgroup/*/*'), elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*')];
  return [
    { Sid: 'ServiceLinkedRole', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: `arn:${s.partition}:iam::${s.accountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/*`, Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } } },
    {
      Sid: 'Describe', Effect: 'Allow', Resource: '*', Condition: inRegion,
      Action: [
        'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeInternetGateways', 'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags', 'ec2:GetCoipPoolUsage', 'ec2:DescribeCoipPools', 'ec2:GetSecurityGroupsForVpc', 'ec2:DescribeIpamPools', 'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates', 'elasticloadbalancing:DescribeSSLPolicies', 'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags', 'elasticloadbalancing:DescribeTrustStores', 'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
    },
    {
      Sid: 'CertificatesAndProtection', Effect: 'Allow', Resource: '*', Condition: inRegion,
      Action: [
        'cognito-idp:DescribeUserPoolClient', 'acm:ListCertificates', 'acm:DescribeCertificate', 'iam:ListServerCertificates', 'iam:GetServerCertificate',
        'wafv2:GetWebACL', 'wafv2:GetWebACLForResource', 'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL',
        'shield:GetSubscriptionState', 'shield:DescribeProtection', 'shield:CreateProtection', 'shield:DeleteProtection',
      ],
    },
    { Sid: 'CreateSecurityGroupInClusterVpc', Effect: 'Allow', Action: 'ec2:CreateSecurityGroup', Resource: [sg, s.vpcArn] },
    { Sid: 'TagNewSecurityGroup', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: sg, Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } } },
    { Sid: 'RetagManagedSecurityGroup', Effect: 'Allow', Action: ['ec2:CreateTags', 'ec2:DeleteTags'], Resource: sg, Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } } },
    // Node security groups are not tagged by the controller: ingress rules for targets need the VPC's groups.
    { Sid: 'SecurityGroupRulesInClusterVpc', Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], Resource: sg, Condition: { ArnEquals: { 'ec2:Vpc': s.vpcArn } } },
    { Sid: 'DeleteManagedSecurityGroup', Effect: 'Allow', Action: 'ec2:DeleteSecurityGroup', Resource: sg, Condition: managed },
    { Sid: 'CreateTaggedLoadBalancers', Effect: 'Allow', Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'], Resource: lbAndTg, Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } } },
    { Sid: 'ListenersAndRules', Effect: 'Allow', Action: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule'], Resource: [elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*'), elb('listener/net/*/*/*'), elb('listener/app/*/*/*'), elb('listener-rule/net/*/*/*'), elb('listener-rule/app/*/*/*')] },
    { Sid: 'RetagManagedLoadBalancers', Effect: 'Allow', Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], Resource: lbAndTg, Condition: { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } } },
    { Sid: 'TagListenersAndRules', Effect: 'Allow', Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], Resource: [elb('listener/net/*/*/*'), elb('listener/app/*/*/*'), elb('listener-rule/net/*/*/*'), elb('listener-rule/app/*/*/*')] },
    {
      Sid: 'ModifyManagedLoadBalancers', Effect: 'Allow', Resource: lbAndTg, Condition: managed,
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType', 'elasticloadbalancing:SetSecurityGroups', 'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes', 'elasticloadbalancing:ModifyCapacityReservation', 'elasticloadbalancing:ModifyIpPools',
      ],
    },
    { Sid: 'TagOnCreate', Effect: 'Allow', Action: 'elasticloadbalancing:AddTags', Resource: lbAndTg, Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] }, Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } } },
    { Sid: 'Targets', Effect: 'Allow', Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], Resource: elb('targetgroup/*/*') },
    {
      Sid: 'ListenerSettings', Effect: 'Allow', Resource: [elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*'), elb('listener/net/*/*/*'), elb('listener/app/*/*/*'), elb('listener-rule/net/*/*/*'), elb('listener-rule/app/*/*/*')],
      Action: ['elasticloadbalancing:SetWebAcl', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:AddListenerCertificates', 'elasticloadbalancing:RemoveListenerCertificates', 'elasticloadbalancing:ModifyRule', 'elasticloadbalancing:SetRulePriorities'],
    },
  ];
}
