// Node 20's ES module resolver (the algorithm of `import` and
// `import.meta.resolve`): relative and absolute specifiers name exact files
// (no extension search, no directory index), "#name" goes through the
// package scope's `imports`, bare specifiers through the package's own name
// (self-reference) and then node_modules folders up from the referrer, where
// `exports` rules and, without it, `main` and index files by the legacy
// fallback. Works on file URLs as Node does, and ends on a real path.

import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NodeBuiltins } from './node-builtins.js';
import { importNotDefined, resolvePackageExports, resolvePackageImports, type TargetContext } from './package-exports.js';
import { findPackageScope, type PackageConfig, type PackageJsonReader } from './package-json.js';
import { makeResolveError, quote } from './resolve-errors.js';
import type { ResolveReadPowers } from './read-powers.js';

export interface ResolverShared {
  readonly powers: ResolveReadPowers;
  readonly readPackageJson: PackageJsonReader;
  readonly builtins: NodeBuiltins;
}

/** What one resolution is about, for package.json reads and messages. */
export interface Request {
  readonly specifier: string;
  readonly referrer: string;
  readonly conditions: ReadonlySet<string>;
}

/** Where a resolution ended before the file checks: a file URL or a builtin id. */
export type UrlOutcome = { readonly url: URL } | { readonly builtin: string };

const encodedSeparator = /%2F|%5C/i;
const invalidPackageName = /^\.|%|\\/;

export const isRelativeOrAbsolute = (specifier: string): boolean => {
  if (specifier === '') return false;
  if (specifier[0] === '/') return true;
  if (specifier[0] !== '.') return false;
  if (specifier.length === 1 || specifier[1] === '/') return true;
  return specifier[1] === '.' && (specifier.length === 2 || specifier[2] === '/');
};

const invalidSpecifier = (specifier: string, reason: string, referrer: string, advice: string) =>
  makeResolveError(
    'ERR_INVALID_MODULE_SPECIFIER',
    `Invalid module specifier ${quote(specifier)} imported from ${referrer}: ${reason}. ${advice}`,
  );

const tryPath = (url: URL): string | undefined => {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
};

export const makeEsmResolver = (shared: ResolverShared) => {
  const { powers, readPackageJson } = shared;

  const contextFor = (request: Request, packageJsonUrl: URL): TargetContext => ({
    packageJsonUrl,
    specifier: request.specifier,
    referrer: request.referrer,
    conditions: request.conditions,
    resolvePackage: (specifier, base) => {
      const outcome = resolvePackage(specifier, base, request);
      if ('builtin' in outcome) return new URL(`node:${outcome.builtin}`);
      return outcome.url;
    },
  });

  /** The package scope of the file at `base` (see findPackageScope). */
  const packageScopeOf = (base: URL, request: Request): PackageConfig | undefined => {
    const directory = tryPath(new URL('.', base));
    return directory === undefined ? undefined : findPackageScope(readPackageJson, resolve(directory), request);
  };

  /** `main`, then index files, for a package without `exports` imported by its bare name. */
  const legacyMainResolve = (packageJsonUrl: URL, config: PackageConfig | undefined, request: Request): URL => {
    const guesses: string[] = [];
    if (config?.main !== undefined) {
      for (const suffix of ['', '.js', '.json', '.node', '/index.js', '/index.json', '/index.node']) {
        guesses.push(`./${config.main}${suffix}`);
      }
    }
    guesses.push('./index.js', './index.json', './index.node');
    for (const guess of guesses) {
      const url = new URL(guess, packageJsonUrl);
      const path = tryPath(url);
      if (path !== undefined && powers.isFile(path)) return url;
    }
    const packageDirectory = fileURLToPath(new URL('.', packageJsonUrl));
    throw makeResolveError(
      'ERR_MODULE_NOT_FOUND',
      `Cannot find the main module of package ${packageDirectory} (no "exports"; ` +
        `"main" ${config?.main === undefined ? 'is absent' : `is ${quote(config.main)}`} and there is no index.js), ` +
        `imported as ${quote(request.specifier)} from ${request.referrer}. ` +
        'Check that the package is installed completely, or import one of its files by subpath.',
    );
  };

  const parsePackageName = (specifier: string, request: Request) => {
    let separator = specifier.indexOf('/');
    let valid = true;
    const isScoped = specifier[0] === '@';
    if (isScoped) {
      if (separator === -1) valid = false;
      else separator = specifier.indexOf('/', separator + 1);
    }
    const packageName = separator === -1 ? specifier : specifier.slice(0, separator);
    if (invalidPackageName.test(packageName)) valid = false;
    if (!valid) {
      throw invalidSpecifier(
        specifier,
        'it is not a valid package name',
        request.referrer,
        'A bare specifier starts with a package name ("name" or "@scope/name") that does not start with "." ' +
          'and has no "%" or "\\"; use "./" for a file beside the referrer.',
      );
    }
    const packageSubpath = `.${separator === -1 ? '' : specifier.slice(separator)}`;
    return { packageName, packageSubpath, isScoped };
  };

  /** A bare specifier: builtin, self-reference, or a package in node_modules up from `base`. */
  const resolvePackage = (specifier: string, base: URL, request: Request): UrlOutcome => {
    const builtin = shared.builtins.builtinOf(specifier);
    if (builtin !== undefined && !specifier.startsWith('node:')) return { builtin };
    const { packageName, packageSubpath, isScoped } = parsePackageName(specifier, request);

    const scope = packageScopeOf(base, request);
    if (scope !== undefined && scope.exports != null && scope.name === packageName) {
      const context = contextFor(request, pathToFileURL(scope.packageJsonPath));
      return { url: resolvePackageExports(context, packageSubpath, scope.exports) };
    }

    let packageJsonUrl = new URL(`./node_modules/${packageName}/package.json`, base);
    let packageJsonPath = fileURLToPath(packageJsonUrl);
    let previousPath: string;
    do {
      const packageDirectory = packageJsonPath.slice(0, packageJsonPath.length - '/package.json'.length);
      if (!powers.isDirectory(packageDirectory)) {
        previousPath = packageJsonPath;
        const up = isScoped ? '../../../../node_modules/' : '../../../node_modules/';
        packageJsonUrl = new URL(`${up}${packageName}/package.json`, packageJsonUrl);
        packageJsonPath = fileURLToPath(packageJsonUrl);
        continue;
      }
      const config = readPackageJson(packageJsonPath, request);
      if (config !== undefined && config.exports != null) {
        return { url: resolvePackageExports(contextFor(request, packageJsonUrl), packageSubpath, config.exports) };
      }
      if (packageSubpath === '.') return { url: legacyMainResolve(packageJsonUrl, config, request) };
      return { url: new URL(packageSubpath, packageJsonUrl) };
    } while (packageJsonPath.length !== previousPath.length);

    throw makeResolveError(
      'ERR_MODULE_NOT_FOUND',
      `Cannot find package ${quote(packageName)} imported as ${quote(request.specifier)} from ${request.referrer}: ` +
        'no node_modules folder from there up to the root holds it. ' +
        'Install it (add it to the dependencies of the importing package), or correct the name.',
    );
  };

  /** "#name" through the `imports` of the package scope of `base`. */
  const resolveImports = (name: string, base: URL, request: Request): UrlOutcome => {
    if (name === '#' || name.startsWith('#/') || name.endsWith('/')) {
      throw invalidSpecifier(
        name,
        'it is not a valid internal imports specifier name',
        request.referrer,
        'An imports name is "#" followed by a name that does not start or end with "/".',
      );
    }
    const scope = packageScopeOf(base, request);
    if (scope === undefined) throw importNotDefined(name, request.referrer, undefined);
    const url = resolvePackageImports(contextFor(request, pathToFileURL(scope.packageJsonPath)), name, scope.imports);
    if (url.protocol === 'node:') {
      const builtin = shared.builtins.builtinOf(url.href);
      if (builtin !== undefined) return { builtin };
    }
    return { url };
  };

  /** The checks after resolution: no encoded separators, no directory, an existing file; then its real path. */
  const finalize = (url: URL, request: Request): string => {
    if (encodedSeparator.test(url.pathname)) {
      throw invalidSpecifier(
        url.pathname,
        'it must not include encoded "/" or "\\" characters',
        request.referrer,
        'Write path separators as "/" in specifiers.',
      );
    }
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch (error) {
      const code = (error as { code?: unknown }).code === 'ERR_INVALID_FILE_URL_HOST' ? 'ERR_INVALID_FILE_URL_HOST' : 'ERR_INVALID_FILE_URL_PATH';
      throw makeResolveError(
        code,
        `Cannot use ${quote(url.href)} (resolved from ${quote(request.specifier)} imported from ${request.referrer}) ` +
          `as a file path: ${(error as Error).message}. Use a plain file: URL or a relative path.`,
      );
    }
    // Node treats any path ending in "/" as a directory import, file or not.
    if (path.endsWith('/') || powers.isDirectory(path)) {
      throw makeResolveError(
        'ERR_UNSUPPORTED_DIR_IMPORT',
        `Directory import ${quote(path)} is not supported resolving ES modules (specifier ${quote(request.specifier)} ` +
          `imported from ${request.referrer}). Import the file itself, for example ${quote(`${request.specifier.replace(/\/$/, '')}/index.js`)}, ` +
          'or add "exports" to the package.',
      );
    }
    if (!powers.isFile(path)) {
      throw makeResolveError(
        'ERR_MODULE_NOT_FOUND',
        `Cannot find module ${quote(path)} imported as ${quote(request.specifier)} from ${request.referrer}.` +
          `${extensionHint(path, request.specifier)}`,
      );
    }
    return powers.realPath(path) ?? path;
  };

  /** ES modules do not search for extensions; say which file the author probably meant. */
  const extensionHint = (path: string, specifier: string): string => {
    for (const suffix of ['.js', '.mjs', '.cjs', '.json', '/index.js', '/index.mjs']) {
      if (powers.isFile(path + suffix)) {
        return ` ES modules name files exactly, with no extension search: did you mean ${quote(specifier + suffix)}?`;
      }
    }
    return ' Check the spelling, and that ES module specifiers name the file exactly, extension included.';
  };

  /** Resolves an `import` specifier from a referrer file URL. */
  const resolveEsm = (specifier: string, base: URL, request: Request): UrlOutcome => {
    if (isRelativeOrAbsolute(specifier)) return { url: new URL(specifier, base) };
    if (specifier[0] === '#') return resolveImports(specifier, base, request);
    let url: URL | undefined;
    try {
      url = new URL(specifier);
    } catch {
      return resolvePackage(specifier, base, request);
    }
    if (url.protocol === 'node:') {
      const builtin = shared.builtins.builtinOf(specifier);
      if (builtin === undefined) {
        throw makeResolveError(
          'ERR_UNKNOWN_BUILTIN_MODULE',
          `No such built-in module: ${quote(specifier)} imported from ${request.referrer}. Check the name against Node's builtin modules.`,
        );
      }
      return { builtin };
    }
    if (url.protocol === 'file:') return { url };
    if (url.protocol === 'data:') {
      throw makeResolveError(
        'ERR_UNSUPPORTED_ESM_URL_SCHEME',
        `data: URLs are refused (imported from ${request.referrer}): a module made of its own URL belongs to no package, ` +
          'so no policy can say what it may do. Put the code in a file of the package and import that.',
      );
    }
    throw makeResolveError(
      'ERR_UNSUPPORTED_ESM_URL_SCHEME',
      `Only file: and node: URLs can be imported, not ${quote(url.protocol)} (specifier ${quote(specifier)} imported from ` +
        `${request.referrer}). Install the module and import it by package name or path.`,
    );
  };

  return { resolveEsm, resolvePackage, resolveImports, packageScopeOf, finalize, contextFor };
};

export type EsmResolver = ReturnType<typeof makeEsmResolver>;
