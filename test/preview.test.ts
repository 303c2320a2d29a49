import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllowList } from '../tools/preview/allow';
import { changedPaths, diffSynth } from '../tools/preview/diff';
import { buildPreview, formatPreviewMarkdown, GITHUB_COMMENT_LIMIT, previewJson } from '../tools/preview/preview';
import { REPLACEMENT_ATTRIBUTES, STATEFUL_TYPES } from '../tools/preview/replacement-attributes';
import { clone, compliantStackDocs, StackDoc, tempDir, toSynth, writeOutdir } from './helpers/fixtures';

const ROOT = path.join(__dirname, '..');
const DATA = 'production-eu-west-1-data';
const CLUSTER = 'production-eu-west-1-cluster';
const DB = 'aws_db_instance.db-catalog_instance_A1B2C3D4';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const resources = (docs: StackDoc[], stack: string) => docs.find((d) => d.name === stack)!.json.resource as Resources;

function edited(edit: (docs: StackDoc[]) => void): StackDoc[] {
  const docs = clone(compliantStackDocs());
  edit(docs);
  return docs;
}

/** What cdktf writes when the construct id `db-catalog` becomes `catalog-db`: a new address and path. */
function renameDatabase(docs: StackDoc[]): void {
  const dbs = resources(docs, DATA).aws_db_instance;
  const body = dbs['db-catalog_instance_A1B2C3D4'];
  delete dbs['db-catalog_instance_A1B2C3D4'];
  dbs['catalog-db_instance_9F8E7D6C'] = { ...body, '//': { metadata: { path: `${DATA}/catalog-db/instance`, uniqueId: 'catalog-db_instance_9F8E7D6C' } } };
}

function tagNodeGroup(docs: StackDoc[]): void {
  const groups = resources(docs, CLUSTER).aws_eks_node_group;
  const general = Object.keys(groups).find((k) => k.includes('general'))!;
  groups[general].tags = { ...(groups[general].tags as object), team: 'playback' };
}

const preview = (base: StackDoc[], head: StackDoc[], options: Partial<Parameters<typeof buildPreview>[2]> = {}) =>
  buildPreview(toSynth(base), toSynth(head), { baseLabel: 'base', headLabel: 'head', ...options });

function runCli(args: string[], cwd = ROOT) {
  // What `npm run preview` runs: the compiled entry point (cli/launch.js builds it when sources changed).
  return spawnSync(process.execPath, [path.join(ROOT, 'cli/launch.js'), 'preview', ...args], { cwd, encoding: 'utf8' });
}

describe('replacement data', () => {
  test('covers every stateful type of the issue, each with forcing attributes and its provider docs page', () => {
    const required = ['aws_db_instance', 'aws_msk_cluster', 'aws_msk_topic', 'aws_elasticache_replication_group', 'aws_s3_bucket', 'aws_efs_file_system',
      'aws_eks_cluster', 'aws_kms_key', 'aws_ecr_repository'];
    expect(STATEFUL_TYPES).toEqual(expect.arrayContaining(required));
    for (const type of required) {
      expect(REPLACEMENT_ATTRIBUTES[type].forceNew.length).toBeGreaterThan(0);
      expect(REPLACEMENT_ATTRIBUTES[type].docs).toBe(`https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${type.slice(4)}`);
    }
  });
});

describe('diff', () => {
  test('deep diff names changed leaf attributes and ignores cdktf metadata', () => {
    expect(changedPaths({ '//': { a: 1 }, tags: { a: '1' }, list: [1, 2], block: [{ x: 1 }] }, { '//': { a: 2 }, tags: { a: '1', b: '2' }, list: [1, 2, 3], block: [{ x: 2 }] }))
      .toEqual(['block[0].x', 'list', 'tags.b']);
  });

  test('a renamed database construct id is a destroy of the old address and a create of the new one', () => {
    const diff = diffSynth(toSynth(compliantStackDocs()), toSynth(edited(renameDatabase)));
    expect(diff.statefulRisks).toEqual([expect.objectContaining({
      stack: DATA, address: DB, type: 'aws_db_instance', action: 'delete', stateful: true,
      constructPath: `${DATA}/db-catalog/instance`, renamedTo: 'aws_db_instance.catalog-db_instance_9F8E7D6C',
    })]);
    // Same identifier on both sides: the create fails while the old instance exists (an apply failure, not only a data loss).
    expect(diff.statefulRisks[0].reasons[0]).toMatch(/^apply would fail: aws_db_instance\.catalog-db_instance_9F8E7D6C is created with the same identifier = "production-eu-west-1-catalog"/);
    expect(diff.collisions).toEqual([expect.objectContaining({ stack: DATA, sameBy: 'identifier = "production-eu-west-1-catalog"' })]);
    const data = diff.stacks.find((s) => s.stack === DATA)!;
    expect(data.counts).toEqual({ create: 1, update: 0, replace: 0, delete: 1 });
  });

  test('a tag on a node group is an in-place update naming the attribute', () => {
    const diff = diffSynth(toSynth(compliantStackDocs()), toSynth(edited(tagNodeGroup)));
    expect(diff.statefulRisks).toEqual([]);
    const cluster = diff.stacks.find((s) => s.stack === CLUSTER)!;
    expect(cluster.changes).toEqual([expect.objectContaining({ type: 'aws_eks_node_group', action: 'update', changedAttributes: ['tags.team'], stateful: false })]);
  });

  test('forcing attributes replace; others update in place (MSK key, topic replication factor vs partitions, node group instance type)', () => {
    const head = edited((d) => {
      const r = resources(d, DATA);
      const msk = r.aws_msk_cluster['kafka-realtime_cluster_5E6F7A8B'] as { encryption_info: Record<string, unknown>; kafka_version: string };
      msk.encryption_info.encryption_at_rest_kms_key_arn = 'arn:aws:kms:eu-west-1:111122223333:key/other';
      msk.kafka_version = '4.1.x.kraft';
      r.aws_msk_topic['kafka-realtime_topic-playback-events_0A1B2C3D'].partition_count = 96;
      const groups = resources(d, CLUSTER).aws_eks_node_group;
      groups[Object.keys(groups).find((k) => k.includes('memory'))!].instance_types = ['r6i.4xlarge'];
    });
    const diff = diffSynth(toSynth(compliantStackDocs()), toSynth(head));
    const by = (a: string) => diff.stacks.flatMap((s) => s.changes).find((c) => c.address.startsWith(a))!;
    expect(by('aws_msk_cluster.')).toMatchObject({ action: 'replace', reasons: ['encryption_info.encryption_at_rest_kms_key_arn forces replacement'] });
    expect(by('aws_msk_cluster.').changedAttributes).toEqual(['encryption_info.encryption_at_rest_kms_key_arn', 'kafka_version']);
    // The topic's partition change alone is in place, but its cluster_arn refers to the replaced cluster.
    expect(by('aws_msk_topic.')).toMatchObject({ action: 'replace', changedAttributes: ['partition_count'] });
    expect(by('aws_msk_topic.').reasons[0]).toMatch(/^cluster_arn refers to aws_msk_cluster\.kafka-realtime_cluster_5E6F7A8B, which is replaced/);
    expect(by('aws_eks_node_group.cluster_memory')).toMatchObject({ action: 'replace', stateful: false });
    expect(diff.statefulRisks.map((c) => c.type)).toEqual(['aws_msk_cluster', 'aws_msk_topic']);
    const partitions = diffSynth(toSynth(compliantStackDocs()), toSynth(edited((d) => {
      resources(d, DATA).aws_msk_topic['kafka-realtime_topic-playback-events_0A1B2C3D'].partition_count = 96;
    })));
    expect(partitions.statefulRisks).toEqual([]);
    expect(partitions.stacks.find((s) => s.stack === DATA)!.changes).toEqual([expect.objectContaining({ action: 'update', changedAttributes: ['partition_count'] })]);
    const topicRf = diffSynth(toSynth(compliantStackDocs()), toSynth(edited((d) => {
      resources(d, DATA).aws_msk_topic['kafka-realtime_topic-playback-events_0A1B2C3D'].replication_factor = 2;
    })));
    expect(topicRf.statefulRisks).toEqual([expect.objectContaining({ type: 'aws_msk_topic', action: 'replace' })]);
  });

  test('replacement cascades to resources whose forcing attribute refers to a replaced one (KMS key -> database)', () => {
    const head = edited((d) => {
      resources(d, DATA).aws_kms_key['data-key_key_1C2D3E4F'].multi_region = true;
    });
    const risks = diffSynth(toSynth(compliantStackDocs()), toSynth(head)).statefulRisks;
    const db = risks.find((c) => c.address === DB)!;
    expect(db.action).toBe('replace');
    expect(db.reasons).toEqual(['kms_key_id refers to aws_kms_key.data-key_key_1C2D3E4F, which is replaced (its new value is only known after apply)']);
    expect(risks.map((c) => c.type).sort()).toEqual(['aws_db_instance', 'aws_ecr_repository', 'aws_efs_file_system', 'aws_elasticache_replication_group', 'aws_kms_key',
      'aws_msk_cluster', 'aws_msk_topic']);
  });

  test('a moved block carries the resource to its new address: no destroy', () => {
    const head = edited((d) => {
      renameDatabase(d);
      (d.find((s) => s.name === DATA)!.json as Record<string, unknown>).moved = [{ from: DB, to: 'aws_db_instance.catalog-db_instance_9F8E7D6C' }];
    });
    const diff = diffSynth(toSynth(compliantStackDocs()), toSynth(head));
    expect(diff.statefulRisks).toEqual([]);
    expect(diff.stacks.find((s) => s.stack === DATA)!.changes).toEqual([expect.objectContaining({ action: 'update', movedFrom: DB, changedAttributes: [] })]);
  });

  test('a removed stack destroys everything in it; an added stack creates', () => {
    const head = compliantStackDocs().filter((d) => d.name !== DATA);
    const diff = diffSynth(toSynth(compliantStackDocs()), toSynth(head));
    const data = diff.stacks.find((s) => s.stack === DATA)!;
    expect(data.status).toBe('removed');
    expect([...new Set(diff.statefulRisks.map((c) => c.type))].sort()).toEqual(['aws_db_instance', 'aws_ecr_repository', 'aws_efs_file_system',
      'aws_elasticache_replication_group', 'aws_kms_key', 'aws_msk_cluster', 'aws_msk_topic', 'aws_s3_bucket']);
    expect(diff.statefulRisks).toHaveLength(data.changes.filter((c) => c.stateful).length);
    expect(diff.statefulRisks[0].reasons).toEqual([`stack ${DATA} is removed`]);
    const back = diffSynth(toSynth(head), toSynth(compliantStackDocs()));
    expect(back.stacks.find((s) => s.stack === DATA)!.status).toBe('added');
    expect(back.statefulRisks).toEqual([]);
  });
});

describe('preview result', () => {
  test('unacknowledged stateful destroy blocks; the allow list or --allow-destroy acknowledges, unused entries are reported', () => {
    const head = edited((docs) => { delete resources(docs, DATA).aws_db_instance['db-catalog_instance_A1B2C3D4']; });
    expect(preview(compliantStackDocs(), head).exitCode).toBe(1);
    const allow = parseAllowList(`allow:\n  - stack: ${DATA}\n    address: ${DB}\n    reason: catalog moved to the new instance via pg_dump (OTT-42)\n` +
      '  - stack: production-*\n    address: aws_s3_bucket.old_*\n    reason: left over from the bucket rename in OTT-7\n', '.preview-allow.yaml');
    const acknowledged = preview(compliantStackDocs(), head, { allowEntries: allow });
    expect(acknowledged.exitCode).toBe(0);
    expect(acknowledged.stateful[0]).toMatchObject({ acknowledged: true, acknowledgedBy: 'allow-list', reason: 'catalog moved to the new instance via pg_dump (OTT-42)' });
    expect(acknowledged.unusedAllowEntries.map((e) => e.address)).toEqual(['aws_s3_bucket.old_*']);
    expect(formatPreviewMarkdown(acknowledged)).toContain('yes (allow-list: catalog moved to the new instance via pg_dump (OTT-42))');
    expect(preview(compliantStackDocs(), head, { allowDestroy: true }).exitCode).toBe(0);
    expect(() => parseAllowList('allow:\n  - stack: x\n    address: y\n', '/r/.preview-allow.yaml')).toThrow(/\.preview-allow\.yaml: allow\[0\]\.reason: /);
  });

  test('cost delta per environment; a type missing from the price table fails the preview', () => {
    const bigger = edited((d) => {
      const groups = resources(d, CLUSTER).aws_eks_node_group;
      const general = groups[Object.keys(groups).find((k) => k.includes('general'))!];
      (general.scaling_config as Record<string, number>).desired_size = 13;
    });
    const r = preview(compliantStackDocs(), bigger, { budgetOf: () => ({ monthlyUsd: 110_000, usageAllowanceUsd: 35_000, alertThresholdPercent: 80 }) });
    expect(r.costs[0].deltaUsd).toBeCloseTo(0.428 * 730 + 100 * 0.08 * 1.11606, 1);
    expect(r.costs[0].byLayerDeltaUsd!.cluster).toBeCloseTo(r.costs[0].deltaUsd!, 6);
    expect(formatPreviewMarkdown(r)).toMatch(/\| production \| \$[\d,.]+ \| \$[\d,.]+ \| \+\$321\.\d\d<br><sub>cluster \+\$321\.\d\d<\/sub> \| ✅ [\d.]+% of \$75,000\.00 \|/);
    const unknownType = edited((d) => {
      const groups = resources(d, CLUSTER).aws_eks_node_group;
      groups[Object.keys(groups).find((k) => k.includes('general'))!].instance_types = ['m7i.2xlarge'];
    });
    const failed = preview(compliantStackDocs(), unknownType);
    expect(failed.costFailed).toBe(true);
    expect(failed.exitCode).toBe(1);
    expect(formatPreviewMarkdown(failed)).toMatch(/❌ \*\*production\*\*: the price table has no row for m7i\.2xlarge \(eu-west-1\)/);
  });

  test('the comment stays under GitHub\'s limit by summarising, summary table first', () => {
    const base = compliantStackDocs();
    const head = edited((d) => {
      const r = resources(d, CLUSTER);
      r.aws_iam_role_policy = {};
      for (let i = 0; i < 3000; i++) {
        r.aws_iam_role_policy[`service-${i}_policy_${i.toString(16).padStart(8, '0')}`] = {
          name: `service-${i}-with-a-rather-long-policy-name`, role: '${aws_iam_role.cluster_node-role_55EE66FF.id}',
          policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` }] }),
        };
      }
      tagNodeGroup(d);
    });
    const r = preview(base, head);
    const md = formatPreviewMarkdown(r);
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(md.indexOf('| stack | + create')).toBeLessThan(md.indexOf('### Monthly cost'));
    expect(md).toContain(`| ${CLUSTER} | 3000 | 1 | 0 | 0 |  |`);
    expect(md).toContain('Per-stack details omitted to stay under the comment size limit');
    const json = previewJson(r) as { stacks: { changes: unknown[] }[] };
    expect(json.stacks[0].changes).toHaveLength(3001);
  });
});

describe('npm run preview', () => {
  test('renamed production database: destroyed in Markdown and JSON, exit 1; a node-group tag: in-place, exit 0', () => {
    const dir = tempDir('preview-cli');
    const base = writeOutdir(path.join(dir, 'base'), compliantStackDocs());
    const renamed = writeOutdir(path.join(dir, 'renamed'), edited(renameDatabase));
    const tagged = writeOutdir(path.join(dir, 'tagged'), edited(tagNodeGroup));
    const r1 = runCli(['--base', base, '--head', renamed, '--markdown', path.join(dir, 'r1.md'), '--json', path.join(dir, 'r1.json')], dir);
    expect(r1.status).toBe(1);
    const md = fs.readFileSync(path.join(dir, 'r1.md'), 'utf8');
    expect(md).toContain('## Plan preview: ❌ the apply would fail (a new resource takes the name of one being destroyed)');
    expect(md).toContain(`| ${DATA} | \`${DB}\`<br>\`${DATA}/db-catalog/instance\` | **destroy** | apply would fail`);
    expect(md).toContain(`moved {\n  from = ${DB}\n  to   = aws_db_instance.catalog-db_instance_9F8E7D6C\n}`);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'r1.json'), 'utf8'));
    expect(json.exitCode).toBe(1);
    expect(json.stateful).toEqual([expect.objectContaining({ stack: DATA, address: DB, type: 'aws_db_instance', action: 'delete', acknowledged: false })]);
    expect(r1.stderr).toContain(`BLOCKED destroy ${DATA} ${DB}`);

    const r2 = runCli(['--base', base, '--head', tagged, '--format', 'json'], dir);
    expect(r2.status).toBe(0);
    const json2 = JSON.parse(r2.stdout);
    expect(json2.stateful).toEqual([]);
    expect(json2.stacks).toEqual([expect.objectContaining({ stack: CLUSTER, counts: { create: 0, update: 1, replace: 0, delete: 0 } })]);
    expect(json2.stacks[0].changes[0]).toMatchObject({ action: 'update', changedAttributes: ['tags.team'] });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('--base-ref synthesizes the previous commit in a temporary worktree and compares it with the working tree', () => {
    const repo = tempDir('preview-repo');
    const sh = (args: string[]) => {
      const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      return r.stdout.trim();
    };
    // A stand-in app: main.ts writes stacks.json as a cdktf output (like `tsx main.ts --all`).
    fs.writeFileSync(path.join(repo, 'main.ts'), `
      import * as fs from 'fs';
      import * as path from 'path';
      const out = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
      const docs: { name: string; json: unknown }[] = JSON.parse(fs.readFileSync('stacks.json', 'utf8'));
      const stacks: Record<string, unknown> = {};
      for (const d of docs) {
        fs.mkdirSync(path.join(out, 'stacks', d.name), { recursive: true });
        fs.writeFileSync(path.join(out, 'stacks', d.name, 'cdk.tf.json'), JSON.stringify(d.json));
        stacks[d.name] = { synthesizedStackPath: 'stacks/' + d.name + '/cdk.tf.json' };
      }
      fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ stacks }));
    `);
    fs.writeFileSync(path.join(repo, '.gitignore'), 'cdktf.out/\n');
    fs.writeFileSync(path.join(repo, 'stacks.json'), JSON.stringify(compliantStackDocs().filter((d) => d.name === DATA)));
    sh(['init', '-q', '-b', 'main']);
    sh(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A']);
    sh(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base']);
    fs.writeFileSync(path.join(repo, 'stacks.json'), JSON.stringify(edited(renameDatabase).filter((d) => d.name === DATA)));
    sh(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qam', 'rename the database construct']);

    const r = runCli(['--base-ref', 'HEAD~1', '--json', path.join(repo, 'preview.json'), '--no-policy'], repo);
    expect(r.stderr).toContain(`BLOCKED destroy ${DATA} ${DB}`);
    expect(r.status).toBe(1);
    const json = JSON.parse(fs.readFileSync(path.join(repo, 'preview.json'), 'utf8'));
    expect(json.base).toMatch(/^HEAD~1 \([0-9a-f]{8}\)$/);
    expect(json.head).toMatch(/^working tree \([0-9a-f]{8}\)$/);
    expect(json.stateful[0]).toMatchObject({ address: DB, action: 'delete' });
    expect(sh(['worktree', 'list']).split('\n')).toHaveLength(1);
    fs.rmSync(repo, { recursive: true, force: true });
  });
});
