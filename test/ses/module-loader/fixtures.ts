// Helpers for the module loader's tests: module sources made by hand. A
// compiled module is a carrier object with a registered ModuleRecord whose
// functor text follows the contract of src/ses/module-record.ts (written by
// hand here: it reaches the compartment's globals through `globalThis`,
// which the evaluator binds to the compartment's global object).

import { GeneratedCode } from '../../../src/ses/generated-code.js';
import { registerModuleRecord, type ModuleRecord } from '../../../src/ses/module-record.js';

export type RecordShape = Partial<Omit<ModuleRecord, 'functor'>> & { functorSource: string };

/** A module source object carrying a hand-written record. */
export const recordSource = (shape: RecordShape): object => {
  const carrier = {};
  const exports = shape.exports ?? [...(shape.localExports ?? []), ...Object.keys(shape.indirectExports ?? {})].sort();
  registerModuleRecord(carrier, {
    location: '<hand-written>',
    imports: [],
    reexports: [],
    localExports: [],
    indirectExports: {},
    importedNames: [],
    isAsync: false,
    needsImportMeta: false,
    needsDynamicImport: false,
    ...shape,
    exports,
    // Hand-written: no internal names in it (the evaluator verifies that too).
    functor: new GeneratedCode({ text: shape.functorSource, internals: [] }, '<hand-written>'),
  });
  return carrier;
};

/**
 * A functor text: `setReaders` of `readerNames` (each reads the local of
 * the same name), then `instantiate` (hoisted declarations, in scope of
 * the body), a yield, then `body`. `async` makes an async generator.
 */
export const functor = ({
  readers = [] as string[],
  declarations = '',
  body = '',
  isAsync = false,
}: {
  readers?: string[];
  declarations?: string;
  body?: string;
  isAsync?: boolean;
}): string => `(${isAsync ? 'async ' : ''}function* (namespaces, setReaders, importMeta, dynamicImport) {
  setReaders({ ${readers.map(name => `${JSON.stringify(name)}: () => ${name}`).join(', ')} });
  ${declarations}
  yield;
  ${body}
})`;

/** A record source whose body logs `name` (through the compartment global `log`) and exports nothing. */
export const loggingModule = (name: string, imports: string[] = [], isAsync = false, extra = ''): object =>
  recordSource({
    imports,
    isAsync,
    functorSource: functor({ body: `${extra}; globalThis.log(${JSON.stringify(name)});`, isAsync }),
  });

/** Records the order of events. */
export const makeLog = () => {
  const entries: string[] = [];
  const log = (entry: string) => {
    entries.push(entry);
  };
  return { entries, log };
};

/** A resolveHook for relative specifiers like './a' from './b' (flat namespace: keeps the last segment). */
export const flatResolve = (specifier: string, _referrer: string): string => specifier;
