// A module instance: one module of one compartment, from the moment its
// source is known to the end of its evaluation. Its fields follow
// ECMA-262's Cyclic Module Record (status, DFS indices, cycle root, the
// asynchronous-evaluation bookkeeping of top-level await), so that linking
// and evaluation (link.ts, evaluate.ts) can follow the specification's
// algorithms step by step. Compiled modules (a ModuleRecord from
// module-transform.ts) and virtual module sources ({ imports, exports,
// execute }) share this shape; `source` says which one runs.

import type { ModuleRecord } from '../module-record.js';

export type ModuleStatus = 'unlinked' | 'linking' | 'linked' | 'evaluating' | 'evaluating-async' | 'evaluated';

/** What a virtual module source's `execute` receives and does. */
export type VirtualExecute = (exportsTarget: object, compartment: object, resolvedImports: Readonly<Record<string, string>>) => void;

/**
 * A module source checked and copied once at load time, so that later
 * changes to the user's object change nothing. `imports` holds every
 * specifier the module requests, in source order.
 */
export interface CheckedModuleSource {
  readonly kind: 'compiled' | 'virtual';
  readonly imports: readonly string[];
  /** Export names bound in the module itself (compiled: read through the functor's readers). */
  readonly localExports: readonly string[];
  /** Export name -> [specifier, imported name or '*'] (compiled modules only). */
  readonly indirectExports: Readonly<Record<string, readonly [string, string]>>;
  /** Specifiers of `export * from` (a virtual source's `reexports`). */
  readonly starExports: readonly string[];
  /** Whether evaluation is asynchronous (top-level await). */
  readonly hasTLA: boolean;
  readonly record?: ModuleRecord;
  /** A precompiled source's `__needsImportMeta__` (a compiled one's is its record's). */
  readonly needsImportMeta?: boolean;
  /** The virtual source object (execute is called as its method). */
  readonly virtual?: {
    readonly object: object;
    readonly execute: VirtualExecute;
    /** A precompiled record's execute (ours, never a user's) also takes the instance's import.meta (import-meta.ts) as a fourth argument. */
    readonly takesImportMeta?: boolean;
  };
}

/** A promise with its settling functions. */
export interface PromiseCapability {
  promise: Promise<void>;
  resolve(): void;
  reject(reason: unknown): void;
}

export const makePromiseCapability = (): PromiseCapability => {
  let resolve!: () => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

export class ModuleInstance {
  /** The compartment the module lives in: its globals, its resolveHook, its module map. */
  readonly compartment: object;
  readonly compartmentName: string;
  /** The full specifier the module's own imports are resolved against. */
  readonly specifier: string;
  readonly source: CheckedModuleSource;
  /** Import specifier -> full specifier in `compartment` (null prototype, frozen). */
  readonly resolvedImports: Readonly<Record<string, string>>;
  /** Properties a descriptor's `importMeta` gave, copied onto import.meta. */
  readonly importMetaBase: object | undefined;
  /** The module namespace object (a Proxy, see namespace.ts). */
  namespace: object = undefined as unknown as object;

  /** The instances that `source.imports` resolve to, set before linking. */
  requested: ModuleInstance[] | undefined = undefined;
  requestedBySpecifier: Map<string, ModuleInstance> | undefined = undefined;

  status: ModuleStatus = 'unlinked';
  dfsIndex = 0;
  dfsAncestorIndex = 0;

  /** Compiled modules: the functor's iterator once instantiated (next() runs the body). */
  body: Iterator<unknown> | AsyncIterator<unknown> | undefined = undefined;
  /** Compiled modules: export name -> reader of the binding, given by the functor. */
  readers: Record<string, () => unknown> | undefined = undefined;
  /**
   * What importers' named imports read (binding-view.ts): one getter per
   * export name, each the reader of the binding itself where it can be, so
   * that an import costs what a closure call costs rather than a trip
   * through the namespace Proxy. Filled once the module is linked.
   */
  readonly bindingView: object = Object.create(null);
  bindingViewFilled = false;
  /** Virtual modules: current export values (what the exports target's setters write). */
  readonly virtualValues: Record<string, unknown>;
  /** Virtual modules: the object passed to execute(). */
  exportsTarget: object | undefined = undefined;

  /** Set when evaluation threw: the very value later imports rethrow. */
  evaluationError: { thrown: unknown } | undefined = undefined;
  cycleRoot: ModuleInstance | undefined = undefined;
  asyncEvaluation = false;
  asyncEvaluationOrder = 0;
  pendingAsyncDependencies = 0;
  asyncParentModules: ModuleInstance[] = [];
  topLevelCapability: PromiseCapability | undefined = undefined;
  /** The evaluation stack this module is on while 'evaluating' (re-entrant evaluations have their own). */
  evaluationStack: ModuleInstance[] | undefined = undefined;

  constructor(
    compartment: object,
    compartmentName: string,
    specifier: string,
    source: CheckedModuleSource,
    resolvedImports: Readonly<Record<string, string>>,
    importMetaBase: object | undefined,
  ) {
    this.compartment = compartment;
    this.compartmentName = compartmentName;
    this.specifier = specifier;
    this.source = source;
    this.resolvedImports = resolvedImports;
    this.importMetaBase = importMetaBase;
    this.virtualValues = Object.create(null);
  }
}
