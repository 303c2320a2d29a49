import { loadEnvironment } from '../environments/load';
import { renderRunbook } from '../tools/runbook';
import { loadEdited, resourcesOf, synthEnvironments, type Json } from './cluster-helpers';

describe('promotion runbook (tools/runbook.ts)', () => {
  test('production phase 4: promotes every database replica and both Global Datastores in us-east-1, timeline 270 s', () => {
    const text = renderRunbook(loadEnvironment('production', undefined, { phase: 4 }));
    expect(text).toContain('scope **regional**');
    expect(text).toContain('- Standby region: us-east-1');
    for (const db of ['user-auth', 'entitlement', 'catalog', 'epg', 'playback', 'bookmark', 'recording', 'vector']) {
      expect(text).toContain(`aws rds promote-read-replica --region us-east-1 --db-instance-identifier production-us-east-1-${db}-replica\n`);
    }
    expect(text).toMatch(/failover-global-replication-group --region us-east-1 --global-replication-group-id "\$GID" --primary-region us-east-1 --primary-replication-group-id production-us-east-1-cache-gds/);
    expect(text).toMatch(/--primary-replication-group-id production-us-east-1-features-gds/);
    expect(text).toContain('| **total** (objective 300 s) | **270** |');
    expect(text).toContain('### 6. DNS fails over (automatic) (60 s, T+270 s)');
    // Phase 4's standby runs the primary's size already: nothing to scale.
    expect(text).not.toContain('update-nodegroup-config');
    expect(text).toContain('Events: nothing to promote');
  });

  test('the runbook names the replicas the replication layer synthesizes', () => {
    const env = loadEnvironment('production', undefined, { phase: 4 });
    const text = renderRunbook(env);
    const out = synthEnvironments([env]);
    const stack = out.stack('production-us-east-1-replication') as Json;
    const dbIds = Object.values(resourcesOf(stack, 'aws_db_instance')).map((d) => d.identifier as string);
    const groupIds = Object.values(resourcesOf(stack, 'aws_elasticache_replication_group')).map((g) => g.replication_group_id as string);
    expect(dbIds.length).toBeGreaterThan(0);
    expect(groupIds.length).toBe(2);
    for (const id of dbIds) expect(text).toContain(`--db-instance-identifier ${id}\n`);
    for (const id of groupIds) expect(text).toContain(`--primary-replication-group-id ${id}`);
  }, 120_000);

  test('production phase 3: in-region objectives; the regional steps are best effort and scale the empty CPU groups', () => {
    const text = renderRunbook(loadEnvironment('production', undefined, { phase: 3 }));
    expect(text).toContain('scope **in-region**');
    expect(text).toContain('A region loss is outside the objectives at phase 3');
    expect(text).toContain('aws rds promote-read-replica --region us-east-1 --db-instance-identifier production-us-east-1-catalog-replica');
    expect(text).toMatch(/update-nodegroup-config --region us-east-1 --cluster-name production-us-east-1 --nodegroup-name "\$NG" --scaling-config minSize=0,maxSize=80,desiredSize=40/);
    expect(text).not.toContain('Events: nothing to promote');
  });

  test('production phase 1: no standby, recovery from backups', () => {
    const text = renderRunbook(loadEnvironment('production'));
    expect(text).toContain('- Standby region: none at this phase');
    expect(text).toContain('| RDS Multi-AZ failover | 120 |');
    expect(text).toContain('recover from backups');
    expect(text).not.toContain('promote-read-replica');
  });

  test('the runbook follows the environment: a measured promotion time and a shorter TTL change the timeline', () => {
    const text = renderRunbook(loadEdited('production', (raw) => {
      raw.phase = 4;
      raw.recovery.promotionSeconds = 200;
      raw.recovery.dns.ttlSeconds = 30;
    }));
    expect(text).toContain('| promotion (recovery.promotionSeconds) | 200 |');
    expect(text).toContain('| **total** (objective 300 s) | **260** |');
  });

  test('an environment without objectives has no runbook', () => {
    expect(() => renderRunbook(loadEnvironment('dev'))).toThrow('environment dev declares no recovery objectives (recovery:)');
  });

  test('--phase validates the environment at that phase (the recovery rules included)', () => {
    expect(loadEnvironment('production', undefined, { phase: 2 }).phase).toBe(2);
  });
});
