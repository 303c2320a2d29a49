/**
 * The plan preview over real synthesized output (issue 10 "What it must show"): a production tag added
 * in YAML, a database construct renamed without / with partial / with complete state moves, and the
 * other stack-level changes (provider, backend, outputs, data sources, moved blocks, lifecycle).
 */
import * as fs from 'fs';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { loadEnvironment } from '../environments/load';
import { synthesizeEnvironments } from '../stacks/app';
import { PostgresDatabase, PostgresDatabaseProps } from '../constructs/data/postgres-database';
import { moveConstructFrom } from '../constructs/core/moves';
import { buildPreview, formatPreviewMarkdown, formatPreviewSummary } from '../tools/preview/preview';
import { schemaHasTagsAll } from '../tools/preview/taggable';
import { readSynth, TfSynth } from '../tools/tfjson';
import { synthEnvironments, tempDir } from './helpers';
import { clone, compliantStackDocs, toSynth } from './helpers/fixtures';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const scratch = (prefix: string) => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
const run = (base: TfSynth, head: TfSynth) => buildPreview(base, head, { baseLabel: 'base', headLabel: 'head', cost: false, policy: false });

describe('taggable types come from the provider bindings', () => {
  test('tags_all in the binding schema decides (not a hand list)', () => {
    expect(schemaHasTagsAll('aws_db_instance')).toBe(true);
    expect(schemaHasTagsAll('aws_s3_bucket')).toBe(true);
    expect(schemaHasTagsAll('aws_kms_alias')).toBe(false);
    expect(schemaHasTagsAll('aws_route_table_association')).toBe(false);
    expect(schemaHasTagsAll('aws_no_such_type')).toBeUndefined();
    expect(schemaHasTagsAll('kubernetes_namespace_v1')).toBe(false);
  });
});

describe('adding a tag to production\'s YAML', () => {
  test('every production stack lists its tag-capable resources as in-place updates; exit 0', () => {
    const prod = loadEnvironment('production');
    // The base is the run's synth of the checked-in production (test/helpers.ts), byte for byte a fresh one.
    const baseDir = synthEnvironments([prod]).outdir;
    dirs.push(baseDir);
    const headDir = scratch('preview-tag-head');
    synthesizeEnvironments([{ ...prod, tags: { ...prod.tags, 'cost-owner': 'streaming' } }], headDir);
    const base = readSynth(baseDir);
    const head = readSynth(headDir);
    const r = run(base, head);
    expect(r.exitCode).toBe(0);
    const stacks = r.diff.stacks;
    expect(stacks.length).toBeGreaterThanOrEqual(5);
    for (const s of stacks) {
      expect([s.stack, s.status]).toEqual([s.stack, 'changed']);
      expect(s.counts).toMatchObject({ create: 0, replace: 0, delete: 0 });
      const headStack = head.stacks.find((x) => x.name === s.stack)!;
      const taggable = headStack.resources.filter((x) => schemaHasTagsAll(x.type));
      const tagged = s.changes.filter((c) => schemaHasTagsAll(c.type));
      expect(tagged.map((c) => c.address).sort()).toEqual(taggable.map((x) => x.address).sort());
      for (const c of tagged) expect(c.changedAttributes).toContain('tags_all.cost-owner');
      // Anything else that changes copies the tags into its own body: Karpenter's EC2NodeClass, whose tags
      // land on the nodes it launches.
      for (const c of s.changes.filter((x) => !schemaHasTagsAll(x.type))) {
        expect([c.type, c.changedAttributes.some((a) => a.includes('cost-owner'))]).toEqual(['kubernetes_manifest', true]);
      }
      expect(s.counts.update).toBe(s.changes.length);
      expect(s.settings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'provider', subject: 'aws.default_tags.cost-owner', change: 'added' })]));
    }
    const data = stacks.find((s) => s.stack === 'production-eu-west-1-data')!;
    expect(data.changes.some((c) => c.type === 'aws_db_instance')).toBe(true);
    expect(data.changes.some((c) => c.type === 'aws_kms_alias')).toBe(false); // no tags_all in its schema
    const md = formatPreviewMarkdown(r);
    expect(md).toContain('Environments: **production** (');
    // The per-region split: every region whose stacks change, with its counts (only updates here).
    for (const region of new Set(stacks.map((s) => /^production-(global|[a-z]+-[a-z]+-\d)-/.exec(s.stack)![1]))) {
      const updates = stacks.filter((s) => s.stack.startsWith(`production-${region}-`)).reduce((n, s) => n + s.counts.update, 0);
      expect(md).toContain(`production ${region} +0 ~${updates} ±0 −0`);
    }
    expect(md).toMatch(/^Regions: production eu-west-1 /m);
    for (const s of stacks) expect(md).toContain(`| production | ${s.stack} | 0 | ${s.counts.update} | 0 | 0 |`);
  });
});

const SUBNETS = ['subnet-a', 'subnet-b', 'subnet-c'];
const PROPS: PostgresDatabaseProps = {
  identifier: 'production-eu-west-1-catalog', databaseName: 'catalog', engineVersion: '16.14', instanceClass: 'db.r6g.large',
  vpcId: 'vpc-1', subnetIds: SUBNETS, allocatedStorageGb: 125,
};

/** A production data stack with one database under construct id `id`; `moves` runs before synth. */
function synthDatabase(id: string, moves?: (db: PostgresDatabase) => void): TfSynth {
  const outdir = scratch('preview-db');
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'production-eu-west-1-data');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: { environment: 'production', layer: 'data' } }] });
  const db = new PostgresDatabase(stack, id, PROPS);
  new TerraformOutput(stack, 'catalog-endpoint', { value: db.endpoint });
  moves?.(db);
  app.synth();
  return readSynth(outdir);
}

describe('renaming a database construct id', () => {
  const base = synthDatabase('db-catalog');

  test('without moves: exit 1, every colliding physical name, the real move statements for every resource', () => {
    const r = run(base, synthDatabase('catalog-db'));
    expect(r.exitCode).toBe(1);
    expect(r.applyFails).toBe(true);
    const same = r.diff.collisions.map((c) => c.sameBy);
    expect(same).toEqual(expect.arrayContaining([
      'identifier = "production-eu-west-1-catalog"',
      expect.stringMatching(/^name = "production-eu-west-1-catalog/), // parameter and subnet groups
      'name = "/aws/rds/instance/production-eu-west-1-catalog/postgresql"',
    ]));
    const [plan] = r.diff.stacks[0].constructMoves;
    expect(plan.fromPath).toBe('production-eu-west-1-data/db-catalog');
    expect(plan.toPath).toBe('production-eu-west-1-data/catalog-db');
    const removed = base.stacks[0].resources.length;
    expect(plan.moves).toHaveLength(removed); // every resource of the construct, not only the colliding ones
    for (const m of plan.moves) {
      expect(base.stacks[0].resources.some((x) => x.address === m.from)).toBe(true);
      expect(m.to).toMatch(/\.catalog-db_/);
    }
    const summary = formatPreviewSummary(r);
    expect(summary).toContain("moveConstructFrom(<construct at production-eu-west-1-data/catalog-db>, 'db-catalog');");
    expect(summary).toContain(`from = ${plan.moves[0].from}`);
    expect(formatPreviewMarkdown(r)).toContain('The apply would fail');
  });

  test('moving only the instance is not enough: the other physical names still collide', () => {
    const partial = synthDatabase('catalog-db', (db) => db.instance.moveFromId(base.stacks[0].resources.find((x) => x.type === 'aws_db_instance')!.address));
    const r = run(base, partial);
    expect(r.exitCode).toBe(1);
    expect(r.diff.collisions.map((c) => c.from.type)).not.toContain('aws_db_instance');
    expect(r.diff.collisions.map((c) => c.from.type)).toEqual(expect.arrayContaining(['aws_db_parameter_group', 'aws_db_subnet_group', 'aws_cloudwatch_log_group']));
  });

  test('applying exactly the printed moves (db.moveFrom) turns the preview green: no destroy, no create', () => {
    const planned = run(base, synthDatabase('catalog-db')).diff.stacks[0].constructMoves[0].moves;
    let added: { from: string; to: string }[] = [];
    const moved = synthDatabase('catalog-db', (db) => { added = db.moveFrom('db-catalog'); });
    expect(added.map((m) => `${m.from} -> ${m.to}`).sort()).toEqual(planned.map((m) => `${m.from} -> ${m.to}`).sort());
    const r = run(base, moved);
    expect(r.exitCode).toBe(0);
    expect(r.diff.collisions).toEqual([]);
    const s = r.diff.stacks[0];
    expect(s.counts).toEqual({ create: 0, update: s.counts.update, replace: 0, delete: 0 });
    expect(s.changes.every((c) => c.movedFrom !== undefined && c.changedAttributes.length === 0)).toBe(true);
    expect(s.settings.filter((c) => c.kind === 'moved').length).toBe(planned.length);
  });

  test('moveConstructFrom refuses a missing or still existing old id', () => {
    expect(() => synthDatabase('catalog-db', (db) => moveConstructFrom(db, 'catalog-db'))).toThrow(/previous id, different from 'catalog-db'/);
  });
});

describe('stack-level changes besides resources', () => {
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const edit = (fn: (data: Json) => void) => {
    const docs = clone(compliantStackDocs());
    fn(docs.find((d) => d.name === 'production-eu-west-1-data')!.json as Json);
    return toSynth(docs);
  };
  const base = toSynth(compliantStackDocs());

  test('backend, outputs, data sources, lifecycle and provider assume_role are reported', () => {
    const head = edit((j) => {
      j.terraform = { ...j.terraform, backend: { s3: { bucket: 'state', key: 'data.tfstate', region: 'eu-west-1' } } };
      j.output = { ...(j.output ?? {}), 'catalog-endpoint': { value: 'x' } };
      j.data = { ...(j.data ?? {}), aws_region: { current: {} } };
      j.provider.aws[0].assume_role = [{ role_arn: 'arn:aws:iam::123456789012:role/deploy' }];
      const db = j.resource.aws_db_instance['db-catalog_instance_A1B2C3D4'];
      db.lifecycle = { prevent_destroy: true };
    });
    const r = run(base, head);
    const s = r.diff.stacks.find((x) => x.stack === 'production-eu-west-1-data')!;
    expect(s.status).toBe('changed');
    const kinds = s.settings.map((c) => `${c.kind} ${c.subject} ${c.change}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'backend backend.s3 added', 'output output.catalog-endpoint added', 'data data.aws_region.current added',
      'provider aws.assume_role added', 'lifecycle aws_db_instance.db-catalog_instance_A1B2C3D4 added',
    ]));
    expect(s.settings.find((c) => c.kind === 'backend')!.detail).toMatch(/migrate-state/);
    expect(formatPreviewMarkdown(r)).toContain('**Other changes**');
  });

  test('a provider region change re-creates every resource of that provider (stateful ones gate)', () => {
    const head = edit((j) => { j.provider.aws[0].region = 'eu-central-1'; });
    const r = run(base, head);
    const s = r.diff.stacks.find((x) => x.stack === 'production-eu-west-1-data')!;
    expect(s.counts.replace).toBe(s.changes.length);
    expect(s.changes[0].reasons.join()).toMatch(/provider aws region changes from "eu-west-1" to "eu-central-1"/);
    expect(r.exitCode).toBe(1);
  });
});
