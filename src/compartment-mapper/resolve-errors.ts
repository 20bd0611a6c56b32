// The errors of Node module resolution. Each is an Error whose `code` is the
// one Node gives for the same failure, so callers can branch on it, and whose
// message names the specifier, the referrer and the package involved, and
// says what to do about it. Also the one failure Node does not have (so no
// code): a package reaching a package it does not declare.

import { fileURLToPath } from 'node:url';

export type ResolveErrorCode =
  | 'ERR_MODULE_NOT_FOUND'
  | 'ERR_PACKAGE_PATH_NOT_EXPORTED'
  | 'ERR_PACKAGE_IMPORT_NOT_DEFINED'
  | 'ERR_INVALID_PACKAGE_TARGET'
  | 'ERR_INVALID_MODULE_SPECIFIER'
  | 'ERR_INVALID_PACKAGE_CONFIG'
  | 'ERR_UNSUPPORTED_DIR_IMPORT'
  | 'ERR_UNSUPPORTED_ESM_URL_SCHEME'
  | 'ERR_UNKNOWN_BUILTIN_MODULE'
  | 'ERR_INVALID_FILE_URL_PATH'
  | 'ERR_INVALID_FILE_URL_HOST'
  | 'ERR_INVALID_URL_SCHEME'
  | 'ERR_INVALID_ARG_VALUE'
  | 'MODULE_NOT_FOUND';

export interface ResolveError extends Error {
  readonly code: ResolveErrorCode;
}

/** Longest rendering of an untrusted value inside a message. */
const quoteLimit = 200;

/**
 * Quotes a value from a specifier or a package.json for a message: JSON
 * quoting escapes control characters, and long values are cut.
 */
export const quote = (value: unknown): string => {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  } catch {
    text = typeof value;
  }
  return text.length > quoteLimit ? `${text.slice(0, quoteLimit)}…` : text;
};

export const makeResolveError = (code: ResolveErrorCode, message: string, options?: { cause?: unknown }): ResolveError => {
  const error = new Error(message, options) as Error & { code: ResolveErrorCode };
  Object.defineProperty(error, 'code', { value: code, enumerable: true, configurable: true, writable: true });
  return error;
};

export const isResolveError = (error: unknown): error is ResolveError =>
  error instanceof Error && typeof (error as { code?: unknown }).code === 'string';

/** The package name at the start of a bare specifier ("a" of "a/b", "@s/a" of "@s/a/b"), or undefined for a path. */
const packageNameOf = (specifier: string): string | undefined => {
  if (specifier === '' || specifier[0] === '.' || specifier[0] === '/' || specifier[0] === '#' || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier[0] === '@' ? parts.slice(0, 2).join('/') : parts[0];
};

/** The compartments' view of a package in {@link unlinkedReachError}. */
interface CompartmentOfPackage {
  readonly label: string;
  readonly name: string;
  /** Package folder as a file URL with a final slash. */
  readonly location: string;
}

/**
 * A module reaching a package that its own package does not declare (Node
 * would have found it installed nearby), or a file outside every package of
 * the map. Names the package, the file, the specifier, what it resolved to,
 * and the package.json to change.
 */
export const unlinkedReachError = (
  from: CompartmentOfPackage,
  referrer: string,
  specifier: string,
  kind: 'cjs' | 'esm',
  filename: string,
  to: CompartmentOfPackage | undefined,
  packageDirectory: string | undefined,
): Error => {
  const verb = kind === 'cjs' ? 'requires' : 'imports';
  const packageJson = fileURLToPath(new URL('package.json', from.location));
  const wanted = to?.name ?? packageNameOf(specifier);
  const what = to ? `package ${quote(to.label)}` : `${packageDirectory ?? filename}, which is not a package of the compartment map`;
  const facts =
    `Package ${quote(from.label)} may not reach ${what}: ${referrer} ${verb} ${quote(specifier)}, which resolves to ${filename}` +
    (to ? `, and ${quote(to.name)} is not among the dependencies of ${quote(from.label)}` : '');
  const advice =
    wanted === undefined
      ? `A package may load only its own files and the packages its package.json declares: ${verb === 'requires' ? 'require' : 'import'} ` +
        `that module by its package name, after adding the package to the "dependencies" of ${packageJson}.`
      : `A package may load only the packages its package.json declares (Node finds this one only because it is installed nearby): ` +
        `add ${quote(wanted)} to the "dependencies" of ${packageJson}, or stop using it.`;
  return Error(`${facts}. ${advice}`);
};
