import { z } from 'zod';
import { isPrivateCidr, parseCidr, vpcCidrOverlapProblem } from '../constructs/core/cidr';
import { AWS_REGIONS, AWS_REGION_NAMES, isKnownRegion } from '../constructs/core/regions';
import { planSubnets } from '../constructs/network/subnet-plan';
import { PLATFORM_TAG_KEYS, tagCountProblem } from '../constructs/core/tags';
import { planCluster } from '../plan/cluster';
import { clusterSchema, oneOf } from './cluster-schema';
import type { ClusterPlan } from '../plan/cluster';
import { imagesSchema, secondaryServiceRegions, workloadPlanIssues } from '../plan/workloads';
import { budgetSchema } from './budget-schema';
import { networkSchema } from './network-schema';
import { dataSchema, refineDataConfig, regionStoresProblem } from './data-schema';
import { analyticsSchema, refineAnalyticsConfig } from './analytics-schema';
import { edgeSchema, refineEdgeConfig } from './edge-schema';
import { platformSchema } from './platform-schema';
import { crossRegionKafkaSources, primaryRegionOf, REGION_ROLES, regionRoleProblem } from '../plan/regions';
import { crossRegionSourceProblem } from '../constructs/data/kafka-cluster';
import { recoverySchema } from './recovery-schema';
import { refineRoutingConfig, routingSchema } from './routing-schema';
import { assessRecovery, recoveryInputOf } from '../plan/recovery';

/**
 * The schema of `environments/<name>.yaml`. Every default of the platform's configuration is written
 * here, once; stacks read the parsed, typed result and never invent defaults of their own.
 */

/** Tag keys the platform sets itself on every resource; an environment cannot override them. */
export const RESERVED_TAG_KEYS: readonly string[] = PLATFORM_TAG_KEYS;

const tagsSchema = z.record(
  z.string().min(1).max(128).refine((k) => !k.toLowerCase().startsWith('aws:'), { message: 'tag keys starting with aws: are reserved by AWS' })
    .refine((k) => !RESERVED_TAG_KEYS.includes(k), { message: `is set by the platform itself (${RESERVED_TAG_KEYS.join(', ')})` }),
  z.string().max(256),
).superRefine((tags, ctx) => {
  const problem = tagCountProblem(Object.keys(tags).length);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const backendSchema = z.strictObject({
  /** S3 bucket holding Terraform state (versioned, encrypted, created outside this app). */
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name'),
  /** Key prefix; each stack's state is `<keyPrefix>/<stack>.tfstate`. */
  keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]+$/, 'must be an S3 key prefix without a leading or trailing slash')
    .refine((p) => !p.startsWith('/') && !p.endsWith('/'), { message: 'must not start or end with /' }),
  /** Region of the state bucket. */
  region: z.string(),
});

const regionSchema = z.strictObject({
  /**
   * What the region is for (plan/regions.ts): `primary`, `secondary`, `replica-only` or `gpu-only`.
   * @default `primary` for the primary region, `secondary` for another region with `data:`, else `gpu-only`
   */
  role: z.enum(REGION_ROLES).optional(),
  /** VPC CIDR: an RFC 1918 block that no other region of the environment overlaps. */
  vpcCidr: z.string(),
  /** Availability Zones to spread over; the region must offer that many. */
  azCount: z.number().int().min(2, 'must be at least 2 (one AZ is no high availability)').max(6).default(3),
  network: networkSchema.prefault({}),
  /** The data layer (MSK, RDS, ElastiCache, S3, EFS, ECR); a region without it gets no data stack. */
  data: dataSchema.optional(),
  /** EKS cluster, node groups and GPU pools of the region; without it the region gets no cluster stack. */
  cluster: clusterSchema.optional(),
  /** Search, schemas, lakehouse and pipelines (environments/analytics-schema.ts); needs data and cluster. */
  analytics: analyticsSchema.optional(),
  /** Cluster add-ons (environments/platform-schema.ts); used when the region has a cluster. */
  platform: platformSchema.prefault({}),
});

export const environmentSchema = z.strictObject({
  /** Environment name; must equal the file name without `.yaml`. */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, 'must be 2-20 lower-case letters, digits or dashes, starting with a letter'),
  description: z.string().optional(),
  /** AWS account the environment deploys to; the provider refuses any other. Optional for synth. */
  accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
  /** Value of the `cost-center` tag on every resource. */
  costCenter: z.string().min(1).max(256),
  /** Extra tags on every resource. */
  tags: tagsSchema.default({}),
  /** Production growth phase of seed 003 §10 (1: 50K concurrent ... 4: 500K, active-active). */
  phase: oneOf([1, 2, 3, 4]).default(1),
  /** Fraction of production capacity (dev ~0.1, staging ~0.25). */
  scale: z.number().gt(0).lte(1).default(1),
  /** Deletion protection and final snapshots on stateful resources. Opt out explicitly (dev). */
  deletionProtection: z.boolean().default(true),
  /** Remote state; without it each stack uses a local state file beside the project. */
  backend: backendSchema.optional(),
  /** Region that hosts the primary copy of stateful data; defaults to the first region listed. */
  primaryRegion: z.string().optional(),
  /** Regions keyed by AWS region name. */
  regions: z.record(z.string(), regionSchema),
  /** Monthly budget the cost report compares the estimate with (environments/budget-schema.ts). */
  budget: budgetSchema.optional(),
  /** Image tag per catalog service (ECR repository `<env>/<service>`): immutable, never `latest`. */
  images: imagesSchema,
  /** The global delivery edge (environments/edge-schema.ts, docs/edge.md); without it no edge stack. */
  edge: edgeSchema.optional(),
  /**
   * Recovery objectives (RPO, RTO, DNS failover) checked at load time (environments/recovery-schema.ts,
   * plan/recovery.ts, docs/regions-dr.md).
   * @default none: no objectives are declared and none is checked
   */
  recovery: recoverySchema.optional(),
  /**
   * Global API routing: Route 53 latency and failover records with health checks (environments/routing-schema.ts).
   * @default none: no routing stack
   */
  routing: routingSchema.optional(),
}).superRefine((env, ctx) => {
  const regionNames = Object.keys(env.regions);
  if (regionNames.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['regions'], message: 'must list at least one region' });
  }
  const cidrs: { region: string; text: string }[] = [];
  for (const name of regionNames) {
    const region = env.regions[name];
    if (!isKnownRegion(name)) {
      ctx.addIssue({ code: 'custom', path: ['regions', name], message: `'${name}' is not an AWS region this library knows; allowed: ${AWS_REGION_NAMES.join(', ')}` });
      continue;
    }
    const zones = AWS_REGIONS[name];
    if (region.data) refineDataConfig(name, region.azCount, region.data, ctx);
    if (region.analytics) refineAnalyticsConfig(name, region.azCount, !!region.data && name === primaryRegionOf(env), !!region.cluster, region.analytics, ctx);
    if (region.azCount > zones.length) {
      ctx.addIssue({ code: 'custom', path: ['regions', name, 'azCount'], message: `${name} offers ${zones.length} usable Availability Zones (${zones.join(', ')}); ${region.azCount} requested` });
    }
    const cidr = parseCidr(region.vpcCidr);
    if (!cidr) {
      ctx.addIssue({ code: 'custom', path: ['regions', name, 'vpcCidr'], message: `'${region.vpcCidr}' is not an IPv4 CIDR with its host bits zero (e.g. 10.20.0.0/16)` });
      continue;
    }
    if (!isPrivateCidr(cidr)) {
      ctx.addIssue({ code: 'custom', path: ['regions', name, 'vpcCidr'], message: `${region.vpcCidr} is not a private range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16` });
      continue;
    }
    if (cidr.prefix < 16) {
      ctx.addIssue({ code: 'custom', path: ['regions', name, 'vpcCidr'], message: `${region.vpcCidr} is larger than AWS allows for a VPC; use a prefix from /16 to /23` });
      continue;
    }
    try {
      planSubnets(region.vpcCidr, Math.min(region.azCount, zones.length));
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['regions', name, 'vpcCidr'], message: (e as Error).message });
      continue;
    }
    for (const other of cidrs) {
      const overlap = vpcCidrOverlapProblem(region.vpcCidr, other.text, `regions.${other.region}.vpcCidr`);
      if (overlap) ctx.addIssue({ code: 'custom', path: ['regions', name, 'vpcCidr'], message: overlap });
    }
    cidrs.push({ region: name, text: region.vpcCidr });
  }
  const clusterPlans = new Map<string, ClusterPlan>();
  let clusterIssues = 0;
  for (const name of regionNames) {
    const cluster = env.regions[name].cluster;
    if (!cluster || !isKnownRegion(name)) continue;
    const { plan, issues } = planCluster(cluster, name, env.phase, env.scale);
    clusterPlans.set(name, plan);
    clusterIssues += issues.length;
    for (const issue of issues) {
      ctx.addIssue({ code: 'custom', path: ['regions', name, 'cluster', ...issue.path], message: issue.message });
    }
  }
  // Workloads (catalog/models.ts, catalog/services.ts) on the planned clusters, once everything else is
  // valid: a misnamed or missing node group would otherwise cascade into a message per service.
  if (clusterIssues === 0 && ctx.issues.length === 0) {
    const primary = primaryRegionOf(env);
    const input = {
      name: env.name, scale: env.scale, primaryRegion: primary, clusters: clusterPlans, images: env.images, primaryHasData: !!env.regions[primary]?.data,
      secondaryServiceRegions: secondaryServiceRegions(env, primary),
    };
    for (const issue of workloadPlanIssues(input, (r) => env.regions[r].cluster?.gpuPools.map((p) => p.name) ?? [])) {
      ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
    }
  }
  const primary = primaryRegionOf(env);
  for (const name of regionNames) {
    const problem = regionRoleProblem(name, env.regions[name], primary);
    if (problem) ctx.addIssue({ code: 'custom', path: ['regions', name, 'role'], message: problem });
    const data = env.regions[name].data;
    const stores = data ? regionStoresProblem(name === primary, data) : undefined;
    if (stores) ctx.addIssue({ code: 'custom', path: ['regions', name, 'data', stores.key], message: stores.message });
  }
  // Real-time clusters that feed a cross-region replicator at this phase (phase 4 pairs) need multi-VPC connectivity.
  for (const [name, sources] of Object.entries(crossRegionKafkaSources(env, primary))) {
    const clusters = env.regions[name].data!.kafka.clusters;
    for (const cluster of sources) {
      const problem = crossRegionSourceProblem(clusters[cluster]!.brokerType);
      if (problem) ctx.addIssue({ code: 'custom', path: ['regions', name, 'data', 'kafka', 'clusters', cluster, 'brokerType'], message: `${problem} (at phase ${env.phase} its topics replicate across regions)` });
    }
  }
  if (env.primaryRegion !== undefined && !regionNames.includes(env.primaryRegion)) {
    ctx.addIssue({ code: 'custom', path: ['primaryRegion'], message: `'${env.primaryRegion}' is not one of this environment's regions (${regionNames.join(', ')})` });
  }
  if (env.edge) {
    // Buckets live in the primary's data layer only: a secondary's data layer holds none (plan/regions.ts OWN_DATA_FROM_PHASE).
    const withBuckets = regionNames.filter((r) => env.regions[r].data !== undefined && r === primary);
    refineEdgeConfig(env.edge, withBuckets, primary, ctx);
  }
  if (env.routing) {
    const ingresses = regionNames.flatMap((r) => { const i = env.regions[r].platform.ingress; return i ? [{ region: r, hostname: i.hostname }] : []; });
    refineRoutingConfig(env.routing, env.edge?.hostedZone.name, ingresses, ctx);
  }
  // Recovery objectives last, on an otherwise valid environment: the arithmetic needs valid regions and plans.
  if (env.recovery && ctx.issues.length === 0) {
    const assessment = assessRecovery(recoveryInputOf({ ...env, recovery: env.recovery }, primary, (name) => clusterPlans.get(name)?.nodeGroups));
    for (const issue of assessment.issues) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
  }
  if (env.backend && !isKnownRegion(env.backend.region)) {
    ctx.addIssue({ code: 'custom', path: ['backend', 'region'], message: `'${env.backend.region}' is not an AWS region this library knows; allowed: ${AWS_REGION_NAMES.join(', ')}` });
  }
});

/** A parsed, defaulted environment. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
/** One region of an environment. */
export type RegionConfig = EnvironmentConfig['regions'][string];

/** Name of the region holding the primary copy of stateful data (plan/regions.ts, re-exported for the library's users). */
export { primaryRegionOf };
