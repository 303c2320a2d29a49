import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { isPeerableBlock, parseCidr } from '../core/cidr';
import { PlatformValidationError } from '../core/errors';

/** A data store that accepts TCP connections on one port through its own security group. */
export interface DataEndpoint {
  /** Short literal name, used in construct ids and rule descriptions (e.g. `kafka-realtime`). */
  readonly endpointName: string;
  readonly securityGroupId: string;
  readonly port: number;
}

/**
 * A CIDR block admitted to the stores on their own ports: clients that can carry no security group the
 * stores could reference, such as the nodes of a VPC peered from another region ("You cannot reference the
 * security group of a peer VPC that's in a different Region", VPC Peering Guide, *VPC peering limitations*).
 */
export interface AdmittedCidrBlock {
  /** An RFC 1918 block, e.g. one private subnet of the peer VPC. */
  readonly cidr: string;
  /** Who sits there, for the rule description (name the peer region), e.g. `us-east-1 private (peered)`. */
  readonly label: string;
}

/** Where {@link DataClientAccess.admitCidrBlocks} creates its rules. */
export interface AdmitCidrBlocksOptions {
  /** The stores to open, each on its own port only. */
  readonly endpoints: readonly DataEndpoint[];
  readonly cidrBlocks: readonly AdmittedCidrBlock[];
  /**
   * Provider of the stores' region (the rules live with the stores' security groups).
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The admitted-CIDR rule: an RFC 1918 block no larger than a /16 (a VPC's largest), never the internet.
 * Returns the message, or undefined.
 */
export function admittedCidrProblem(cidr: string): string | undefined {
  const parsed = parseCidr(cidr);
  if (!parsed) return `'${cidr}' is not an IPv4 CIDR with its host bits zero (e.g. 10.31.0.0/19)`;
  if (!isPeerableBlock(parsed)) return `${cidr} is not an RFC 1918 block of /16 or smaller; admit the peer's subnets, never a wider range`;
  return undefined;
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
  /**
   * CIDR blocks whose hosts may also reach every allowed store, on the store's port only (one ingress rule
   * per store and block): clients in a peered VPC of another region, which no security group reference reaches.
   * @default [] (no CIDR is admitted)
   */
  readonly admittedCidrBlocks?: readonly AdmittedCidrBlock[];
}

/**
 * The "data clients" security group of a region: it has no ingress, and egress only to the data stores
 * it is allowed into (one rule per store and port). Every store's security group admits this group (and the
 * `admittedSecurityGroupIds`), and a CIDR block only where one is admitted explicitly: `admittedCidrBlocks`,
 * or {@link DataClientAccess.admitCidrBlocks} for a peered region's nodes. The cluster layer attaches it to its nodes/pods (`clientSecurityGroupId`).
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
  private readonly admittedCidrs: readonly AdmittedCidrBlock[];

  /**
   * Admits `cidrBlocks` to stores that belong to another stack or region (e.g. the primary region's
   * databases, from the stack that peers it with the secondary): one ingress rule per endpoint and block, on
   * the endpoint's port only, described with the block's label. Returns the rules' parent construct.
   */
  public static admitCidrBlocks(scope: Construct, id: string, options: AdmitCidrBlocksOptions): Construct {
    const holder = new Construct(scope, id);
    checkCidrBlocks(holder.node.path, options.cidrBlocks);
    const names = new Set<string>();
    for (const endpoint of options.endpoints) {
      checkPort(holder.node.path, endpoint);
      if (names.has(endpoint.endpointName)) {
        throw new PlatformValidationError(holder.node.path, `${endpoint.endpointName} is listed twice; endpoint names must be unique`);
      }
      names.add(endpoint.endpointName);
      cidrIngressRules(holder, endpoint, options.cidrBlocks, options.provider);
    }
    return holder;
  }

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
    this.admittedCidrs = props.admittedCidrBlocks ?? [];
    checkCidrBlocks(this.node.path, this.admittedCidrs, 'admittedCidrBlocks');
  }

  /** Lets the client group reach `endpoint` on its port: ingress on the store's group, egress on the client group. */
  public allow(endpoint: DataEndpoint): void {
    checkPort(this.node.path, endpoint);
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
    cidrIngressRules(this, endpoint, this.admittedCidrs);
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

function checkPort(where: string, endpoint: DataEndpoint): void {
  if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
    throw new PlatformValidationError(where, `port ${endpoint.port} of ${endpoint.endpointName} is not a TCP port`);
  }
}

/** Throws naming `where`, the prop (when given) and the block's label at the first block that breaks {@link admittedCidrProblem}. */
function checkCidrBlocks(where: string, blocks: readonly AdmittedCidrBlock[], prop?: string): void {
  for (const block of blocks) {
    const problem = admittedCidrProblem(block.cidr);
    if (problem) throw new PlatformValidationError(where, `${prop ? `${prop} (${block.label})` : block.label}: ${problem}`);
  }
}

/** One ingress rule on `endpoint`'s group per block (checked by checkCidrBlocks), on its port only (ids `ingress-<endpoint>-cidr-<i>`). */
function cidrIngressRules(scope: Construct, endpoint: DataEndpoint, blocks: readonly AdmittedCidrBlock[], provider?: TerraformProvider): void {
  blocks.forEach((block, i) => {
    new VpcSecurityGroupIngressRule(scope, `ingress-${endpoint.endpointName}-cidr-${i}`, {
      ...(provider ? { provider } : {}),
      securityGroupId: endpoint.securityGroupId,
      cidrIpv4: block.cidr,
      ipProtocol: 'tcp',
      fromPort: endpoint.port,
      toPort: endpoint.port,
      description: `${block.label} ${block.cidr} -> ${endpoint.endpointName} (tcp ${endpoint.port})`,
    });
  });
}

/**
 * A store's own security group: no inline rules (ingress comes from {@link DataClientAccess.allow}, and
 * a managed store needs no egress).
 */
export function storeSecurityGroup(scope: Construct, id: string, name: string, vpcId: string, description: string): SecurityGroup {
  return new SecurityGroup(scope, id, { name, description, vpcId, tags: { Name: name } });
}
