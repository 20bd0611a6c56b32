// The original: @endo/compartment-mapper's importLocation under ses, started
// the same way as ours (launch-original.ts).
import { fileURLToPath } from 'node:url';
import { makeStartUpMeasures } from './measures.js';

const launcher = fileURLToPath(new URL('./launch-original.js', import.meta.url));

export const measures = makeStartUpMeasures({ argsFor: program => [launcher, program] });
