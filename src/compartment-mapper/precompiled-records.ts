// The precompiled module records that archives hold, in the formats of
// @endo/compartment-mapper's archive parsers:
//
// - `pre-mjs-json`: an ES module's ModuleSource fields as JSON (imports,
//   exports, reexports, `__syncModuleProgram__` and the export maps);
//   the Compartment loader runs such a record as a precompiled source.
// - `pre-cjs-json`: a CommonJS module as `{ imports, exports, reexports,
//   source }`, where `source` is the text of the function the module's
//   body becomes: `(function (require, exports, module, __filename,
//   __dirname) { ... })`.
//
// Records read from an archive are untrusted input. The checks here are for
// clear errors (which file, which field); confinement does not rest on
// them: the program and functor texts are compiled only by a compartment's
// evaluator, which confines whatever they contain.

import { HIDDEN_IMPORT } from '../module-source/hidden-names.js';
import { CjsModuleSource, type ModuleSource } from '../module-source/index.js';

export interface PreMjsRecord {
  imports: string[];
  exports: string[];
  reexports: string[];
  __syncModuleProgram__: string;
  __liveExportMap__: Record<string, [string, boolean]>;
  __reexportMap__: Record<string, Array<[string, string]>>;
  __fixedExportMap__: Record<string, [string]>;
  __needsImport__: boolean;
  __needsImportMeta__: boolean;
}

export interface PreCjsRecord {
  imports: string[];
  exports: string[];
  reexports: string[];
  source: string;
}

/** What the CommonJS loader runs: the fields of a CjsModuleSource it reads. */
export interface CjsSourceLike {
  readonly imports: readonly string[];
  readonly exports: readonly string[];
  readonly reexports: readonly string[];
  readonly cjsFunctor: string;
  readonly __needsImport__: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The `pre-mjs-json` record of an ES module. */
export const esmRecordOf = (source: ModuleSource): PreMjsRecord => ({
  imports: [...source.imports],
  exports: [...source.exports],
  reexports: [...source.reexports],
  __syncModuleProgram__: source.__syncModuleProgram__,
  __liveExportMap__: source.__liveExportMap__ as PreMjsRecord['__liveExportMap__'],
  __reexportMap__: source.__reexportMap__ as PreMjsRecord['__reexportMap__'],
  __fixedExportMap__: source.__fixedExportMap__ as PreMjsRecord['__fixedExportMap__'],
  __needsImport__: source.__needsImport__,
  __needsImportMeta__: source.__needsImportMeta__,
});

/** The `pre-cjs-json` record of a CommonJS module. */
export const cjsRecordOf = (source: CjsSourceLike): PreCjsRecord => ({
  imports: [...source.imports],
  exports: [...source.exports],
  reexports: [...source.reexports],
  source: source.cjsFunctor,
});

/** A record's bytes, as an archive stores them. */
export const recordBytes = (record: PreMjsRecord | PreCjsRecord): Uint8Array => encoder.encode(JSON.stringify(record));

/** Compiles CommonJS text into the record an archive stores for it. */
export const compileCjsRecord = (text: string, url: string): PreCjsRecord => cjsRecordOf(new CjsModuleSource(text, url));

const badRecord = (where: string, parser: string, problem: string): Error =>
  TypeError(`The ${parser} record of ${where} is malformed: ${problem}. The archive is damaged or was not made by a compartment mapper; make it again`);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const checkStrings = (value: unknown, field: string, where: string, parser: string): string[] => {
  if (!Array.isArray(value) || !value.every(item => typeof item === 'string')) {
    throw badRecord(where, parser, `"${field}" must be an array of strings`);
  }
  return value as string[];
};

const parseRecordJson = (bytes: Uint8Array | string, where: string, parser: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes));
  } catch (error) {
    throw badRecord(where, parser, `not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(value)) throw badRecord(where, parser, 'it is not a JSON object');
  return value;
};

/** A `pre-mjs-json` record read from an archive, its shape checked. */
export const parsePreMjs = (bytes: Uint8Array | string, where: string): PreMjsRecord => {
  const parser = 'pre-mjs-json';
  const record = parseRecordJson(bytes, where, parser);
  checkStrings(record.imports, 'imports', where, parser);
  // Archives of older originals list a null among the exports (for an
  // export that has no name); the original's loader passes over it, and so
  // does this one.
  if (Array.isArray(record.exports)) record.exports = record.exports.filter(name => name !== null);
  checkStrings(record.exports, 'exports', where, parser);
  checkStrings(record.reexports ?? [], 'reexports', where, parser);
  if (typeof record.__syncModuleProgram__ !== 'string') throw badRecord(where, parser, '"__syncModuleProgram__" must be a string');
  for (const field of ['__liveExportMap__', '__reexportMap__', '__fixedExportMap__']) {
    if (record[field] !== undefined && !isPlainObject(record[field])) throw badRecord(where, parser, `"${field}" must be an object`);
  }
  for (const field of ['__needsImport__', '__needsImportMeta__']) {
    if (record[field] !== undefined && typeof record[field] !== 'boolean') throw badRecord(where, parser, `"${field}" must be a boolean`);
  }
  return {
    imports: record.imports as string[],
    exports: record.exports as string[],
    reexports: (record.reexports as string[] | undefined) ?? [],
    __syncModuleProgram__: record.__syncModuleProgram__,
    __liveExportMap__: (record.__liveExportMap__ ?? {}) as PreMjsRecord['__liveExportMap__'],
    __reexportMap__: (record.__reexportMap__ ?? {}) as PreMjsRecord['__reexportMap__'],
    __fixedExportMap__: (record.__fixedExportMap__ ?? {}) as PreMjsRecord['__fixedExportMap__'],
    __needsImport__: record.__needsImport__ === true,
    __needsImportMeta__: record.__needsImportMeta__ === true,
  };
};

// The functor's parameters: the original's five, and our hidden dynamic
// import as a sixth when the module uses import().
const functorHeads = ['', `, ${HIDDEN_IMPORT}`].map(extra => `(function (require, exports, module, __filename, __dirname${extra}) {`);

/** A `pre-cjs-json` record read from an archive, as the CommonJS loader runs it. */
export const parsePreCjs = (bytes: Uint8Array | string, where: string): CjsSourceLike => {
  const parser = 'pre-cjs-json';
  const record = parseRecordJson(bytes, where, parser);
  const imports = checkStrings(record.imports, 'imports', where, parser);
  const exports = checkStrings(record.exports, 'exports', where, parser);
  const reexports = checkStrings(record.reexports ?? [], 'reexports', where, parser);
  const { source } = record;
  if (typeof source !== 'string') throw badRecord(where, parser, '"source" must be a string');
  const head = functorHeads.findIndex(candidate => source.startsWith(candidate));
  if (head === -1) {
    throw badRecord(where, parser, '"source" must be a function expression of (require, exports, module, __filename, __dirname)');
  }
  return Object.freeze({
    imports: Object.freeze([...imports]),
    exports: Object.freeze([...exports]),
    reexports: Object.freeze([...reexports]),
    cjsFunctor: source,
    __needsImport__: head === 1,
  });
};
