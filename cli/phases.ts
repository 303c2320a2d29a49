/**
 * Where synth spends its time (`PLATFORM_SYNTH_PHASES=1 npm run synth`, or `npm run bench -- --phases`):
 * wall and CPU milliseconds of loading + validating the environments, building the constructs, cdktf's
 * preparing (resolve) pass, writing the stacks (the second pass: element JSON, validation, files), the
 * policy pack and the summaries. Printed as one JSON line on stderr, so the bench can read it.
 */
// The module object itself (not a namespace copy), so that wrapping writeFileSync is seen by cdktf.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a namespace import is a frozen copy in the bundle
import fs = require('fs');
import { App } from 'cdktf';
import { ResolveOnceStack } from '../stacks/resolve-once-stack';

interface Sample { wall: number; cpu: number }

export class PhaseClock {
  private readonly totals = new Map<string, Sample>();

  /** Runs `fn` and adds its wall and CPU time to `phase`. */
  public time<T>(phase: string, fn: () => T): T {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    try {
      return fn();
    } finally {
      const used = process.cpuUsage(cpu);
      const t = this.totals.get(phase) ?? { wall: 0, cpu: 0 };
      t.wall += performance.now() - wall;
      t.cpu += (used.user + used.system) / 1000;
      this.totals.set(phase, t);
    }
  }

  /** Times every call of `proto[method]` as `phase` until the returned function is called. */
  public wrap<P extends object>(proto: P, method: keyof P & string, phase: string): () => void {
    const original = proto[method] as unknown as (...a: unknown[]) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const clock = this;
    (proto as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      return clock.time(phase, () => original.apply(this, args));
    };
    return () => {
      (proto as Record<string, unknown>)[method] = original;
    };
  }

  /** Wraps cdktf's two synth passes: the preparing resolve of every stack and the writing of each one. */
  public instrumentCdktf(): () => void {
    const undo = [
      this.wrap(App.prototype, 'synth', 'cdktf synth (both passes)'),
      this.wrap(ResolveOnceStack.prototype, 'prepareStack', 'cdktf pass 1: prepare + resolve'),
      this.wrap(ResolveOnceStack.prototype, 'toTerraform', 'cdktf pass 2: stack JSON'),
      this.wrap(fs, 'writeFileSync', 'file writes'),
    ];
    return () => undo.reverse().forEach((u) => u());
  }

  public toJSON(): Record<string, { wall: number; cpu: number }> {
    return Object.fromEntries([...this.totals].map(([k, v]) => [k, { wall: Math.round(v.wall), cpu: Math.round(v.cpu) }]));
  }
}
