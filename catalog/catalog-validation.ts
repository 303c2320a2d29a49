/**
 * Consistency rules over the workload catalogs (services, Kafka topics, databases). The data stack runs
 * them before it builds anything, so a topic nobody produces or an owner that does not exist fails the
 * synth with a message naming the catalog file and the entry.
 */
import { PlatformValidationError } from '../constructs/core/errors';
import { kafkaTopicNameProblem } from '../constructs/data/kafka-topic';
import { DATABASES, DatabaseSpec } from './databases';
import { KAFKA_TOPICS, KafkaTopicSpec, parseRetention } from './kafka-topics';
import { SERVICES, ServiceSpec } from './services';

export interface WorkloadCatalogs {
  readonly services: readonly ServiceSpec[];
  readonly topics: readonly KafkaTopicSpec[];
  readonly databases: readonly DatabaseSpec[];
}

/** The checked-in catalogs. */
export const CATALOGS: WorkloadCatalogs = { services: SERVICES, topics: KAFKA_TOPICS, databases: DATABASES };

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
export function catalogIssues(c: WorkloadCatalogs, clusterNames?: readonly string[]): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const svc = (message: string) => issues.push({ file: 'catalog/services.ts', message });
  const top = (message: string) => issues.push({ file: 'catalog/kafka-topics.ts', message });
  const db = (message: string) => issues.push({ file: 'catalog/databases.ts', message });

  const serviceIds = new Set(c.services.map((s) => s.id));
  const topicNames = new Set(c.topics.map((t) => t.name));
  const databaseIds = new Set(c.databases.map((d) => d.id));

  for (const d of duplicates(c.services.map((s) => s.id))) svc(`service id '${d}' is listed more than once; ids must be unique`);
  for (const d of duplicates(c.topics.map((t) => t.name))) top(`topic '${d}' is listed more than once; topic names must be unique`);
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
export function assertValidCatalogs(c: WorkloadCatalogs = CATALOGS, clusterNames?: readonly string[]): void {
  const issues = catalogIssues(c, clusterNames);
  if (issues.length > 0) {
    throw new PlatformValidationError('workload catalogs', issues.map((i) => `${i.file}: ${i.message}`).join('\n'));
  }
}
