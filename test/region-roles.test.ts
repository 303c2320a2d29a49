import { resolveEnvironment } from '../plan/environment';
import { regionRoleOf, replicationFeatures, REPLICATION_FROM_PHASE } from '../plan/regions';
import { configIssues, loadEdited } from './cluster-helpers';

describe('region roles (plan/regions.ts)', () => {
  test('defaults: the primary region is primary, a region with data secondary, one without gpu-only', () => {
    expect(regionRoleOf('eu-west-1', {}, 'eu-west-1')).toBe('primary');
    expect(regionRoleOf('us-east-1', { data: {} }, 'eu-west-1')).toBe('secondary');
    expect(regionRoleOf('us-east-1', {}, 'eu-west-1')).toBe('gpu-only');
    expect(regionRoleOf('us-east-1', { role: 'replica-only' }, 'eu-west-1')).toBe('replica-only');
  });

  test('production: eu-west-1 primary, us-east-1 secondary; phase 1 replicates nothing', () => {
    const plan = resolveEnvironment(loadEdited('production'));
    expect(plan.regions['eu-west-1'].role).toBe('primary');
    expect(plan.regions['us-east-1'].role).toBe('secondary');
    expect(plan.pairs).toEqual([]);
  });

  test.each([2, 3, 4] as const)('production phase %i pairs eu-west-1 -> us-east-1 with that phase\'s features', (phase) => {
    const plan = resolveEnvironment(loadEdited('production', (raw) => { raw.phase = phase; }));
    expect(plan.pairs).toEqual([{ source: 'eu-west-1', target: 'us-east-1', targetRole: 'secondary', features: replicationFeatures('secondary', phase) }]);
    const on = Object.entries(plan.pairs[0].features).filter(([, v]) => v).map(([k]) => k).sort();
    const expected = Object.entries(REPLICATION_FROM_PHASE).filter(([, p]) => p <= phase).map(([k]) => k).sort();
    expect(on).toEqual(expected);
  });

  test('a replica-only standby never takes event replication; primary and gpu-only take nothing', () => {
    expect(replicationFeatures('replica-only', 4).kafka).toBe(false);
    expect(replicationFeatures('replica-only', 4).postgresReplicas).toBe(true);
    expect(Object.values(replicationFeatures('gpu-only', 4)).some(Boolean)).toBe(false);
    expect(Object.values(replicationFeatures('primary', 4)).some(Boolean)).toBe(false);
  });

  test('the primary region cannot take another role', () => {
    const issues = configIssues(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].role = 'secondary'; }));
    expect(issues).toEqual([expect.stringMatching(/^regions\.eu-west-1\.role: 'secondary' on the primary region \(eu-west-1\)/)]);
  });

  test('a second region cannot be primary', () => {
    const issues = configIssues(() => loadEdited('production', (raw) => { raw.regions['us-east-1'].role = 'primary'; }));
    expect(issues).toEqual([expect.stringMatching(/^regions\.us-east-1\.role: 'primary' but the primary region is eu-west-1; allowed here: secondary, replica-only, gpu-only/)]);
  });

  test('a gpu-only region has no data layer', () => {
    const issues = configIssues(() => loadEdited('production', (raw) => {
      raw.regions['us-east-1'].role = 'gpu-only';
      raw.regions['us-east-1'].data = raw.regions['eu-west-1'].data;
    }));
    expect(issues).toContainEqual(expect.stringMatching(/^regions\.us-east-1\.role: 'gpu-only' with a data layer/));
  });

  test('an unknown role names the allowed ones', () => {
    const issues = configIssues(() => loadEdited('production', (raw) => { raw.regions['us-east-1'].role = 'backup'; }));
    expect(issues.join('\n')).toMatch(/regions\.us-east-1\.role: .*primary.*secondary.*replica-only.*gpu-only/);
  });
});
