// The attenuator `endo/attenuators/fs-directory`: a policy grants a package
// `fs` (or `fs/promises`) limited to one directory with
//
//   "builtin": { "fs": { "attenuate": "endo/attenuators/fs-directory", "params": ["./data"] } }
//
// The directory is resolved against the application's folder (the one
// holding lavamoat/), so that the grant does not change with the working
// directory the program is started from. The checks themselves are
// attenuate-fs.ts's.
import * as nodeFs from 'node:fs';
import nodePath from 'node:path';
import { limitFsToDirectory } from './attenuate-fs.js';
import type { AttenuationContext } from './attenuators.js';

const directoryOf = (params: unknown[], context: AttenuationContext | undefined): string => {
  if (params.length !== 1 || typeof params[0] !== 'string' || params[0] === '') {
    throw new TypeError('endo/attenuators/fs-directory takes one parameter: the directory, e.g. "params": ["./data"]');
  }
  return nodePath.resolve(context?.projectRoot ?? process.cwd(), params[0]);
};

/** `namespace` is the host's `fs` or `fs/promises`; the package gets it limited to the directory. */
export const attenuateModule = (params: unknown[], namespace: Record<string, unknown>, context?: AttenuationContext): unknown => {
  const limited = limitFsToDirectory(directoryOf(params, context), nodeFs);
  // fs/promises has no synchronous functions; its limited view is fs's `promises`.
  return typeof namespace.readFileSync === 'function' ? limited : limited.promises;
};
