import { primaryDataConfig } from '../environments/data-schema';
import { assessRecovery, REPLICATION_FIGURES, regionalRtoTerms, NODE_SCALE_OUT_SECONDS } from '../plan/recovery';
import { recoverySchema } from '../environments/recovery-schema';
import { configIssues, loadEdited, type Json } from './cluster-helpers';

/** Production at `phase` with `edit` applied to its raw YAML. */
const production = (phase: 1 | 2 | 3 | 4, edit: (raw: Json) => void = () => undefined) =>
  loadEdited('production', (raw) => {
    raw.phase = phase;
    edit(raw);
  });
const issuesOf = (phase: 1 | 2 | 3 | 4, edit: (raw: Json) => void) => configIssues(() => production(phase, edit));

describe('recovery objectives (plan/recovery.ts)', () => {
  test.each([1, 2, 3, 4] as const)('production (RPO 60 s, RTO 300 s, regional from phase 4) loads at phase %i', (phase) => {
    expect(production(phase).recovery).toMatchObject({ rpoSeconds: 60, rtoSeconds: 300, regionalFromPhase: 4 });
  });

  test('the issue\'s example: RTO 60 s with a 300 s DNS TTL fails with the arithmetic', () => {
    expect(issuesOf(4, (raw) => {
      raw.recovery.rtoSeconds = 60;
      raw.recovery.dns.ttlSeconds = 300;
    })).toEqual([
      'recovery.rtoSeconds: RTO 60 s cannot hold: detection (health check 10 s x 3 failures) 30 s + DNS TTL 300 s + promotion (largest planning figure) 180 s = 510 s > 60 s',
    ]);
  });

  test('a measured promotion time replaces the planning figure in the sum', () => {
    expect(issuesOf(4, (raw) => { raw.recovery.promotionSeconds = 260; })).toEqual([
      'recovery.rtoSeconds: RTO 300 s cannot hold: detection (health check 10 s x 3 failures) 30 s + DNS TTL 60 s + promotion (recovery.promotionSeconds) 260 s = 350 s > 300 s',
    ]);
  });

  test('below the regional phase, the RTO is held to an RDS Multi-AZ failover', () => {
    expect(issuesOf(1, (raw) => { raw.recovery.rtoSeconds = 60; })).toEqual([
      expect.stringMatching(/^recovery\.rtoSeconds: RTO 60 s is shorter than an RDS Multi-AZ failover \(120 s; RDS User Guide/),
    ]);
  });

  test('below the regional phase, the RPO needs a copy in another zone', () => {
    expect(issuesOf(1, (raw) => {
      raw.regions['eu-west-1'].data.postgres.multiAz = false;
      raw.regions['eu-west-1'].data.redis.featureStore.replicasPerShard = 0;
    })).toEqual([
      'recovery.rpoSeconds: RPO 60 s on the loss of an Availability Zone needs a copy in another zone: regions.eu-west-1.data.postgres.multiAz is false; '
      + 'regions.eu-west-1.data.redis.featureStore.replicasPerShard is 0',
    ]);
  });

  test('RPO needs backups on every store of the primary', () => {
    expect(issuesOf(4, (raw) => { raw.regions['eu-west-1'].data.redis.snapshotRetentionDays = 0; })).toEqual([
      'recovery.rpoSeconds: RPO needs backups of every store of the primary region: regions.eu-west-1.data.redis.snapshotRetentionDays is 0 (no Redis snapshots)',
    ]);
  });

  test('regional objectives before database replicas exist fail: no warm standby', () => {
    expect(issuesOf(2, (raw) => { raw.recovery.regionalFromPhase = 1; })).toEqual([
      expect.stringMatching(/^recovery\.regionalFromPhase: a regional RTO needs a warm standby region .* database and cache replicas start at phase 3 \(plan\/regions\.ts REPLICATION_FROM_PHASE\), this is phase 2/),
    ]);
  });

  test('a standby needs a role that receives replicas', () => {
    expect(issuesOf(4, (raw) => { raw.regions['us-east-1'].role = 'gpu-only'; delete raw.regions['us-east-1'].data; })).toEqual([
      expect.stringMatching(/^recovery\.regionalFromPhase: .*no region has a role that receives replicas \(secondary, replica-only\)/),
    ]);
  });

  test('at phase 3 the standby is too small and events are not replicated yet', () => {
    expect(issuesOf(3, (raw) => { raw.recovery.regionalFromPhase = 3; })).toEqual([
      'recovery.standbyCapacityPercent: the standby us-east-1 runs 12 vCPUs of CPU node groups; recovery.standbyCapacityPercent 100% of the primary\'s 620 vCPUs (eu-west-1) is 620',
      expect.stringMatching(/^recovery\.rpoSeconds: RPO 60 s: Kafka events \(MSK Replicator\): no replication to the standby at phase 3 \(from phase 4\)/),
    ]);
  });

  test('bucket objects are held to objectRpoSeconds, which S3 RTC\'s 15-minute SLA cannot beat', () => {
    expect(issuesOf(4, (raw) => { raw.recovery.objectRpoSeconds = 60; })).toEqual([
      expect.stringMatching(/^recovery\.objectRpoSeconds: RPO 60 s is shorter than the expected lag of bucket objects .*: 900 s \(S3 User Guide/),
    ]);
  });

  test('a transactional RPO below the database replica lag fails', () => {
    expect(issuesOf(4, (raw) => { raw.recovery.rpoSeconds = 10; })).toEqual([
      expect.stringMatching(/^recovery\.rpoSeconds: RPO 10 s is shorter than the expected lag of Kafka events \(MSK Replicator\): 30 s/),
    ]);
  });

  test('a standby below full capacity adds node scale-out to the sum', () => {
    const recovery = recoverySchema.parse({ rpoSeconds: 60, rtoSeconds: 300, standbyCapacityPercent: 50 });
    const terms = regionalRtoTerms(recovery, REPLICATION_FIGURES);
    expect(terms.map((t) => t.seconds)).toEqual([30, 60, 180, NODE_SCALE_OUT_SECONDS]);
    expect(configIssues(() => production(4, (raw) => { raw.recovery.standbyCapacityPercent = 50; }))).toEqual([
      'recovery.rtoSeconds: RTO 300 s cannot hold: detection (health check 10 s x 3 failures) 30 s + DNS TTL 60 s + promotion (largest planning figure) 180 s + node scale-out 240 s = 510 s > 300 s',
    ]);
  });

  test('Route 53 offers 10 or 30 second health checks only', () => {
    expect(issuesOf(4, (raw) => { raw.recovery.dns.healthCheckIntervalSeconds = 20; })).toEqual([
      'recovery.dns.healthCheckIntervalSeconds: must be one of 10, 30',
    ]);
  });

  test('production phase 4: regional scope, us-east-1 the standby, 270 s of 300 s', () => {
    const a = assessRecovery({
      phase: 4, primaryRegion: 'eu-west-1', recovery: production(4).recovery!,
      regions: [
        { region: 'eu-west-1', role: 'primary', hasCluster: true, cpuVcpus: 100 },
        { region: 'us-east-1', role: 'secondary', hasCluster: true, cpuVcpus: 100 },
      ],
      primaryData: primaryDataConfig(production(4).regions['eu-west-1'].data),
    });
    expect(a).toMatchObject({ scope: 'regional', standby: 'us-east-1', rtoTotalSeconds: 270, issues: [] });
    expect(a.rpo.filter((r) => r.replicated).map((r) => r.figure.feature).sort()).toEqual(['buckets', 'kafka', 'postgresReplicas', 'redisReplicas']);
  });

  test('environments without recovery: declare nothing and are not checked', () => {
    expect(loadEdited('dev').recovery).toBeUndefined();
  });
});
