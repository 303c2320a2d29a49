/**
 * Consistency rules over the workload catalogs (services, Kafka topics, databases). The data stack runs
 * them before it builds anything, so a topic nobody produces or an owner that does not exist fails the
 * synth with a message naming the catalog file and the entry.
 */
import { PlatformValidationError } from '../constructs/core/errors';
import { kafkaTopicNameProblem } from '../constructs/data/topic-names';
import { DATABASES, DatabaseSpec } from './databases';
import { KAFKA_TOPICS, KafkaTopicSpec, parseRetention } from './kafka-topics';
import { CacheUsage, SERVICES, ServiceSpec } from './services';
import { MODELS, ModelSpec } from './models';

export interface WorkloadCatalogs {
  readonly services: readonly ServiceSpec[];
  readonly topics: readonly KafkaTopicSpec[];
  readonly databases: readonly DatabaseSpec[];
  /**
   * The model inventory the serving plan places.
   * @default MODELS (catalog/models.ts)
   */
  readonly models?: readonly ModelSpec[];
}

/** The checked-in catalogs. */
export const CATALOGS: WorkloadCatalogs = { services: SERVICES, topics: KAFKA_TOPICS, databases: DATABASES, models: MODELS };

/** One broken rule: the catalog file it is in and what is wrong. */
export interface CatalogIssue {
  readonly file: 'catalog/services.ts' | 'catalog/kafka-topics.ts' | 'catalog/databases.ts';
  readonly message: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** Every rule broken by the given catalogs (empty when they are consistent). */
/** What an environment's data layer builds, for the rule "a database or cache the data layer lacks". */
export interface DataLayerStores {
  readonly databases: readonly string[];
  readonly caches: readonly Exclude<CacheUsage, 'none'>[];
}

/** Ports the Istio sidecar reserves in every pod (15000-15090 range used by Envoy and the agent). */
export const ISTIO_RESERVED_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

/** Rule: port, health endpoints, HPA target and capacity of one service's deployment settings. */
export function serviceDeploymentProblems(s: ServiceSpec): string[] {
  const out: string[] = [];
  const d = s.deploy;
  if (!Number.isInteger(d.port) || d.port < 1024 || d.port > 65535) out.push(`deploy.port must be 1024-65535 (containers run as non-root), got ${d.port}`);
  else if (ISTIO_RESERVED_PORTS.includes(d.port)) out.push(`deploy.port ${d.port} is reserved by the Istio sidecar (${ISTIO_RESERVED_PORTS.join(', ')})`);
  if (d.health.kind === 'http') {
    for (const [k, v] of Object.entries(d.health)) {
      if (k !== 'kind' && !/^\/[A-Za-z0-9/_.-]*$/.test(v)) out.push(`deploy.health.${k} '${v}' must be an absolute URL path such as /healthz/ready`);
    }
  }
  if (d.health.kind === 'grpc' && d.protocol !== 'grpc') out.push('deploy.health uses the gRPC health protocol, but deploy.protocol is http');
  if (!(d.hpaCpuTargetPercent >= 10 && d.hpaCpuTargetPercent <= 95)) out.push(`deploy.hpaCpuTargetPercent must be 10-95, got ${d.hpaCpuTargetPercent}`);
  const c = s.capacity;
  if (!Number.isInteger(c.minReplicas) || c.minReplicas < 1) out.push(`capacity.minReplicas must be a whole number >= 1, got ${c.minReplicas}`);
  if (!(c.cpu > 0)) out.push(`capacity.cpu must be positive vCPU, got ${c.cpu}`);
  if (!(c.memoryGb > 0)) out.push(`capacity.memoryGb must be positive, got ${c.memoryGb}`);
  return out;
}

/** Each cycle among synchronous calls (dependencies), as the list of ids from its smallest id back to it. */
export function syncCallCycles(services: readonly ServiceSpec[]): string[][] {
  const deps = new Map<string, readonly string[]>(services.map((s) => [s.id, s.dependencies.filter((d) => d !== s.id)]));
  const cycles = new Map<string, string[]>();
  const visit = (id: string, stack: string[]) => {
    const at = stack.indexOf(id);
    if (at >= 0) {
      const loop = stack.slice(at);
      const start = loop.indexOf([...loop].sort()[0]);
      const rotated = [...loop.slice(start), ...loop.slice(0, start)];
      cycles.set(rotated.join('>'), [...rotated, rotated[0]]);
      return;
    }
    if (stack.length > services.length) return;
    for (const d of deps.get(id) ?? []) visit(d, [...stack, id]);
  };
  for (const s of services) visit(s.id, []);
  return [...cycles.values()];
}

/** Rule: an image tag is immutable: a semantic version, a git commit SHA or a digest, never `latest` or a branch. */
export function imageTagProblem(tag: string): string | undefined {
  if (/^sha256:[0-9a-f]{64}$/.test(tag)) return undefined;
  if (/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(tag)) return undefined;
  if (/^(git-|sha-)?[0-9a-f]{7,40}$/.test(tag)) return undefined;
  return `'${tag}' is not an immutable image reference; use a semantic version (1.4.2), a git commit SHA (7-40 hex digits, optionally sha-...) or a digest (sha256:<64 hex>)${tag === 'latest' ? '; latest moves with every push' : ''}`;
}

/** Rule: every deployed service has an image tag in the environment's `images` map, and the map names only catalog services. */
export function imageMapProblems(services: readonly ServiceSpec[], images: Readonly<Record<string, string>>): { service: string; message: string }[] {
  const out: { service: string; message: string }[] = [];
  for (const s of services) {
    if (images[s.id] === undefined) out.push({ service: s.id, message: `service '${s.id}' has no image tag; add images.${s.id}: <version, commit SHA or digest> (ECR repository <env>/${s.id})` });
  }
  for (const id of Object.keys(images)) {
    if (!services.some((s) => s.id === id)) out.push({ service: id, message: `'${id}' is not a service of catalog/services.ts` });
  }
  return out;
}

/** Every rule broken by the given catalogs (empty when they are consistent). */
export function catalogIssues(c: WorkloadCatalogs, clusterNames?: readonly string[], dataLayer?: DataLayerStores): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const svc = (message: string) => issues.push({ file: 'catalog/services.ts', message });
  const top = (message: string) => issues.push({ file: 'catalog/kafka-topics.ts', message });
  const db = (message: string) => issues.push({ file: 'catalog/databases.ts', message });

  const serviceIds = new Set(c.services.map((s) => s.id));
  const topicNames = new Set(c.topics.map((t) => t.name));
  const databaseIds = new Set(c.databases.map((d) => d.id));

  for (const d of duplicates(c.services.map((s) => s.id))) svc(`service id '${d}' is listed more than once; ids must be unique`);
  for (const d of duplicates(c.topics.map((t) => t.name))) {
    const owners = [...new Set(c.topics.filter((t) => t.name === d).map((t) => t.owner))];
    top(owners.length > 1
      ? `topic '${d}' has two owners (${owners.map((o) => `'${o}'`).join(' and ')}); one service owns a topic, others may co-produce it by listing it in produces`
      : `topic '${d}' is listed more than once; topic names must be unique`);
  }
  for (const d of duplicates(c.databases.map((x) => x.id))) db(`database '${d}' is listed more than once; ids must be unique`);

  for (const t of c.topics) {
    const where = `topic '${t.name}'`;
    const nameProblem = kafkaTopicNameProblem(t.name);
    if (nameProblem) top(`${where}: topic name ${nameProblem}`);
    if (!Number.isInteger(t.partitions) || t.partitions <= 0) top(`${where}: partitions must be a positive integer, got ${t.partitions}`);
    if (parseRetention(t.retention) === undefined) top(`${where}: retention '${t.retention}' is not a duration such as 3d, 72h or 30 days`);
    if (!serviceIds.has(t.owner)) {
      top(`${where}: owner '${t.owner}' is not a service of catalog/services.ts`);
    } else if (!c.services.find((s) => s.id === t.owner)!.produces.includes(t.name)) {
      top(`${where}: owner '${t.owner}' does not list the topic in its produces`);
    }
    if (clusterNames && !clusterNames.includes(t.cluster)) top(`${where}: cluster '${t.cluster}' is not one of ${clusterNames.join(', ')}`);
  }

  for (const s of c.services) {
    const where = `service '${s.id}'`;
    if (!KEBAB.test(s.id)) svc(`${where}: id must be kebab-case (lower-case letters, digits, single dashes)`);
    for (const t of s.produces) if (!topicNames.has(t)) svc(`${where}: produces '${t}', which is not a topic of catalog/kafka-topics.ts`);
    for (const t of s.consumes) {
      if (!topicNames.has(t)) {
        svc(`${where}: consumes '${t}', which is not a topic of catalog/kafka-topics.ts`);
      } else if (!c.services.some((p) => p.produces.includes(t))) {
        svc(`${where}: consumes '${t}', but no service produces it`);
      }
    }
    for (const p of serviceDeploymentProblems(s)) svc(`${where}: ${p}`);
    if (dataLayer) {
      for (const d of s.databases) {
        if (!dataLayer.databases.includes(d)) svc(`${where}: databases lists '${d}', which the data layer of this environment does not build (it has ${dataLayer.databases.join(', ') || 'none'})`);
      }
      if (s.cache !== 'none' && !dataLayer.caches.includes(s.cache)) svc(`${where}: cache '${s.cache}' is not built by the data layer of this environment (it has ${dataLayer.caches.join(', ') || 'none'})`);
    }
    for (const d of s.dependencies) {
      if (!serviceIds.has(d)) svc(`${where}: depends on '${d}', which is not a service of the catalog (list it under externalDependencies if it lives outside)`);
      if (d === s.id) svc(`${where}: depends on itself`);
    }
    for (const d of s.databases) {
      if (!databaseIds.has(d)) {
        svc(`${where}: uses database '${d}', which is not in catalog/databases.ts`);
      } else if (!c.databases.find((x) => x.id === d)!.services.includes(s.id)) {
        svc(`${where}: uses database '${d}', but the database does not list the service`);
      }
    }
  }

  for (const cycle of syncCallCycles(c.services)) {
    svc(`service '${cycle[0]}': dependencies form a cycle of synchronous calls (${cycle.join(' -> ')}); break it with an event or a cache`);
  }

  for (const d of c.databases) {
    const where = `database '${d.id}'`;
    if (!KEBAB.test(d.id)) db(`${where}: id must be kebab-case`);
    if (!(d.storageEstimateGb > 0)) db(`${where}: storageEstimateGb must be positive, got ${d.storageEstimateGb}`);
    if (d.services.length === 0) db(`${where}: lists no service`);
    for (const s of d.services) {
      const spec = c.services.find((x) => x.id === s);
      if (!spec) db(`${where}: service '${s}' is not in catalog/services.ts`);
      else if (!spec.databases.includes(d.id)) db(`${where}: lists service '${s}', but the service does not list the database`);
    }
  }
  return issues;
}

/** Throws a PlatformValidationError listing every broken rule. */
export function assertValidCatalogs(c: WorkloadCatalogs = CATALOGS, clusterNames?: readonly string[], dataLayer?: DataLayerStores): void {
  const issues = catalogIssues(c, clusterNames, dataLayer);
  if (issues.length > 0) {
    throw new PlatformValidationError('workload catalogs', issues.map((i) => `${i.file}: ${i.message}`).join('\n'));
  }
}
