// Plain node, the yardstick for start-up: no policy, no compartments.
import { programs } from '../mapper/corpus.js';
import { makeStartUpMeasures } from '../mapper/measures.js';
import { rowName } from './policy-measures.js';

const startUps = makeStartUpMeasures({ argsFor: program => [program] });
export const measures = Object.fromEntries(programs.map(({ name }) => [`start under the policy: ${rowName(name)}`, startUps[name]!]));
