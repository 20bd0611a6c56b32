// The compartment map of an archive (compartment-map.json), in the format of
// @endo/compartment-mapper's archives, made from the modules an
// application reaches (application-walk.ts):
//
// - compartments are renamed `<name>-v<version>` (a second package of the
//   same name sorted after the first gets `-n1`, and so on), as the
//   original names them, and only those holding a reached module are kept;
// - each reached file is listed under its own module specifier with its
//   location in the archive, its parser and the SHA-512 of its bytes;
// - each specifier a module names is listed under its key
//   (archive-specifiers.ts): a link to the module of a compartment, or the
//   error its resolution gave (thrown when the module asks for it at run
//   time). When a require and an import of one key resolve differently,
//   the second is listed under a key of its kind. Builtins are not listed,
//   as the original lists none: whoever runs the archive grants them.

import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleEdge, WalkedModule } from './application-walk.js';
import { archiveKeyOf, kindKeyOf } from './archive-specifiers.js';
import type { PackageCompartmentMap } from './compartment-map-types.js';

export type ArchiveModuleDescriptor =
  | { location: string; parser: string; sha512?: string }
  | { compartment: string; module: string }
  | { exit: string }
  | { deferredError: string };

export interface ArchiveCompartmentDescriptor {
  name: string;
  label: string;
  location: string;
  modules: Record<string, ArchiveModuleDescriptor>;
}

export interface ArchiveCompartmentMap {
  tags: string[];
  entry: { compartment: string; module: string };
  compartments: Record<string, ArchiveCompartmentDescriptor>;
}

const stringCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The original's archive names for every compartment of the map, keyed by location. */
export const archiveCompartmentNames = (map: PackageCompartmentMap): Map<string, string> => {
  const candidates = Object.entries(map.compartments)
    .map(([location, descriptor]) => ({
      location,
      packageName: descriptor.name,
      archiveName: `${descriptor.name}-v${descriptor.version ?? ''}`,
    }))
    .sort((a, b) => stringCompare(a.archiveName, b.archiveName));
  const names = new Map<string, string>();
  let previous: string | undefined;
  let index = 1;
  for (const { location, packageName, archiveName } of candidates) {
    if (packageName === previous) {
      names.set(location, `${archiveName}-n${index}`);
      index += 1;
    } else {
      names.set(location, archiveName);
      previous = packageName;
      index = 1;
    }
  }
  return names;
};

/** A file's module specifier in its compartment ("./lib/a.js"). */
export const moduleSpecifierOf = (compartmentLocation: string, filename: string): string => {
  const path = relative(fileURLToPath(compartmentLocation), filename).split(sep).join('/');
  return `./${path}`;
};

const sameDescriptor = (a: ArchiveModuleDescriptor, b: ArchiveModuleDescriptor): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface ArchiveContents {
  compartmentMap: ArchiveCompartmentMap;
  /** Zip path -> bytes, for every module file. */
  files: Map<string, Uint8Array>;
}

export const makeArchiveContents = (
  map: PackageCompartmentMap,
  walked: readonly WalkedModule[],
  computeSha512: (bytes: Uint8Array) => string,
): ArchiveContents => {
  const names = archiveCompartmentNames(map);
  const nameOf = (location: string): string => names.get(location)!;
  const specifierOf = (module: { compartment: string; filename: string }) => moduleSpecifierOf(module.compartment, module.filename);

  const compartments: Record<string, ArchiveCompartmentDescriptor> = Object.create(null);
  const descriptorOf = (location: string): ArchiveCompartmentDescriptor => {
    const name = nameOf(location);
    let descriptor = compartments[name];
    if (descriptor === undefined) {
      const { name: packageName, label } = map.compartments[location]!;
      descriptor = { name: packageName, label, location: name, modules: Object.create(null) };
      compartments[name] = descriptor;
    }
    return descriptor;
  };

  const files = new Map<string, Uint8Array>();
  for (const module of walked) {
    const descriptor = descriptorOf(module.compartment);
    const specifier = specifierOf(module);
    const location = specifier.slice(2);
    descriptor.modules[specifier] = { location, parser: module.parser, sha512: computeSha512(module.bytes) };
    files.set(`${descriptor.location}/${location}`, module.bytes);
  }

  const describeEdge = (edge: ModuleEdge): ArchiveModuleDescriptor | undefined => {
    const { target } = edge;
    if (target.kind === 'builtin') return undefined;
    // Said without the paths of the machine that made the archive.
    if (target.kind === 'error') {
      return { deferredError: `Cannot find module ${JSON.stringify(edge.specifier)} (${target.code ?? 'not resolved'} when the archive was made)` };
    }
    return { compartment: nameOf(target.compartment), module: specifierOf(target) };
  };

  for (const module of walked) {
    const descriptor = descriptorOf(module.compartment);
    const referrer = specifierOf(module);
    for (const edge of module.edges) {
      const key = archiveKeyOf(edge.specifier, referrer);
      const value = describeEdge(edge);
      if (value === undefined) continue;
      // A module's own entry already says where it is.
      if ('compartment' in value && value.compartment === descriptor.location && value.module === key) continue;
      const listed = descriptor.modules[key];
      if (listed === undefined) descriptor.modules[key] = value;
      else if (!sameDescriptor(listed, value)) descriptor.modules[kindKeyOf(key, edge.kind)] = value;
    }
  }

  // Keys in order, as the original writes them, so that equal maps are equal bytes.
  for (const descriptor of Object.values(compartments)) {
    const sorted: Record<string, ArchiveModuleDescriptor> = Object.create(null);
    for (const key of Object.keys(descriptor.modules).sort(stringCompare)) sorted[key] = descriptor.modules[key]!;
    descriptor.modules = sorted;
  }
  const sortedCompartments: Record<string, ArchiveCompartmentDescriptor> = Object.create(null);
  for (const name of Object.keys(compartments).sort(stringCompare)) sortedCompartments[name] = compartments[name]!;

  const entryModule = walked[0]!;
  return {
    compartmentMap: {
      tags: [...map.tags],
      entry: { compartment: nameOf(entryModule.compartment), module: specifierOf(entryModule) },
      compartments: sortedCompartments,
    },
    files,
  };
};
