import * as fs from 'fs';
import * as path from 'path';
import { loadAllEnvironments } from '../environments/load';
import { writeDirAtomically } from '../tools/outdir';
import { POLICY_RULES } from '../tools/policy/rules';
import { RULE_TABLE_END, RULE_TABLE_START, ruleTable } from '../tools/policy/rule-table';
import { WELL_KNOWN_RULES } from '../tools/policy/well-known-rules';
import { enforcePolicy, formatPolicyMarkdown, formatPolicyText, PolicyViolationError, runPolicy } from '../tools/policy/run';
import { loadSuppressions, parseSuppressions, SUPPRESSIONS_FILE } from '../tools/policy/suppressions';
import { readSynth } from '../tools/tfjson';
import { clone, compliantStackDocs, FIXTURES, readStackDoc, StackDoc, tempDir, toSynth, writeOutdir } from './helpers/fixtures';
import { synthEnvironments } from './helpers';

const VIOLATIONS = path.join(FIXTURES, 'policy', 'violations');

function violation(ruleId: string): StackDoc {
  return readStackDoc(path.join(VIOLATIONS, `${ruleId}.tf.json`));
}

/** Re-labels a fixture stack as another environment (name and default tags). */
function asEnvironment(doc: StackDoc, env: string): StackDoc {
  const json = clone(doc.json) as { provider: { aws: { default_tags: { tags: Record<string, string> }[] }[] } };
  json.provider.aws[0].default_tags[0].tags.environment = env;
  return { name: doc.name.replace(/^production-/, `${env}-`), json: json as unknown as Record<string, unknown> };
}

describe('policy pack rules', () => {
  test('every rule has an id, severity, one-line rationale and fix, and a violating fixture; no fixture without a rule', () => {
    const ids = POLICY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of POLICY_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['critical', 'high', 'medium', 'low']).toContain(r.severity);
      expect(r.rationale).not.toContain('\n');
      expect(r.rationale.length).toBeGreaterThan(20);
      expect(r.fix.length).toBeGreaterThan(10);
      expect(fs.existsSync(path.join(VIOLATIONS, `${r.id}.tf.json`))).toBe(true);
    }
    const fixtures = fs.readdirSync(VIOLATIONS).map((f) => f.replace(/\.tf\.json$/, ''));
    expect(fixtures.filter((f) => !ids.includes(f))).toEqual([]);
  });

  test.each(POLICY_RULES.map((r) => r.id))('%s fails on its violating fixture (production)', (ruleId) => {
    const doc = violation(ruleId);
    const report = runPolicy(toSynth([doc]), { suppressions: [] });
    const hits = report.findings.filter((f) => f.ruleId === ruleId);
    expect(hits.length).toBeGreaterThan(0);
    for (const f of hits) {
      expect(f.outcome).toBe('fail');
      expect(f.stack).toBe(doc.name);
      expect(f.message.length).toBeGreaterThan(5);
    }
    expect(report.failed).toBe(true);
  });

  test('the compliant production fixtures (data, cluster in two regions, edge) pass every rule', () => {
    const report = runPolicy(toSynth(compliantStackDocs()), { suppressions: [] });
    expect(report.findings).toEqual([]);
    expect(report.stacks).toHaveLength(4);
  });

  test('the same violation warns in dev and fails in staging; production-only rules skip staging and dev', () => {
    const dev = runPolicy(toSynth([asEnvironment(violation('rds-not-public'), 'dev')]), { suppressions: [] });
    expect(dev.findings.find((f) => f.ruleId === 'rds-not-public')?.outcome).toBe('warn');
    expect(dev.failed).toBe(false);
    const staging = runPolicy(toSynth([asEnvironment(violation('rds-not-public'), 'staging')]), { suppressions: [] });
    expect(staging.findings.find((f) => f.ruleId === 'rds-not-public')?.outcome).toBe('fail');
    const stagingBackups = runPolicy(toSynth([asEnvironment(violation('rds-backups'), 'staging')]), { suppressions: [] });
    expect(stagingBackups.findings.filter((f) => f.ruleId === 'rds-backups')).toEqual([]);
  });

  test('a finding names rule, stack, address, construct path and fix hint', () => {
    const report = runPolicy(toSynth([violation('rds-encryption-at-rest')]), { suppressions: [] });
    const f = report.findings.find((x) => x.ruleId === 'rds-encryption-at-rest')!;
    expect(f).toMatchObject({
      stack: 'production-eu-west-1-data',
      address: 'aws_db_instance.db-catalog_instance_A1B2C3D4',
      constructPath: 'production-eu-west-1-data/db-catalog/instance',
      message: 'storage_encrypted is false; must be true',
    });
    expect(f.fix).toMatch(/storageEncrypted/);
  });

  test('IAM: KMS key policies may use Resource "*"; identity policies may not for data actions; parseable interpolations', () => {
    const compliant = compliantStackDocs().find((d) => d.name === 'production-eu-west-1-data')!;
    const report = runPolicy(toSynth([compliant]), { suppressions: [] });
    expect(report.findings).toEqual([]);
    const f = runPolicy(toSynth([violation('iam-no-wildcard-resource-data-actions')]), { suppressions: [] }).findings
      .find((x) => x.ruleId === 'iam-no-wildcard-resource-data-actions')!;
    expect(f.message).toContain('s3:Get*, kafka-cluster:*');
  });

  test('security groups: 443 from the internet only on a group tagged purpose=load-balancer', () => {
    const report = runPolicy(toSynth([violation('sg-no-world-ingress')]), { suppressions: [] });
    const messages = report.findings.filter((f) => f.ruleId === 'sg-no-world-ingress').map((f) => f.message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/tcp 22-22 from 0\.0\.0\.0\/0: only TCP 443/),
      expect.stringMatching(/tcp 443-443 from ::\/0 on aws_security_group\.alb_sg_2B3C4D5E: the group is not tagged purpose = "load-balancer"/),
    ]));
  });
});

describe('checkov equivalents', () => {
  test('every rule lists its checkov ids in checkov\'s format; the well-known rules each name at least one unless platform-specific', () => {
    for (const r of POLICY_RULES) for (const id of r.checkov) expect(id).toMatch(/^CKV2?_(AWS|K8S|SECRET)_\d+$/);
    const withIds = WELL_KNOWN_RULES.filter((r) => r.checkov.length > 0);
    expect(withIds.length).toBeGreaterThanOrEqual(WELL_KNOWN_RULES.length - 3);
    // The list: IAM escalation/credentials, KMS wildcard principal, RDS upgrades/IAM auth/copy tags/monitoring,
    // ElastiCache/ECR/EFS CMKs, S3 CRR/object lock, log retention/KMS, IMDS hop limit, public IPs, SG descriptions, EKS logs, WAF/CloudFront/Route 53.
    const covered = new Set(POLICY_RULES.flatMap((r) => r.checkov));
    for (const id of ['CKV_AWS_286', 'CKV_AWS_287', 'CKV_AWS_33', 'CKV_AWS_226', 'CKV_AWS_161', 'CKV2_AWS_60', 'CKV_AWS_118', 'CKV_AWS_191', 'CKV_AWS_136',
      'CKV_AWS_184', 'CKV_AWS_144', 'CKV_AWS_143', 'CKV_AWS_338', 'CKV_AWS_158', 'CKV_AWS_341', 'CKV_AWS_88', 'CKV_AWS_23', 'CKV_AWS_37', 'CKV_AWS_68',
      'CKV_AWS_192', 'CKV2_AWS_31', 'CKV2_AWS_38', 'CKV_K8S_16']) expect([id, covered.has(id)]).toEqual([id, true]);
  });

  test('docs/policy-preview-cost.md holds the generated rule table (ids, checkov ids) and README the rule count', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'policy-preview-cost.md'), 'utf8');
    const start = doc.indexOf(RULE_TABLE_START);
    const end = doc.indexOf(RULE_TABLE_END);
    expect(start).toBeGreaterThan(0);
    expect(doc.slice(start, end + RULE_TABLE_END.length)).toBe(ruleTable());
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(`policy pack (${POLICY_RULES.length} rules`);
  });
});

describe('suppressions', () => {
  const suppression = {
    rule: 'rds-multi-az', stack: 'production-*-data', address: 'aws_db_instance.db-catalog_*',
    reason: 'Single-AZ until the phase 2 migration window (ticket OTT-123); restore from snapshot accepted.',
  };

  test('a suppressed finding does not fail, carries its reason, and appears in the report', () => {
    const rules = POLICY_RULES.filter((r) => r.id === 'rds-multi-az');
    const report = runPolicy(toSynth([violation('rds-multi-az')]), { suppressions: [suppression], rules });
    const f = report.findings.find((x) => x.ruleId === 'rds-multi-az')!;
    expect(f.outcome).toBe('suppressed');
    expect(f.suppressionReason).toBe(suppression.reason);
    expect(report.failed).toBe(false);
    expect(formatPolicyMarkdown(report)).toContain('suppressed: Single-AZ until the phase 2');
    expect(report.unusedSuppressions).toEqual([]);
  });

  test('a suppression that matches nothing is reported as unused (only when its stack is in the output)', () => {
    const report = runPolicy(toSynth(compliantStackDocs()), { suppressions: [suppression] });
    expect(report.unusedSuppressions).toEqual([suppression]);
    const otherEnv = { ...suppression, stack: 'staging-*-data' };
    expect(runPolicy(toSynth(compliantStackDocs()), { suppressions: [otherEnv] }).unusedSuppressions).toEqual([]);
  });

  test('the file is validated: unknown rule ids and missing reasons name the file and key', () => {
    expect(() => parseSuppressions('suppressions:\n  - rule: no-such-rule\n    stack: x\n    address: y\n    reason: because it is fine for now, really\n', '/p/policy-suppressions.yaml'))
      .toThrow(/policy-suppressions\.yaml: suppressions\[0\]\.rule: must be a rule id of the policy pack/);
    expect(() => parseSuppressions('suppressions:\n  - rule: rds-multi-az\n    stack: x\n    address: y\n    reason: ok\n', '/p/policy-suppressions.yaml'))
      .toThrow(/suppressions\[0\]\.reason: must explain why/);
    expect(() => parseSuppressions('suppressions:\n  - rule: rds-multi-az\n    stack: x\n    address: y\n    reason: single-AZ is fine for this test database\n    until: 2027\n', '/p/policy-suppressions.yaml'))
      .toThrow(/suppressions\[0\]\.until: unknown key; allowed keys here: rule, stack, address, reason/);
    expect(() => parseSuppressions('suppressions: [unclosed\n', '/p/policy-suppressions.yaml')).toThrow(/policy-suppressions\.yaml: YAML syntax error at line \d+/);
    expect(parseSuppressions('', '/p/policy-suppressions.yaml')).toEqual([]);
  });

  test('the checked-in suppression file parses', () => {
    expect(() => loadSuppressions(SUPPRESSIONS_FILE)).not.toThrow();
  });
});

describe('policy pack on synth', () => {
  test('every checked-in environment passes (or carries a listed, reasoned suppression)', () => {
    // The run's synths of the checked-in environments (test/helpers.ts): byte for byte what synthesizing them writes.
    const out = synthEnvironments(loadAllEnvironments()).outdir;
    try {
      const report = runPolicy(readSynth(out));
      expect(report.findings.filter((f) => f.outcome === 'fail')).toEqual([]);
      for (const f of report.findings.filter((x) => x.outcome === 'suppressed')) expect(f.suppressionReason).toBeTruthy();
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('a failing production synth throws a precise error and leaves the previous output untouched', () => {
    const root = tempDir('policy-atomic');
    const outdir = path.join(root, 'cdktf.out');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'previous.txt'), 'previous synth');
    let error: unknown;
    try {
      writeDirAtomically(outdir, (tmp) => {
        writeOutdir(tmp, [violation('rds-not-public')]);
        return enforcePolicy(tmp, undefined);
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyViolationError);
    const message = (error as Error).message;
    expect(message).toContain('FAIL [rds-not-public] (critical) production-eu-west-1-data aws_db_instance.db-catalog_instance_A1B2C3D4');
    expect(message).toContain('fix: Set publiclyAccessible: false');
    expect(fs.readdirSync(outdir)).toEqual(['previous.txt']);
    expect(fs.readdirSync(root)).toEqual(['cdktf.out']);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('PLATFORM_POLICY=report returns failures instead of throwing; dev warnings never throw', () => {
    const dir = writeOutdir(tempDir('policy-report'), [violation('rds-not-public')]);
    const report = enforcePolicy(dir, 'report');
    expect(report.failed).toBe(true);
    expect(formatPolicyText(report)).toContain('FAIL [rds-not-public]');
    const devDir = writeOutdir(tempDir('policy-dev'), [asEnvironment(violation('rds-not-public'), 'dev')]);
    const dev = enforcePolicy(devDir, undefined);
    expect(dev.failed).toBe(false);
    expect(formatPolicyText(dev)).toContain('WARN [rds-not-public]');
    for (const d of [dir, devDir]) fs.rmSync(d, { recursive: true, force: true });
  });
});
