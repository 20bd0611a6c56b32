// Module analyses kept between runs of policy generation: an analysis is a
// function of the module's kind (cjs or esm) and text alone (the file name
// only words syntax errors, which are never stored), so it is stored under
// a hash of the two, the analyser's format and endo's version, in the same
// HMAC-checked store as compiled modules (compiled-module-cache.ts): an
// entry another user or process could have written fails its HMAC and is a
// miss; one that passes is decoded field by field, and one that does not
// decode is a miss too. A miss analyses the text, as without the cache.
//
// The key also holds a fingerprint of the analysers' code, the parsers'
// versions and Node's, so that a cached analysis is the one this very code
// would make; ANALYSIS_FORMAT changes with the stored layout.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { hashKey, openCompiledModuleCache, type CompiledModuleCache } from '../compartment-mapper/compiled-module-cache.js';
import { analyzeModule, type AnalyzeModuleOptions, type ModuleAnalysis } from './analyze-module.js';
import type { BuiltinMembers } from './builtin-uses.js';
import type { GlobalUse } from './global-references.js';

/** The layout of a stored analysis: change it with toStored/fromStored. */
export const ANALYSIS_FORMAT = 'endo-module-analysis/1';

/**
 * What the analysis depends on besides the text: the analysers' own code
 * (so that an edited analyser never reads its former results, even at one
 * package version), the parsers' versions, and Node's (its list of
 * builtins). Undefined when a part cannot be read: then nothing is cached.
 */
const analyserFingerprint = ((): string | undefined => {
  const analyserFiles = [
    './analyze-module.js',
    './scope-analysis.js',
    './value-paths.js',
    './global-references.js',
    './builtin-uses.js',
    './module-requests.js',
    '../module-source/cjs-parse.js',
    '../ses/permits.js',
  ];
  try {
    const require = createRequire(import.meta.url);
    // A parser's package.json is not among its exports: found up from its main file.
    const versionOf = (name: string): string => {
      for (let directory = dirname(require.resolve(name)); ; directory = dirname(directory)) {
        const file = join(directory, 'package.json');
        if (existsSync(file)) {
          const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
          if (json.name === name) return String(json.version);
        }
        if (dirname(directory) === directory) throw Error(`No package.json of ${name}`);
      }
    };
    return hashKey([
      ...analyserFiles.map(file => readFileSync(new URL(file, import.meta.url), 'utf8')),
      `meriyah ${versionOf('meriyah')}`,
      `acorn ${versionOf('acorn')}`,
      `node ${process.version}`,
    ]);
  } catch {
    return undefined;
  }
})();

/** An analysis as plain data. */
interface StoredAnalysis {
  globals: [string, GlobalUse][];
  builtins: [string, string[] | 'whole'][];
  packages: string[];
  dynamic: ModuleAnalysis['dynamic'];
  requests: ModuleAnalysis['requests'];
  native: boolean;
}

const toStored = (analysis: ModuleAnalysis): StoredAnalysis => ({
  globals: [...analysis.globals],
  builtins: [...analysis.builtins].map(([name, members]) => [name, members === 'whole' ? 'whole' : [...members]]),
  packages: [...analysis.packages],
  dynamic: analysis.dynamic.map(({ kind, line, column }) => ({ kind, line, column })),
  requests: analysis.requests.map(({ specifier, kind }) => ({ specifier, kind })),
  native: analysis.native,
});

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** Stored data back to an analysis; throws on anything malformed (the entry is then a miss). */
const fromStored = (payload: string): ModuleAnalysis => {
  const data = JSON.parse(payload) as Partial<Record<keyof StoredAnalysis, unknown>>;
  const malformed = (field: string) => TypeError(`A stored module analysis is malformed (${field})`);
  const { globals, builtins, packages, dynamic, requests, native } = data;
  if (!Array.isArray(globals) || !globals.every(entry => isStringArray(entry) && entry.length === 2 && (entry[1] === 'read' || entry[1] === 'write'))) {
    throw malformed('globals');
  }
  if (!Array.isArray(builtins)) throw malformed('builtins');
  const builtinMap = new Map<string, BuiltinMembers>();
  for (const entry of builtins as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || !isString(entry[0])) throw malformed('builtins');
    const members: unknown = entry[1];
    if (members === 'whole') builtinMap.set(entry[0], 'whole');
    else if (isStringArray(members)) builtinMap.set(entry[0], new Set(members));
    else throw malformed('builtins');
  }
  if (!isStringArray(packages)) throw malformed('packages');
  if (
    !Array.isArray(dynamic) ||
    !dynamic.every(
      (item: { kind?: unknown; line?: unknown; column?: unknown }) =>
        (item?.kind === 'require' || item?.kind === 'import') && isPositiveInteger(item.line) && isPositiveInteger(item.column),
    )
  ) {
    throw malformed('dynamic');
  }
  if (!Array.isArray(requests) || !requests.every((item: { specifier?: unknown; kind?: unknown }) => isString(item?.specifier) && (item.kind === 'cjs' || item.kind === 'esm'))) {
    throw malformed('requests');
  }
  if (typeof native !== 'boolean') throw malformed('native');
  return {
    globals: new Map(globals as [string, GlobalUse][]),
    builtins: builtinMap,
    packages: new Set(packages),
    dynamic: (dynamic as ModuleAnalysis['dynamic']).map(({ kind, line, column }) => ({ kind, line, column })),
    requests: (requests as ModuleAnalysis['requests']).map(({ specifier, kind }) => ({ specifier, kind })),
    native,
  };
};

/** The key of the analysis of `text` as `kind`. */
const analysisKey = (fingerprint: string, kind: AnalyzeModuleOptions['kind'], text: string): string => hashKey([ANALYSIS_FORMAT, fingerprint, kind, text]);

/** An entry is refused unread above this size (an analysis is far smaller than its text). */
const maxEntryBytes = (text: string): number => 4 * text.length + 64 * 1024;

export type AnalyzeModule = (text: string, options: AnalyzeModuleOptions) => ModuleAnalysis;

/** analyzeModule, reading and writing its results in `cache` (a directory, or an open store). */
export const makeCachingAnalyzer = (cache: string | CompiledModuleCache): AnalyzeModule & { readonly cache: CompiledModuleCache } => {
  const store = typeof cache === 'string' ? openCompiledModuleCache(cache) : cache;
  const fingerprint = analyserFingerprint;
  const analyze = (text: string, options: AnalyzeModuleOptions): ModuleAnalysis => {
    if (fingerprint === undefined) return analyzeModule(text, options);
    const key = analysisKey(fingerprint, options.kind, text);
    const hit = store.lookup(key, fromStored, maxEntryBytes(text));
    if (hit !== undefined) return hit;
    // A syntax error throws here, and nothing is stored.
    const analysis = analyzeModule(text, options);
    store.store(key, JSON.stringify(toStored(analysis)));
    return analysis;
  };
  return Object.assign(analyze, { cache: store });
};
