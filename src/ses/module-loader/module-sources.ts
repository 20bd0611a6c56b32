// Turns what a module descriptor offers as a module's source into a
// CheckedModuleSource: a compiled ModuleSource (an object carrying a
// registered ModuleRecord), a virtual module source ({ imports, exports,
// reexports?, execute }), or module text (compiled here, after the
// compartment's __shimTransforms__). Everything is checked and copied
// once, so that a later change to the user's object changes nothing; the
// error messages are the original ses's where it has one.

import { moduleRecordOf, type ModuleRecord } from '../module-record.js';
import { transformModule } from '../module-transform.js';
import { applyTransforms, type Transform } from '../make-evaluator.js';
import type { CheckedModuleSource, VirtualExecute } from './module-instance.js';
import { checkedFromPrecompiled, isPrecompiledSource } from './precompiled.js';

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(item => typeof item === 'string');

const describeValue = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;

/** The checked form of a compiled module's record. */
export const checkedFromRecord = (record: ModuleRecord): CheckedModuleSource =>
  Object.freeze({
    kind: 'compiled' as const,
    imports: Object.freeze([...record.imports]),
    localExports: Object.freeze([...record.localExports]),
    indirectExports: Object.freeze(Object.assign(Object.create(null), record.indirectExports)),
    starExports: Object.freeze([...record.reexports]),
    hasTLA: record.isAsync,
    record,
  });

/**
 * Checks a module source object: a compiled ModuleSource or a virtual
 * module source. A compartment with __shimTransforms__ runs a ModuleSource
 * from its program text, which the transforms then apply to, as in ses.
 */
export const checkModuleSource = (
  value: unknown,
  specifier: string,
  compartmentName: string,
  shimTransforms: readonly Transform[] = [],
): CheckedModuleSource => {
  const record = moduleRecordOf(value);
  if (record !== undefined && shimTransforms.length === 0) return checkedFromRecord(record);
  const where = `for module ${quoted(specifier)} of compartment ${quoted(compartmentName)}`;
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') {
    throw TypeError(`Invalid module source: must be of type object, got ${describeValue(value)}, ${where}`);
  }
  const candidate = value as Record<string, unknown>;
  const { imports, execute } = candidate;
  if (!isStringArray(imports)) {
    throw TypeError(`Invalid module source: 'imports' must be an array of strings, got ${describeValue(imports)} ${where}`);
  }
  if (typeof execute === 'function') {
    const { exports, reexports = [] } = candidate;
    if (!isStringArray(exports)) {
      throw TypeError(`SES virtual module source "exports" property must be an array of strings ${where}`);
    }
    if (!isStringArray(reexports)) {
      throw TypeError(`Invalid module source: 'reexports' must be an array of strings if present, got ${describeValue(reexports)} ${where}`);
    }
    // A star export is a request too: make sure it is loaded and linked.
    const requested = [...new Set([...imports, ...reexports])];
    return Object.freeze({
      kind: 'virtual' as const,
      imports: Object.freeze(requested),
      localExports: Object.freeze([...new Set(exports)]),
      indirectExports: Object.freeze(Object.create(null)),
      starExports: Object.freeze([...new Set(reexports)]),
      hasTLA: false,
      virtual: Object.freeze({ object: candidate, execute: execute as VirtualExecute }),
    });
  }
  // The original's precompiled form (archives store it): see precompiled.ts.
  if (isPrecompiledSource(candidate)) return checkedFromPrecompiled(candidate, specifier, where);
  if (record !== undefined) return checkedFromRecord(record);
  if (!Array.isArray(candidate.exports)) {
    throw TypeError(`Invalid module source: 'exports' must be an array, got ${describeValue(candidate.exports)}, ${where}`);
  }
  throw TypeError(
    `Invalid module source ${where}: expected a ModuleSource or a virtual module source { imports, exports, execute }`,
  );
};

/** Compiles module text: the compartment's __shimTransforms__ first, then the module transform. */
export const compileModuleText = (
  text: string,
  location: string,
  shimTransforms: readonly Transform[],
): CheckedModuleSource => {
  const transformed = applyTransforms(text, shimTransforms, 'A __shimTransforms__ transform', ` for module ${quoted(location)}`);
  return checkedFromRecord(transformModule(transformed, location));
};

/** A virtual source over a plain object's own properties, copied when executed (a `{ namespace: object }` descriptor). */
export const checkedFromPlainNamespace = (object: object): CheckedModuleSource => {
  const names = Object.getOwnPropertyNames(object);
  const source = {
    imports: [],
    exports: names,
    execute(exportsTarget: Record<string, unknown>) {
      for (const name of names) exportsTarget[name] = (object as Record<string, unknown>)[name];
    },
  };
  return Object.freeze({
    kind: 'virtual' as const,
    imports: Object.freeze([]),
    localExports: Object.freeze([...names]),
    indirectExports: Object.freeze(Object.create(null)),
    starExports: Object.freeze([]),
    hasTLA: false,
    virtual: Object.freeze({ object: source, execute: source.execute as VirtualExecute }),
  });
};
