// Precompiled module sources, as ses's loader takes them: an object with
// `imports`, `exports`, `reexports` and the original @endo/module-source's
// compiled form, either `__syncModuleProgram__` (program text, as archives
// store it) or `__syncModuleFunctor__` (that program already evaluated by
// the host), with `__fixedExportMap__`, `__liveExportMap__`,
// `__reexportMap__`, `__needsImport__` and `__needsImportMeta__`
// (src/module-source/sync-module-program.ts says what they mean).
//
// Such a module runs here as a virtual module source whose execute() calls
// the functor with the original's calling convention; its re-exports are
// indirect and star exports that our linker resolves, so they stay live.
//
// SECURITY: program text is untrusted. It is confined exactly as
// compartment.evaluate confines a script (confine-script.ts: every free
// name is an access on the compartment's global object, direct eval and
// import() refused, our internal names refused) and compiled only by the
// compartment's evaluator, as verified GeneratedCode. The only addition is
// the original's "module lexicals": the local names of live exports, which
// the program leaves free and the loader must resolve to accessors of the
// exported binding. They are confined as a direct eval's enclosing names
// are (`x` -> `S.x`), with S a parameter of a wrapper this file writes, so
// the program reaches them and nothing else.
//
// Imports are pushed: the functor hands updaters, which are called with
// the imported value when the module runs. A binding of one of our own
// compiled modules that changes after that is not pushed again (our
// modules are read, not notified); ses's own modules are notified.

import { code, GeneratedCode, internal } from '../generated-code.js';
import { confineScript } from '../confine-script.js';
import { SCOPE_BINDING } from '../internal-names.js';
import { parseSource } from '../parse-source.js';
import { applyTransforms, type Transform } from '../make-evaluator.js';
import { compartmentModulesOf } from './compartment-modules.js';
import { importNamespace, importNamespaceNow } from './module-graph.js';
import type { CheckedModuleSource, VirtualExecute } from './module-instance.js';

type Updater = (value: unknown) => void;
/** Subscribes an updater to one export of a running precompiled module: false when it is not a local export. */
type Subscribe = (exportName: string, update: Updater) => boolean;

/** Compartment -> full specifier -> how to be notified of that precompiled module's exports. */
const notifiers = new WeakMap<object, Map<string, Subscribe>>();
const notifierOf = (compartment: object, specifier: string): Subscribe | undefined => notifiers.get(compartment)?.get(specifier);
type Functor = (convention: object) => void;

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(item => typeof item === 'string');

const isRecordOf = (value: unknown, check: (entry: unknown) => boolean): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.values(value).every(check);

/** Whether `value` is a precompiled module source (it has the original's compiled form). */
export const isPrecompiledSource = (value: Record<string, unknown>): boolean =>
  typeof value.__syncModuleProgram__ === 'string' || typeof value.__syncModuleFunctor__ === 'function';

/**
 * The functor of program text, confined (see above). The program must be
 * one expression (the original's is an arrow function), so that the
 * wrapper `S => <program>` is that expression with S bound.
 */
const functorOfProgram = (
  program: string,
  lexicalNames: readonly string[],
  lexicals: object,
  evaluateModuleFunctor: (code: GeneratedCode) => unknown,
  shimTransforms: readonly Transform[],
  where: string,
): Functor => {
  const text = applyTransforms(program, shimTransforms, 'A __shimTransforms__ transform', ` for the program ${where}`);
  const tree = parseSource(text, 'script', undefined, () => where);
  const [statement] = tree.body;
  const isFunctionExpression = (node: { type: string } | undefined) =>
    node !== undefined && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression');
  if (tree.body.length !== 1 || statement.type !== 'ExpressionStatement' || !isFunctionExpression(statement.expression)) {
    throw TypeError(`A precompiled module program must be one function expression (as @endo/module-source writes it) ${where}`);
  }
  const { code: confined } = confineScript(text, {
    rejectDirectEval: true,
    enclosingNames: lexicalNames,
  });
  const wrapper = code`(${internal(SCOPE_BINDING)}) => ${{ text: confined.text, internals: confined.internals }}`;
  const bind = evaluateModuleFunctor(new GeneratedCode(wrapper, confined.location)) as (scope: object) => unknown;
  const functor = bind(lexicals);
  if (typeof functor !== 'function') throw TypeError(`A precompiled module program must evaluate to a function ${where}`);
  return functor as Functor;
};

/** The checked form of a precompiled module source; `specifier` is the module's full specifier. */
export const checkedFromPrecompiled = (
  candidate: Record<string, unknown>,
  specifier: string,
  where: string,
): CheckedModuleSource => {
  const {
    imports,
    reexports = [],
    __syncModuleProgram__: program,
    __syncModuleFunctor__: givenFunctor,
    __fixedExportMap__: fixedExportMap = {},
    __liveExportMap__: liveExportMap = {},
    __reexportMap__: reexportMap = {},
    __needsImport__: needsImport = false,
    __needsImportMeta__: needsImportMeta = false,
  } = candidate;
  if (!isStringArray(imports)) throw TypeError(`Invalid module source: 'imports' must be an array of strings ${where}`);
  if (!isStringArray(reexports)) throw TypeError(`Invalid module source: 'reexports' must be an array of strings if present ${where}`);
  if (!isRecordOf(fixedExportMap, entry => Array.isArray(entry) && typeof entry[0] === 'string')) {
    throw TypeError(`Invalid module source: '__fixedExportMap__' must map export names to [localName] ${where}`);
  }
  if (!isRecordOf(liveExportMap, entry => Array.isArray(entry) && typeof entry[0] === 'string')) {
    throw TypeError(`Invalid module source: '__liveExportMap__' must map export names to [localName, setProxyTrap] ${where}`);
  }
  if (!isRecordOf(reexportMap, entry => Array.isArray(entry) && entry.every(pair => Array.isArray(pair) && isStringArray(pair) && pair.length === 2))) {
    throw TypeError(`Invalid module source: '__reexportMap__' must map specifiers to [[importName, exportName], ...] ${where}`);
  }

  // Copied now: later changes to the user's object change nothing.
  const fixed = Object.entries(fixedExportMap as Record<string, [string]>).map(([name, [local]]) => [name, local] as const);
  const live = Object.entries(liveExportMap as Record<string, [string, unknown]>).map(([name, [local, trap]]) => [name, local, trap === true] as const);
  const indirectExports: Record<string, readonly [string, string]> = Object.create(null);
  for (const [from, pairs] of Object.entries(reexportMap as Record<string, [string, string][]>)) {
    for (const [importName, exportName] of pairs) indirectExports[exportName] = Object.freeze([from, importName] as const);
  }
  const localExports = [...new Set([...fixed.map(([name]) => name), ...live.map(([name]) => name)])];
  const requested = [...new Set([...imports, ...reexports, ...Object.keys(reexportMap)])];

  const execute = (exportsTarget: object, compartment: object, resolvedImports: Readonly<Record<string, string>>, importMeta: object) => {
    const target = exportsTarget as Record<string, unknown>;
    const { fields } = compartmentModulesOf(compartment);
    const exportNamesOf = new Map<string, string[]>();
    for (const [name, local] of [...fixed, ...live.map(([name, local]) => [name, local] as const)]) {
      const names = exportNamesOf.get(local);
      if (names === undefined) exportNamesOf.set(local, [name]);
      else names.push(name);
    }
    const values = new Map<string, unknown>();
    const subscribers = new Map<string, Updater[]>();
    const setLocal = (local: string, value: unknown) => {
      values.set(local, value);
      for (const name of exportNamesOf.get(local) ?? []) target[name] = value;
      for (const update of subscribers.get(local) ?? []) update(value);
    };
    const localOf = new Map<string, string>([...fixed, ...live.map(([name, local]) => [name, local] as const)]);
    // Other precompiled modules importing from this one are notified of every change, as in ses.
    const subscribe: Subscribe = (exportName, update) => {
      const local = localOf.get(exportName);
      if (local === undefined) return false;
      let list = subscribers.get(local);
      if (list === undefined) subscribers.set(local, (list = []));
      list.push(update);
      if (values.has(local)) update(values.get(local));
      return true;
    };
    let registry = notifiers.get(compartment);
    if (registry === undefined) notifiers.set(compartment, (registry = new Map()));
    registry.set(specifier, subscribe);
    const onceVar: Record<string, Updater> = Object.create(null);
    for (const [, local] of fixed) {
      onceVar[local] = value => {
        if (values.has(local)) throw TypeError(`Internal: binding ${quoted(local)} already initialized`);
        setLocal(local, value);
      };
    }
    const liveVar: Record<string, Updater> = Object.create(null);
    const lexicals = Object.create(null) as object;
    const lexicalNames: string[] = [];
    for (const [, local, trap] of live) {
      liveVar[local] = value => setLocal(local, value);
      if (trap && !lexicalNames.includes(local)) {
        lexicalNames.push(local);
        Object.defineProperty(lexicals, local, {
          get: () => {
            if (!values.has(local)) throw ReferenceError(`binding ${quoted(local)} not yet initialized`);
            return values.get(local);
          },
          set: (value: unknown) => {
            if (!values.has(local)) throw ReferenceError(`binding ${quoted(local)} not yet initialized`);
            setLocal(local, value);
          },
        });
      }
    }
    Object.freeze(lexicals);

    const importUpdates = (updateRecord: Iterable<[string, Iterable<[string, Updater[]]>]>) => {
      for (const [importSpecifier, importUpdaters] of updateRecord) {
        const full = resolvedImports[importSpecifier];
        if (full === undefined) throw TypeError(`Module ${quoted(specifier)} did not declare the import ${quoted(importSpecifier)}`);
        // Runs the imported module first (cycle-tolerant), as ses's loader does.
        const namespace = importNamespaceNow(compartment, full) as Record<string, unknown>;
        const notify = notifierOf(compartment, full);
        for (const [importName, updaters] of importUpdaters) {
          if (importName !== '*' && notify !== undefined && notify(importName, value => updaters.forEach(update => update(value)))) continue;
          let value: unknown = namespace;
          if (importName !== '*') {
            if (!(importName in namespace)) {
              throw SyntaxError(`The requested module '${importSpecifier}' does not provide an export named '${importName}'`);
            }
            try {
              value = namespace[importName];
            } catch (error) {
              if (error instanceof ReferenceError) continue; // still in its TDZ (a cycle): nothing to push yet
              throw error;
            }
          }
          for (const update of updaters) update(value);
        }
      }
    };

    const { resolveHook } = fields.moduleOptions;
    const dynamicImport =
      needsImport === true
        ? (importSpecifier: string) =>
            importNamespace(compartment, resolveHook ? resolveHook(importSpecifier, specifier) : importSpecifier)
        : undefined;

    const functor =
      typeof givenFunctor === 'function'
        ? (givenFunctor as Functor)
        : functorOfProgram(
            program as string,
            lexicalNames,
            lexicals,
            fields.evaluateModuleFunctor,
            fields.moduleOptions.__shimTransforms__,
            where,
          );
    functor(
      Object.freeze({
        imports: Object.freeze(importUpdates),
        onceVar: Object.freeze(onceVar),
        liveVar: Object.freeze(liveVar),
        import: dynamicImport,
        importMeta,
      }),
    );
  };

  return Object.freeze({
    kind: 'virtual' as const,
    imports: Object.freeze(requested),
    localExports: Object.freeze(localExports),
    indirectExports: Object.freeze(indirectExports),
    starExports: Object.freeze([...new Set(reexports)]),
    hasTLA: false,
    needsImportMeta: needsImportMeta === true,
    virtual: Object.freeze({ object: candidate, execute: execute as VirtualExecute, takesImportMeta: true }),
  });
};
