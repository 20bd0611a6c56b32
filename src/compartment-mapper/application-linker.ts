// Links an application into compartments, one per package: each gets a
// CommonJS/ES module loader (cjs-module.ts) whose resolution is the
// application source's, and a module of another package is always the one
// instance in that package's compartment.
//
// Every compartment gets the caller's `globals` (plus `global`, its own
// global object) and the caller's builtin `modules`, unless
// `packageEndowments` gives a package its own (what a policy grants it).

import type { ApplicationSource } from './application-source.js';
import { makeCjsLoader, type CjsLoader } from './cjs-module.js';
import { makeCachingModuleCompiler } from './module-compiler.js';

export type CompartmentConstructor = new (options: Record<string, unknown>) => object & {
  globalThis: object;
  import(specifier: string): Promise<unknown>;
};

export interface LinkOptions {
  /** Globals of every package's compartment. */
  globals?: object;
  /** Builtin modules ('fs' or 'node:fs') any package may use: what require() or import gives for them. */
  modules?: Record<string, unknown>;
  /** The Compartment constructor; default: globalThis.Compartment (after lockdown). */
  Compartment?: CompartmentConstructor;
  /** Compartment options, given to every package's compartment. */
  transforms?: unknown[];
  __shimTransforms__?: unknown[];
  /**
   * A directory for the compiled-module cache (module-compiler.ts), which
   * processes may share: a later start skips the parsing and rewriting of
   * every module unchanged since. Default: no cache.
   */
  cacheDirectory?: string;
  /**
   * What one package gets instead of `globals` and `modules`, by its
   * canonical name ("$root$", "a>b"): property descriptors for its global
   * object (accessors stay accessors, so a global can be shared live) and
   * its builtins. Undefined for a package: it gets `globals` and `modules`.
   */
  packageEndowments?: (label: string) => PackageEndowments | undefined;
}

export interface PackageEndowments {
  readonly globals: PropertyDescriptorMap;
  readonly modules: Record<string, unknown>;
}

export interface LinkedApplication {
  /** Runs the entry module as Node runs the file named on its command line; gives its namespace. */
  run(): Promise<{ namespace: unknown }>;
}

export const compartmentConstructorOf = (option: CompartmentConstructor | undefined): CompartmentConstructor => {
  const Compartment = option ?? (globalThis as { Compartment?: CompartmentConstructor }).Compartment;
  if (typeof Compartment !== 'function') {
    throw TypeError('Running an application needs a Compartment constructor: call lockdown() from endo/ses first, or pass options.Compartment');
  }
  return Compartment;
};

export const linkApplication = (source: ApplicationSource, options: LinkOptions = {}): LinkedApplication => {
  const { globals = {}, modules = {}, transforms, __shimTransforms__, packageEndowments } = options;
  const Compartment = compartmentConstructorOf(options.Compartment);
  const { cacheDirectory } = options;
  // Cached code was compiled without the caller's transforms, which the cache cannot see.
  if (cacheDirectory !== undefined && (transforms !== undefined || __shimTransforms__ !== undefined)) {
    throw TypeError('The cacheDirectory option cannot be combined with transforms or __shimTransforms__: compiled modules are cached untransformed');
  }
  const compiler = source.compiler ?? (cacheDirectory === undefined ? undefined : makeCachingModuleCompiler(cacheDirectory));

  const loaders = new Map<string, CjsLoader>();
  const loaderOf = (compartmentKey: string): CjsLoader => {
    const known = loaders.get(compartmentKey);
    if (known !== undefined) return known;
    const label = source.labelOf(compartmentKey);
    const own = packageEndowments?.(label);
    const loader = makeCjsLoader({
      resolve: (specifier, referrer, kind) => source.resolve(compartmentKey, specifier, referrer, kind),
      readFile: source.readFile,
      modules: own?.modules ?? modules,
      packageName: label,
      formatOf: source.formatOf,
      compiler,
      ownerOf: filename => {
        const owner = source.compartmentOfFile(filename);
        return owner === undefined ? undefined : loaderOf(owner);
      },
    });
    const compartment = new Compartment({
      __options__: true,
      name: label,
      globals: own === undefined ? globals : {},
      resolveHook: loader.resolveHook,
      importHook: loader.importHook,
      importNowHook: loader.importNowHook,
      noAggregateLoadErrors: true,
      ...(transforms !== undefined && { transforms }),
      ...(__shimTransforms__ !== undefined && { __shimTransforms__ }),
    });
    if (own !== undefined) Object.defineProperties(compartment.globalThis, own.globals);
    // Node's `global` names the realm's global object; here, the compartment's own.
    Object.defineProperty(compartment.globalThis, 'global', {
      value: compartment.globalThis,
      writable: true,
      enumerable: false,
      configurable: true,
    });
    loader.attach(compartment);
    loaders.set(compartmentKey, loader);
    return loader;
  };

  const run = async (): Promise<{ namespace: unknown }> => {
    const { compartment: entryCompartment, filename } = source.entry;
    const entryLoader = loaderOf(entryCompartment);
    await entryLoader.runMain(filename);
    const compartment = entryLoader.compartment() as { import(specifier: string): Promise<{ namespace: unknown }> };
    const { namespace } = await compartment.import(filename);
    return { namespace };
  };

  return { run };
};
