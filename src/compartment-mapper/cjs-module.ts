// CommonJS with Node's semantics inside one Compartment. The loader keeps
// what Node's Module keeps (a cache of module objects keyed by file name,
// the main module, each module's children) and gives the Compartment the
// hooks through which ES modules reach the same files:
//
// - `require` is synchronous and returns `module.exports`; a module found
//   in the cache is returned as it is, finished or not, so that a cycle
//   sees the partly filled exports object, and later reads through it see
//   what the module added since.
// - An ES module importing a CommonJS file gets a virtual module source
//   whose `default` is `module.exports` and whose named exports are those
//   cjs-module-lexer finds (cjs-export-names.ts), their values read once
//   the CommonJS module has run, as Node reads them.
// - `require()` of an ES module does what the running Node does: throws
//   ERR_REQUIRE_ESM, or (Node 20.19 and later) gives the namespace.
// - JSON files are parsed; builtins come only from the `modules` given.
//
// The virtual sources declare no imports: a `require` runs when the code
// reaches it, as in Node, so that a require in a try block or behind a
// condition does not have to resolve for the module to load.
//
// One loader serves one compartment (attach() binds it once): the cache,
// `require.main` and `module.parent` never show a module object of another
// compartment. With several compartments (one per package), `ownerOf` names
// the loader of the compartment a file belongs to: a require of that file
// runs it there (its module object has no parent here), and an import links
// to the module in that compartment.

import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CjsModuleSource } from '../module-source/index.js';
import { builtinNotGrantedError, jsonParseError, requireAsyncModuleError, requireEsmError } from './cjs-errors.js';
import { cjsExportNames } from './cjs-export-names.js';
import { makeModuleObjectFactory, type CjsModuleObject } from './cjs-module-object.js';
import { makeRequire, type RequireServices } from './cjs-require.js';
import { textOf, type ModuleFormat, type ReadFileSync } from './module-format.js';
import { plainModuleCompiler, type CompiledCjs, type ModuleCompiler } from './module-compiler.js';
import { esModuleFacade } from './require-esm-facade.js';
import { compiling } from './syntax-errors.js';

export type ResolveKind = 'cjs' | 'esm';

/** Node's resolution: `specifier` from the file `referrerFilename`, for a require ('cjs') or an import ('esm'); an absolute file name, or a builtin's name. */
export type ResolveSync = (specifier: string, referrerFilename: string, kind: ResolveKind) => string;

export interface CjsLoaderOptions {
  resolve: ResolveSync;
  readFile: ReadFileSync;
  /** Builtins the compartment may use, by name (`fs` or `node:fs`): each is what require() returns for it. */
  modules?: Record<string, unknown>;
  /** The package's name, for error messages. */
  packageName?: string;
  /** The language of a file; default: by extension and the nearest package.json's `type`, as Node decides. */
  formatOf: (filename: string) => ModuleFormat;
  /** Whether require() of an ES module gives its namespace; default: what the running Node does. */
  requireModule?: boolean;
  /** The loader of the compartment that owns a resolved file, when another compartment owns it; undefined (or this loader) for a file of this one. */
  ownerOf?: (filename: string) => CjsLoader | undefined;
  /** How file text becomes what runs (module-compiler.ts); default: compiled each time, without a cache. */
  compiler?: ModuleCompiler;
}

/** A virtual module source, as the Compartment loader runs it. */
export interface VirtualModuleSource {
  readonly imports: readonly string[];
  readonly exports: readonly string[];
  execute(exportsTarget: Record<string, unknown>, compartment: CompartmentLike, resolvedImports: Readonly<Record<string, string>>): void;
}

/** What the loader uses of a Compartment. */
export interface CompartmentLike {
  evaluate(source: string, options?: { __rejectSomeDirectEvalExpressions__?: boolean }): unknown;
  importNow(specifier: string): object;
  import(specifier: string): Promise<unknown>;
  readonly globalThis: object;
  readonly __noNamespaceBox__?: boolean;
}

export interface CjsLoader {
  /** For the Compartment's options: full specifiers are absolute file names and builtin names. */
  readonly resolveHook: (importSpecifier: string, referrerSpecifier: string) => string;
  readonly importNowHook: (specifier: string) => object;
  readonly importHook: (specifier: string) => Promise<object>;
  /** Binds the loader to its compartment; once, before anything runs. */
  attach(compartment: object): void;
  /** Runs `filename` as Node runs the file named on its command line (module.id '.', require.main). */
  runMain(filename: string): Promise<void>;
  /** The cache require.cache shows: file name -> module object. */
  readonly cache: Record<string, CjsModuleObject>;
  /** What a require() from another compartment of the (resolved) file `filename` of this one returns. */
  requireFile(filename: string, requirerFilename: string): unknown;
  /** The compartment attached (an Error before attach()). */
  compartment(): object;
}

/** What the running Node does for require(esm): `process.features.require_module` (Node 20.19+, 22.12+). */
const runningNodeRequiresModules = (): boolean => {
  const features = (globalThis as { process?: { features?: { require_module?: unknown } } }).process?.features;
  return features?.require_module === true;
};

/** Whether a full specifier is a file (absolute) rather than a builtin's name. */
export const isAbsoluteFile = (resolved: string): boolean => resolved.startsWith('/') || /^[A-Za-z]:[\\/]/.test(resolved);

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** How our Compartment's importNow says that a module needs top-level await. */
const isTopLevelAwaitRefusal = (error: unknown): boolean =>
  error instanceof TypeError && /^Cannot importNow module .* uses top-level await/.test(error.message);

export const makeCjsLoader = (options: CjsLoaderOptions): CjsLoader => {
  const { resolve, readFile } = options;
  // The caller's properties as they are: a getter (a builtin loaded on first use) stays one.
  const modules: Record<string, unknown> = Object.create(null, Object.getOwnPropertyDescriptors(options.modules ?? {}));
  const packageName = options.packageName ?? '<unnamed>';
  const { formatOf } = options;
  const requireModule = options.requireModule ?? runningNodeRequiresModules();
  const compiler = options.compiler ?? plainModuleCompiler;

  let attached: CompartmentLike | undefined;
  let mainModule: CjsModuleObject | undefined;
  const moduleObjects = makeModuleObjectFactory();
  // require.cache: an entry counts only if it is a module object this loader made.
  const cache: Record<string, CjsModuleObject> = Object.create(null);
  /** The last analysis of each file, with the text it was made from. */
  const analyses = new Map<string, { text: string; source: CompiledCjs }>();

  const compartmentOf = (): CompartmentLike => {
    if (attached === undefined) throw Error(`The CommonJS loader of package ${JSON.stringify(packageName)} is not attached to a compartment yet: call attach(compartment) first`);
    return attached;
  };

  const attach = (compartment: object): void => {
    if (attached !== undefined && attached !== compartment) {
      throw Error(`The CommonJS loader of package ${JSON.stringify(packageName)} serves one compartment only; make a loader per compartment`);
    }
    attached = compartment as CompartmentLike;
  };

  /** The `modules` key of a builtin ('fs' and 'node:fs' are one module, as in Node), or undefined if not given. */
  const grantedBuiltin = (name: string): string | undefined => {
    if (Object.hasOwn(modules, name)) return name;
    const other = name.startsWith('node:') ? name.slice('node:'.length) : `node:${name}`;
    return Object.hasOwn(modules, other) ? other : undefined;
  };

  const builtin = (name: string, specifier: string, referrer: string): string => {
    const key = grantedBuiltin(name);
    if (key === undefined) throw builtinNotGrantedError(name, specifier, referrer, packageName);
    return key;
  };

  const readText = (filename: string): string => textOf(readFile(filename));

  const analyse = (filename: string, text: string = readText(filename)): CompiledCjs => {
    const known = analyses.get(filename);
    if (known !== undefined && known.text === text) return known.source;
    const source = compiling({ packageLabel: packageName, filename }, () => compiler.cjs(filename, text));
    analyses.set(filename, { text, source });
    return source;
  };

  const cached = (filename: string): CjsModuleObject | undefined => {
    const entry = cache[filename];
    return moduleObjects.owns(entry) ? entry : undefined;
  };

  const addChild = (parent: CjsModuleObject | null | undefined, child: CjsModuleObject): void => {
    if (parent && !parent.children.includes(child)) parent.children.push(child);
  };

  const removeChild = (parent: CjsModuleObject | null | undefined, child: CjsModuleObject): void => {
    if (!parent) return;
    const index = parent.children.indexOf(child);
    if (index !== -1) parent.children.splice(index, 1);
  };

  const dynamicImportFor = (filename: string) => (specifier: unknown): Promise<unknown> =>
    new Promise(resolvePromise => {
      const compartment = compartmentOf();
      const fullSpecifier = fullSpecifierFor(String(specifier), filename, 'esm');
      resolvePromise(
        compartment.import(fullSpecifier).then(result => (compartment.__noNamespaceBox__ ? result : (result as { namespace: unknown }).namespace)),
      );
    });

  /** Runs a CommonJS file's text as the body of `module`. */
  const runCjs = (module: CjsModuleObject, text: string): void => {
    const compartment = compartmentOf();
    const source = analyse(module.filename, text);
    // `global` is the compartment's global object, as Node's `global` is its realm's.
    // A direct eval in CommonJS code works, confined, as compartment code's do.
    const functor = source.functorIn(compartment);
    const require = makeRequire(module, requireServices);
    moduleObjects.setRequire(module, require);
    const args: unknown[] = [require, module.exports, module, module.filename, dirname(module.filename)];
    if (source.needsImport) args.push(dynamicImportFor(module.filename));
    // The top-level `this` of a CommonJS module is its first exports object.
    Reflect.apply(functor, module.exports, args);
  };

  /**
   * Node's Module._load for a file: the cached module, or a new one made,
   * cached before it runs (which is what lets cycles see it) and dropped
   * from the cache again if it throws.
   */
  const loadFile = (filename: string, parent: CjsModuleObject | null | undefined, format: ModuleFormat, isMain = false): CjsModuleObject => {
    const found = cached(filename);
    if (found !== undefined) {
      addChild(parent, found);
      return found;
    }
    const module = moduleObjects.make(filename, isMain ? '.' : filename, parent);
    if (isMain) mainModule = module;
    cache[filename] = module;
    addChild(parent, module);
    try {
      const text = readText(filename);
      if (format === 'json') {
        try {
          module.exports = JSON.parse(stripBom(text));
        } catch (error) {
          throw jsonParseError(filename, error);
        }
      } else {
        runCjs(module, text);
      }
    } catch (error) {
      if (cache[filename] === module) delete cache[filename];
      removeChild(parent, module);
      throw error;
    }
    module.loaded = true;
    return module;
  };

  const requireEsm = (filename: string, parentFilename: string): unknown => {
    if (!requireModule) throw requireEsmError(filename, parentFilename);
    let namespace: object;
    try {
      namespace = compartmentOf().importNow(filename);
    } catch (error) {
      if (isTopLevelAwaitRefusal(error)) throw requireAsyncModuleError(filename, parentFilename);
      throw error;
    }
    return esModuleFacade(namespace);
  };

  const requireFrom = (parent: CjsModuleObject, request: string): unknown => {
    const resolved = resolve(request, parent.filename, 'cjs');
    if (!isAbsoluteFile(resolved)) return modules[builtin(resolved, request, parent.filename)];
    const owner = foreignOwnerOf(resolved);
    if (owner !== undefined) return owner.requireFile(resolved, parent.filename);
    const format = formatOf(resolved);
    if (format === 'esm') return requireEsm(resolved, parent.filename);
    return loadFile(resolved, parent, format).exports;
  };

  const requireFile = (filename: string, requirerFilename: string): unknown => {
    const format = formatOf(filename);
    if (format === 'esm') return requireEsm(filename, requirerFilename);
    return loadFile(filename, undefined, format).exports;
  };

  // Node's require.extensions has these keys, which cannot be replaced
  // here. A package may add its own (handlebars registers '.handlebars'),
  // but a loader registered so is never used: files load only as
  // CommonJS, ES modules or JSON.
  const refuseExtension = () => {
    throw Error('require.extensions cannot be used to load files in a compartment');
  };
  const extensions: Record<string, unknown> = Object.create(null);
  for (const extension of ['.js', '.json', '.node']) {
    Object.defineProperty(extensions, extension, { value: refuseExtension, enumerable: true, writable: false, configurable: false });
  }

  const requireServices: RequireServices = {
    requireFrom,
    resolveFrom: (module, request) => resolve(request, module.filename, 'cjs'),
    main: () => mainModule,
    cache,
    extensions,
  };

  /** The full specifier (in this compartment) of what `specifier` from `referrer` denotes. */
  const fullSpecifierFor = (specifier: string, referrer: string, kind: ResolveKind): string => {
    const resolved = resolve(specifier, referrer, kind);
    return isAbsoluteFile(resolved) ? resolved : builtin(resolved, specifier, referrer);
  };

  /** What an ES module importing the CommonJS file `filename` links to. */
  const cjsVirtualSource = (filename: string): VirtualModuleSource => {
    const names = cjsExportNames(filename, {
      // Only the analysis's exports and reexports are read.
      analyse: file => {
        try {
          return analyse(file) as unknown as CjsModuleSource;
        } catch {
          return undefined;
        }
      },
      resolve: (specifier, referrer) => resolve(specifier, referrer, 'cjs'),
      isFile: isAbsoluteFile,
    });
    return Object.freeze({
      imports: Object.freeze([]),
      exports: Object.freeze(names),
      execute(exportsTarget: Record<string, unknown>, compartment: CompartmentLike) {
        attach(compartment);
        const { exports } = loadFile(filename, undefined, 'cjs');
        // As Node: each name the module's exports object has as its own, read once now.
        if (exports !== null && exports !== undefined) {
          const object = Object(exports) as Record<string, unknown>;
          for (const name of names) {
            if (name === 'default' || !Object.hasOwn(object, name)) continue;
            let value: unknown;
            try {
              value = object[name];
            } catch {
              value = undefined;
            }
            exportsTarget[name] = value;
          }
        }
        exportsTarget.default = exports;
      },
    });
  };

  /** A JSON file for an ES module importer: its value as the default export (Node also asks for `with { type: 'json' }`). */
  const jsonVirtualSource = (filename: string): VirtualModuleSource =>
    Object.freeze({
      imports: Object.freeze([]),
      exports: Object.freeze(['default']),
      execute(exportsTarget: Record<string, unknown>, compartment: CompartmentLike) {
        attach(compartment);
        exportsTarget.default = loadFile(filename, undefined, 'json').exports;
      },
    });

  /** A builtin for an ES module importer: `default` is the builtin itself, and each of its own enumerable properties a named export (functions included). */
  const builtinVirtualSource = (key: string): VirtualModuleSource => {
    const value = modules[key];
    // A function builtin ('stream', 'module', 'events', 'assert') has named exports too, as in Node.
    const names =
      (typeof value === 'object' && value !== null) || typeof value === 'function'
        ? Object.keys(value).filter(name => name !== 'default')
        : [];
    return Object.freeze({
      imports: Object.freeze([]),
      exports: Object.freeze(['default', ...names]),
      execute(exportsTarget: Record<string, unknown>) {
        for (const name of names) exportsTarget[name] = (value as Record<string, unknown>)[name];
        exportsTarget.default = value;
      },
    });
  };

  const importNowHook = (specifier: string): object => {
    if (!isAbsoluteFile(specifier)) {
      const key = grantedBuiltin(specifier);
      if (key === undefined) throw builtinNotGrantedError(specifier, specifier, '(the compartment)', packageName);
      return { source: builtinVirtualSource(key) };
    }
    const owner = foreignOwnerOf(specifier);
    if (owner !== undefined) return { namespace: specifier, compartment: owner.compartment() };
    const format = formatOf(specifier);
    if (format === 'cjs') return { source: cjsVirtualSource(specifier) };
    if (format === 'json') return { source: jsonVirtualSource(specifier) };
    const url = pathToFileURL(specifier).href;
    return {
      source: compiling({ packageLabel: packageName, filename: specifier }, () => compiler.esm(specifier, readText(specifier))),
      importMeta: { url, filename: specifier, dirname: dirname(specifier), resolve: importMetaResolveFor(specifier) },
    };
  };

  /**
   * import.meta.resolve of the ES module `filename`: the URL an import of
   * the specifier would load, a builtin as `node:<name>` (as Node answers),
   * through the same resolution (and the same refusals) as its imports.
   */
  const importMetaResolveFor = (filename: string) =>
    Object.freeze((specifier: unknown): string => {
      const resolved = resolve(String(specifier), filename, 'esm');
      if (isAbsoluteFile(resolved)) return pathToFileURL(resolved).href;
      return resolved.startsWith('node:') ? resolved : `node:${resolved}`;
    });

  const importHook = async (specifier: string): Promise<object> => importNowHook(specifier);

  const resolveHook = (importSpecifier: string, referrerSpecifier: string): string =>
    fullSpecifierFor(importSpecifier, referrerSpecifier, 'esm');

  const runMain = async (filename: string): Promise<void> => {
    const compartment = compartmentOf();
    const format = formatOf(filename);
    if (format === 'esm') {
      await compartment.import(filename);
      return;
    }
    loadFile(filename, null, format, true);
  };

  const loader: CjsLoader = Object.freeze({
    resolveHook,
    importNowHook,
    importHook,
    attach,
    runMain,
    cache,
    requireFile,
    compartment: compartmentOf as () => object,
  });

  /** The loader of another compartment that owns `filename`, or undefined when it is this one's. */
  function foreignOwnerOf(filename: string): CjsLoader | undefined {
    const owner = options.ownerOf?.(filename);
    return owner === loader ? undefined : owner;
  }

  return loader;
};
