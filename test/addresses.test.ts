/**
 * Pins every resource address of every checked-in environment. A construct-id change renames an
 * address, which Terraform plans as destroy + create: this test fails until the change is reviewed
 * and the list regenerated on purpose with `npm run addresses:update`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAllEnvironments } from '../environments/load';
import { synthEnvironments } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures', 'addresses');
const UPDATE = process.env.UPDATE_ADDRESSES === '1';

describe.each(loadAllEnvironments().map((e) => [e.name, e] as const))('resource addresses of %s', (name, env) => {
  test('match the reviewed list', () => {
    const { stacks, outdir } = synthEnvironments([env]);
    fs.rmSync(outdir, { recursive: true, force: true });
    const lines: string[] = [];
    for (const [stack, json] of Object.entries(stacks)) {
      for (const [type, byName] of Object.entries(json.resource ?? {})) {
        for (const resourceName of Object.keys(byName)) lines.push(`${stack} ${type}.${resourceName}`);
      }
    }
    lines.sort();
    const file = path.join(FIXTURES, `${name}.txt`);
    const actual = `${lines.join('\n')}\n`;
    if (UPDATE) {
      fs.mkdirSync(FIXTURES, { recursive: true });
      fs.writeFileSync(file, actual);
    }
    expect(fs.existsSync(file)).toBe(true);
    const expected = fs.readFileSync(file, 'utf8');
    const removed = expected.split('\n').filter((l) => l && !lines.includes(l));
    const added = lines.filter((l) => !expected.split('\n').includes(l));
    if (removed.length > 0 || added.length > 0) {
      throw new Error(`resource addresses of ${name} changed (a renamed address is destroyed and recreated).\n` +
        `removed:\n  ${removed.join('\n  ') || '(none)'}\nadded:\n  ${added.join('\n  ') || '(none)'}\n` +
        'If this is intended, run `npm run addresses:update` and commit the list with the change.');
    }
  });
});
