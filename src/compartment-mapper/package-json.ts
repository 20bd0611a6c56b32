// Reads and checks package.json files for resolution. Only the fields that
// resolution uses are kept, with the types Node accepts: `name` and `main`
// count only when they are strings (Node ignores them otherwise), `exports`
// and `imports` are kept as parsed, since their matching gives each shape its
// meaning. Text that is not JSON, or `null`, is an ERR_INVALID_PACKAGE_CONFIG
// naming the file, never a crash. A leading byte-order mark is skipped, as
// Node does.

import { dirname, join, sep } from 'node:path';
import { makeResolveError, quote } from './resolve-errors.js';
import type { ResolveReadPowers } from './read-powers.js';

export interface PackageConfig {
  /** Absolute path of the package.json file. */
  readonly packageJsonPath: string;
  /** The `name` field when it is a string. */
  readonly name: string | undefined;
  /** The `main` field when it is a string. */
  readonly main: string | undefined;
  /** The `exports` field as parsed (undefined when absent). */
  readonly exports: unknown;
  /** The `imports` field as parsed (undefined when absent). */
  readonly imports: unknown;
  /** The `type` field when it is a string ("module" makes `.js` files ES modules). */
  readonly type: string | undefined;
}

/** What was being resolved when a package.json was read, for error messages. */
export interface ReadingFor {
  readonly specifier: string;
  readonly referrer: string;
}

type ParsedPackage = { readonly config: PackageConfig } | { readonly problem: string };

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

const parsePackageJson = (packageJsonPath: string, text: string): ParsedPackage => {
  // Node reads a package.json that starts with a byte-order mark as if it had none.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { problem: `it is not valid JSON (${(error as Error).message})` };
  }
  if (value === null) {
    return { problem: 'it holds null instead of an object' };
  }
  // Node reads arrays, strings and numbers as a package with no fields.
  const fields = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const field = (key: string) => (hasOwn(fields, key) ? fields[key] : undefined);
  const name = field('name');
  const main = field('main');
  const type = field('type');
  return {
    config: {
      packageJsonPath,
      name: typeof name === 'string' ? name : undefined,
      main: typeof main === 'string' ? main : undefined,
      exports: field('exports'),
      imports: field('imports'),
      type: typeof type === 'string' ? type : undefined,
    },
  };
};

export type PackageJsonReader = (packageJsonPath: string, readingFor: ReadingFor) => PackageConfig | undefined;

/**
 * A reader of package.json files that remembers each file it parsed, so a
 * resolver sees one consistent snapshot of every package it consults.
 */
export const makePackageJsonReader = (powers: ResolveReadPowers): PackageJsonReader => {
  const parsed = new Map<string, ParsedPackage | undefined>();
  return (packageJsonPath, readingFor) => {
    let entry: ParsedPackage | undefined;
    if (parsed.has(packageJsonPath)) {
      entry = parsed.get(packageJsonPath);
    } else {
      const text = powers.readFileText(packageJsonPath);
      entry = text === undefined ? undefined : parsePackageJson(packageJsonPath, text);
      parsed.set(packageJsonPath, entry);
    }
    if (entry === undefined) return undefined;
    if ('problem' in entry) {
      throw makeResolveError(
        'ERR_INVALID_PACKAGE_CONFIG',
        `Invalid package config ${packageJsonPath}: ${entry.problem}; ` +
          `met while resolving ${quote(readingFor.specifier)} from ${readingFor.referrer}. ` +
          'Fix that package.json (or reinstall the package) and try again.',
      );
    }
    return entry.config;
  };
};

/**
 * The package scope of a file (Node's LOOKUP_PACKAGE_SCOPE): the nearest
 * package.json at or above `startDirectory`, not looking past a folder
 * named node_modules. Both resolvers and the module format use it.
 */
export const findPackageScope = (
  readPackageJson: PackageJsonReader,
  startDirectory: string,
  readingFor: ReadingFor,
): PackageConfig | undefined => {
  let directory = startDirectory;
  for (;;) {
    if (directory.endsWith(`${sep}node_modules`)) return undefined;
    const config = readPackageJson(join(directory, 'package.json'), readingFor);
    if (config !== undefined) return config;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
};
