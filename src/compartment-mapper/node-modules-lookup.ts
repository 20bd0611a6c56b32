// Finding packages as Node finds a bare specifier: in the node_modules folder
// of the importing package's directory, then of each ancestor directory
// (skipping folders that are themselves named node_modules). Paths here are
// real paths, so a symlinked workspace or pnpm's store is searched from where
// the package really lives, as Node does without --preserve-symlinks.
import { join } from 'node:path';
import { nodeModulePaths } from './node-module-paths.js';
import type { GraphReadPowers } from './read-powers.js';

/**
 * The real directory of package `name` as seen from `directory`: the first
 * node_modules/<name> on Node's search path that holds a package.json (the
 * original compartment mapper skips folders without one, and so do we).
 */
export const findPackageDirectory = (
  powers: GraphReadPowers,
  directory: string,
  name: string,
): string | undefined => {
  for (const folder of nodeModulePaths(directory)) {
    // Most folders of the path lack the package: asking isDirectory first spares a failing realpath each.
    const candidate = join(folder, name);
    if (!powers.isDirectory(candidate)) continue;
    const real = powers.realPath(candidate);
    if (real !== undefined && powers.readFileText(join(real, 'package.json')) !== undefined) return real;
  }
  return undefined;
};

/**
 * Lists what `require(name)` could reach from `directory` for every `name`:
 * name to real package directory, nearest folder winning as in Node. Dot
 * entries (.bin, .pnpm, .package-lock.json) are not packages.
 */
export const makeReachableLister = (powers: GraphReadPowers) => {
  const folderCache = new Map<string, ReadonlyArray<readonly [string, string]>>();

  /** The packages directly inside one node_modules folder. */
  const packagesIn = (folder: string): ReadonlyArray<readonly [string, string]> => {
    const cached = folderCache.get(folder);
    if (cached) return cached;
    const found: [string, string][] = [];
    const consider = (name: string) => {
      const real = powers.realPath(join(folder, name));
      if (real === undefined || !powers.isDirectory(real)) return;
      if (powers.readFileText(join(real, 'package.json')) === undefined) return;
      found.push([name, real]);
    };
    for (const entry of (powers.readDirectory(folder) ?? []).sort()) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        for (const inner of (powers.readDirectory(join(folder, entry)) ?? []).sort()) {
          if (!inner.startsWith('.')) consider(`${entry}/${inner}`);
        }
      } else {
        consider(entry);
      }
    }
    folderCache.set(folder, found);
    return found;
  };

  return (directory: string): Map<string, string> => {
    const reachable = new Map<string, string>();
    for (const folder of nodeModulePaths(directory)) {
      for (const [name, real] of packagesIn(folder)) {
        if (!reachable.has(name)) reachable.set(name, real);
      }
    }
    return reachable;
  };
};
