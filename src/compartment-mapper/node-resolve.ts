// Module resolution exactly as Node 20 does it, for both module systems, as a
// pure function of injected read powers: `resolveImport` follows the ES
// module resolver (what `import` and `import.meta.resolve` do) and
// `resolveRequire` follows CommonJS (`require.resolve`). Results name the
// real file and the package it belongs to, or a builtin; failures are Errors
// with Node's codes, whose messages also name the package that asked.

import { dirname, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeCjsResolver } from './cjs-resolve.js';
import { makeEsmResolver, type Request, type ResolverShared } from './esm-resolve.js';
import { makeNodeBuiltins } from './node-builtins.js';
import { locatePackage } from './package-location.js';
import { isResolveError, makeResolveError, quote, type ResolveErrorCode } from './resolve-errors.js';
import type { ResolveReadPowers } from './read-powers.js';
import { moduleFormat, type ModuleFormat } from './module-format.js';
import { findPackageScope, makePackageJsonReader, type PackageConfig } from './package-json.js';

export type { ResolveReadPowers } from './read-powers.js';
export type { ResolveError, ResolveErrorCode } from './resolve-errors.js';

export interface ResolvedFile {
  readonly kind: 'file';
  /** Real path of the module file (symbolic links resolved). */
  readonly path: string;
  /** Folder of the package the file belongs to, or undefined if no package.json encloses it. */
  readonly packageDirectory: string | undefined;
  /** Name of that package (the node_modules folder name under node_modules, else package.json "name"). */
  readonly packageName: string | undefined;
}

export interface ResolvedBuiltin {
  readonly kind: 'builtin';
  /** The builtin's id without "node:" ("fs", "fs/promises", "test"); `node:${name}` always loads it. */
  readonly name: string;
}

export type Resolution = ResolvedFile | ResolvedBuiltin;

export interface NodeResolver {
  /** Resolves an `import` specifier written in the module file at `referrerPath` (absolute). */
  resolveImport(specifier: string, referrerPath: string): Resolution;
  /** Resolves a `require` specifier written in the module file at `referrerPath` (absolute). */
  resolveRequire(specifier: string, referrerPath: string): Resolution;
  /** How Node loads the file at `filePath` (absolute): its extension, else its package scope's `type`. */
  moduleFormatOf(filePath: string): ModuleFormat;
}

export interface NodeResolverOptions {
  /** Conditions for `import`; Node 20's defaults. "default" always matches. */
  readonly importConditions?: readonly string[];
  /** Conditions for `require`; Node 20's defaults. "default" always matches. */
  readonly requireConditions?: readonly string[];
  /** Builtin ids that may be named without "node:" (defaults to this Node's `builtinModules`). */
  readonly builtinModules?: readonly string[];
}

/** Node 20.19+ conditions: "module-sync" since require(esm) is on, "node-addons" unless --no-addons. */
export const defaultImportConditions = ['node', 'import', 'module-sync', 'node-addons'] as const;
export const defaultRequireConditions = ['node', 'require', 'module-sync', 'node-addons'] as const;

/**
 * Makes a resolver over the given read powers. It remembers the package.json
 * files it reads, so use a fresh resolver when the files may have changed.
 */
export const makeNodeResolver = (powers: ResolveReadPowers, options: NodeResolverOptions = {}): NodeResolver => {
  const shared: ResolverShared = {
    powers,
    readPackageJson: makePackageJsonReader(powers),
    builtins: makeNodeBuiltins(options.builtinModules),
  };
  const importConditions = new Set(options.importConditions ?? defaultImportConditions);
  const requireConditions = new Set(options.requireConditions ?? defaultRequireConditions);
  const esm = makeEsmResolver(shared);
  const cjs = makeCjsResolver(shared, esm);

  const checkArguments = (specifier: unknown, referrerPath: unknown) => {
    if (typeof specifier !== 'string') {
      throw makeResolveError('ERR_INVALID_ARG_VALUE', `The specifier must be a string, not ${quote(specifier)}.`);
    }
    if (typeof referrerPath !== 'string' || !isAbsolute(referrerPath)) {
      throw makeResolveError(
        'ERR_INVALID_ARG_VALUE',
        `The referrer must be an absolute file path, not ${quote(referrerPath)} (resolving ${quote(specifier)}).`,
      );
    }
  };

  /** The package a referrer file belongs to, for messages: its package.json "name" and folder. */
  const packageOfReferrer = (referrerPath: string): string | undefined => {
    let scope: PackageConfig | undefined;
    try {
      scope = findPackageScope(shared.readPackageJson, dirname(referrerPath), { specifier: referrerPath, referrer: referrerPath });
    } catch {
      // The referrer's own package.json is broken: the error being reported says so, or will.
      return undefined;
    }
    if (scope === undefined) return undefined;
    const folder = dirname(scope.packageJsonPath);
    return scope.name === undefined ? folder : `${quote(scope.name)} (${folder})`;
  };

  /** Runs a resolution; its coded errors also name the package that asked, since a path alone may not say. */
  const fromPackageOf = <T>(referrerPath: string, resolve: () => T): T => {
    try {
      return resolve();
    } catch (error) {
      if (!isResolveError(error)) throw error;
      const asker = packageOfReferrer(referrerPath);
      if (asker === undefined) throw error;
      throw makeResolveError(error.code as ResolveErrorCode, `In package ${asker}: ${error.message}`, { cause: error });
    }
  };

  const fileResult = (path: string, request: Request): ResolvedFile => ({
    kind: 'file',
    path,
    ...locatePackage(path, shared.readPackageJson, request.specifier, request.referrer),
  });

  return {
    resolveImport: (specifier, referrerPath) => {
      checkArguments(specifier, referrerPath);
      const request: Request = { specifier, referrer: referrerPath, conditions: importConditions };
      return fromPackageOf(referrerPath, (): Resolution => {
        const outcome = esm.resolveEsm(specifier, pathToFileURL(referrerPath), request);
        if ('builtin' in outcome) return { kind: 'builtin', name: outcome.builtin };
        if (outcome.url.protocol !== 'file:') {
          throw makeResolveError(
            'ERR_UNSUPPORTED_ESM_URL_SCHEME',
            `${quote(specifier)} imported from ${referrerPath} resolves to ${quote(outcome.url.href)}, ` +
              'which is neither a file nor a builtin. Map it to a file of the package.',
          );
        }
        return fileResult(esm.finalize(outcome.url, request), request);
      });
    },
    resolveRequire: (specifier, referrerPath) => {
      checkArguments(specifier, referrerPath);
      const request: Request = { specifier, referrer: referrerPath, conditions: requireConditions };
      return fromPackageOf(referrerPath, (): Resolution => {
        const outcome = cjs.resolveCjs(request);
        if ('builtin' in outcome) return { kind: 'builtin', name: outcome.builtin };
        return fileResult(outcome.path, request);
      });
    },
    moduleFormatOf: filePath =>
      moduleFormat(filePath, () => findPackageScope(shared.readPackageJson, dirname(filePath), { specifier: filePath, referrer: filePath })?.type),
  };
};
