// endo: `endo policy` writes the policy, `endo run` runs under it.
import { fileURLToPath } from 'node:url';
import { makePolicyMeasures } from './policy-measures.js';

const endo = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

export const measures = makePolicyMeasures({
  generate: (program, policyFile) => [endo, 'policy', '-p', policyFile, program],
  run: (program, policyFile) => [endo, 'run', '-p', policyFile, program],
});
