// Confined code that was written to storage (a compiled-module cache) and is
// read back, for the compartment mapper: the rewriting is skipped, the
// verification is not. Whatever is read back is untrusted input: another
// process or user may have written it.
//
// - confineScriptForStorage / storedModuleRecord turn code the rewriters made into
//   plain data ({ text, internals }, and a module record's fields);
// - scriptFromStorage / moduleSourceFromStorage take such data back, check
//   its shape, and pass its text through verify-generated-code.ts before
//   returning anything: the same check that guards the rewriter's own
//   output (every free name one the evaluator binds, no direct eval, no
//   import(), internal names only where the data says it wrote them). Code
//   that fails is refused with the verifier's SyntaxError, so a caller can
//   treat the entry as absent;
// - evaluateStoredScript compiles a verified script in a compartment's
//   evaluator, as compartment.evaluate would compile the same text.
//
// What verification cannot tell is whether the code is the one the
// rewriter would write for a given source: stored code may do anything
// confined code may do in that compartment, and no more. Keeping forgers
// out of the store is the store's concern (compiled-module-cache.ts).
//
// Nothing here is exported by a package entry point: compartment code
// cannot reach these functions, and they give nothing beyond what
// compartment.evaluate gives.

import { freeze } from './commons.js';
import { getCompartmentFields } from './compartment.js';
import { confineScript } from './confine-script.js';
import { GeneratedCode } from './generated-code.js';
import { moduleRecordOf, registerModuleRecord, type ModuleRecord } from './module-record.js';
import { verifyGeneratedCode } from './verify-generated-code.js';

/** Generated code as plain data. */
export interface StoredCode {
  text: string;
  internals: number[];
}

/** A module record as plain data (module-record.ts says what the fields mean). */
export interface StoredModuleRecord {
  imports: string[];
  exports: string[];
  reexports: string[];
  localExports: string[];
  indirectExports: Record<string, [string, string]>;
  importedNames: [string, string][];
  isAsync: boolean;
  needsImportMeta: boolean;
  needsDynamicImport: boolean;
  functor: StoredCode;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(item => typeof item === 'string');

const isPairArray = (value: unknown): value is [string, string][] =>
  Array.isArray(value) && value.every(pair => isStringArray(pair) && pair.length === 2);

const refuse = (location: string, problem: string): SyntaxError =>
  SyntaxError(`Stored code for ${location} is malformed (${problem}); it is refused`);

const storedCodeOf = (code: GeneratedCode): StoredCode => ({ text: code.text, internals: [...code.internals] });

/** Stored data -> GeneratedCode, verified now (a SyntaxError if it does not read as confined code). */
const verifiedCode = (data: unknown, location: string): GeneratedCode => {
  const { text, internals } = (typeof data === 'object' && data !== null ? data : {}) as Partial<StoredCode>;
  if (typeof text !== 'string') throw refuse(location, 'no text');
  if (!Array.isArray(internals) || !internals.every(at => Number.isSafeInteger(at) && at >= 0 && at < text.length)) {
    throw refuse(location, 'internal name offsets out of range');
  }
  const code = new GeneratedCode({ text, internals: [...internals] }, location);
  GeneratedCode.verifiedText(code, verifyGeneratedCode);
  return code;
};

/**
 * A script confined as compartment.evaluate confines it (with direct eval
 * allowed or not): the code, for evaluateStoredScript, and the same as data
 * to store.
 */
export const confineScriptForStorage = (source: string, options: { allowDirectEval: boolean }): { code: GeneratedCode; stored: StoredCode } => {
  const { code } = confineScript(source, { rejectDirectEval: !options.allowDirectEval });
  return { code, stored: storedCodeOf(code) };
};

/** Stored script data, verified: what evaluateStoredScript compiles. Throws a SyntaxError when it is refused. */
export const scriptFromStorage = (data: unknown, location: string): GeneratedCode => verifiedCode(data, location);

/**
 * The value of a verified script in `compartment`'s evaluator (strict, the
 * compartment's global object), as compartment.evaluate gives it for the
 * source the script was confined from; the script's top-level `this` is
 * undefined. For compartments made without `transforms` (which the stored
 * text has not been through); one with __shimTransforms__ is refused.
 */
export const evaluateStoredScript = (compartment: object, code: GeneratedCode): unknown => {
  const fields = getCompartmentFields(compartment);
  if (fields.moduleOptions.__shimTransforms__.length > 0) {
    throw TypeError(`Stored code cannot run in compartment ${JSON.stringify(fields.name)}, which has __shimTransforms__`);
  }
  return fields.evaluateModuleFunctor(code);
};

/** The record of a compiled ModuleSource as data to store, or undefined if `moduleSource` carries none. */
export const storedModuleRecord = (moduleSource: unknown): StoredModuleRecord | undefined => {
  const record = moduleRecordOf(moduleSource);
  if (record === undefined) return undefined;
  return {
    imports: [...record.imports],
    exports: [...record.exports],
    reexports: [...record.reexports],
    localExports: [...record.localExports],
    indirectExports: Object.fromEntries(Object.entries(record.indirectExports).map(([name, [from, imported]]) => [name, [from, imported]])),
    importedNames: record.importedNames.map(([from, imported]) => [from, imported]),
    isAsync: record.isAsync,
    needsImportMeta: record.needsImportMeta,
    needsDynamicImport: record.needsDynamicImport,
    functor: storedCodeOf(record.functor),
  };
};

/**
 * A module source the Compartment loader runs, from stored record data: a
 * frozen object with `imports`, `exports` and `reexports`, carrying the
 * record. Its functor is verified here; a SyntaxError refuses the data.
 */
export const moduleSourceFromStorage = (data: unknown, location: string): object => {
  if (typeof data !== 'object' || data === null) throw refuse(location, 'not an object');
  const stored = data as Partial<Record<keyof StoredModuleRecord, unknown>>;
  for (const field of ['imports', 'exports', 'reexports', 'localExports'] as const) {
    if (!isStringArray(stored[field])) throw refuse(location, `${field} is not a list of strings`);
  }
  if (!isPairArray(stored.importedNames)) throw refuse(location, 'importedNames is not a list of pairs');
  const { indirectExports } = stored;
  if (typeof indirectExports !== 'object' || indirectExports === null || Array.isArray(indirectExports) || !isPairArray(Object.values(indirectExports))) {
    throw refuse(location, 'indirectExports is not a map of pairs');
  }
  for (const flag of ['isAsync', 'needsImportMeta', 'needsDynamicImport'] as const) {
    if (typeof stored[flag] !== 'boolean') throw refuse(location, `${flag} is not a boolean`);
  }
  const strings = (field: 'imports' | 'exports' | 'reexports' | 'localExports') => freeze([...(stored[field] as string[])]);
  const pair = ([a, b]: [string, string]) => freeze([a, b] as const);
  const record: ModuleRecord = freeze({
    location,
    imports: strings('imports'),
    exports: strings('exports'),
    reexports: strings('reexports'),
    localExports: strings('localExports'),
    indirectExports: freeze(
      Object.assign(
        Object.create(null) as Record<string, readonly [string, string]>,
        Object.fromEntries(Object.entries(indirectExports as Record<string, [string, string]>).map(([name, target]) => [name, pair(target)])),
      ),
    ),
    importedNames: freeze((stored.importedNames as [string, string][]).map(pair)),
    isAsync: stored.isAsync as boolean,
    needsImportMeta: stored.needsImportMeta as boolean,
    needsDynamicImport: stored.needsDynamicImport as boolean,
    functor: verifiedCode(stored.functor, location),
  });
  const carrier = { imports: record.imports, exports: record.exports, reexports: record.reexports };
  registerModuleRecord(carrier, record);
  return freeze(carrier);
};
