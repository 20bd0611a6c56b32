// Finds every module an application can reach statically, as archives need
// them: from the entry, each module is compiled (to the record an archive
// stores), and each specifier its imports and requires name is resolved as
// the loader would resolve it at run time, for the kind of module that
// wrote it. A specifier that does not resolve is kept with its error: a
// require in a try block may be meant to fail, and an archive must fail
// the same way when it runs.
//
// Dynamic import() and require() of computed names are not followed: only
// what the module's text names literally.

import type { ApplicationSource } from './application-source.js';
import { isAbsoluteFile, type ResolveKind } from './cjs-module.js';
import { textOf, type ModuleFormat } from './module-format.js';
import { ModuleSource } from '../module-source/index.js';
import { moduleRecordOf } from '../ses/module-record.js';
import { compileCjsRecord, esmRecordOf, recordBytes } from './precompiled-records.js';

export type EdgeTarget =
  | { readonly kind: 'file'; readonly filename: string; readonly compartment: string }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'error'; readonly message: string; readonly code: string | undefined };

export interface ModuleEdge {
  readonly specifier: string;
  readonly kind: ResolveKind;
  readonly target: EdgeTarget;
}

export interface WalkedModule {
  readonly compartment: string;
  readonly filename: string;
  readonly format: ModuleFormat;
  /** The archive parser of `bytes`: pre-mjs-json, pre-cjs-json, json, or mjs (an ES module's own text). */
  readonly parser: string;
  /** What an archive stores: the precompiled record, or the file's own bytes. */
  readonly bytes: Uint8Array;
  readonly edges: readonly ModuleEdge[];
}

const encoder = new TextEncoder();

/** The module of `filename`: its record and the specifiers it names. */
const compileModule = (
  source: ApplicationSource,
  filename: string,
  format: ModuleFormat,
  url: string,
): { parser: string; bytes: Uint8Array; specifiers: string[] } => {
  const contents = source.readFile(filename);
  if (format === 'json') return { parser: 'json', bytes: typeof contents === 'string' ? encoder.encode(contents) : contents, specifiers: [] };
  const text = textOf(contents);
  if (format === 'esm') {
    const moduleSource = new ModuleSource(text, url);
    const specifiers = [...moduleSource.imports];
    // A precompiled record cannot express top-level await (its program is
    // a plain function, in the original's format too): such a module is
    // stored as its text, which the original's Node parsers also read.
    if (moduleRecordOf(moduleSource)?.isAsync === true) return { parser: 'mjs', bytes: encoder.encode(text), specifiers };
    return { parser: 'pre-mjs-json', bytes: recordBytes(esmRecordOf(moduleSource)), specifiers };
  }
  const record = compileCjsRecord(text, url);
  return { parser: 'pre-cjs-json', bytes: recordBytes(record), specifiers: [...new Set([...record.imports, ...record.reexports])] };
};

/** What a walk learns of one module: what it asks for (with how Node resolves each), and whatever the walker keeps. */
export interface ModuleExamination<T> {
  readonly requests: ReadonlyArray<{ readonly specifier: string; readonly kind: ResolveKind }>;
  readonly result: T;
}

export interface ExaminedModule<T> {
  readonly compartment: string;
  readonly filename: string;
  readonly format: ModuleFormat;
  readonly result: T;
  readonly edges: readonly ModuleEdge[];
}

/**
 * Every module reachable from the application's entry, the entry first,
 * each examined by `examine` (which says what the module asks for) and each
 * of its requests resolved as the loader resolves it.
 */
export const walkModules = <T>(
  source: ApplicationSource,
  examine: (filename: string, compartment: string, format: ModuleFormat) => ModuleExamination<T>,
): ExaminedModule<T>[] => {
  const walked = new Map<string, ExaminedModule<T>>();
  const pending: Array<{ filename: string; compartment: string }> = [{ ...source.entry }];
  while (pending.length > 0) {
    const { filename, compartment } = pending.shift()!;
    if (walked.has(filename)) continue;
    const format = source.formatOf(filename);
    const { requests, result } = examine(filename, compartment, format);
    const edges: ModuleEdge[] = requests.map(({ specifier, kind }) => {
      let resolved: string;
      try {
        resolved = source.resolve(compartment, specifier, filename, kind);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        const message = error instanceof Error ? error.message : String(error);
        return { specifier, kind, target: { kind: 'error', message, code: typeof code === 'string' ? code : undefined } };
      }
      if (!isAbsoluteFile(resolved)) return { specifier, kind, target: { kind: 'builtin', name: resolved } };
      const owner = source.compartmentOfFile(resolved) ?? compartment;
      if (!walked.has(resolved)) pending.push({ filename: resolved, compartment: owner });
      return { specifier, kind, target: { kind: 'file', filename: resolved, compartment: owner } };
    });
    walked.set(filename, { compartment, filename, format, result, edges });
  }
  return [...walked.values()];
};

/**
 * Every module reachable from the application's entry, the entry first,
 * compiled into the records archives store. `sourceUrlOf` names each
 * module in the records (its `sourceURL`, which stack traces show): an
 * archive names them by their place in the archive, not by paths of the
 * machine that made it.
 */
export const walkApplication = (
  source: ApplicationSource,
  sourceUrlOf: (filename: string, compartment: string) => string,
): WalkedModule[] =>
  walkModules(source, (filename, compartment, format) => {
    const { parser, bytes, specifiers } = compileModule(source, filename, format, sourceUrlOf(filename, compartment));
    const kind: ResolveKind = format === 'esm' ? 'esm' : 'cjs';
    return { requests: specifiers.map(specifier => ({ specifier, kind })), result: { parser, bytes } };
  }).map(({ result, ...module }) => ({ ...module, ...result }));
