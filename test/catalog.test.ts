import { PlatformValidationError } from '../constructs/core/errors';
import {
  CATALOGS, catalogIssues, assertValidCatalogs, WorkloadCatalogs,
} from '../catalog/catalog-validation';
import { DATABASES, DATABASE_IDS } from '../catalog/databases';
import { KAFKA_TOPICS, SEED_EVENT_TOPICS, TOPIC_NAMES, parseRetention } from '../catalog/kafka-topics';
import { SERVICES, producersOf } from '../catalog/services';

function withTopics(mutate: (t: typeof KAFKA_TOPICS[number][]) => void): WorkloadCatalogs {
  const topics = KAFKA_TOPICS.map((t) => ({ ...t }));
  mutate(topics);
  return { ...CATALOGS, topics };
}

describe('workload catalogs', () => {
  test('the checked-in catalogs are consistent', () => {
    expect(catalogIssues(CATALOGS, ['realtime', 'analytics'])).toEqual([]);
    expect(() => assertValidCatalogs()).not.toThrow();
  });

  test('seed counts: 23 services + 3 BFFs, 15 topics, 8 databases', () => {
    expect(SERVICES.filter((s) => s.kind === 'service')).toHaveLength(23);
    expect(SERVICES.filter((s) => s.kind === 'bff')).toHaveLength(3);
    expect(KAFKA_TOPICS.map((t) => t.name).sort()).toEqual([...TOPIC_NAMES].sort());
    expect(DATABASES.map((d) => d.id)).toEqual([...DATABASE_IDS]);
  });

  test('seed partition counts and retentions', () => {
    const byName = Object.fromEntries(KAFKA_TOPICS.map((t) => [t.name, t]));
    expect(byName['playback.heartbeats'].partitions).toBe(64);
    expect(byName['playback.sessions'].partitions).toBe(32);
    expect(byName['content.ingest.events'].partitions).toBe(4);
    expect(parseRetention(byName['playback.heartbeats'].retention)).toBe(86_400_000);
    expect(parseRetention(byName['ad.events'].retention)).toBe(30 * 86_400_000);
  });

  test('every service topic list matches its seed events through SEED_EVENT_TOPICS', () => {
    for (const s of SERVICES) {
      const mapped = (events: readonly string[]) => [...new Set(events.filter((e) => !e.startsWith('*')).map((e) => {
        const t = SEED_EVENT_TOPICS[e];
        if (!t) throw new Error(`${s.id}: seed event ${e} has no topic mapping`);
        return t;
      }))].sort();
      expect({ id: s.id, produced: mapped(s.seedEvents.produced) }).toEqual({ id: s.id, produced: [...new Set(s.produces)].sort() });
      if (!s.seedEvents.consumed.some((e) => e.startsWith('*'))) {
        expect({ id: s.id, consumed: mapped(s.seedEvents.consumed) }).toEqual({ id: s.id, consumed: [...new Set(s.consumes)].sort() });
      }
    }
  });

  test('each topic owner is among its producers', () => {
    for (const t of KAFKA_TOPICS) expect(producersOf(t.name).map((s) => s.id)).toContain(t.owner);
  });

  test('parseRetention accepts durations and refuses the rest', () => {
    expect(parseRetention('72h')).toBe(259_200_000);
    expect(parseRetention('30 days')).toBe(2_592_000_000);
    expect(parseRetention('1 week')).toBe(604_800_000);
    for (const bad of ['', '3', 'three days', '0d', '-1d', '3 fortnights', '3d4h']) expect(parseRetention(bad)).toBeUndefined();
  });

  test('duplicate topic names are refused', () => {
    const c = withTopics((t) => t.push({ ...t[0] }));
    expect(catalogIssues(c).map((i) => i.message)).toContain("topic 'playback.sessions' is listed more than once; topic names must be unique");
  });

  test('partitions must be positive integers', () => {
    const c = withTopics((t) => { t[0] = { ...t[0], partitions: 0 }; t[1] = { ...t[1], partitions: 2.5 }; });
    const messages = catalogIssues(c).map((i) => i.message);
    expect(messages).toContain("topic 'playback.sessions': partitions must be a positive integer, got 0");
    expect(messages).toContain("topic 'playback.heartbeats': partitions must be a positive integer, got 2.5");
  });

  test('retention must parse', () => {
    const c = withTopics((t) => { t[2] = { ...t[2], retention: 'a week or so' }; });
    expect(catalogIssues(c)).toEqual([{ file: 'catalog/kafka-topics.ts', message: "topic 'user.events': retention 'a week or so' is not a duration such as 3d, 72h or 30 days" }]);
  });

  test('owner must exist in the service catalog', () => {
    // @ts-expect-error the compiler refuses the typo; the runtime rule guards catalogs assembled from untyped data
    const c = withTopics((t) => { t[3] = { ...t[3], owner: 'catalogue' }; });
    expect(() => assertValidCatalogs(c)).toThrow(PlatformValidationError);
    expect(() => assertValidCatalogs(c)).toThrow("catalog/kafka-topics.ts: topic 'catalog.changes': owner 'catalogue' is not a service of catalog/services.ts");
  });

  test('every consumed topic needs a producer', () => {
    const services = SERVICES.map((s) => (s.id === 'qoe' ? { ...s, produces: [] } : s));
    const messages = catalogIssues({ ...CATALOGS, services }).map((i) => i.message);
    expect(messages).toContain("service 'cdn-routing': consumes 'qoe.metrics', but no service produces it");
  });

  test('a consumed topic outside the catalog is refused', () => {
    const services = SERVICES.map((s) => (s.id === 'search' ? { ...s, consumes: [...s.consumes, 'search.clicks'] } : s));
    // @ts-expect-error the compiler refuses an id outside the union; the runtime rule guards untyped data
    expect(catalogIssues({ ...CATALOGS, services }).map((i) => i.message))
      .toContain("service 'search': consumes 'search.clicks', which is not a topic of catalog/kafka-topics.ts");
  });

  test('topic cluster must be a known cluster when clusters are given', () => {
    // @ts-expect-error the compiler refuses the typo; the runtime rule guards catalogs assembled from untyped data
    const c = withTopics((t) => { t[0] = { ...t[0], cluster: 'batch' }; });
    expect(catalogIssues(c, ['realtime', 'analytics']).map((i) => i.message)).toEqual(["topic 'playback.sessions': cluster 'batch' is not one of realtime, analytics"]);
  });

  test('unknown dependencies and database mismatches are refused', () => {
    const services = SERVICES.map((s) => (s.id === 'bookmark' ? { ...s, dependencies: ['profiles'], databases: ['bookmark', 'epg'] } : s));
    // @ts-expect-error the compiler refuses an id outside the union; the runtime rule guards untyped data
    const messages = catalogIssues({ ...CATALOGS, services }).map((i) => i.message);
    expect(messages).toContain("service 'bookmark': depends on 'profiles', which is not a service of the catalog (list it under externalDependencies if it lives outside)");
    expect(messages).toContain("service 'bookmark': uses database 'epg', but the database does not list the service");
  });
});
