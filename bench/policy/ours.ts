// endo: `endo policy` writes the policy, `endo run` runs under it; rows
// with a cold cache and with a warm one (policy-measures.ts).
import { fileURLToPath } from 'node:url';
import { endoCacheArgs, makePolicyMeasures } from './policy-measures.js';

const endo = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

export const measures = makePolicyMeasures({
  generate: (program, policyFile) => [endo, 'policy', '-p', policyFile, program],
  run: (program, policyFile) => [endo, 'run', '-p', policyFile, program],
  cacheArgs: endoCacheArgs,
});
