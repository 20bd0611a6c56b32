// The errors of Node module resolution. Each is an Error whose `code` is the
// one Node gives for the same failure, so callers can branch on it, and whose
// message names the specifier, the referrer and the package involved, and
// says what to do about it.

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

export const makeResolveError = (code: ResolveErrorCode, message: string): ResolveError => {
  const error = new Error(message) as Error & { code: ResolveErrorCode };
  Object.defineProperty(error, 'code', { value: code, enumerable: true, configurable: true, writable: true });
  return error;
};

export const isResolveError = (error: unknown): error is ResolveError =>
  error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
