// endo/ses as a benchmark contestant.
import { performance } from 'node:perf_hooks';
import { nsSince } from '../timing.js';
import { makeSesMeasures } from './measures.js';

declare const lockdown: (options?: object) => void;

const start = performance.now();
await import('../../src/ses/index.js');
lockdown();
export const measures = makeSesMeasures(nsSince(start));
