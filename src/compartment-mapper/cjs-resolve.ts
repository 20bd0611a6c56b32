// Node 20's CommonJS resolver (the algorithm of `require.resolve`): builtins,
// then "#name" through `imports`, then the package's own name through its
// `exports`, then, for each candidate folder (the referrer's folder for "./"
// and "../", node_modules folders up from it for bare names): the package's
// `exports`, the exact file, the file with .js/.json/.node, and a directory's
// package.json `main` or index file. Ends on a real path.

import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EsmResolver, Request, ResolverShared, UrlOutcome } from './esm-resolve.js';
import { nodeModulePaths } from './node-module-paths.js';
import { resolvePackageExports } from './package-exports.js';
import { findPackageScope, type PackageConfig } from './package-json.js';
import { makeResolveError, quote, type ResolveError } from './resolve-errors.js';

export type CjsOutcome = { readonly path: string } | { readonly builtin: string };

const extensions = ['.js', '.json', '.node'];

/** A request naming a package (with optional scope) and an optional subpath, as require matches `exports`. */
const packageRequestPattern = /^((?:@[^/\\%]+\/)?[^./\\%][^/\\%]*)(\/.*)?$/;

const notFound = (request: Request, detail: string): ResolveError =>
  makeResolveError(
    'MODULE_NOT_FOUND',
    `Cannot find module ${quote(request.specifier)} required from ${request.referrer}${detail}`,
  );

/** Node's rule: "." and "..", and requests ending in "/", "/." or "/..", only name directories. */
const hasTrailingSlash = (request: string) =>
  request.endsWith('/') || request === '.' || request === '..' || request.endsWith('/.') || request.endsWith('/..');

/** Whether a request names a path relative to the referrer's folder (Node's test, "..x" included). */
const isRelativeToFolder = (request: string) =>
  request[0] === '.' && (request.length === 1 || request[1] === '.' || request[1] === '/');

/** What to do when no candidate folder held the module: a path is mistyped, a package missing. */
const notFoundAdvice = (specifier: string): string =>
  isRelativeToFolder(specifier) || isAbsolute(specifier)
    ? `: there is no such file (also tried with ${extensions.join(', ')} and as a folder with an index.js). Correct the path.`
    : '. Install the package (add it to the dependencies of the requiring package), or correct the name.';

export const makeCjsResolver = (shared: ResolverShared, esm: EsmResolver) => {
  const { powers, readPackageJson } = shared;

  const tryFile = (path: string): string | undefined => (powers.isFile(path) ? powers.realPath(path) : undefined);

  const tryExtensions = (path: string): string | undefined => {
    for (const extension of extensions) {
      const found = tryFile(path + extension);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  /** The package.json enclosing a file, as require finds it (see findPackageScope). */
  const packageScopeOf = (filePath: string, request: Request): PackageConfig | undefined =>
    findPackageScope(readPackageJson, dirname(filePath), request);

  /** An `exports` or `imports` result must be an existing file. */
  const finalizeEsmMatch = (outcome: UrlOutcome, request: Request): CjsOutcome => {
    // Node 20's require cannot load an `imports` target that names a builtin
    // ("#fs": "fs"): it fails turning node:fs into a path. We fail the same way.
    const url = 'builtin' in outcome ? new URL(`node:${outcome.builtin}`) : outcome.url;
    if (/%2F|%5C/i.test(url.href)) {
      throw makeResolveError(
        'ERR_INVALID_MODULE_SPECIFIER',
        `Invalid module ${quote(url.href)} (required as ${quote(request.specifier)} from ${request.referrer}): ` +
          'it must not include encoded "/" or "\\" characters. Write path separators as "/".',
      );
    }
    if (url.protocol !== 'file:') {
      throw makeResolveError(
        'ERR_INVALID_URL_SCHEME',
        `The package target ${quote(url.href)} (required as ${quote(request.specifier)} from ${request.referrer}) ` +
          'is not a file: require cannot load it. Map the name to a file of the package.',
      );
    }
    const path = fileURLToPath(url);
    const found = tryFile(path);
    if (found !== undefined) return { path: found };
    throw notFound(request, ` (it resolves to ${quote(path)}, which does not exist). Check that the package is installed completely`);
  };

  /** Runs an ESM-style match, reporting a missing file as require does. */
  const asRequire = (match: () => UrlOutcome, request: Request): CjsOutcome => {
    try {
      return finalizeEsmMatch(match(), request);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') {
        throw makeResolveError('MODULE_NOT_FOUND', (error as Error).message);
      }
      throw error;
    }
  };

  /** A folder: its package.json `main` (as a file, with extensions, as a folder's index), else its index. */
  const tryPackage = (directory: string, request: Request): string | undefined => {
    const config = readPackageJson(join(directory, 'package.json'), request);
    const main = config?.main;
    if (!main) return tryExtensions(resolve(directory, 'index'));
    const mainPath = resolve(directory, main);
    const found =
      tryFile(mainPath) ??
      tryExtensions(mainPath) ??
      tryExtensions(resolve(mainPath, 'index')) ??
      tryExtensions(resolve(directory, 'index'));
    if (found !== undefined) return found;
    throw makeResolveError(
      'MODULE_NOT_FOUND',
      `Cannot find module ${quote(mainPath)}, the "main" of ${join(directory, 'package.json')} ` +
        `(required as ${quote(request.specifier)} from ${request.referrer}). ` +
        'The package.json needs a valid "main" entry (or an index.js): fix or reinstall the package.',
    );
  };

  /** A package in one node_modules folder, through its `exports`, if it has them. */
  const tryPackageExports = (nodeModules: string, request: Request): CjsOutcome | undefined => {
    const match = packageRequestPattern.exec(request.specifier);
    if (match === null) return undefined;
    const [, name, subpath = ''] = match;
    const packageDirectory = resolve(nodeModules, name!);
    const config = readPackageJson(join(packageDirectory, 'package.json'), request);
    if (config === undefined || config.exports == null) return undefined;
    const context = esm.contextFor(request, pathToFileURL(join(packageDirectory, 'package.json')));
    return asRequire(() => ({ url: resolvePackageExports(context, `.${subpath}`, config.exports) }), request);
  };

  /** The referrer's own package, required by its name, through its `exports`. */
  const trySelf = (request: Request): CjsOutcome | undefined => {
    const scope = packageScopeOf(request.referrer, request);
    if (scope === undefined || scope.exports == null || scope.name === undefined) return undefined;
    let subpath: string;
    if (request.specifier === scope.name) subpath = '.';
    else if (request.specifier.startsWith(`${scope.name}/`)) subpath = `.${request.specifier.slice(scope.name.length)}`;
    else return undefined;
    const context = esm.contextFor(request, pathToFileURL(scope.packageJsonPath));
    return asRequire(() => ({ url: resolvePackageExports(context, subpath, scope.exports) }), request);
  };

  /** Searches candidate folders in order; undefined when none holds the module. */
  const findPath = (request: Request, folders: readonly string[]): CjsOutcome | undefined => {
    const specifier = request.specifier;
    const absolute = isAbsolute(specifier);
    if (absolute) folders = [''];
    const trailingSlash = hasTrailingSlash(specifier);
    // A request that climbs out ("../x") may pass through a folder that does not exist.
    const staysInside = !(
      specifier[0] === '.' &&
      (specifier.length === 1 || specifier[1] === '/' || (specifier[1] === '.' && (specifier.length === 2 || specifier[2] === '/'))) &&
      normalize(specifier).startsWith('..')
    );
    for (const folder of folders) {
      if (staysInside && folder !== '' && !powers.isDirectory(folder)) continue;
      if (!absolute) {
        const exported = tryPackageExports(folder, request);
        if (exported !== undefined) return exported;
      }
      const basePath = resolve(folder, specifier);
      const isFile = powers.isFile(basePath);
      let found: string | undefined;
      if (!trailingSlash) {
        if (isFile) found = powers.realPath(basePath);
        found ??= tryExtensions(basePath);
      }
      if (found === undefined && !isFile && powers.isDirectory(basePath)) found = tryPackage(basePath, request);
      if (found !== undefined) return { path: found };
    }
    return undefined;
  };

  /** Resolves a `require` specifier from a referrer file path. */
  const resolveCjs = (request: Request): CjsOutcome => {
    const { specifier, referrer } = request;
    const builtin = shared.builtins.builtinOf(specifier);
    if (builtin !== undefined) return { builtin };

    if (specifier[0] === '#') {
      const scope = packageScopeOf(referrer, request);
      if (scope !== undefined && scope.imports != null) {
        return asRequire(() => esm.resolveImports(specifier, pathToFileURL(referrer), request), request);
      }
    }

    const self = trySelf(request);
    if (self !== undefined) return self;

    const folder = dirname(referrer);
    const folders = isRelativeToFolder(specifier) ? [folder] : nodeModulePaths(resolve(folder));
    const found = findPath(request, folders);
    if (found !== undefined) return found;
    throw notFound(request, notFoundAdvice(specifier));
  };

  return { resolveCjs };
};
