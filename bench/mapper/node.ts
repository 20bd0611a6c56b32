// Plain node, the yardstick: `node <program>`, which imports (.mjs) or
// requires (.cjs) it in a fresh process, no compartments.
import { makeStartUpMeasures } from './measures.js';

export const measures = makeStartUpMeasures({ argsFor: program => [program] });
