/**
 * Rules for cross-region replication (issue 15, docs/replication.md): S3 CRR with Replication Time
 * Control and replica keys, read replicas with a lag alarm, Global Datastore members with their own key
 * and users, registry replication scoped to one environment; and the inter-region network of phase 4 (VPC
 * peering routes, CIDR admission of the peer's nodes). checkov has no equivalent of the replication rules (its
 * CKV_AWS_144 only asks that replication exists: `s3-cross-region-replication`); the peering routes rule is
 * CKV2_AWS_44 ("Ensure AWS route table with VPC peering does not contain routes overly permissive to all traffic").
 */
import { cidrContains, formatCidr, isPeerableBlock, parseCidr, type Ipv4Cidr } from '../../constructs/core/cidr';
import { asList, getPath, isExpression, referencedAddresses, resourcesOfType, TfResource, TfStack, TfSynth } from '../tfjson';
import { each, isReplica, show } from './helpers';
import { ingressRules, WORLD_CIDRS } from './security-groups';
import { PolicyRule } from './types';

const CROSS_STACK = /\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}/g;

/**
 * `<stack>::<address>` of every resource `value` refers to: local `${type.name...}` references of `stack`,
 * and cdktf cross-stack references (`terraform_remote_state` outputs) resolved to the output's
 * resource in the producing stack.
 */
export function referencedAcrossStacks(synth: TfSynth, stack: TfStack, value: unknown): string[] {
  const out = referencedAddresses(value).filter((a) => !a.startsWith('data.terraform_remote_state')).map((a) => `${stack.name}::${a}`);
  const text = JSON.stringify(value ?? '');
  for (const m of text.matchAll(CROSS_STACK)) {
    const producer = synth.stacks.find((s) => s.name === m[1]);
    const output = (producer?.json.output as Record<string, { value?: unknown }> | undefined)?.[m[2]];
    if (producer && output) for (const a of referencedAddresses(output.value)) out.push(`${producer.name}::${a}`);
  }
  return out;
}

/**
 * Buckets of the synth that take part in S3 replication, as `<stack>::<address>`: the sources of an
 * `aws_s3_bucket_replication_configuration` (its `bucket`) and their replicas (each rule's destination
 * bucket), wherever the configuration lives. Computed once per synth.
 */
const coverage = new WeakMap<TfSynth, { sources: Set<string>; replicas: Set<string> }>();
export function s3ReplicationCoverage(synth: TfSynth): { sources: Set<string>; replicas: Set<string> } {
  const cached = coverage.get(synth);
  if (cached) return cached;
  const sources = new Set<string>();
  const replicas = new Set<string>();
  for (const stack of synth.stacks) {
    for (const c of resourcesOfType(stack, 'aws_s3_bucket_replication_configuration')) {
      for (const a of referencedAcrossStacks(synth, stack, c.body.bucket)) sources.add(a);
      for (const rule of asList(c.body.rule)) for (const a of referencedAcrossStacks(synth, stack, getPath(rule, 'destination.bucket'))) replicas.add(a);
    }
  }
  const result = { sources, replicas };
  coverage.set(synth, result);
  return result;
}

/** Statuses of a replication rule's settings, for messages. */
function crrRuleProblems(rule: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const id = String(rule.id ?? '?');
  if (getPath(rule, 'destination.replication_time.0.status') !== 'Enabled' && getPath(rule, 'destination.replication_time.status') !== 'Enabled') problems.push(`rule ${id}: replication_time is not Enabled`);
  if (getPath(rule, 'destination.metrics.0.status') !== 'Enabled' && getPath(rule, 'destination.metrics.status') !== 'Enabled') problems.push(`rule ${id}: metrics are not Enabled`);
  const kms = getPath(rule, 'source_selection_criteria.sse_kms_encrypted_objects.status') ?? getPath(rule, 'source_selection_criteria.0.sse_kms_encrypted_objects.0.status');
  if (kms !== 'Enabled') problems.push(`rule ${id}: source_selection_criteria.sse_kms_encrypted_objects is ${show(kms)} (SSE-KMS objects are skipped)`);
  const key = getPath(rule, 'destination.encryption_configuration.replica_kms_key_id') ?? getPath(rule, 'destination.encryption_configuration.0.replica_kms_key_id');
  if (!key) problems.push(`rule ${id}: destination.encryption_configuration.replica_kms_key_id is not set`);
  return problems;
}

const lagAlarmed = (stack: TfStack, identifier: unknown) => resourcesOfType(stack, 'aws_cloudwatch_metric_alarm').some((a) =>
  a.body.metric_name === 'ReplicaLag' && a.body.namespace === 'AWS/RDS' && getPath(a.body, 'dimensions.DBInstanceIdentifier') === identifier);

/** Routes of the stack through a VPC peering connection: standalone `aws_route` and inline `aws_route_table` routes. */
function peeringRoutes(stack: TfStack): { resource: TfResource; destination: unknown; ipv6: unknown }[] {
  const out: { resource: TfResource; destination: unknown; ipv6: unknown }[] = [];
  for (const r of resourcesOfType(stack, 'aws_route')) {
    if (r.body.vpc_peering_connection_id !== undefined) out.push({ resource: r, destination: r.body.destination_cidr_block, ipv6: r.body.destination_ipv6_cidr_block });
  }
  for (const t of resourcesOfType(stack, 'aws_route_table')) {
    for (const route of asList(t.body.route)) {
      if (route.vpc_peering_connection_id !== undefined) out.push({ resource: t, destination: route.cidr_block, ipv6: route.ipv6_cidr_block });
    }
  }
  return out;
}

/** Why a peering route's destination is not least access, or undefined (a literal RFC 1918 block of /16 or smaller). */
function peeringRouteProblem(destination: unknown, ipv6: unknown): string | undefined {
  if (ipv6 !== undefined) return `routes ${show(ipv6)} (IPv6) through the peering; the platform peers IPv4 VPC blocks only`;
  if (typeof destination !== 'string' || isExpression(destination)) return `destination_cidr_block is ${show(destination)}: it must be a literal block known at synth time`;
  if (WORLD_CIDRS.includes(destination)) return `routes ${destination} through the peering (all traffic)`;
  const cidr = parseCidr(destination);
  if (!cidr || !isPeerableBlock(cidr)) return `routes ${destination} through the peering; only a peer VPC's RFC 1918 block (/16 or smaller) or a part of it`;
  return undefined;
}

/** The blocks the stack's peering routes lead to (the peered VPCs' CIDRs), parsed. */
function peeredBlocks(stack: TfStack): Ipv4Cidr[] {
  return peeringRoutes(stack).flatMap((r) => {
    const c = typeof r.destination === 'string' && !peeringRouteProblem(r.destination, r.ipv6) ? parseCidr(r.destination) : undefined;
    return c ? [c] : [];
  });
}

const hasPeering = (stack: TfStack) => resourcesOfType(stack, 'aws_vpc_peering_connection', 'aws_vpc_peering_connection_accepter').length > 0;

export const REPLICATION_RULES: readonly PolicyRule[] = [
  {
    id: 's3-replication-rtc-kms',
    severity: 'medium',
    checkov: [],
    title: 'S3 replication rules use Replication Time Control with metrics, replicate SSE-KMS objects and encrypt replicas with a customer-managed key',
    rationale: 'An RPO needs a bounded replication time (RTC: 15 minutes) that is measured, and SSE-KMS objects are skipped unless selected.',
    fix: 'Use BucketReplication (constructs/data/bucket-replication.ts): replication_time and metrics Enabled, sse_kms_encrypted_objects Enabled, replica_kms_key_id set.',
    resourceTypes: ['aws_s3_bucket_replication_configuration'],
    check: (stack) => each(stack, ['aws_s3_bucket_replication_configuration'], (c) => {
      const problems = asList(c.body.rule).flatMap(crrRuleProblems);
      return problems.length ? problems.join('; ') : undefined;
    }),
  },
  {
    id: 'rds-replica-lag-alarm',
    severity: 'medium',
    checkov: [],
    title: 'Every RDS read replica has a CloudWatch alarm on its ReplicaLag',
    rationale: 'Seed 003 §10 asks for read replicas under 1 s lag; an unwatched lag silently breaks the recovery point.',
    fix: 'Use PostgresReadReplica (it creates the ReplicaLag alarm with the threshold of data.postgres.replicaLagAlarmSeconds).',
    resourceTypes: ['aws_db_instance', 'aws_cloudwatch_metric_alarm'],
    check: (stack) => each(stack, ['aws_db_instance'], (r) => (!isReplica(r) || lagAlarmed(stack, r.body.identifier) ? undefined
      : `no aws_cloudwatch_metric_alarm on AWS/RDS ReplicaLag with DBInstanceIdentifier ${show(r.body.identifier)}`)),
  },
  {
    id: 'elasticache-global-member-secured',
    severity: 'high',
    checkov: [],
    title: 'Global Datastore secondaries encrypt with their own region\'s customer-managed key, in transit, and admit only users of a user group',
    rationale: 'A secondary holds the primary\'s data in another region: the same encryption and authentication as the primary (PLATFORM.md §9).',
    fix: 'Use RedisGlobalSecondary (constructs/data/redis-global-datastore.ts): kms_key_id, transit_encryption_enabled and user_group_ids.',
    resourceTypes: ['aws_elasticache_replication_group'],
    check: (stack) => each(stack, ['aws_elasticache_replication_group'], (r: TfResource) => {
      if (r.body.global_replication_group_id === undefined) return undefined;
      const problems: string[] = [];
      if (!r.body.kms_key_id) problems.push('kms_key_id is not set');
      if (r.body.transit_encryption_enabled !== true && r.body.transit_encryption_enabled !== 'true') problems.push(`transit_encryption_enabled is ${show(r.body.transit_encryption_enabled)}`);
      if (asList(r.body.user_group_ids).length === 0 && !(Array.isArray(r.body.user_group_ids) && r.body.user_group_ids.length > 0)) problems.push('user_group_ids is empty');
      return problems.length ? problems.join('; ') : undefined;
    }),
  },
  {
    id: 'ecr-replication-scoped',
    severity: 'medium',
    checkov: [],
    title: 'ECR registry replication rules replicate one environment\'s repositories (a PREFIX_MATCH filter), never the whole registry',
    rationale: 'The registry configuration is one per account and region: an unfiltered rule copies every environment\'s images into the replica region.',
    fix: 'Use RegistryReplication with the environment\'s `<name>/` prefix.',
    resourceTypes: ['aws_ecr_replication_configuration'],
    check: (stack) => each(stack, ['aws_ecr_replication_configuration'], (c) => {
      const rules = asList(getPath(c.body, 'replication_configuration.rule') ?? getPath(c.body, 'replication_configuration.0.rule'));
      const open = rules.filter((r) => asList(r.repository_filter).filter((f) => f.filter_type === 'PREFIX_MATCH' && typeof f.filter === 'string' && f.filter.endsWith('/')).length === 0);
      return open.length ? `${open.length} rule(s) without a PREFIX_MATCH repository_filter ending in '/'` : undefined;
    }),
  },
  {
    id: 'vpc-peering-route-least-access',
    severity: 'high',
    checkov: ['CKV2_AWS_44'],
    title: 'Routes through a VPC peering connection lead to a peer VPC\'s RFC 1918 block (/16 or smaller), never 0.0.0.0/0 or ::/0',
    rationale: 'A peering is not a gateway: a route of all traffic to it hides misrouting and widens what the peer can reach (CIS AWS 5.x, routing tables for VPC peering are least access).',
    fix: 'Use RegionPeering (constructs/network/region-peering.ts): each side routes the peer VPC\'s CIDR from the tiers it names.',
    resourceTypes: ['aws_route', 'aws_route_table'],
    check: (stack) => peeringRoutes(stack).flatMap((r) => {
      const message = peeringRouteProblem(r.destination, r.ipv6);
      return message ? [{ resource: r.resource, message }] : [];
    }),
  },
  {
    id: 'peer-cidr-ingress-scoped',
    severity: 'high',
    checkov: [],
    title: 'In a stack that peers VPCs, security-group ingress from a CIDR opens one TCP port, from a block inside a VPC the peering routes lead to',
    rationale: 'Another region\'s security groups cannot be referenced across a peering, so stores admit CIDRs: each must be the peer\'s nodes, on the store\'s own port only (own rule; checkov\'s CKV_AWS_277 only refuses all ports from 0.0.0.0/0).',
    fix: 'Admit the peer\'s private subnets with DataClientAccess.admitCidrBlocks (one rule per store and block, on the store\'s port).',
    resourceTypes: ['aws_vpc_security_group_ingress_rule', 'aws_security_group_rule', 'aws_security_group'],
    check: (stack) => {
      if (!hasPeering(stack)) return [];
      const peered = peeredBlocks(stack);
      return ingressRules(stack).filter((rule) => rule.cidrs.length > 0).flatMap((rule) => {
        const problems: string[] = [];
        const tcp = ['tcp', '6'].includes(rule.protocol.toLowerCase());
        if (!tcp || rule.fromPort === undefined || rule.fromPort !== rule.toPort) {
          problems.push(`opens ${rule.protocol === '-1' ? 'all protocols' : rule.protocol} ${rule.fromPort === undefined ? 'all ports' : `${rule.fromPort}-${rule.toPort}`}; one TCP port only`);
        }
        for (const text of rule.cidrs) {
          const c = parseCidr(text);
          if (!c || !peered.some((p) => cidrContains(p, c))) problems.push(`${text} lies in no VPC the stack's peering routes lead to (${peered.length ? 'peered blocks: ' : 'no peering route'}${peered.map(formatCidr).join(', ')})`);
        }
        return problems.length ? [{ resource: rule.declaredBy, message: problems.join('; ') }] : [];
      });
    },
  },
];
