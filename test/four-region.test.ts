import * as fs from 'fs';
import * as path from 'path';
import { cidrsOverlap, parseCidr } from '../constructs/core/cidr';
import { loadEnvironmentFile } from '../environments/load';
import { resolveEnvironment } from '../plan/environment';
import { LAYERS } from '../stacks/naming';
import { errorOf, synthEnvironments, type Json } from './cluster-helpers';
import { tempDir } from './helpers';
import { splitFileArguments } from '../tools/selection';

const FILE = path.join(__dirname, '..', 'examples', 'four-region', 'four-region.yaml');
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];

describe('four-region layout from one YAML file (examples/four-region)', () => {
  const env = loadEnvironmentFile(FILE);
  const out = synthEnvironments([env]);
  const regional = out.stacks.filter((s) => !s.startsWith('four-region-global-'));
  const regionOf = (stack: string) => REGIONS.find((r) => stack.startsWith(`four-region-${r}-`))!;

  test('seed 000\'s regions with their roles, the secondary as warm standby', () => {
    const plan = resolveEnvironment(env);
    expect(Object.fromEntries(Object.values(plan.regions).map((r) => [r.region, r.role]))).toEqual({
      'eu-west-1': 'primary', 'us-east-1': 'secondary', 'us-west-2': 'gpu-only', 'ap-southeast-1': 'replica-only',
    });
    expect(plan.pairs.map((p) => p.target)).toEqual(['us-east-1', 'ap-southeast-1']);
  });

  test('synthesizes every region\'s stacks and the global edge', () => {
    for (const r of REGIONS) expect(out.stacks).toContain(`four-region-${r}-network`);
    for (const r of REGIONS) expect(out.stacks).toContain(`four-region-${r}-cluster`);
    expect(out.stacks).toContain('four-region-eu-west-1-data');
    expect(out.stacks).toContain('four-region-eu-west-1-workloads');
    // Phase 4: the secondary runs a full regional set (its own data layer and the services).
    for (const layer of ['data', 'cluster', 'platform', 'platform-config', 'workloads', 'replication']) expect(out.stacks).toContain(`four-region-us-east-1-${layer}`);
    // The replica-only standby and the GPU region have no data layer or services of their own (OWN_DATA_FROM_PHASE).
    expect(out.stacks.filter((s) => /^four-region-(ap-southeast-1|us-west-2)-(data|workloads)$/.test(s))).toEqual([]);
    expect(out.stacks).toContain('four-region-global-edge');
    for (const s of out.stacks) expect(LAYERS).toContain(s.replace(/^four-region-(global|[a-z]+-[a-z]+-\d)-/, ''));
  });

  test('VPC CIDRs are disjoint across the four regions', () => {
    const cidrs = REGIONS.map((r) => Object.values(out.stack(`four-region-${r}-network`).resource!.aws_vpc as Record<string, Json>)[0].cidr_block as string);
    expect(cidrs).toEqual(['10.40.0.0/16', '10.41.0.0/16', '10.42.0.0/16', '10.43.0.0/16']);
    for (const [i, a] of cidrs.entries()) {
      for (const b of cidrs.slice(i + 1)) expect(cidrsOverlap(parseCidr(a)!, parseCidr(b)!)).toBe(false);
    }
  });

  test('KMS keys per region: each regional stack creates its keys with its own region\'s provider', () => {
    for (const r of REGIONS) {
      const keys = Object.values((out.stack(`four-region-${r}-network`).resource!.aws_kms_key ?? {}) as Record<string, Json>);
      expect(keys.length).toBeGreaterThan(0);
    }
    for (const s of regional) {
      const providers = (out.stack(s).provider as Json).aws as Json[];
      // A replication stack (the pair primary -> its region) also holds an aliased provider of the source
      // region, for what must live there (replication rules, the Global Datastore); its keys use its own.
      const expected = s.endsWith('-replication') ? [regionOf(s), 'eu-west-1'] : [regionOf(s)];
      expect(providers.map((p) => p.region)).toEqual(expected);
      const keys = Object.values((out.stack(s).resource?.aws_kms_key ?? {}) as Record<string, Json>);
      for (const k of keys) expect(k.provider).toBeUndefined();
    }
  });

  test('every regional stack deploys and destroys on its own: it reads only state of its own region (and the primary\'s data; a peered pair the primary\'s network)', () => {
    expect(Object.keys((out.stack('four-region-us-east-1-replication').data as Json).terraform_remote_state as Json)).toContain('cross-stack-reference-input-four-region-eu-west-1-network');
    expect(Object.keys((out.stack('four-region-ap-southeast-1-replication').data as Json).terraform_remote_state as Json)).not.toContain('cross-stack-reference-input-four-region-eu-west-1-network');
    for (const s of regional) {
      const remote = Object.keys(((out.stack(s).data as Json | undefined)?.terraform_remote_state ?? {}) as Json);
      // Cross-region state flows from the primary's data stack only (replication pairs and the GPU regions'
      // serving read it), except that a later pair joins the Global Datastores the first pair's replication
      // stack created (one global group per cache, docs/replication.md), and that the secondary's pair peers
      // with the primary's VPC and places the return MSK Replicator (secondary -> primary, phase 4) in the
      // primary's isolated subnets (both read the primary's network stack).
      const allowed = s.endsWith('-replication') ? `${regionOf(s)}-|eu-west-1-(data|network)$|[a-z]+-[a-z]+-\\d-replication$` : `${regionOf(s)}-|eu-west-1-data$`;
      for (const ref of remote) expect(ref).toMatch(new RegExp(`^cross-stack-reference-input-four-region-(${allowed})`));
    }
  });

  test('a mistake in the file is named with the file\'s path and key path', () => {
    const dir = tempDir();
    const file = path.join(dir, 'four-region.yaml');
    fs.writeFileSync(file, fs.readFileSync(FILE, 'utf8').replace('vpcCidr: 10.43.0.0/16', 'vpcCidr: 10.40.0.0/16'));
    expect(errorOf(() => loadEnvironmentFile(file))).toMatch(
      /four-region\.yaml: regions\.ap-southeast-1\.vpcCidr: 10\.40\.0\.0\/16 overlaps regions\.eu-west-1\.vpcCidr \(10\.40\.0\.0\/16\)/);
  });
});

describe('synth --file (tools/selection.ts splitFileArguments)', () => {
  test('takes --file <path> and --file=<path> out of the words; names stay', () => {
    expect(splitFileArguments(['--file', 'a.yaml', 'dev', '--file=b.yaml'])).toEqual({ files: ['a.yaml', 'b.yaml'], rest: ['dev'] });
  });
  test('--file without a path is a usage error', () => {
    expect(() => splitFileArguments(['--file'])).toThrow(/--file needs the path of an environment YAML file/);
    expect(() => splitFileArguments(['--file', '--all'])).toThrow(/--file needs the path/);
  });
});
