// The module measures, written once against `Compartment` (the global that
// both `ses` and `endo/ses` install) and a `ModuleSource` class handed in,
// so that ours and the original run the very same code. Node's own loader
// (native.ts) runs only the graph import, under the same measure name.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { nsSince, timePerOpInBatch } from '../timing.js';
import type { Measure } from '../suite.js';
import { corpusEntry, readCorpus } from './corpus.js';

interface CompartmentLike {
  globalThis: Record<string, unknown>;
  import(specifier: string): Promise<{ namespace: Record<string, unknown> }>;
}
declare const Compartment: new (options: object) => CompartmentLike;

export type ModuleSourceClass = new (text: string, location?: string) => object;

/** Measure names, shared with native.ts so that its figures land in the same row. */
export const IMPORT_GRAPH = 'import the lodash-es graph into a fresh process (one-shot)';
export const CONSTRUCT_EACH = 'new ModuleSource(text, url) over the lodash-es files (per file)';

/** lodash-es only imports relative specifiers; anything else is a corpus surprise worth failing on. */
const resolveHook = (specifier: string, referrer: string): string => {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
    throw Error(`The modules benchmark resolves only relative specifiers, got ${JSON.stringify(specifier)} from ${referrer}`);
  }
  return new URL(specifier, referrer).href;
};

/** Fails the measure loudly if the import did not produce lodash. */
export const checkLodashNamespace = (namespace: Record<string, unknown>): void => {
  const chunk = namespace.chunk as ((array: unknown[], size: number) => unknown[]) | undefined;
  if (typeof chunk !== 'function' || chunk([1, 2, 3], 2).length !== 2 || Object.keys(namespace).length < 300) {
    throw Error('The namespace of lodash-es/lodash.js is not what lodash-es 4.17.21 exports');
  }
};

export const makeModulesMeasures = (ModuleSource: ModuleSourceClass): Record<string, Measure> => ({
  // First, so that it runs in the child while nothing of lodash-es has been
  // compiled yet: the harness's rounds turn these one-shots into medians.
  [IMPORT_GRAPH]: async () => {
    const importHook = async (specifier: string) => ({
      source: new ModuleSource(readFileSync(new URL(specifier), 'utf8'), specifier),
    });
    const compartment = new Compartment({ __options__: true, name: 'lodash-es', resolveHook, importHook });
    // lodash finds the global object through `global` and otherwise through
    // `Function('return this')()`, which is undefined in a strict compartment;
    // and it calls Date.now() while its modules initialize, which the
    // powerless Date of a compartment refuses: hand it the host's Date.
    compartment.globalThis.global = compartment.globalThis;
    compartment.globalThis.Date = Date;
    const start = performance.now();
    const { namespace } = await compartment.import(corpusEntry.href);
    const elapsed = nsSince(start);
    checkLodashNamespace(namespace);
    return elapsed;
  },
  [CONSTRUCT_EACH]: () => {
    const corpus = readCorpus();
    const constructAll = () => {
      for (const [url, text] of corpus) new ModuleSource(text, url);
    };
    return timePerOpInBatch(constructAll, corpus.length);
  },
});
