// endo's importLocation, cold: every start parses and compiles every module.
import { fileURLToPath } from 'node:url';
import { makeStartUpMeasures } from './measures.js';

const launcher = fileURLToPath(new URL('./launch-ours.js', import.meta.url));

export const measures = makeStartUpMeasures({ argsFor: program => [launcher, program] });
