import * as fs from 'fs';
import { loadAllEnvironments } from '../environments/load';
import { stackName } from '../stacks/naming';
import { envFromYaml, synthEnvironments } from './helpers';

const ENV = (extra = '') => envFromYaml('dev', `name: dev
costCenter: cc-dev
accountId: "111122223333"
tags:
  owner: platform
regions:
  eu-west-1:
    vpcCidr: 10.10.0.0/16
  us-east-1:
    vpcCidr: 10.11.0.0/16
${extra}`);

describe('stacks', () => {
  test('stack names are <environment>-<region>-<layer>', () => {
    expect(stackName('production', 'eu-west-1', 'network')).toBe('production-eu-west-1-network');
    expect(stackName('production', 'global', 'edge')).toBe('production-global-edge');
    const { stacks, outdir } = synthEnvironments([ENV()]);
    expect(Object.keys(stacks).sort()).toEqual(['dev-eu-west-1-network', 'dev-us-east-1-network']);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('each stack pins its region, its allowed account and the platform default tags', () => {
    const { stacks, outdir } = synthEnvironments([ENV()]);
    const provider = (stacks['dev-us-east-1-network'].provider as { aws: Record<string, unknown>[] }).aws[0];
    expect(provider.region).toBe('us-east-1');
    expect(provider.allowed_account_ids).toEqual(['111122223333']);
    expect(provider.default_tags).toEqual([{ tags: {
      owner: 'platform', environment: 'dev', region: 'us-east-1', layer: 'network', 'cost-center': 'cc-dev', 'managed-by': 'cdktf',
    } }]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('without a state bucket each stack gets a local state file addressed relatively', () => {
    const { stacks, outdir } = synthEnvironments([ENV()]);
    const backend = (stacks['dev-eu-west-1-network'].terraform as { backend: Record<string, { path: string }> }).backend;
    expect(backend).toEqual({ local: { path: '../../../terraform.dev-eu-west-1-network.tfstate' } });
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('with a state bucket each stack gets its own key and native S3 locking', () => {
    const { stacks, outdir } = synthEnvironments([ENV('backend:\n  bucket: ott-tf-state\n  keyPrefix: platform/dev\n  region: eu-west-1\n')]);
    for (const region of ['eu-west-1', 'us-east-1']) {
      const name = `dev-${region}-network`;
      const backend = (stacks[name].terraform as { backend: Record<string, Record<string, unknown>> }).backend;
      expect(backend).toEqual({ s3: { bucket: 'ott-tf-state', key: `platform/dev/${name}.tfstate`, region: 'eu-west-1', encrypt: true, use_lockfile: true } });
    }
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('the synthesized output of every environment holds no absolute path of the machine', () => {
    const { outdir } = synthEnvironments(loadAllEnvironments());
    const text = fs.readdirSync(outdir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => fs.readFileSync(`${d.parentPath}/${d.name}`, 'utf8'))
      .join('\n');
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain(outdir);
    expect(text).not.toMatch(/"\/(home|root|tmp|work|Users)\//);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
