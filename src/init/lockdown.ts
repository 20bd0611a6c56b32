// The lockdown that `endo/init` performs, as @endo/lockdown does: options
// from a `LOCKDOWN_OPTIONS` global or environment variable (JSON) when
// present, else the caller's, else production defaults; `domainTaming` is
// always 'unsafe' (Node's domain module may be loaded by dependencies);
// then the start compartment's own loose ends: unlimited stack traces and
// the hardened host classes compartments may be endowed with.

import { lockdown as sesLockdown } from '../ses/index.js';
import type { LockdownOptions } from '../ses/index.js';
import { hostEnvironment } from '../ses/commons.js';

const optionsFromEnvironment = (): LockdownOptions | undefined => {
  const fromGlobal = (globalThis as { LOCKDOWN_OPTIONS?: unknown }).LOCKDOWN_OPTIONS;
  const fromEnvironment = hostEnvironment().LOCKDOWN_OPTIONS;
  const text = typeof fromGlobal === 'string' ? fromGlobal : fromEnvironment;
  if (typeof text !== 'string' || text === '') return undefined; // empty counts as unset, as LOCKDOWN_* do
  let options: unknown;
  try {
    options = JSON.parse(text);
  } catch (error) {
    throw SyntaxError(`LOCKDOWN_OPTIONS must be JSON: ${(error as Error).message}`);
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw TypeError(`LOCKDOWN_OPTIONS must be a JSON object, got ${text}`);
  }
  return options as LockdownOptions;
};

export const lockdown = (defaultOptions?: LockdownOptions): void => {
  const options = optionsFromEnvironment() ?? defaultOptions ?? {};
  sesLockdown({ ...options, domainTaming: 'unsafe' });
  (Error as { stackTraceLimit?: number }).stackTraceLimit = Infinity;
  const { harden } = globalThis as unknown as { harden: (value: unknown) => unknown };
  for (const name of ['TextEncoder', 'TextDecoder', 'URL'] as const) {
    const value = (globalThis as Record<string, unknown>)[name];
    if (value !== undefined) harden(value);
  }
};
