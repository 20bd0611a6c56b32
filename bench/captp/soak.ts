// The captp suite's soak rows: a million sequential echo calls over one
// connection, timed per call, and how much the heap (after forced GC) grew
// from call 50,000 to call 1,000,000 (bytes, a COUNT printed with the ns
// unit; a ratio above 1× means ours kept less). test/captp/soak.test.ts
// runs as many of these calls as fit in 20 s; this is the full million.
// Only endo/captp runs it: @endo/captp keeps every answer and slows down as
// its tables grow (about 12 MB and far longer per 20,000 calls), so a
// million of its calls would take many minutes a round.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import type { Measure } from '../suite.js';
import type { Connect } from './measures.js';

export const SOAK_CALLS = 1_000_000;
const EARLY_CALLS = 50_000;

// The child is not started with --expose-gc: turn the flag on and take
// `gc` from a fresh context, which gets it.
setFlagsFromString('--expose-gc');
const forceGC = runInNewContext('gc') as () => void;

const heapAfterGC = async (): Promise<number> => {
  for (let i = 0; i < 4; i += 1) {
    forceGC();
    await new Promise(resolve => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};

export const makeSoakMeasures = (connect: Connect): Record<string, Measure> => {
  // Both rows come from one run: the first measure runs it, the second reads it.
  let growth: number | undefined;
  const run = async (): Promise<number> => {
    const rpc = await connect();
    try {
      let i = 0;
      const callUntil = async (n: number) => {
        while (i < n) {
          i += 1;
          const echoed = await rpc.echo(i);
          if (echoed !== i) throw Error(`echo ${i} gave ${String(echoed)}`);
        }
      };
      await callUntil(EARLY_CALLS);
      const heapEarly = await heapAfterGC();
      const start = performance.now();
      await callUntil(SOAK_CALLS);
      const ns = ((performance.now() - start) * 1e6) / (SOAK_CALLS - EARLY_CALLS);
      growth = (await heapAfterGC()) - heapEarly;
      return ns;
    } finally {
      await rpc.close?.();
    }
  };
  return {
    [`${SOAK_CALLS} sequential echo(i) on one connection (per call)`]: run,
    [`heap growth after GC, call ${EARLY_CALLS} to call ${SOAK_CALLS} (bytes, a COUNT, not ns)`]: () => {
      if (growth === undefined) throw Error('the soak run did not complete');
      return growth;
    },
  };
};
