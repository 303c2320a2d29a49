import { synthesizeEnvironments } from '../stacks/app';
import { phaseCosts } from '../cli/phase-costs';
import { costByRegion, formatPhaseCosts, formatRegionSplit } from '../tools/cost/regions';
import type { CostEstimate } from '../tools/cost/model';

describe('cost per phase and per region (tools/cost/regions.ts)', () => {
  test('production at phases 1 and 4: phase 4 adds us-east-1\'s CPU groups (active-active standby) and the primary\'s growth', () => {
    const [one, four] = phaseCosts('production', [1, 4], synthesizeEnvironments);
    expect(one.phase).toBe(1);
    expect(Object.keys(one.byRegion).sort()).toEqual(['eu-west-1', 'global', 'us-east-1']);
    expect(four.monthlyUsd).toBeGreaterThan(one.monthlyUsd);
    expect(four.byRegion['us-east-1']).toBeGreaterThan(one.byRegion['us-east-1']);
    expect(four.byRegion['eu-west-1']).toBeGreaterThan(one.byRegion['eu-west-1']);
    // The split adds up to the total.
    for (const p of [one, four]) expect(Object.values(p.byRegion).reduce((a, b) => a + b, 0)).toBeCloseTo(p.monthlyUsd, 2);
    const table = formatPhaseCosts('production', [one, four]).split('\n');
    expect(table[0]).toBe('production: monthly infrastructure estimate by phase (synthesized at each phase)');
    expect(table[1]).toMatch(/^phase\s+monthly total\s+eu-west-1\s+global\s+us-east-1$/);
    expect(table[2]).toMatch(/^1\s+\$[\d,]+\.\d\d/);
    expect(table[3]).toMatch(/^4\s+\$[\d,]+\.\d\d/);
  }, 120_000);

  test('the region split groups lines by the region of their stack', () => {
    const e = {
      environment: 'x', monthlyUsd: 100,
      lines: [
        { stack: 'x-eu-west-1-data', monthlyUsd: 60 }, { stack: 'x-us-east-1-cluster', monthlyUsd: 30 }, { stack: 'x-global-edge', monthlyUsd: 10 },
      ],
    } as unknown as CostEstimate;
    expect(costByRegion(e)).toEqual({ 'eu-west-1': 60, 'us-east-1': 30, global: 10 });
    expect(formatRegionSplit(e)).toBe('x by region: eu-west-1 $60.00 (60.0%), us-east-1 $30.00 (30.0%), global $10.00 (10.0%)');
  });
});
