// A small resolver over fixture directories for the CommonJS tests, enough
// of Node's algorithm for what the fixtures use: builtins by name, relative
// and absolute paths (CommonJS tries `.js`, `.json`, `.node` and a
// directory's package.json `main` or index; ES modules need the exact file),
// and bare names looked up in node_modules folders upwards. The real
// resolver is node-resolve.ts; the loader under test must not need it.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { makeNodeResolver } from '../../src/compartment-mapper/node-resolve.js';
import { makeSyncReadPowers } from '../../src/compartment-mapper/read-powers.js';

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();
const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

const asFile = (path: string, kind: 'cjs' | 'esm'): string | undefined => {
  if (isFile(path)) return path;
  if (kind === 'esm') return undefined;
  for (const extension of ['.js', '.json', '.node']) if (isFile(path + extension)) return path + extension;
  return undefined;
};

const asDirectory = (path: string, kind: 'cjs' | 'esm'): string | undefined => {
  if (!isDirectory(path)) return undefined;
  const manifest = join(path, 'package.json');
  if (isFile(manifest)) {
    const { main } = JSON.parse(readFileSync(manifest, 'utf8')) as { main?: string };
    if (typeof main === 'string') {
      const found = asFile(join(path, main), 'cjs') ?? asDirectory(join(path, main), 'cjs');
      if (found !== undefined) return found;
    }
  }
  return asFile(join(path, 'index'), 'cjs');
};

const notFound = (specifier: string, referrer: string): Error => {
  const error = Error(`Cannot find module '${specifier}' from ${referrer}`);
  Object.defineProperty(error, 'code', { value: 'MODULE_NOT_FOUND', enumerable: true });
  return error;
};

export const fixtureResolve = (specifier: string, referrer: string, kind: 'cjs' | 'esm'): string => {
  if (isBuiltin(specifier)) return specifier;
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier === '.' || specifier === '..') {
    const path = resolvePath(dirname(referrer), specifier);
    const found = asFile(path, kind) ?? (kind === 'cjs' ? asDirectory(path, kind) : undefined);
    if (found === undefined) throw notFound(specifier, referrer);
    return found;
  }
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const rest = parts.slice(nameLength).join('/');
  let directory = dirname(referrer);
  for (;;) {
    const packageDirectory = join(directory, 'node_modules', name);
    if (isDirectory(packageDirectory)) {
      const found = rest === '' ? asDirectory(packageDirectory, 'cjs') : asFile(join(packageDirectory, rest), 'cjs');
      if (found !== undefined) return found;
    }
    const parent = dirname(directory);
    if (parent === directory) throw notFound(specifier, referrer);
    directory = parent;
  }
};

/** How Node loads a fixture file: the project's one rule (extension, then the package scope's `type`). */
export const fixtureFormatOf = makeNodeResolver(makeSyncReadPowers()).moduleFormatOf;
