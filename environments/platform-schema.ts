import { z } from 'zod';
import { rule } from './rule';
import { karpenterDurationProblem } from '../constructs/platform/node-pools';
import { ampRetentionProblem, logRetentionProblem } from '../constructs/platform/observability';
import { hostedZoneIdProblem, hostInZoneProblem, hostnameProblem } from '../constructs/edge/rules';


const karpenterSchema = z.strictObject({
  /** Install Karpenter with NodePools for CPU and every GPU class of the region. */
  enabled: z.boolean().default(true),
  /** Capacity types of the CPU NodePool (GPU NodePools follow their pools' `spot`). */
  capacityTypes: z.array(z.enum(['spot', 'on-demand'])).min(1).default(['spot', 'on-demand']),
  /** Node lifetime before replacement (patching). */
  expireAfter: z.string().default('720h').superRefine(rule(karpenterDurationProblem)),
  /** How long a node stays empty/underused before consolidation. */
  consolidateAfter: z.string().default('5m').superRefine(rule(karpenterDurationProblem)),
  /** vCPUs the CPU NodePool may add at scale 1 (scaled per environment). */
  cpuLimit: z.number().int().positive().default(1000),
});

const observabilitySchema = z.strictObject({
  /** Days Prometheus keeps samples locally (seed 003 §9: 15). */
  metricsLocalRetentionDays: z.number().int().min(1).max(90).default(15),
  /** Days Amazon Managed Service for Prometheus keeps samples (seed 003 §9: 1 year). */
  metricsRetentionDays: z.number().int().default(365).superRefine(rule(ampRetentionProblem)),
  /** Days logs stay searchable in Loki (seed 003 §9: 30). */
  logRetentionDays: z.number().int().default(30).superRefine(rule(logRetentionProblem)),
  /** Days deleted log chunks stay restorable in S3 (seed 003 §9: 1 year archived). */
  logArchiveDays: z.number().int().min(1).default(365),
  /** Days traces are kept in Tempo. */
  traceRetentionDays: z.number().int().min(1).max(90).default(14),
  /** Prometheus volume, GiB. */
  prometheusStorageGiB: z.number().int().min(10).max(16384).default(100),
});

const hostname = z.string().superRefine(rule(hostnameProblem));

/**
 * The client API's entry (issue 13): the Istio ingress gateway behind the AWS Load Balancer Controller's
 * NLB, whose TLS listener holds an ACM certificate for `hostname` validated in `hostedZone`; the
 * workloads layer routes the hostname's paths to the BFFs and the services clients call directly.
 */
const ingressSchema = z.strictObject({
  /** The API hostname clients call, e.g. `api.example.tv` (inside `hostedZone`). */
  hostname,
  /** Route 53 public hosted zone for the certificate's validation records and the API's alias record. */
  hostedZone: z.strictObject({
    /** Zone name, e.g. `example.tv`. */
    name: hostname,
    /** Zone id, e.g. `Z0123456789ABCDEFGHIJ`. */
    id: z.string().superRefine(rule(hostedZoneIdProblem)),
  }),
}).superRefine((v, ctx) => {
  const problem = hostInZoneProblem(v.hostname, v.hostedZone.name);
  if (problem) ctx.addIssue({ code: 'custom', path: ['hostname'], message: problem });
});

export type IngressConfig = z.output<typeof ingressSchema>;

/**
 * `regions.<region>.platform`: the add-ons of the region's cluster (docs/platform.md). Optional: a
 * region with `cluster:` gets the platform layer with these defaults.
 */
export const platformSchema = z.strictObject({
  karpenter: karpenterSchema.prefault({}),
  observability: observabilitySchema.prefault({}),
  /**
   * The client API's hostname and zone (TLS certificate, gateway routes, DNS alias).
   * @default - no public API entry: the gateway's NLB has no TLS listener and no routes are published
   */
  ingress: ingressSchema.optional(),
});

export type PlatformConfig = z.output<typeof platformSchema>;
