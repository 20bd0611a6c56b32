// Compiles the text of an ES module into a ModuleRecord (module-record.ts):
// its imports and exports, and the confined functor text the loader runs.
// (Being written: the signature is final.)
import type { ModuleRecord } from './module-record.js';

export const transformModule = (text: string, location = '<unknown>'): ModuleRecord => {
  throw Error(`transformModule is not written yet (${location}, ${text.length} characters)`);
};
