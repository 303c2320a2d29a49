import { Construct } from 'constructs';
import { TerraformProvider, Token } from 'cdktf';
import { VpcPeeringConnection } from '@cdktf/provider-aws/lib/vpc-peering-connection';
import { VpcPeeringConnectionAccepterA } from '@cdktf/provider-aws/lib/vpc-peering-connection-accepter';
import { VpcPeeringConnectionOptions } from '@cdktf/provider-aws/lib/vpc-peering-connection-options';
import { Route } from '@cdktf/provider-aws/lib/route';
import { parseCidr, vpcCidrOverlapProblem } from '../core/cidr';
import { PlatformValidationError } from '../core/errors';
import type { NetworkRef } from './network';

/** A subnet tier whose route tables can get a route to the peer VPC. */
export type PeeringRouteTier = 'private' | 'isolated';

/** One side of a {@link RegionPeering}. */
export interface RegionPeeringSide {
  /** The VPC. Its `cidr` is required, and the route tables of every tier in `routeFromTiers`. */
  readonly network: NetworkRef;
  /** The VPC's region, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The AWS provider of `region`: an inter-Region peering is requested from the requester's Region and
   * accepted from the accepter's (VPC Peering Guide, *Create a VPC peering connection*).
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tiers whose route tables get a route to the peer VPC's CIDR through the peering.
   * @default [] (no route on this side)
   */
  readonly routeFromTiers?: readonly PeeringRouteTier[];
  /**
   * The account of the VPC, when known at synth time: both sides must be the same account (the accepter
   * auto-accepts, which only the owner of both VPCs can do from Terraform).
   * @default - not checked (both providers of one environment are pinned to its account)
   */
  readonly accountId?: string;
}

export interface RegionPeeringProps {
  /** Name tag of the connection, e.g. `production-us-east-1-to-eu-west-1`. */
  readonly name: string;
  /** The VPC that requests the connection (`aws_vpc_peering_connection` is created with its provider). */
  readonly requester: RegionPeeringSide;
  /** The VPC that accepts it (`aws_vpc_peering_connection_accepter` with `auto_accept`, with its provider). */
  readonly accepter: RegionPeeringSide;
  /**
   * Resolve the peer VPC's private DNS host names to private addresses (set on both sides: for an
   * inter-Region peering each side's option is modified from its own Region, EC2 API
   * *ModifyVpcPeeringConnectionOptions*).
   * @default true
   */
  readonly allowRemoteVpcDnsResolution?: boolean;
}

/** What the peering rule reads of each side. */
export interface PeeringEndpoint {
  readonly region: string;
  readonly cidr: string;
  readonly accountId?: string;
}

/**
 * The rule of an inter-Region peering between two VPCs: different regions, the same account when both
 * are known, disjoint CIDRs (the shared `vpcCidrOverlapProblem`). Returns the message, or undefined.
 */
export function regionPeeringProblem(requester: PeeringEndpoint, accepter: PeeringEndpoint): string | undefined {
  if (requester.region === accepter.region) {
    return `requester and accepter are both in ${requester.region}; RegionPeering peers VPCs of two different regions`;
  }
  const known = (a?: string) => a !== undefined && !Token.isUnresolved(a);
  if (known(requester.accountId) && known(accepter.accountId) && requester.accountId !== accepter.accountId) {
    return `requester account ${requester.accountId} and accepter account ${accepter.accountId} differ; RegionPeering peers VPCs of one account (the accepter auto-accepts)`;
  }
  return vpcCidrOverlapProblem(requester.cidr, accepter.cidr, `the accepter VPC in ${accepter.region}`);
}

/**
 * Peers two VPCs of one account in two regions: the connection in the requester's region (`peer_region`,
 * `peer_vpc_id`), its acceptance in the accepter's (`auto_accept`), the DNS option on each side from its
 * own region, and routes to the peer VPC's CIDR from the route tables of the tiers each side names.
 * Routing opens nothing by itself: what may cross is decided by the security groups of the destination
 * (a security group cannot reference a group of a peer VPC in another region: admit CIDR blocks, e.g.
 * `DataClientAccess.admitCidrBlocks`).
 *
 * @example
 * ```ts
 * import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
 * import { availabilityZoneIds } from '@ott-platform/infra/core';
 * import { Network, RegionPeering } from '@ott-platform/infra/network';
 *
 * // This stack's default provider is us-east-1; the primary region gets an aliased provider.
 * const primaryProvider = new AwsProvider(this, 'aws-primary', { region: 'eu-west-1', alias: 'primary' });
 * const secondary = new Network(this, 'secondary', { name: 'inference-prod-us-east-1', cidr: '10.31.0.0/16', availabilityZoneIds: availabilityZoneIds('us-east-1', 3) });
 * const adoptedPrimary = Network.fromNetworkAttributes(this, 'primary', {
 *   vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
 *   cidr: '10.30.0.0/16', isolatedRouteTableIds: ['rtb-0123456789abcdef0'],
 * });
 * // The secondary's nodes (private tier) reach the primary's stores (isolated tier), which answer back.
 * const peering = new RegionPeering(this, 'peering', {
 *   name: 'inference-prod-us-east-1-to-eu-west-1',
 *   requester: { network: secondary, region: 'us-east-1', routeFromTiers: ['private'] },
 *   accepter: { network: adoptedPrimary, region: 'eu-west-1', provider: primaryProvider, routeFromTiers: ['isolated'] },
 * });
 * // Admit peering.requesterCidr's private subnets on the stores: DataClientAccess.admitCidrBlocks.
 * ```
 */
export class RegionPeering extends Construct {
  /** The connection (requester side). */
  public readonly connection: VpcPeeringConnection;
  /** Its acceptance (accepter side). */
  public readonly acceptance: VpcPeeringConnectionAccepterA;
  /** `pcx-...`, read from the acceptance: whatever uses it waits until the connection is active. */
  public readonly peeringConnectionId: string;
  /** CIDR of the requester's VPC. */
  public readonly requesterCidr: string;
  /** CIDR of the accepter's VPC. */
  public readonly accepterCidr: string;
  /** Every route to the peer created here, requester side first. */
  public readonly routes: readonly Route[];

  constructor(scope: Construct, id: string, props: RegionPeeringProps) {
    super(scope, id);
    const where = this.node.path;
    const requesterCidr = cidrOf(where, 'requester', props.requester);
    const accepterCidr = cidrOf(where, 'accepter', props.accepter);
    const problem = regionPeeringProblem(
      { region: props.requester.region, cidr: requesterCidr, ...(props.requester.accountId ? { accountId: props.requester.accountId } : {}) },
      { region: props.accepter.region, cidr: accepterCidr, ...(props.accepter.accountId ? { accountId: props.accepter.accountId } : {}) },
    );
    if (problem) throw new PlatformValidationError(where, problem);
    const requesterTables = routeTablesOf(where, 'requester', props.requester);
    const accepterTables = routeTablesOf(where, 'accepter', props.accepter);
    this.requesterCidr = requesterCidr;
    this.accepterCidr = accepterCidr;
    const on = (side: RegionPeeringSide) => (side.provider ? { provider: side.provider } : {});
    const tags = { Name: props.name };

    // Same account, two regions: no peer_owner_id (the caller's account) and no auto_accept here, which
    // an inter-Region request cannot use; the accepter side accepts.
    this.connection = new VpcPeeringConnection(this, 'connection', {
      ...on(props.requester), vpcId: props.requester.network.vpcId, peerVpcId: props.accepter.network.vpcId, peerRegion: props.accepter.region, tags,
    });
    this.acceptance = new VpcPeeringConnectionAccepterA(this, 'acceptance', {
      ...on(props.accepter), vpcPeeringConnectionId: this.connection.id, autoAccept: true, tags,
    });
    this.peeringConnectionId = this.acceptance.id;
    const dns = props.allowRemoteVpcDnsResolution ?? true;
    new VpcPeeringConnectionOptions(this, 'requester-options', {
      ...on(props.requester), vpcPeeringConnectionId: this.peeringConnectionId, requester: { allowRemoteVpcDnsResolution: dns },
    });
    new VpcPeeringConnectionOptions(this, 'accepter-options', {
      ...on(props.accepter), vpcPeeringConnectionId: this.peeringConnectionId, accepter: { allowRemoteVpcDnsResolution: dns },
    });

    const routes: Route[] = [];
    const route = (side: 'requester' | 'accepter', tables: readonly { tier: PeeringRouteTier; ids: readonly string[] }[], destination: string, provider: RegionPeeringSide) => {
      for (const { tier, ids } of tables) {
        ids.forEach((routeTableId, i) => routes.push(new Route(this, `${side}-${tier}-route-${i}`, {
          ...on(provider), routeTableId, destinationCidrBlock: destination, vpcPeeringConnectionId: this.peeringConnectionId,
        })));
      }
    };
    route('requester', requesterTables, accepterCidr, props.requester);
    route('accepter', accepterTables, requesterCidr, props.accepter);
    this.routes = routes;
  }
}

function cidrOf(where: string, side: string, s: RegionPeeringSide): string {
  const cidr = s.network.cidr;
  if (cidr === undefined || Token.isUnresolved(cidr) || !parseCidr(cidr)) {
    throw new PlatformValidationError(where, `${side}.network.cidr is ${cidr === undefined ? 'missing' : `'${cidr}'`}: peering needs the VPC's CIDR as a literal `
      + '(an adopted network: pass cidr to Network.fromNetworkAttributes)');
  }
  return cidr;
}

function routeTablesOf(where: string, side: string, s: RegionPeeringSide): { tier: PeeringRouteTier; ids: readonly string[] }[] {
  return [...new Set(s.routeFromTiers ?? [])].map((tier) => {
    const key = tier === 'private' ? 'privateRouteTableIds' : 'isolatedRouteTableIds';
    const ids = s.network[key];
    if (ids === undefined || ids.length === 0) {
      throw new PlatformValidationError(where, `${side}.network.${key} is ${ids === undefined ? 'missing' : 'empty'}: routing the ${tier} tier of ${s.region} to the peer needs its route tables `
        + `(an adopted network: pass ${key} to Network.fromNetworkAttributes, or drop '${tier}' from ${side}.routeFromTiers)`);
    }
    return { tier, ids };
  });
}
