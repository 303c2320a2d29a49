import * as fs from 'fs';
import { synthesizeEnvironments } from '../stacks/app';
import { envFromYaml, tempDir } from './helpers';

const ENV = envFromYaml('dev', 'name: dev\ncostCenter: c\nregions:\n  eu-west-1:\n    vpcCidr: 10.10.0.0/16\n');

describe('synthesizeEnvironments', () => {
  test('restores the stack-trace functions, and errors thrown while synthesizing keep their stack', () => {
    const before = Error.prepareStackTrace;
    const beforeCapture = Error.captureStackTrace;
    const outdir = tempDir();
    synthesizeEnvironments([ENV], outdir);
    expect(Error.prepareStackTrace).toBe(before);
    const bad = envFromYaml('dev', 'name: dev\ncostCenter: c\nregions:\n  eu-west-1:\n    vpcCidr: 10.10.0.0/16\n');
    (bad.regions['eu-west-1'] as { vpcCidr: string }).vpcCidr = '8.8.0.0/16'; // bypasses the schema: the construct refuses it
    let caught: Error | undefined;
    try {
      synthesizeEnvironments([bad], outdir);
    } catch (e) {
      caught = e as Error;
    }
    expect(caught?.message).toMatch(/dev-eu-west-1-network\/network: cidr 8\.8\.0\.0\/16 is not inside an RFC 1918 range/);
    expect(caught?.stack).toMatch(/\n\s+at /);
    expect(Error.prepareStackTrace).toBe(before);
    expect(Error.captureStackTrace).toBe(beforeCapture);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('token bookkeeping gets no trace unless tokenTraces is asked for', () => {
    const traces = (tokenTraces: boolean) => {
      const seen: boolean[] = [];
      const previous = Error.prepareStackTrace;
      Error.prepareStackTrace = (target, frames) => {
        seen.push(target instanceof Error);
        return previous ? previous(target, frames) : String(target);
      };
      const outdir = tempDir();
      try {
        synthesizeEnvironments([ENV], outdir, { tokenTraces });
      } finally {
        Error.prepareStackTrace = previous;
        fs.rmSync(outdir, { recursive: true, force: true });
      }
      return seen.filter((isError) => !isError).length;
    };
    expect(traces(true)).toBeGreaterThan(100);
    expect(traces(false)).toBe(0);
  });
});
