// LavaMoat 11 (classic, the devDependency): `lavamoat <entry> --autopolicy`
// writes the policy, `lavamoat <entry>` runs under it.
import { fileURLToPath } from 'node:url';
import { makePolicyMeasures } from './policy-measures.js';

const lavamoat = fileURLToPath(new URL('../../../node_modules/lavamoat/src/cli.js', import.meta.url));

export const measures = makePolicyMeasures({
  generate: (program, policyFile) => [lavamoat, program, '--autopolicy', '--policyPath', policyFile],
  run: (program, policyFile) => [lavamoat, program, '--policyPath', policyFile],
});
