import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/**
 * Security group of a managed compute service (MSK Connect workers, the Flink application, MWAA): no
 * ingress, egress only TCP 443 (AWS APIs through the VPC endpoints and NAT). It reaches Kafka through the
 * data layer's "data clients" group, attached next to it.
 */
export function httpsEgressGroup(scope: Construct, id: string, name: string, vpcId: string, description: string): SecurityGroup {
  const sg = new SecurityGroup(scope, id, { name, description, vpcId, tags: { Name: name } });
  new VpcSecurityGroupEgressRule(scope, `${id}-https-egress`, {
    securityGroupId: sg.id, cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 443, toPort: 443, description: 'HTTPS to AWS APIs (VPC endpoints, NAT)',
  });
  return sg;
}

/**
 * Lets the data layer's client group reach a store of this layer on `port`: ingress on the store's group
 * and egress on the client group (the same pair DataClientAccess.allow creates inside the data layer).
 */
export function admitDataClients(scope: Construct, id: string, clientSecurityGroupId: string, storeSecurityGroupId: string, port: number, what: string): void {
  const description = `data clients -> ${what} (tcp ${port})`;
  new VpcSecurityGroupIngressRule(scope, `${id}-ingress`, {
    securityGroupId: storeSecurityGroupId, referencedSecurityGroupId: clientSecurityGroupId, ipProtocol: 'tcp', fromPort: port, toPort: port, description,
  });
  new VpcSecurityGroupEgressRule(scope, `${id}-egress`, {
    securityGroupId: clientSecurityGroupId, referencedSecurityGroupId: storeSecurityGroupId, ipProtocol: 'tcp', fromPort: port, toPort: port, description,
  });
}
