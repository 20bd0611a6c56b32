// What the module loader runs: the record of one ES module, made from its
// text by module-transform.ts (and wrapped by `ModuleSource` in
// endo/module-source). Genuine records are registered in a private slot of
// the object that carries them, so that the loader never evaluates functor
// text that a program made up: an object without a registered record is not
// a compiled module source (it may still be a virtual module source).

import type { GeneratedCode } from './generated-code.js';
import { makePrivateSlot } from './private-slot.js';

export interface ModuleRecord {
  /** Where the text came from (a URL or path), for messages and stacks. */
  location: string;
  /** Every specifier the module imports or re-exports from, in source order, each once. */
  imports: readonly string[];
  /** Names the module exports itself: its local exports and named re-exports (`export { a as b } from`, `export * as ns from`); sorted. */
  exports: readonly string[];
  /** Specifiers of `export * from`, one per declaration (so maybe repeated), sorted: as the original lists them. */
  reexports: readonly string[];
  /** Export names whose values are the module's own bindings (read through the functor's readers). */
  localExports: readonly string[];
  /** Export name -> [specifier, imported name or '*' for the namespace], for named re-exports. */
  indirectExports: Readonly<Record<string, readonly [specifier: string, importName: string]>>;
  /** Import bindings the module uses: [specifier, imported name or '*'] (for link-time checks). */
  importedNames: readonly (readonly [specifier: string, importName: string])[];
  /** Whether the module uses top-level await: its functor is then an async generator function. */
  isAsync: boolean;
  needsImportMeta: boolean;
  needsDynamicImport: boolean;
  /**
   * Confined code (evaluate it with the compartment evaluator's
   * evaluateModuleFunctor) whose value is a generator function (async for isAsync):
   *
   *   function* (namespaces, setReaders, importMeta, dynamicImport, bindingViews)
   *
   * - namespaces[i]: the namespace object of the module that imports[i]
   *   resolves to (what a namespace import `import * as ns` binds);
   * - bindingViews[i]: that module's binding view, an object with a getter
   *   per export name, which named imports read at each use (it may be
   *   filled after the call, but before the body runs);
   * - setReaders(readers, anonymousDefault?): called during the first
   *   next() with one reader function per local export name
   *   (readers[name]() is the binding's current value; it throws a
   *   ReferenceError while in its TDZ); anonymousDefault, when given, is the
   *   function of `export default function () {}`, which the loader must
   *   name 'default' (defineProperty of its `name`), as the language does;
   * - importMeta: the module's import.meta object;
   * - dynamicImport(specifier): the module's import(), a promise for the
   *   namespace of the module specifier resolves to from this one.
   *
   * The first next() instantiates (hoisted functions exist, lexical
   * bindings are in their TDZ) and stops; the second runs the body.
   */
  functor: GeneratedCode;
}

const records = makePrivateSlot<ModuleRecord>();

/** Registers `record` as the genuine compiled record carried by `carrier`. */
export const registerModuleRecord = (carrier: object, record: ModuleRecord): void => {
  if (records.has(carrier)) throw TypeError('A module record is already registered for this object');
  records.set(carrier, record);
};

/** The genuine record carried by `value`, if any. */
export const moduleRecordOf = (value: unknown): ModuleRecord | undefined =>
  (typeof value === 'object' && value !== null) || typeof value === 'function' ? records.get(value as object) : undefined;
