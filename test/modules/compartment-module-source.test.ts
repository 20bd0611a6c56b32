// Differential test, Node as the oracle: every fixture of
// test/modules/fixtures runs natively and through compartment.import(), the importHook answering
// { source: new ModuleSource(text, url), specifier } (endo/module-source).
// See harness.ts. One fixture by hand:
//   node test/modules/run-compartment.mjs import-module-source --pretty <fixture>
import { defineDifferentialTests } from './harness.js';

await defineDifferentialTests('import-module-source');
