// endo/captp as a captp-suite contestant, after endo/ses's lockdown with
// endo's HandledPromise installed.
import { loadEndoLibrary } from './endo-library.js';
import { makeInProcessMeasures } from './endo-measures.js';

export const measures = makeInProcessMeasures(await loadEndoLibrary());
