// Which package a resolved file belongs to, for the compartment map. A file
// under node_modules belongs to the innermost node_modules/<name> (or
// node_modules/@scope/<name>) folder above it, named by that folder, which is
// the name its importers use. A file elsewhere (the application, or a
// symlinked workspace package after realpath) belongs to the nearest folder
// whose package.json has a name, so that a package.json that only sets
// "type" in a subfolder does not split a package; failing that, the nearest
// folder with any package.json.

import { dirname, join, sep } from 'node:path';
import type { PackageJsonReader } from './package-json.js';

export interface PackageLocation {
  /** Absolute path of the package's folder, or undefined when no package.json encloses the file. */
  readonly packageDirectory: string | undefined;
  /** The package's name, or undefined when its package.json names none. */
  readonly packageName: string | undefined;
}

const ancestorsOf = function* (path: string) {
  let directory = dirname(path);
  while (true) {
    yield directory;
    const parent = dirname(directory);
    if (parent === directory) return;
    directory = parent;
  }
};

const nodeModulesPackageOf = (filePath: string): PackageLocation | undefined => {
  for (const directory of ancestorsOf(filePath)) {
    const parts = directory.split(sep);
    const last = parts.length - 1;
    if (last >= 1 && parts[last - 1] === 'node_modules' && !parts[last]!.startsWith('@') && parts[last] !== 'node_modules') {
      return { packageDirectory: directory, packageName: parts[last] };
    }
    if (last >= 2 && parts[last - 2] === 'node_modules' && parts[last - 1]!.startsWith('@')) {
      return { packageDirectory: directory, packageName: `${parts[last - 1]}/${parts[last]}` };
    }
  }
  return undefined;
};

export const locatePackage = (
  filePath: string,
  readPackageJson: PackageJsonReader,
  specifier: string,
  referrer: string,
): PackageLocation => {
  const inNodeModules = nodeModulesPackageOf(filePath);
  if (inNodeModules !== undefined) return inNodeModules;
  let nearest: string | undefined;
  for (const directory of ancestorsOf(filePath)) {
    let config;
    try {
      config = readPackageJson(join(directory, 'package.json'), { specifier, referrer });
    } catch {
      // A broken package.json that resolution itself did not need does not
      // stop us from naming the package; the next one up may.
      continue;
    }
    if (config === undefined) continue;
    if (config.name !== undefined) return { packageDirectory: directory, packageName: config.name };
    nearest ??= directory;
  }
  return { packageDirectory: nearest, packageName: undefined };
};
