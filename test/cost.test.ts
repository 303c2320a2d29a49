import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironment, parseEnvironment } from '../environments/load';
import { estimateCost, MissingPriceError } from '../tools/cost/model';
import { RAW_PRICE_TABLE, RawPriceTable, resolvePriceTable, priceTable, PriceTableError } from '../tools/cost/price-table';
import { PRICES_AS_OF, PRICE_SOURCES } from '../tools/cost/prices';
import { checkBudget, formatCostText } from '../tools/cost/report';
import { clone, compliantStackDocs, StackDoc, tempDir, toSynth, writeOutdir } from './helpers/fixtures';

const ROOT = path.join(__dirname, '..');
const REGIONS = ['eu-west-1', 'us-east-1'];

/** Every type the environments are expected to use (issue 4 brief). */
const EXPECTED = {
  ec2: ['m6i.xlarge', 'm6i.2xlarge', 'm6i.4xlarge', 'r6i.2xlarge', 'c6i.2xlarge', 'g5.xlarge', 'g5.2xlarge', 'g5.4xlarge', 'g5.8xlarge', 'g5.12xlarge',
    'g5.48xlarge', 'g6.xlarge', 'g6.2xlarge', 'g6.4xlarge', 'g6.12xlarge', 'g6.48xlarge', 'g6e.xlarge', 'g6e.2xlarge', 'g6e.12xlarge', 'g6e.48xlarge',
    'g4dn.xlarge', 'g4dn.2xlarge', 'g4dn.12xlarge', 'p4d.24xlarge', 'p4de.24xlarge', 'p5.48xlarge', 't3.medium', 't3.large', 'm6i.large'],
  rds: ['db.t4g.medium', 'db.t4g.large', 'db.r6g.large', 'db.r6g.xlarge', 'db.r6g.2xlarge', 'db.m6g.large', 'db.m6g.xlarge'],
  elasticache: ['cache.t4g.medium', 'cache.r6g.large', 'cache.r6g.xlarge', 'cache.r6g.2xlarge', 'cache.r7g.large', 'cache.r7g.xlarge', 'cache.m6g.large'],
  msk: ['kafka.t3.small', 'kafka.m5.large', 'kafka.m5.xlarge', 'kafka.m5.2xlarge', 'kafka.m7g.large', 'kafka.m7g.xlarge', 'kafka.m7g.2xlarge'],
  storage: ['ebs-gp3', 'rds-gp3', 'msk-broker', 's3-standard', 's3-standard-ia', 's3-glacier-flexible', 'efs-standard'],
  other: ['nat-gateway-hour'],
} as const;

function docsWith(edit: (docs: StackDoc[]) => void): StackDoc[] {
  const docs = clone(compliantStackDocs());
  edit(docs);
  return docs;
}

function resource(docs: StackDoc[], stack: string, type: string, match: string): Record<string, unknown> {
  const byType = (docs.find((d) => d.name === stack)!.json.resource as Record<string, Record<string, Record<string, unknown>>>)[type];
  return byType[Object.keys(byType).find((k) => k.includes(match))!];
}

describe('price table', () => {
  test('has every expected type in eu-west-1 and us-east-1, an as-of date, and a known source per row', () => {
    const table = priceTable();
    expect(table.asOf).toBe('2026-11-23');
    expect(PRICES_AS_OF).toBe('2026-11-23');
    for (const [service, keys] of Object.entries(EXPECTED)) {
      for (const key of keys) {
        for (const region of REGIONS) {
          const row = table.find(service as keyof typeof EXPECTED, key, region);
          expect({ service, key, region, found: !!row }).toEqual({ service, key, region, found: true });
          expect(PRICE_SOURCES[row!.source]).toBeDefined();
          if (row!.confidence !== 'verified') expect(row!.derivation).toBeTruthy();
        }
      }
    }
  });

  test('derives eu-west-1 from us-east-1 with the observed EC2 ratio (~1.116) and marks it derived', () => {
    const table = priceTable();
    expect(table.ratios.ec2).toBeGreaterThan(1.11);
    expect(table.ratios.ec2).toBeLessThan(1.12);
    const g6 = table.find('ec2', 'g6.xlarge', 'eu-west-1')!;
    expect(g6.confidence).toBe('derived');
    expect(g6.usd).toBeCloseTo(0.8048 * table.ratios.ec2, 5);
    expect(g6.derivation).toMatch(/us-east-1 0.8048 x 1.116/);
    // Derived from an estimate stays an estimate.
    expect(table.find('rds', 'db.r6g.large', 'eu-west-1')!.confidence).toBe('estimate');
    expect(table.find('ec2', 'm6i.2xlarge', 'eu-west-1')).toMatchObject({ usd: 0.428, confidence: 'verified', source: 'S5' });
  });

  test('rejects a malformed row: non-verified without derivation, unknown source, negative price', () => {
    const bad = clone(RAW_PRICE_TABLE) as unknown as Record<string, Record<string, Record<string, unknown>>>;
    bad.ec2['m6i.xlarge'] = { ...bad.ec2['m6i.xlarge'], 'us-west-2': { usd: 0.2, source: 'S1', confidence: 'estimate' } };
    bad.msk['kafka.m5.large'] = { 'us-east-1': { usd: -1, source: 'nowhere', confidence: 'verified' } };
    expect(() => resolvePriceTable(bad as unknown as RawPriceTable)).toThrow(PriceTableError);
    expect(() => resolvePriceTable(bad as unknown as RawPriceTable)).toThrow(/ec2\.m6i\.xlarge\.us-west-2: a derived or estimate row must state its derivation/);
    expect(() => resolvePriceTable(bad as unknown as RawPriceTable)).toThrow(/msk\.kafka\.m5\.large\.us-east-1\.source: must be a source id/);
  });
});

describe('cost model', () => {
  const estimate = () => estimateCost(toSynth(compliantStackDocs()), 'production');

  test('node groups: desired size x instance price x 730 h, Spot at the stated discount, plus launch-template gp3 volumes', () => {
    const e = estimate();
    const general = e.lines.find((l) => l.address.includes('cluster_general'))!;
    expect(general.components[0]).toMatchObject({ what: '12 x m6i.2xlarge on-demand', quantity: 12, unit: 'hour', unitUsd: 0.428, confidence: 'verified' });
    expect(general.components[0].monthlyUsd).toBeCloseTo(12 * 0.428 * 730, 6);
    expect(general.components[1].what).toMatch(/12 x 100 GB gp3/);
    const spot = e.lines.find((l) => l.address.includes('gpu-compute'))!;
    expect(spot.components[0].monthlyUsd).toBeCloseTo(2 * 1.81287 * 0.45 * 730, 6);
    expect(spot.components[0].what).toMatch(/Spot, 55% off: S6 eu-west-1 g5/);
  });

  test('RDS Multi-AZ doubles instance and storage; ElastiCache counts shards x (1 + replicas); MSK brokers plus storage', () => {
    const e = estimate();
    const table = priceTable();
    const db = e.lines.find((l) => l.type === 'aws_db_instance')!;
    expect(db.components[0].monthlyUsd).toBeCloseTo(2 * table.find('rds', 'db.r6g.large', 'eu-west-1')!.usd * 730, 6);
    expect(db.components[1].monthlyUsd).toBeCloseTo(2 * 200 * table.find('storage', 'rds-gp3', 'eu-west-1')!.usd, 6);
    const cache = e.lines.find((l) => l.type === 'aws_elasticache_replication_group')!;
    expect(cache.components[0]).toMatchObject({ quantity: 6, what: '6 x cache.r6g.xlarge (3 shards x 2)' });
    const msk = e.lines.find((l) => l.type === 'aws_msk_cluster')!;
    expect(msk.components.map((c) => c.quantity)).toEqual([6, 12000]);
  });

  test('per-layer and per-type totals add up; the confidence mix covers the whole total', () => {
    const e = estimate();
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(e.byLayer)).toBeCloseTo(e.monthlyUsd, 6);
    expect(sum(e.byType)).toBeCloseTo(e.monthlyUsd, 6);
    expect(sum(e.byConfidence)).toBeCloseTo(e.monthlyUsd, 6);
    expect(Object.keys(e.byLayer).sort()).toEqual(['cluster', 'data', 'edge']);
    expect(e.byConfidence.estimate).toBeGreaterThan(0);
  });

  test('usage-based and free resources are listed, an unknown type is listed as not priced, never dropped', () => {
    const docs = docsWith((d) => {
      (d[0].json.resource as Record<string, unknown>).aws_sagemaker_notebook_instance = { notebook_1: { name: 'notebook' } };
    });
    const e = estimateCost(toSynth(docs), 'production');
    expect(e.notPriced).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'aws_sagemaker_notebook_instance', reason: 'unknown' }),
      expect.objectContaining({ type: 'aws_s3_bucket', reason: 'usage-based' }),
      expect.objectContaining({ type: 'aws_launch_template', reason: 'free' }),
    ]));
    const text = formatCostText(e, checkBudget(e, undefined));
    expect(text).toContain('Not priced (usage-based or free, type unknown to the model): 1 resources');
    expect(text).toContain('aws_sagemaker_notebook_instance x1');
    expect(text).toContain('CDN bandwidth');
  });

  test('an instance type missing from the table is an error naming the type, region, stack and address, not $0', () => {
    const raw = clone(RAW_PRICE_TABLE) as unknown as { ec2: Record<string, unknown> };
    delete raw.ec2['m6i.2xlarge'];
    const table = resolvePriceTable(raw as unknown as RawPriceTable);
    let error: unknown;
    try {
      estimateCost(toSynth(compliantStackDocs()), 'production', table);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingPriceError);
    expect((error as Error).message).toMatch(/no row for m6i\.2xlarge \(eu-west-1\)/);
    expect((error as Error).message).toMatch(/production-eu-west-1-cluster aws_eks_node_group\.cluster_general_\w+: no ec2 price for 'm6i\.2xlarge' in eu-west-1; add 'm6i\.2xlarge'/);
  });

  test('a node count that is an expression cannot be priced', () => {
    const docs = docsWith((d) => {
      (resource(d, 'production-eu-west-1-cluster', 'aws_eks_node_group', 'general').scaling_config as Record<string, unknown>).desired_size = '${var.size}';
    });
    expect(() => estimateCost(toSynth(docs), 'production')).toThrow(/scaling_config\.desired_size is "\$\{var\.size\}"; the cost model needs a literal number/);
  });

  test('budget: within, above the alert threshold, over, and absent', () => {
    const e = estimate();
    const b = (monthlyUsd: number) => checkBudget(e, { monthlyUsd, usageAllowanceUsd: 35_000, alertThresholdPercent: 80 });
    expect(b(110_000).status).toBe('ok');
    expect(b(110_000).message).toMatch(/infrastructure budget \$75,000\.00; estimate \$[\d,.]+ = \d+\.\d%: within budget/);
    expect(b(35_000 + e.monthlyUsd / 0.9).status).toBe('alert');
    expect(b(35_000 + e.monthlyUsd / 2).status).toBe('over');
    expect(checkBudget(e, undefined).status).toBe('none');
  });
});

describe('npm run cost', () => {
  // What `npm run cost` runs: the compiled entry point (cli/launch.js builds it when sources changed).
  const run = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'cli/launch.js'), 'cost', ...args], { cwd: ROOT, encoding: 'utf8' });

  test('production prints a monthly total, a per-layer breakdown and the budget check', () => {
    const r = run(['production']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Monthly cost estimate for production: \$[\d,.]+/);
    expect(r.stdout).toMatch(/Per layer:\nlayer +monthly +share\nnetwork/);
    expect(r.stdout).toContain('budget $360,000.00/month (platform-phase-1 $110,000.00 + gpu-fleet $250,000.00)');
    expect(r.stdout).toContain('infrastructure budget $325,000.00');
    expect(r.stdout).toMatch(/of the total rests on non-verified prices/);
  });

  test('a type the table lacks makes it fail with the type named', () => {
    const docs = docsWith((d) => {
      resource(d, 'production-eu-west-1-cluster', 'aws_eks_node_group', 'general').instance_types = ['m7i.2xlarge'];
    });
    const dir = writeOutdir(tempDir('cost-missing'), docs);
    const r = run(['production', '--outdir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot estimate production: the price table has no row for m7i\.2xlarge \(eu-west-1\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('over budget exits 1', () => {
    const docs = docsWith((d) => {
      (resource(d, 'production-us-east-1-cluster', 'aws_eks_node_group', 'gpu-training').scaling_config as Record<string, unknown>).desired_size = 20;
    });
    const dir = writeOutdir(tempDir('cost-over'), docs);
    const r = run(['production', '--outdir', dir]);
    expect(r.stdout).toMatch(/OVER BUDGET by \$/);
    expect(r.status).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('budget config', () => {
  const base = fs.readFileSync(path.join(ROOT, 'environments', 'dev.yaml'), 'utf8').replace(/\nbudget:[\s\S]*$/, '\n');

  test('the checked-in environments carry the seed budgets (production: phase 1 ~$110K + GPU fleet ~$250K)', () => {
    expect(loadEnvironment('production').budget).toEqual({
      monthlyUsd: 360_000, components: { 'platform-phase-1': 110_000, 'gpu-fleet': 250_000 }, usageAllowanceUsd: 35_000, alertThresholdPercent: 80,
    });
    expect(loadEnvironment('staging').budget?.monthlyUsd).toBe(27_500);
    expect(loadEnvironment('dev').budget?.monthlyUsd).toBe(11_000);
  });

  test('bad values name the file and key path', () => {
    expect(() => parseEnvironment(`${base}budget:\n  monthlyUsd: -5\n`, '/x/dev.yaml')).toThrow(/dev\.yaml: budget\.monthlyUsd: /);
    expect(() => parseEnvironment(`${base}budget:\n  monthlyUsd: 100\n  usageAllowanceUsd: 200\n`, '/x/dev.yaml'))
      .toThrow(/budget\.usageAllowanceUsd: usageAllowanceUsd must be smaller than monthlyUsd/);
    expect(() => parseEnvironment(`${base}budget:\n  monthlyUsd: 100\n  currency: EUR\n`, '/x/dev.yaml')).toThrow(/budget\.currency: unknown key/);
    expect(() => parseEnvironment(`${base}budget:\n  monthlyUsd: 100\n  components: {a: 60, b: 30}\n`, '/x/dev.yaml'))
      .toThrow(/budget\.components: the components must add up to monthlyUsd/);
    expect(() => parseEnvironment(`${base}budget:\n  monthlyUsd: 100\n  components: {Bad_Name: 100}\n`, '/x/dev.yaml'))
      .toThrow(/budget\.components\.Bad_Name: must be a kebab-case name/);
    expect(parseEnvironment(base, '/x/dev.yaml').budget).toBeUndefined();
  });
});
