// Node's own ES module loader importing lodash-es, as the yardstick for the
// graph import: one `import()` in a fresh process (only that measure; it
// has no ModuleSource to construct).
import { performance } from 'node:perf_hooks';
import { nsSince } from '../timing.js';
import type { Measure } from '../suite.js';
import { corpusEntry } from './corpus.js';
import { checkLodashNamespace, IMPORT_GRAPH } from './measures.js';

export const measures: Record<string, Measure> = {
  [IMPORT_GRAPH]: async () => {
    const start = performance.now();
    const namespace = await import(corpusEntry.href);
    const elapsed = nsSince(start);
    checkLodashNamespace(namespace);
    return elapsed;
  },
};
