// Timing helpers for contestant modules. Each reports nanoseconds per
// operation as the median of several batches, each batch long enough
// (about 20 ms) that the clock's resolution does not matter.
import { performance } from 'node:perf_hooks';

const BATCH_TARGET_MS = 20;
const BATCHES = 7;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export { median };

const WARM_UP_MS = 150;

/**
 * Calls `operation` for a while, so that the engine has tiered it up before
 * it is timed. Kept apart from the timed loops: a timed loop that the engine
 * optimizes on the stack while the operation's own feedback is still thin
 * can stay slow for the whole measure (seen with V8 11 on evaluate()).
 */
const warmUp = (operation: () => unknown): void => {
  const start = performance.now();
  do {
    for (let i = 0; i < 100; i += 1) operation();
  } while (performance.now() - start < WARM_UP_MS);
};

/** Median ns per call of `operation`, after a warm-up. */
export const timePerOp = (operation: () => unknown): number => {
  warmUp(operation);
  let iterations = 1;
  // Grow the batch until one takes long enough to time reliably.
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < iterations; i += 1) operation();
    const elapsed = performance.now() - start;
    if (elapsed >= BATCH_TARGET_MS) break;
    iterations *= elapsed < 1 ? 10 : 2;
  }
  const samples: number[] = [];
  for (let b = 0; b < BATCHES; b += 1) {
    const start = performance.now();
    for (let i = 0; i < iterations; i += 1) operation();
    samples.push(((performance.now() - start) * 1e6) / iterations);
  }
  return median(samples);
};

/**
 * Median ns per element when `batch(n)` does `n` operations itself (for
 * measures whose loop must run inside the code under test).
 */
export const timePerOpInBatch = (batch: (n: number) => unknown, n: number): number => {
  batch(n); // warm-up
  const samples: number[] = [];
  for (let b = 0; b < BATCHES; b += 1) {
    const start = performance.now();
    batch(n);
    samples.push(((performance.now() - start) * 1e6) / n);
  }
  return median(samples);
};

/** Milliseconds elapsed since this process started, in ns, for one-shot measures. */
export const nsSince = (startMs: number): number => (performance.now() - startMs) * 1e6;
