import { collectIfAbove } from '../cli/memory';

describe('cli/memory.ts: a full collection between environments when the heap is large', () => {
  test('collects when the heap in use is above the threshold, and frees what is no longer referenced', async () => {
    let garbage: number[][] | undefined = Array.from({ length: 200 }, () => new Array<number>(10_000).fill(1));
    const ref = new WeakRef(garbage);
    garbage = undefined;
    await new Promise((resolve) => setImmediate(resolve)); // a WeakRef keeps its target for the rest of the job that made it
    expect(collectIfAbove(0)).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  test('does nothing below the threshold', () => {
    expect(collectIfAbove(1024 * 1024)).toBe(false);
  });
});
