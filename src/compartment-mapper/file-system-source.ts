// An application on a file system, as the per-package linker sees it: the
// compartment map (mapNodeModules) says which packages a package may
// reach; Node's rules (node-resolve.ts) say which file a specifier
// denotes, for the kind of module that wrote it (require or import). A
// reach to a file of a package the map does not link is an Error naming the
// package, the file and the specifier.

import { fileURLToPath } from 'node:url';
import type { ApplicationSource } from './application-source.js';
import type { ResolveKind } from './cjs-module.js';
import type { PackageCompartmentDescriptor, PackageCompartmentMap } from './compartment-map-types.js';
import { defaultImportConditions, defaultRequireConditions, makeNodeResolver } from './node-resolve.js';
import { locationOfDirectory } from './package-graph.js';
import { fileReaderOf, type ReadPowers } from './read-powers.js';
import { unlinkedReachError } from './resolve-errors.js';

/** The packages (compartment locations) that a compartment's modules, scopes and patterns link to, itself included. */
const linkedLocations = (descriptor: PackageCompartmentDescriptor): Set<string> => {
  const linked = new Set<string>([descriptor.location]);
  for (const link of Object.values(descriptor.modules)) linked.add(link.compartment);
  for (const scope of Object.values(descriptor.scopes)) linked.add(scope.compartment);
  for (const pattern of descriptor.patterns ?? []) if (pattern.compartment !== undefined) linked.add(pattern.compartment);
  return linked;
};

export interface FileSystemSourceOptions {
  /**
   * Whether the package `from` may load modules of the package `to` (both
   * canonical names), beyond the compartment map's links: a policy's
   * `packages`. The error, when it says no, is the hook's to give.
   */
  /** Whether a package (by label) may load another; `referrer` is the file that asks. An Error says why not. */
  mayReach?: (from: string, to: string, referrer?: string) => true | Error;
}

/** The application whose compartment map is `map`, read through `readPowers`. */
export const makeFileSystemSource = (readPowers: ReadPowers, map: PackageCompartmentMap, options: FileSystemSourceOptions = {}): ApplicationSource => {
  const { mayReach } = options;
  // The caller's conditions (`conditions` or `tags`) join Node's, as `node -C <condition>` adds them.
  const resolver = makeNodeResolver(readPowers, {
    importConditions: [...defaultImportConditions, ...map.tags],
    requireConditions: [...defaultRequireConditions, ...map.tags],
  });
  const readFile = fileReaderOf(readPowers);

  const linkedByLocation = new Map<string, Set<string>>();
  const linkedOf = (location: string): Set<string> => {
    let linked = linkedByLocation.get(location);
    if (linked === undefined) {
      linked = linkedLocations(map.compartments[location]!);
      linkedByLocation.set(location, linked);
    }
    return linked;
  };

  /** The compartment location of each file that resolution gave. */
  const locationOfFile = new Map<string, string>();
  const compartmentOfDirectory = (packageDirectory: string | undefined): string | undefined => {
    if (packageDirectory === undefined) return undefined;
    const location = locationOfDirectory(packageDirectory);
    return Object.hasOwn(map.compartments, location) ? location : undefined;
  };

  const resolve = (location: string, specifier: string, referrer: string, kind: ResolveKind): string => {
    const resolution = kind === 'cjs' ? resolver.resolveRequire(specifier, referrer) : resolver.resolveImport(specifier, referrer);
    if (resolution.kind === 'builtin') return resolution.name;
    const target = compartmentOfDirectory(resolution.packageDirectory);
    if (target === undefined || !linkedOf(location).has(target)) {
      throw unlinkedReachError(
        map.compartments[location]!,
        referrer,
        specifier,
        kind,
        resolution.path,
        target === undefined ? undefined : map.compartments[target],
        resolution.packageDirectory,
      );
    }
    if (mayReach !== undefined && target !== location) {
      const verdict = mayReach(map.compartments[location]!.label, map.compartments[target]!.label, referrer);
      if (verdict !== true) throw verdict;
    }
    locationOfFile.set(resolution.path, target);
    return resolution.path;
  };

  const entryCompartment = map.entry.compartment;
  const entryFile = fileURLToPath(new URL(map.entry.module, entryCompartment));
  const entryPath = readPowers.realPath(entryFile);
  if (entryPath === undefined) throw Error(`The entry module ${entryFile} does not exist`);
  locationOfFile.set(entryPath, entryCompartment);

  return {
    entry: { compartment: entryCompartment, filename: entryPath },
    labelOf: location => map.compartments[location]!.label,
    resolve,
    compartmentOfFile: filename => locationOfFile.get(filename),
    readFile,
    formatOf: resolver.moduleFormatOf,
  };
};
