// What the loader of a package compartment (cjs-module.ts) runs for the text
// of a file: a ModuleCompiler turns CommonJS text into its analysis and a
// functor, and ES module text into a module source the Compartment links.
//
// - The plain compiler does what the loader always did: CjsModuleSource,
//   its functor evaluated by compartment.evaluate, new ModuleSource.
// - The caching compiler keeps what compiling produced in a
//   compiled-module cache (compiled-module-cache.ts), keyed by a hash of
//   the kind of compilation, the compiler format, the file's URL (the code
//   names it in its sourceURL) and its text. A hit skips the parse,
//   analysis and rewriting, and keeps the verifying parse: the stored code
//   passes src/ses/stored-code.ts's confinement check before anything of
//   the entry is used. An entry that fails any check is a miss: compiled
//   again from the text and written again.
// - An archive loader supplies compiled records its own way: an ES module
//   record as the module source (the Compartment confines its program),
//   a CommonJS record through cjsFromFunctorText.
//
// Both paths of the caching compiler run the same confined text that
// compartment.evaluate would run: results do not depend on the cache.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CjsModuleSource, ModuleSource } from '../module-source/index.js';
import {
  confineScriptForStorage,
  evaluateStoredScript,
  moduleSourceFromStorage,
  scriptFromStorage,
  storedModuleRecord,
  type StoredCode,
} from '../ses/stored-code.js';
import { hashKey, openCompiledModuleCache, type CompiledModuleCache } from './compiled-module-cache.js';

/**
 * The format of what the caching compiler stores: change it whenever the
 * payload's fields or the rewriters' output change, so that no endo reads
 * another's entries (the package's version is part of the key too).
 */
export const MODULE_COMPILER_FORMAT = 'endo-module-compiler/1';

/** What compiling needs of a compartment. */
export interface CompilingCompartment {
  evaluate(source: string, options?: { __rejectSomeDirectEvalExpressions__?: boolean }): unknown;
  readonly globalThis: object;
}

/** A CommonJS module, compiled. */
export interface CompiledCjs {
  /** The specifiers it requires, as the analysis finds them. */
  readonly imports: readonly string[];
  /** The names an ES module importer sees (cjs-module-lexer's analysis). */
  readonly exports: readonly string[];
  /** Specifiers whose exports it re-exports. */
  readonly reexports: readonly string[];
  /** Whether the functor takes the module's import() as a sixth argument. */
  readonly needsImport: boolean;
  /**
   * The module's function in `compartment` (its `global` bound to the
   * compartment's global object), to call with `this` the module's exports
   * and (require, exports, module, __filename, __dirname[, import]).
   */
  functorIn(compartment: CompilingCompartment): Function;
}

export interface ModuleCompiler {
  /** A CommonJS file's text; throws the SyntaxError of text that does not parse. */
  cjs(filename: string, text: string): CompiledCjs;
  /** An ES module's text: a module source the Compartment accepts; throws its SyntaxError. */
  esm(filename: string, text: string): object;
}

/** The functor's text in the wrapper that binds `global`. */
const wrapFunctor = (cjsFunctor: string): string => `(function (global) { return ${cjsFunctor}; })`;

type WithGlobal = (global: object) => Function;

/**
 * A compiled CommonJS module from a functor's text (CjsModuleSource's
 * `cjsFunctor`, or an archive's pre-cjs-json `source`), evaluated by the
 * compartment, which confines it: a direct eval in it works, confined.
 */
export const cjsFromFunctorText = (record: {
  imports: readonly string[];
  exports: readonly string[];
  reexports: readonly string[];
  cjsFunctor: string;
  needsImport?: boolean;
}): CompiledCjs => {
  const { imports, exports, reexports, cjsFunctor, needsImport = false } = record;
  return Object.freeze({
    imports,
    exports,
    reexports,
    needsImport,
    functorIn: (compartment: CompilingCompartment) =>
      (compartment.evaluate(wrapFunctor(cjsFunctor), { __rejectSomeDirectEvalExpressions__: false }) as WithGlobal)(compartment.globalThis),
  });
};

/** The compiler without a cache: what the loader has always done. */
export const plainModuleCompiler: ModuleCompiler = Object.freeze({
  cjs: (filename: string, text: string): CompiledCjs => {
    const source = new CjsModuleSource(text, pathToFileURL(filename).href);
    return cjsFromFunctorText({ ...source, needsImport: source.__needsImport__ });
  },
  esm: (filename: string, text: string): object => new ModuleSource(text, pathToFileURL(filename).href),
});

/** The version of this package, part of every key; 'unknown' when its package.json is not where the build puts it. */
const endoVersion = ((): string => {
  try {
    const version = (createRequire(import.meta.url)('../../../package.json') as { name?: unknown; version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
})();

/** The key of a compilation: its kind, the compiler format and version, the file's URL and its text. */
export const compiledModuleKey = (kind: 'cjs' | 'esm', url: string, text: string): string =>
  hashKey([MODULE_COMPILER_FORMAT, endoVersion, kind, url, text]);

/** An entry may be this much larger than the text it was compiled from, and no larger (the rest is refused unread). */
const maxEntryBytes = (text: string): number => 64 * text.length + 1024 * 1024;

interface StoredCjs {
  imports: string[];
  exports: string[];
  reexports: string[];
  needsImport: boolean;
  code: StoredCode;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(item => typeof item === 'string');

/** A stored CommonJS entry, checked; its code verified (a SyntaxError refuses it). */
const cjsFromStorage = (payload: string, url: string): CompiledCjs => {
  const stored = JSON.parse(payload) as Partial<Record<keyof StoredCjs, unknown>>;
  const { imports, exports, reexports, needsImport } = stored;
  if (!isStringArray(imports) || !isStringArray(exports) || !isStringArray(reexports) || typeof needsImport !== 'boolean') {
    throw TypeError(`The stored CommonJS analysis of ${url} is malformed`);
  }
  const code = scriptFromStorage(stored.code, url);
  return Object.freeze({
    imports: Object.freeze(imports),
    exports: Object.freeze(exports),
    reexports: Object.freeze(reexports),
    needsImport,
    functorIn: (compartment: CompilingCompartment) => (evaluateStoredScript(compartment, code) as WithGlobal)(compartment.globalThis),
  });
};

/**
 * A compiler that keeps its work in `cache` (a directory, or an open
 * cache). For compartments made without `transforms` or
 * `__shimTransforms__`, as importLocation makes them: stored code has been
 * through no transform.
 */
export const makeCachingModuleCompiler = (cache: string | CompiledModuleCache): ModuleCompiler & { readonly cache: CompiledModuleCache } => {
  const store = typeof cache === 'string' ? openCompiledModuleCache(cache) : cache;

  const cjs = (filename: string, text: string): CompiledCjs => {
    const url = pathToFileURL(filename).href;
    const key = compiledModuleKey('cjs', url, text);
    const hit = store.lookup(key, payload => cjsFromStorage(payload, url), maxEntryBytes(text));
    if (hit !== undefined) return hit;
    const source = new CjsModuleSource(text, url);
    let confined: ReturnType<typeof confineScriptForStorage>;
    try {
      confined = confineScriptForStorage(wrapFunctor(source.cjsFunctor), { allowDirectEval: true });
    } catch (error) {
      // A rejection (an HTML-like comment, ...) shows when the module runs, as with evaluate; nothing is stored.
      return Object.freeze({
        imports: source.imports,
        exports: source.exports,
        reexports: source.reexports,
        needsImport: source.__needsImport__,
        functorIn: () => {
          throw error;
        },
      });
    }
    const stored: StoredCjs = {
      imports: [...source.imports],
      exports: [...source.exports],
      reexports: [...source.reexports],
      needsImport: source.__needsImport__,
      code: confined.stored,
    };
    store.store(key, JSON.stringify(stored));
    const { code } = confined;
    return Object.freeze({
      imports: source.imports,
      exports: source.exports,
      reexports: source.reexports,
      needsImport: source.__needsImport__,
      functorIn: (compartment: CompilingCompartment) => (evaluateStoredScript(compartment, code) as WithGlobal)(compartment.globalThis),
    });
  };

  const esm = (filename: string, text: string): object => {
    const url = pathToFileURL(filename).href;
    const key = compiledModuleKey('esm', url, text);
    const hit = store.lookup(key, payload => moduleSourceFromStorage(JSON.parse(payload), url), maxEntryBytes(text));
    if (hit !== undefined) return hit;
    const moduleSource = new ModuleSource(text, url);
    const stored = storedModuleRecord(moduleSource);
    if (stored !== undefined) store.store(key, JSON.stringify(stored));
    return moduleSource;
  };

  return Object.freeze({ cjs, esm, cache: store });
};
