import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { awsContext } from '../core/aws-context';
import { mustParseCidr, isPrivateCidr, parseCidr } from '../core/cidr';
import { PlatformValidationError } from '../core/errors';
import { policyJson, serviceTrustPolicy } from '../core/iam';
import { EncryptionKey, cloudWatchLogsKeyStatement } from '../core/kms';
import { EncryptedLogGroup, assertLogRetention } from '../core/logs';
import { planSubnets, SubnetPlan } from './subnet-plan';

/** How many NAT gateways the VPC gets. */
export type NatGatewayMode = 'perAz' | 'single';

/** Gateway endpoints AWS offers (free, route-table based). */
export type GatewayEndpointService = 's3' | 'dynamodb';

/** Interface endpoints created by default: what private EKS nodes need to pull images and log. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = ['ecr.api', 'ecr.dkr', 'sts', 'logs'];

/** What other layers and teams need from a VPC: {@link Network} provides it, or adopt one with {@link Network.fromNetworkAttributes}. */
export interface NetworkRef {
  readonly vpcId: string;
  /** Private subnets (NAT egress), one per AZ: EKS control-plane ENIs and nodes. */
  readonly privateSubnetIds: readonly string[];
  /** Isolated subnets (no route out of the VPC), one per AZ: data stores. */
  readonly isolatedSubnetIds: readonly string[];
  /** Public subnets (load balancers, NAT gateways). */
  readonly publicSubnetIds: readonly string[];
  /**
   * The VPC's IPv4 CIDR, known at synth time (peering checks that two VPCs do not overlap).
   * @default undefined for an adopted VPC whose attributes do not name it
   */
  readonly cidr?: string;
  /**
   * Route tables of the private subnets (a route to a peered VPC goes there).
   * @default undefined for an adopted VPC whose attributes do not name them
   */
  readonly privateRouteTableIds?: readonly string[];
  /**
   * Route tables of the isolated subnets (the return path of the data stores to a peered VPC).
   * @default undefined for an adopted VPC whose attributes do not name them
   */
  readonly isolatedRouteTableIds?: readonly string[];
}

/** Attributes of an existing VPC to adopt. */
export interface NetworkAttributes {
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
  /**
   * Isolated subnets for data stores.
   * @default [] (no isolated tier: data constructs need subnets passed explicitly)
   */
  readonly isolatedSubnetIds?: readonly string[];
  /**
   * Public subnets.
   * @default []
   */
  readonly publicSubnetIds?: readonly string[];
  /**
   * The VPC's IPv4 CIDR (a literal: RegionPeering checks it against the peer's).
   * @default undefined (the VPC cannot be peered with RegionPeering)
   */
  readonly cidr?: string;
  /**
   * Route tables of the private subnets.
   * @default undefined (RegionPeering cannot route the private tier to a peer)
   */
  readonly privateRouteTableIds?: readonly string[];
  /**
   * Route tables of the isolated subnets.
   * @default undefined (RegionPeering cannot route the isolated tier to a peer)
   */
  readonly isolatedRouteTableIds?: readonly string[];
}

/** An existing VPC adopted by its attributes (nothing is created). */
class ImportedNetwork extends Construct implements NetworkRef {
  public readonly vpcId: string;
  public readonly privateSubnetIds: readonly string[];
  public readonly isolatedSubnetIds: readonly string[];
  public readonly publicSubnetIds: readonly string[];
  public readonly cidr?: string;
  public readonly privateRouteTableIds?: readonly string[];
  public readonly isolatedRouteTableIds?: readonly string[];

  constructor(scope: Construct, id: string, attrs: NetworkAttributes) {
    super(scope, id);
    const where = this.node.path;
    if (!Token.isUnresolved(attrs.vpcId) && !/^vpc-[0-9a-f]{8,17}$/.test(attrs.vpcId)) {
      throw new PlatformValidationError(where, `vpcId '${attrs.vpcId}' is not a VPC id (vpc-0123456789abcdef0)`);
    }
    for (const [key, ids] of [['privateSubnetIds', attrs.privateSubnetIds], ['isolatedSubnetIds', attrs.isolatedSubnetIds ?? []], ['publicSubnetIds', attrs.publicSubnetIds ?? []]] as const) {
      const bad = ids.find((sid) => !Token.isUnresolved(sid) && !/^subnet-[0-9a-f]{8,17}$/.test(sid));
      if (bad !== undefined) throw new PlatformValidationError(where, `${key}: '${bad}' is not a subnet id (subnet-0123456789abcdef0)`);
    }
    for (const [key, ids] of [['privateRouteTableIds', attrs.privateRouteTableIds ?? []], ['isolatedRouteTableIds', attrs.isolatedRouteTableIds ?? []]] as const) {
      const bad = ids.find((rid) => !Token.isUnresolved(rid) && !/^rtb-[0-9a-f]{8,17}$/.test(rid));
      if (bad !== undefined) throw new PlatformValidationError(where, `${key}: '${bad}' is not a route table id (rtb-0123456789abcdef0)`);
    }
    if (attrs.cidr !== undefined) {
      const parsed = Token.isUnresolved(attrs.cidr) ? undefined : parseCidr(attrs.cidr);
      if (!parsed) throw new PlatformValidationError(where, `cidr '${attrs.cidr}' is not a literal IPv4 CIDR with its host bits zero (e.g. 10.20.0.0/16)`);
    }
    if (attrs.privateSubnetIds.length < 2) {
      throw new PlatformValidationError(where, `privateSubnetIds must name at least two subnets in different AZs, got ${attrs.privateSubnetIds.length}`);
    }
    this.vpcId = attrs.vpcId;
    this.privateSubnetIds = [...attrs.privateSubnetIds];
    this.isolatedSubnetIds = [...(attrs.isolatedSubnetIds ?? [])];
    this.publicSubnetIds = [...(attrs.publicSubnetIds ?? [])];
    if (attrs.cidr !== undefined) this.cidr = attrs.cidr;
    if (attrs.privateRouteTableIds !== undefined) this.privateRouteTableIds = [...attrs.privateRouteTableIds];
    if (attrs.isolatedRouteTableIds !== undefined) this.isolatedRouteTableIds = [...attrs.isolatedRouteTableIds];
  }
}

export interface NetworkProps {
  /** Name prefix for every resource, e.g. `production-eu-west-1`. */
  readonly name: string;
  /** IPv4 CIDR of the VPC, inside an RFC 1918 range, /16 to /23 (3 AZs). */
  readonly cidr: string;
  /** Availability Zone IDs (e.g. `euw1-az1`), one subnet of each tier per zone. */
  readonly availabilityZoneIds: readonly string[];
  /**
   * One NAT gateway per AZ (an AZ outage does not cut the others off) or a single shared one (cheaper,
   * for development).
   * @default 'perAz'
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * Days VPC flow logs are kept; one of the values CloudWatch Logs accepts.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * KMS key ARN that encrypts the flow-log group; its policy must admit CloudWatch Logs.
   * @default - a new customer-managed key with rotation
   */
  readonly logsKmsKeyArn?: string;
  /**
   * Interface endpoint services (the part after `com.amazonaws.<region>.`), reachable on 443 from the VPC.
   * @default DEFAULT_INTERFACE_ENDPOINTS (ecr.api, ecr.dkr, sts, logs)
   */
  readonly interfaceEndpoints?: readonly string[];
  /**
   * Gateway endpoints attached to the private and isolated route tables.
   * @default ['s3', 'dynamodb']
   */
  readonly gatewayEndpoints?: readonly GatewayEndpointService[];
  /**
   * EKS cluster names that will use the subnets: each adds `kubernetes.io/cluster/<name>=shared`.
   * @default []
   */
  readonly clusterNames?: readonly string[];
  /**
   * Extra tags on the private subnets (for example `karpenter.sh/discovery`).
   * @default {}
   */
  readonly privateSubnetTags?: Readonly<Record<string, string>>;
}

/**
 * A VPC over N Availability Zones with public, private and isolated subnets, NAT, an internet gateway,
 * gateway and interface VPC endpoints, encrypted flow logs, and the default security group emptied.
 *
 * Public subnets carry `kubernetes.io/role/elb=1` and private ones `kubernetes.io/role/internal-elb=1`
 * for the AWS Load Balancer Controller. Isolated subnets have no route out of the VPC: databases,
 * caches and brokers go there.
 *
 * @example
 * ```ts
 * import { availabilityZoneIds } from '@ott-platform/infra/core';
 * import { Network } from '@ott-platform/infra/network';
 *
 * const network = new Network(this, 'network', {
 *   name: 'inference-dev-eu-west-1',
 *   cidr: '10.40.0.0/16',
 *   availabilityZoneIds: availabilityZoneIds('eu-west-1', 3),
 *   natGateways: 'single', // development: one shared NAT gateway
 * });
 * // Workloads go into network.privateSubnetIds, databases and caches into network.isolatedSubnetIds.
 * ```
 */
export class Network extends Construct implements NetworkRef {
  /** Adopts an existing VPC and its subnets (aws-cdk-lib's `fromXAttributes` habit): validates the ids, creates nothing. */
  public static fromNetworkAttributes(scope: Construct, id: string, attrs: NetworkAttributes): NetworkRef {
    return new ImportedNetwork(scope, id, attrs);
  }

  /** VPC id. */
  public readonly vpcId: string;
  /** The VPC's IPv4 CIDR, as passed in. */
  public readonly cidr: string;
  /** The Availability Zone IDs, in the order the subnet lists follow. */
  public readonly availabilityZoneIds: readonly string[];
  /** The subnet CIDRs of each tier, computed at synth time. */
  public readonly subnetPlan: SubnetPlan;
  /** Public subnets (load balancers, NAT), one per AZ in `availabilityZoneIds` order. */
  public readonly publicSubnetIds: string[] = [];
  /** Private subnets with a NAT route (workloads, EKS nodes and pods), one per AZ. */
  public readonly privateSubnetIds: string[] = [];
  /** Isolated subnets without a route out of the VPC (databases, caches, brokers), one per AZ. */
  public readonly isolatedSubnetIds: string[] = [];
  /** Route tables of the private subnets, one per AZ. */
  public readonly privateRouteTableIds: string[] = [];
  /** The route table all isolated subnets share. */
  public readonly isolatedRouteTableId: string;
  /** The isolated tier's route tables as {@link NetworkRef} lists them: the one shared table. */
  public readonly isolatedRouteTableIds: readonly string[];
  /** NAT gateways: one per AZ, or one in total with `natGateways: 'single'`. */
  public readonly natGatewayIds: string[] = [];
  /** Security group of the interface endpoints (admits 443 from the VPC CIDR). */
  public readonly endpointSecurityGroupId: string;
  /** Name of the encrypted log group the VPC flow logs go to. */
  public readonly flowLogGroupName: string;
  /** The `aws_vpc` resource, for attributes this construct does not surface. */
  public readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const where = this.node.path;
    const parsed = mustParseCidrOrThrow(where, props.cidr);
    if (!isPrivateCidr(parsed)) {
      throw new PlatformValidationError(where, `cidr ${props.cidr} is not inside an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`);
    }
    if (props.availabilityZoneIds.length < 1 || new Set(props.availabilityZoneIds).size !== props.availabilityZoneIds.length) {
      throw new PlatformValidationError(where, `availabilityZoneIds must be a non-empty list of distinct AZ IDs, got [${props.availabilityZoneIds.join(', ')}]`);
    }
    const retention = props.flowLogRetentionDays ?? 365;
    assertLogRetention(where, retention);
    const natMode = props.natGateways ?? 'perAz';
    try {
      this.subnetPlan = planSubnets(props.cidr, props.availabilityZoneIds.length);
    } catch (e) {
      throw new PlatformValidationError(where, (e as Error).message);
    }
    const ctx = awsContext(this);
    this.cidr = props.cidr;
    this.availabilityZoneIds = [...props.availabilityZoneIds];

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    this.vpcId = this.vpc.id;

    // Terraform strips every rule from the default group when it adopts it: nothing can use it by accident.
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpcId, tags: { Name: `${props.name}-default-do-not-use` } });

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpcId, tags: { Name: props.name } });
    const publicRt = new RouteTable(this, 'public-rt', { vpcId: this.vpcId, tags: { Name: `${props.name}-public` } });
    new Route(this, 'public-default-route', { routeTableId: publicRt.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    const isolatedRt = new RouteTable(this, 'isolated-rt', { vpcId: this.vpcId, tags: { Name: `${props.name}-isolated` } });
    this.isolatedRouteTableId = isolatedRt.id;
    this.isolatedRouteTableIds = [isolatedRt.id];

    const clusterTags: Record<string, string> = {};
    for (const c of props.clusterNames ?? []) clusterTags[`kubernetes.io/cluster/${c}`] = 'shared';

    const natGateways: NatGateway[] = [];
    props.availabilityZoneIds.forEach((az, i) => {
      const pub = new Subnet(this, `public-${az}`, {
        vpcId: this.vpcId,
        cidrBlock: this.subnetPlan.public[i],
        availabilityZoneId: az,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${az}`, tier: 'public', 'kubernetes.io/role/elb': '1', ...clusterTags },
      });
      new RouteTableAssociation(this, `public-rta-${az}`, { subnetId: pub.id, routeTableId: publicRt.id });
      this.publicSubnetIds.push(pub.id);
      if (natMode === 'perAz' || i === 0) {
        const eip = new Eip(this, `nat-eip-${az}`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${az}` } });
        const nat = new NatGateway(this, `nat-${az}`, {
          allocationId: eip.allocationId,
          subnetId: pub.id,
          tags: { Name: `${props.name}-nat-${az}` },
          dependsOn: [igw],
        });
        natGateways.push(nat);
        this.natGatewayIds.push(nat.id);
      }
    });

    props.availabilityZoneIds.forEach((az, i) => {
      const priv = new Subnet(this, `private-${az}`, {
        vpcId: this.vpcId,
        cidrBlock: this.subnetPlan.private[i],
        availabilityZoneId: az,
        tags: {
          Name: `${props.name}-private-${az}`, tier: 'private', 'kubernetes.io/role/internal-elb': '1',
          ...clusterTags, ...(props.privateSubnetTags ?? {}),
        },
      });
      const rt = new RouteTable(this, `private-rt-${az}`, { vpcId: this.vpcId, tags: { Name: `${props.name}-private-${az}` } });
      const nat = natMode === 'perAz' ? natGateways[i] : natGateways[0];
      new Route(this, `private-default-route-${az}`, { routeTableId: rt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      new RouteTableAssociation(this, `private-rta-${az}`, { subnetId: priv.id, routeTableId: rt.id });
      this.privateSubnetIds.push(priv.id);
      this.privateRouteTableIds.push(rt.id);

      const iso = new Subnet(this, `isolated-${az}`, {
        vpcId: this.vpcId,
        cidrBlock: this.subnetPlan.isolated[i],
        availabilityZoneId: az,
        tags: { Name: `${props.name}-isolated-${az}`, tier: 'isolated' },
      });
      new RouteTableAssociation(this, `isolated-rta-${az}`, { subnetId: iso.id, routeTableId: isolatedRt.id });
      this.isolatedSubnetIds.push(iso.id);
    });

    for (const svc of props.gatewayEndpoints ?? ['s3', 'dynamodb']) {
      new VpcEndpoint(this, `gateway-endpoint-${svc}`, {
        vpcId: this.vpcId,
        serviceName: `com.amazonaws.${ctx.region}.${svc}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: [...this.privateRouteTableIds, isolatedRt.id],
        tags: { Name: `${props.name}-${svc}` },
      });
    }

    const endpointSg = new SecurityGroup(this, 'endpoint-sg', {
      name: `${props.name}-vpc-endpoints`,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      vpcId: this.vpcId,
      ingress: [{ description: 'HTTPS from the VPC', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [props.cidr] }],
      tags: { Name: `${props.name}-vpc-endpoints` },
    });
    this.endpointSecurityGroupId = endpointSg.id;
    for (const svc of props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS) {
      new VpcEndpoint(this, `interface-endpoint-${svc.replace(/\./g, '-')}`, {
        vpcId: this.vpcId,
        serviceName: `com.amazonaws.${ctx.region}.${svc}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...this.privateSubnetIds],
        securityGroupIds: [endpointSg.id],
        tags: { Name: `${props.name}-${svc}` },
      });
    }

    const logsKeyArn = props.logsKmsKeyArn ?? new EncryptionKey(this, 'logs-key', {
      purpose: `${props.name} VPC flow logs`,
      alias: `${props.name}-network-logs`,
      additionalStatements: [cloudWatchLogsKeyStatement(this)],
    }).keyArn;
    const logGroup = new EncryptedLogGroup(this, 'flow-logs', {
      name: `/aws/vpc/${props.name}/flow-logs`,
      retentionInDays: retention,
      kmsKeyArn: logsKeyArn,
    });
    this.flowLogGroupName = logGroup.name;
    const role = new IamRole(this, 'flow-logs-role', {
      name: `${props.name}-vpc-flow-logs`,
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', ctx.accountId),
    });
    new IamRolePolicy(this, 'flow-logs-policy', {
      name: 'write-flow-logs',
      role: role.id,
      policy: policyJson({
        Statement: [{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [logGroup.arn, `${logGroup.arn}:*`],
        }],
      }),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: props.name },
    });
  }
}

function mustParseCidrOrThrow(where: string, cidr: string) {
  try {
    return mustParseCidr(cidr);
  } catch (e) {
    throw new PlatformValidationError(where, (e as Error).message);
  }
}
