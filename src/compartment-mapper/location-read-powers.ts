// The one read-powers object importLocation takes, and the views of it that
// its parts need: the package graph (GraphReadPowers), Node resolution
// (ResolveReadPowers) and the CommonJS loader (a file reader). All reads of
// one run go through the same object, so what the map, the resolver and the
// loader see is the same file system.
import * as nodeFs from 'node:fs';
import { makeNodeGraphReadPowers, type GraphFs, type GraphReadPowers } from './graph-read-powers.js';
import type { ReadFileSync } from './module-format.js';
import type { ResolveReadPowers } from './resolve-read-powers.js';

export interface LocationReadPowers extends GraphReadPowers {
  /** Whether `path` is a file (after following symlinks). */
  isFile(path: string): boolean;
}

const absent = (path: string): Error => {
  const error = Error(`ENOENT: no such file or directory, open '${path}'`);
  Object.defineProperty(error, 'code', { value: 'ENOENT', enumerable: true });
  return error;
};

/** Read powers over node:fs (or an object with the same synchronous calls). */
export const makeNodeLocationReadPowers = (fs: GraphFs = nodeFs): LocationReadPowers => {
  const graph = makeNodeGraphReadPowers(fs);
  return {
    ...graph,
    isFile: path => {
      try {
        return fs.statSync(path).isFile();
      } catch {
        return false;
      }
    },
  };
};

/** The views of `powers` for the resolver and the CommonJS loader. */
export const makeLocationReadPowers = (powers: LocationReadPowers): { resolve: ResolveReadPowers; readFile: ReadFileSync } => {
  const resolve: ResolveReadPowers = {
    readFileText: path => (powers.isFile(path) ? powers.readFileText(path) : undefined),
    isFile: path => powers.isFile(path),
    isDirectory: path => powers.isDirectory(path),
    realPath: path => {
      const real = powers.realPath(path);
      if (real === undefined) throw absent(path);
      return real;
    },
  };
  const readFile: ReadFileSync = path => {
    const text = powers.readFileText(path);
    if (text === undefined) throw absent(path);
    return text;
  };
  return { resolve, readFile };
};
