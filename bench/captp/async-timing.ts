// Timing for asynchronous operations (RPC calls resolve in later turns, so
// ../timing.ts's synchronous loops cannot time them). Same method: warm up,
// grow a batch until it takes about 20 ms, then the median of several
// batches, in ns per operation.
import { performance } from 'node:perf_hooks';
import { median } from '../timing.js';

// A second: RPC stacks run many closures per call, and V8 needs some
// thousands of calls before all of them are optimised (the first ~1500
// calls of a CapTP connection run 3–4× slower than the rest).
const WARM_UP_MS = 1000;
const BATCH_TARGET_MS = 20;
const BATCHES = 7;

/** Runs `operation` n times, each awaited before the next starts. */
const runSequentially = async (operation: () => Promise<unknown>, n: number): Promise<void> => {
  for (let i = 0; i < n; i += 1) await operation();
};

/** Median ns per `operation`, run one after another (each awaited). */
export const timeSequential = async (operation: () => Promise<unknown>): Promise<number> => {
  const warmUpStart = performance.now();
  do await runSequentially(operation, 20);
  while (performance.now() - warmUpStart < WARM_UP_MS);
  let iterations = 1;
  for (;;) {
    const start = performance.now();
    await runSequentially(operation, iterations);
    const elapsed = performance.now() - start;
    if (elapsed >= BATCH_TARGET_MS) break;
    iterations *= elapsed < 1 ? 10 : 2;
  }
  const samples: number[] = [];
  for (let b = 0; b < BATCHES; b += 1) {
    const start = performance.now();
    await runSequentially(operation, iterations);
    samples.push(((performance.now() - start) * 1e6) / iterations);
  }
  return median(samples);
};

/**
 * Median ns per element when `batch(n)` does n operations itself (e.g. n
 * concurrent calls); one batch first as a warm-up. Fewer batches: these are
 * long.
 */
export const timeBatch = async (batch: (n: number) => Promise<unknown>, n: number, batches = 3): Promise<number> => {
  await batch(n);
  const samples: number[] = [];
  for (let b = 0; b < batches; b += 1) {
    const start = performance.now();
    await batch(n);
    samples.push(((performance.now() - start) * 1e6) / n);
  }
  return median(samples);
};
