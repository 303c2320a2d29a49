import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { PlatformValidationError } from '../core/errors';

/** A data store that accepts TCP connections on one port through its own security group. */
export interface DataEndpoint {
  /** Short literal name, used in construct ids and rule descriptions (e.g. `kafka-realtime`). */
  readonly endpointName: string;
  readonly securityGroupId: string;
  readonly port: number;
}

export interface DataClientAccessProps {
  /** Name of the security group, e.g. `production-eu-west-1-data-clients`. */
  readonly name: string;
  /** VPC of the data stores and their clients. */
  readonly vpcId: string;
  /**
   * Security groups whose members may also reach every allowed store (ingress on the store's group), for
   * clients that exist before this group and cannot join it, such as the EKS cluster security group every
   * node of an earlier cluster stack carries. Their own egress stays their owner's.
   * @default [] (only the client group)
   */
  readonly admittedSecurityGroupIds?: readonly string[];
}

/**
 * The "data clients" security group of a region: it has no ingress, and egress only to the data stores
 * it is allowed into (one rule per store and port). Every store's security group admits only this group,
 * never a CIDR. The cluster layer attaches it to its nodes/pods (`clientSecurityGroupId`).
 *
 * Rules are standalone `aws_vpc_security_group_{ingress,egress}_rule` resources, so the two groups can
 * reference each other without a dependency cycle.
 *
 * @example
 * ```ts
 * import { availabilityZoneIds } from '@ott-platform/infra/core';
 * import { DataClientAccess, PostgresDatabase } from '@ott-platform/infra/data';
 * import { Network } from '@ott-platform/infra/network';
 *
 * const network = new Network(this, 'network', {
 *   name: 'inference-dev', cidr: '10.40.0.0/16', availabilityZoneIds: availabilityZoneIds('eu-west-1', 3), natGateways: 'single',
 * });
 * const clients = new DataClientAccess(this, 'data-clients', { name: 'inference-dev-data-clients', vpcId: network.vpcId });
 * const db = new PostgresDatabase(this, 'db', {
 *   identifier: 'inference-dev-models', databaseName: 'models', engineVersion: '16.14', instanceClass: 'db.t4g.medium',
 *   vpcId: network.vpcId, subnetIds: network.isolatedSubnetIds, allocatedStorageGb: 20,
 * });
 * clients.allow(db); // tcp 5432: ingress on the database's group, egress on the clients' group
 * // Attach clients.clientSecurityGroupId to the pods or instances that use the database.
 * ```
 */
export class DataClientAccess extends Construct {
  /** The clients' `aws_security_group` (no ingress; egress to the allowed stores only). */
  public readonly securityGroup: SecurityGroup;
  /** Attach this group to whatever must reach the data stores. */
  public readonly clientSecurityGroupId: string;
  private readonly allowed = new Set<string>();
  private readonly admitted: readonly string[];

  constructor(scope: Construct, id: string, props: DataClientAccessProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: props.name,
      description: 'Data clients: egress to the data stores only; attach to the nodes/pods that use them',
      vpcId: props.vpcId,
      tags: { Name: props.name },
      // No inline rules: Terraform removes AWS's default allow-all egress on create.
    });
    this.clientSecurityGroupId = this.securityGroup.id;
    this.admitted = props.admittedSecurityGroupIds ?? [];
  }

  /** Lets the client group reach `endpoint` on its port: ingress on the store's group, egress on the client group. */
  public allow(endpoint: DataEndpoint): void {
    if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
      throw new PlatformValidationError(this.node.path, `port ${endpoint.port} of ${endpoint.endpointName} is not a TCP port`);
    }
    if (this.allowed.has(endpoint.endpointName)) {
      throw new PlatformValidationError(this.node.path, `${endpoint.endpointName} is already allowed; endpoint names must be unique`);
    }
    this.allowed.add(endpoint.endpointName);
    const description = `data clients -> ${endpoint.endpointName} (tcp ${endpoint.port})`;
    new VpcSecurityGroupIngressRule(this, `ingress-${endpoint.endpointName}`, {
      securityGroupId: endpoint.securityGroupId,
      referencedSecurityGroupId: this.clientSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: endpoint.port,
      toPort: endpoint.port,
      description,
    });
    this.admitted.forEach((group, i) => new VpcSecurityGroupIngressRule(this, `ingress-${endpoint.endpointName}-admitted-${i}`, {
      securityGroupId: endpoint.securityGroupId,
      referencedSecurityGroupId: group,
      ipProtocol: 'tcp',
      fromPort: endpoint.port,
      toPort: endpoint.port,
      description: `admitted group ${i} -> ${endpoint.endpointName} (tcp ${endpoint.port})`,
    }));
    new VpcSecurityGroupEgressRule(this, `egress-${endpoint.endpointName}`, {
      securityGroupId: this.clientSecurityGroupId,
      referencedSecurityGroupId: endpoint.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: endpoint.port,
      toPort: endpoint.port,
      description,
    });
  }

  /** Names of the endpoints allowed so far. */
  public get allowedEndpoints(): readonly string[] {
    return [...this.allowed];
  }
}

/**
 * A store's own security group: no inline rules (ingress comes from {@link DataClientAccess.allow}, and
 * a managed store needs no egress).
 */
export function storeSecurityGroup(scope: Construct, id: string, name: string, vpcId: string, description: string): SecurityGroup {
  return new SecurityGroup(scope, id, { name, description, vpcId, tags: { Name: name } });
}
