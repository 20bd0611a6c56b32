// Differential test, Node as the oracle: every fixture of
// test/modules/fixtures runs natively and through compartment.import(), the importHook answering
// { source: <module text>, specifier }: the loader compiles the text itself.
// See harness.ts. One fixture by hand:
//   node test/modules/run-compartment.mjs import-string --pretty <fixture>
import { defineDifferentialTests } from './harness.js';

await defineDifferentialTests('import-string');
