import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, listEnvironments, loadAllEnvironments, loadEnvironment, loadEnvironmentFile, ENVIRONMENTS_DIR } from '../environments/load';
import { primaryRegionOf } from '../environments/schema';
import { envFromYaml, tempDir } from './helpers';

const BASE = `name: dev
costCenter: cc-1
regions:
  eu-west-1:
    vpcCidr: 10.10.0.0/16
`;

/** Expects `yaml` (as environments/dev.yaml) to be refused with a message naming the file, `keyPath` and `allowed`. */
function expectRefused(yaml: string, keyPath: string, allowed: RegExp): void {
  let caught: unknown;
  try {
    envFromYaml('dev', yaml);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const message = (caught as Error).message;
  const prefix = keyPath ? `environments/dev.yaml: ${keyPath}: ` : 'environments/dev.yaml: ';
  expect(message).toContain(prefix);
  expect(message).toMatch(allowed);
}

describe('checked-in environments', () => {
  test('dev, staging and production exist and parse', () => {
    expect(listEnvironments()).toEqual(expect.arrayContaining(['dev', 'staging', 'production']));
    for (const env of loadAllEnvironments()) {
      expect(Object.keys(env.regions).length).toBeGreaterThan(0);
    }
  });

  test('defaults are applied once, in the schema', () => {
    const env = envFromYaml('dev', BASE);
    expect(env.phase).toBe(1);
    expect(env.scale).toBe(1);
    expect(env.deletionProtection).toBe(true);
    expect(env.regions['eu-west-1'].azCount).toBe(3);
    expect(env.regions['eu-west-1'].network).toEqual({
      natGateways: 'perAz', flowLogRetentionDays: 365, interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'sts', 'logs'],
    });
    expect(primaryRegionOf(env)).toBe('eu-west-1');
  });

  test('dev opts out of production safeguards explicitly', () => {
    const dev = loadEnvironment('dev');
    expect(dev.deletionProtection).toBe(false);
    expect(dev.regions['eu-west-1'].network.natGateways).toBe('single');
    const prod = loadEnvironment('production');
    expect(prod.deletionProtection).toBe(true);
    expect(prod.regions['eu-west-1'].network.natGateways).toBe('perAz');
  });

  test("seed 000's four-region layout is expressible by configuration alone", () => {
    const env = loadEnvironmentFile(path.join(__dirname, 'fixtures/environments/four-regions.yaml'));
    expect(Object.keys(env.regions)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1']);
    expect(primaryRegionOf(env)).toBe('eu-west-1');
  });
});

describe('bad input names the file, the key path and what is allowed', () => {
  test('malformed YAML', () => {
    expectRefused(`${BASE}  bad: [unclosed\n`, '', /YAML syntax error at line \d+, column \d+/);
  });

  test('duplicate keys', () => {
    expectRefused(`${BASE}costCenter: again\n`, 'costCenter', /YAML syntax error: duplicate key 'costCenter' \(first at line 2, column 1\); keys must be unique in a mapping \(line 6, column 1\)/);
  });

  test('an empty file or a list instead of a mapping', () => {
    expectRefused('', '', /expected a mapping with the keys name, .*regions/);
    expectRefused('- a\n- b\n', '', /expected a mapping/);
  });

  test('unknown top-level key lists the allowed keys', () => {
    expectRefused(`${BASE}colour: blue\n`, 'colour', /unknown key; allowed keys here: name, description, accountId, costCenter/);
  });

  test('unknown nested key lists the keys allowed there', () => {
    expectRefused(`${BASE}    network:\n      nats: 2\n`, 'regions.eu-west-1.network.nats', /unknown key; allowed keys here: natGateways, flowLogRetentionDays, interfaceEndpoints/);
  });

  test('wrong type', () => {
    expectRefused(BASE.replace('cc-1', '42'), 'costCenter', /expected string/);
    expectRefused(`${BASE}    azCount: three\n`, 'regions.eu-west-1.azCount', /expected number/);
  });

  test('missing required key', () => {
    expectRefused(BASE.replace('costCenter: cc-1\n', ''), 'costCenter', /is required/);
  });

  test('a region that does not exist', () => {
    expectRefused(BASE.replace('eu-west-1', 'eu-west-9'), 'regions.eu-west-9', /not an AWS region.*allowed: us-east-1, .*eu-west-1/);
  });

  test('an AZ count the region cannot give', () => {
    const yaml = `name: dev\ncostCenter: c\nregions:\n  us-west-1:\n    vpcCidr: 10.1.0.0/16\n    azCount: 3\n`;
    expectRefused(yaml, 'regions.us-west-1.azCount', /us-west-1 offers 2 usable Availability Zones \(usw1-az1, usw1-az3\); 3 requested/);
    expectRefused(`${BASE}    azCount: 1\n`, 'regions.eu-west-1.azCount', /at least 2/);
  });

  test('CIDRs that overlap between regions', () => {
    const yaml = `${BASE}  us-east-1:\n    vpcCidr: 10.10.128.0/17\n`;
    expectRefused(yaml, 'regions.us-east-1.vpcCidr', /overlaps regions\.eu-west-1\.vpcCidr \(10\.10\.0\.0\/16\)/);
  });

  test('CIDRs that are not private, not CIDRs, or the wrong size', () => {
    expectRefused(BASE.replace('10.10.0.0/16', '52.10.0.0/16'), 'regions.eu-west-1.vpcCidr', /not a private range; use a block inside 10\.0\.0\.0\/8/);
    expectRefused(BASE.replace('10.10.0.0/16', '10.10.0.1/16'), 'regions.eu-west-1.vpcCidr', /host bits zero/);
    expectRefused(BASE.replace('10.10.0.0/16', '10.0.0.0/8'), 'regions.eu-west-1.vpcCidr', /larger than AWS allows.*\/16 to \/23/);
    expectRefused(BASE.replace('10.10.0.0/16', '10.10.0.0/24'), 'regions.eu-west-1.vpcCidr', /too small for 3 AZs/);
  });

  test('an environment name that does not match its file', () => {
    expectRefused(BASE.replace('name: dev', 'name: prod'), 'name', /'prod' must equal the file name 'dev'/);
    expectRefused(BASE.replace('name: dev', 'name: Dev!'), 'name', /lower-case letters/);
  });

  test('an unknown environment name lists the known ones', () => {
    expect(() => loadEnvironment('prodution')).toThrow(/unknown environment 'prodution'; known environments: dev, production, staging \(or --all\)/);
  });

  test('tags AWS or the platform reserve', () => {
    expectRefused(`${BASE}tags:\n  "aws:owner": x\n`, 'tags.aws:owner', /reserved by AWS/);
    expectRefused(`${BASE}tags:\n  environment: x\n`, 'tags.environment', /set by the platform itself/);
  });

  test('other scalar rules', () => {
    expectRefused(`${BASE}phase: 5\n`, 'phase', /must be one of 1, 2, 3, 4/);
    expectRefused(`${BASE}scale: 0\n`, 'scale', /expected number to be >0|Too small/);
    expectRefused(`${BASE}accountId: "1234"\n`, 'accountId', /12-digit AWS account id/);
    expectRefused(`${BASE}primaryRegion: us-east-1\n`, 'primaryRegion', /not one of this environment's regions \(eu-west-1\)/);
    expectRefused(`${BASE}    network:\n      flowLogRetentionDays: 42\n`, 'regions.eu-west-1.network.flowLogRetentionDays', /one of the retention values CloudWatch Logs accepts: 1, 3, 5/);
    expectRefused(`${BASE}    network:\n      natGateways: three\n`, 'regions.eu-west-1.network.natGateways', /perAz.*single/);
    expectRefused(`${BASE}regions: {}\n`.replace(BASE, 'name: dev\ncostCenter: c\n'), 'regions', /at least one region/);
  });

  test('backend rules', () => {
    const backend = (b: string) => `${BASE}backend:\n${b}`;
    expectRefused(backend('  bucket: Bad_Bucket\n  keyPrefix: p\n  region: eu-west-1\n'), 'backend.bucket', /valid S3 bucket name/);
    expectRefused(backend('  bucket: state\n  keyPrefix: /p/\n  region: eu-west-1\n'), 'backend.keyPrefix', /must not start or end with \//);
    expectRefused(backend('  bucket: state\n  keyPrefix: p\n  region: mars-1\n'), 'backend.region', /not an AWS region/);
  });

  test('every problem of a file is reported, each with its key path', () => {
    let message = '';
    try {
      envFromYaml('dev', `${BASE}    azCount: 9\nphase: 9\n`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/environments\/dev\.yaml: phase: /);
    expect(message).toMatch(/environments\/dev\.yaml: regions\.eu-west-1\.azCount: /);
  });

  test('an unreadable file', () => {
    const dir = tempDir();
    try {
      expect(() => loadEnvironmentFile(path.join(dir, 'missing.yaml'))).toThrow(/cannot read the file/);
      fs.writeFileSync(path.join(dir, 'x.yaml'), BASE);
      expect(() => loadEnvironment('x', dir)).toThrow(/'dev' must equal the file name 'x'/);
      expect(() => loadEnvironment('x', path.join(dir, 'nope'))).toThrow(/nope: is not a folder of environment YAML files/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the environments folder is the one beside the loader', () => {
    expect(fs.existsSync(path.join(ENVIRONMENTS_DIR, 'dev.yaml'))).toBe(true);
  });
});
