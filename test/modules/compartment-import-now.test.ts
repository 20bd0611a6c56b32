// Differential test, Node as the oracle: every fixture of
// test/modules/fixtures runs natively and through compartment.importNow(), the importNowHook
// answering { source: <module text>, specifier }. Fixtures with top-level
// await are skipped (importNow cannot run them).
// See harness.ts. One fixture by hand:
//   node test/modules/run-compartment.mjs import-now --pretty <fixture>
import { defineDifferentialTests } from './harness.js';

await defineDifferentialTests('import-now');
