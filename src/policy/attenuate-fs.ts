// An attenuator: `fs` limited to one directory. A package given it can read
// and write under that directory and nowhere else:
//
// - every path argument (string, Buffer or file: URL), resolved as Node
//   resolves it (against the working directory), must lie inside the
//   directory, and so must its real path: the deepest part of it that
//   exists is resolved through symbolic links, so that a link inside that
//   points outside leads nowhere;
// - a function that takes a file descriptor accepts only descriptors that
//   this view opened (and has not closed), so that a package cannot read or
//   write a descriptor another part of the program holds (stdio included);
// - anything else of the module that reaches files without a path check
//   (fs.Dir, fs.ReadStream's constructor, ...) is left out.
//
// Between the check and the use, another process could swap a directory
// for a link: the check cannot see that race, and nothing in Node's fs
// API can close it in general. The directory should not be writable by
// anyone who might attack the package.

import * as nodeFs from 'node:fs';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';

type AnyFunction = (...args: unknown[]) => unknown;

/** Functions whose first argument, or first two, are paths. */
const onePath = [
  'access', 'appendFile', 'chmod', 'chown', 'createReadStream', 'createWriteStream', 'exists', 'lchmod', 'lchown',
  'lstat', 'lutimes', 'mkdir', 'mkdtemp', 'open', 'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'rm',
  'rmdir', 'stat', 'statfs', 'truncate', 'unlink', 'utimes', 'watch', 'watchFile', 'unwatchFile', 'writeFile',
];
const twoPaths = ['copyFile', 'cp', 'link', 'rename', 'symlink'];
/** Functions whose first argument is a file descriptor. */
const oneDescriptor = [
  'close', 'fchmod', 'fchown', 'fdatasync', 'fstat', 'fsync', 'ftruncate', 'futimes', 'read', 'readv', 'write',
  'writev',
];
/** What needs no path and reaches no file: kept as it is. */
const plainValues = ['constants', 'Stats', 'Dirent', 'F_OK', 'R_OK', 'W_OK', 'X_OK'];

export class FsLimitError extends Error {
  code = 'ERR_ACCESS_DENIED';
  override name = 'FsLimitError';
}

const pathOf = (value: unknown, what: string): string => {
  if (typeof value === 'string') return value;
  if (value instanceof URL) return fileURLToPath(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString();
  throw new FsLimitError(`fs (limited to a directory): ${what} must be a path (a string, a Buffer or a file: URL)`);
};

/**
 * `fs` (or `fs/promises`, with `promises: true`) limited to `directory`.
 * The result is a plain frozen object with the module's functions, checked,
 * and `promises` limited alike.
 */
export const limitFsToDirectory = (directory: string, fs: typeof nodeFs = nodeFs): Record<string, unknown> => {
  const root = fs.realpathSync(nodePath.resolve(directory));
  const inside = (real: string): boolean => real === root || real.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep);

  /** The real path of `absolute`, through its deepest existing ancestor (the rest of it does not exist yet). */
  const realPathOf = (absolute: string): string => {
    let existing = absolute;
    const rest: string[] = [];
    for (;;) {
      try {
        return nodePath.join(fs.realpathSync(existing), ...rest.reverse());
      } catch {
        const parent = nodePath.dirname(existing);
        if (parent === existing) return absolute;
        rest.push(nodePath.basename(existing));
        existing = parent;
      }
    }
  };

  const check = (value: unknown, functionName: string): void => {
    // readFile, writeFile and appendFile also take a descriptor in place of a path.
    if (typeof value === 'number') {
      checkDescriptor(value, functionName);
      return;
    }
    const path = pathOf(value, `the path given to ${functionName}`);
    const absolute = nodePath.resolve(path);
    if (!inside(absolute) || !inside(realPathOf(absolute))) {
      throw new FsLimitError(`fs.${functionName} may not reach ${JSON.stringify(path)}: this package's fs is limited to ${root}`);
    }
  };

  // Descriptors this view opened; others are refused.
  const ownDescriptors = new Set<number>();
  const checkDescriptor = (value: unknown, functionName: string): void => {
    if (typeof value !== 'number' || !ownDescriptors.has(value)) {
      throw new FsLimitError(`fs.${functionName} may use only file descriptors this package opened, not ${String(value)}`);
    }
  };

  /** `base` is the function's name without `Sync`; `promises` for fs.promises' (which gives FileHandles, not descriptors). */
  const wrap = (name: string, base: string, original: AnyFunction, paths: number, descriptor: boolean, promises: boolean): AnyFunction => {
    const shown = promises ? `promises.${name}` : name;
    const checked = (...args: unknown[]): unknown => {
      for (let i = 0; i < paths; i += 1) check(args[i], shown);
      if (descriptor) checkDescriptor(args[0], shown);
      if (base === 'open' && !promises) return trackOpen(original, args);
      if (base === 'close') ownDescriptors.delete(args[0] as number);
      return Reflect.apply(original, fs, args);
    };
    return Object.freeze(checked);
  };

  /** fs.open / fs.openSync: remember the descriptor it gives. */
  const trackOpen = (original: AnyFunction, args: unknown[]): unknown => {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as (error: unknown, fd?: number) => void;
      return Reflect.apply(original, fs, [
        ...args.slice(0, -1),
        (error: unknown, fd?: number) => {
          if (typeof fd === 'number') ownDescriptors.add(fd);
          callback(error, fd);
        },
      ]);
    }
    const fd = Reflect.apply(original, fs, args);
    if (typeof fd === 'number') ownDescriptors.add(fd);
    return fd;
  };

  const limit = (source: Record<string, unknown>, promises: boolean): Record<string, unknown> => {
    const limited: Record<string, unknown> = {};
    const add = (names: string[], paths: number, descriptor: boolean) => {
      for (const base of names) {
        for (const name of promises ? [base] : [base, `${base}Sync`]) {
          const original = source[name];
          if (typeof original === 'function') limited[name] = wrap(name, base, original as AnyFunction, paths, descriptor, promises);
        }
      }
    };
    add(onePath, 1, false);
    add(twoPaths, 2, false);
    if (!promises) add(oneDescriptor, 0, true);
    for (const name of plainValues) if (name in source) limited[name] = source[name];
    return Object.freeze(limited);
  };

  const limited = limit(fs as unknown as Record<string, unknown>, false);
  return Object.freeze({ ...limited, promises: limit(fs.promises as unknown as Record<string, unknown>, true) });
};
