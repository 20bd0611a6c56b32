// mapNodeModules: from an application's entry module and the node_modules
// around it, the compartment map: one compartment per package, each linked to
// the modules its declared dependencies export. The shape and the values are
// those of @endo/compartment-mapper 2.4's mapNodeModules (see
// compartment-map-types.ts); the README lists where ours differs on purpose.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, isAbsolute, join } from 'node:path';
import { canonicalNames } from './canonical-names.js';
import type {
  ModuleLink,
  PackageCompartmentDescriptor,
  PackageCompartmentMap,
  PatternDescriptor,
  ScopeDescriptor,
} from './compartment-map-types.js';
import type { GraphReadPowers } from './read-powers.js';
import { blamingFile, parsePackageJson, requirePackageName, type PackageJson } from './package-descriptor.js';
import type { LogFn } from './export-aliases.js';
import {
  buildPackageGraph,
  locationOfDirectory,
  type PackageGraph,
  type PackageNode,
  type UndeclaredReach,
} from './package-graph.js';
import { makeLanguageOptions, type LanguageOptionsInput } from './package-parsers.js';
import { isRelativeSpecifier, joinSpecifier, relativize } from './specifier-paths.js';

export interface MapNodeModulesOptions extends LanguageOptionsInput {
  /** Build conditions ("node", "browser", "development", ...). */
  conditions?: Iterable<string>;
  /** The former name of `conditions`. */
  tags?: Iterable<string>;
  /** Link the application's devDependencies (implied by the "development" condition). */
  dev?: boolean;
  /** Throw when a non-optional dependency cannot be found. Default false: leave it out. */
  strict?: boolean;
  log?: LogFn;
  /** Called once with every package that Node would let a package load undeclared. */
  undeclaredReachHook?: (reaches: UndeclaredReach[]) => void;
}

/** Options of the original that we do not offer (yet): refused, not ignored. */
const unsupportedOptions = [
  'policy',
  'commonDependencies',
  'additionalLocations',
  'packageDependenciesHook',
  'packageDataHook',
  'unknownCanonicalNameHook',
] as const;

const noop: LogFn = () => {};

/** The module's path, from a file URL (string or URL) or an absolute path. */
const modulePathOf = (moduleLocation: string | URL): string => {
  if (moduleLocation instanceof URL || moduleLocation.startsWith('file:')) return fileURLToPath(moduleLocation);
  if (isAbsolute(moduleLocation)) return moduleLocation;
  throw TypeError(`mapNodeModules needs a file URL or an absolute path, got ${JSON.stringify(moduleLocation)}`);
};

/** The package holding the entry module: the nearest folder up with a package.json. */
const findEntryPackage = (
  powers: GraphReadPowers,
  moduleLocation: string | URL,
): { directory: string; json: PackageJson; moduleSpecifier: string } => {
  const modulePath = modulePathOf(moduleLocation);
  const moduleHref = pathToFileURL(modulePath).href + (/[\\/]$/.test(modulePath) ? '/' : '');
  let directory = moduleHref.endsWith('/') ? modulePath : dirname(modulePath);
  for (;;) {
    const file = join(directory, 'package.json');
    const text = powers.readFileText(file);
    if (text !== undefined) {
      const json = parsePackageJson(text, pathToFileURL(file).href);
      const directoryHref = locationOfDirectory(directory);
      const relative = moduleHref.startsWith(directoryHref) ? moduleHref.slice(directoryHref.length) : '';
      return { directory, json, moduleSpecifier: relativize(relative) };
    }
    const parent = dirname(directory);
    if (parent === directory) {
      throw Error(`Cannot find package.json along path to ${JSON.stringify(String(moduleLocation))}`);
    }
    directory = parent;
  }
};

const sortedKeys = (record: Record<string, unknown>): string[] => Object.keys(record).sort();

/** The compartment of one package: what it can import, from where. */
const describeCompartment = (
  graph: PackageGraph,
  node: PackageNode,
  label: string,
  name: string,
): PackageCompartmentDescriptor => {
  const modules: Record<string, ModuleLink> = Object.create(null);
  const scopes: Record<string, ScopeDescriptor> = Object.create(null);
  const patterns: PatternDescriptor[] = node.exports.patterns.map(pattern => ({ ...pattern }));

  // What package `dependency` exports, under the name `dependencyName`.
  const addExportsOf = (dependencyName: string, dependency: PackageNode) => {
    const { externalAliases, explicitExports } = dependency.exports;
    for (const exportPath of sortedKeys(externalAliases)) {
      modules[joinSpecifier(dependencyName, exportPath)] = {
        compartment: dependency.location,
        module: externalAliases[exportPath],
      };
    }
    for (const { from, to } of dependency.exports.patterns) {
      // Export patterns ("./x/*") travel to dependees; import patterns ("#x/*") stay private.
      if (isRelativeSpecifier(from)) {
        patterns.push({ from: joinSpecifier(dependencyName, from), to, compartment: dependency.location });
      }
    }
    // Without "exports", any module of the package may be imported.
    if (!explicitExports) scopes[dependencyName] = { compartment: dependency.location };
  };

  // A package may import itself by name.
  addExportsOf(name, node);
  for (const dependencyName of sortedKeys(node.dependencyLocations)) {
    addExportsOf(dependencyName, graph.nodes.get(node.dependencyLocations[dependencyName])!);
  }
  const { internalAliases } = node.exports;
  for (const specifier of sortedKeys(internalAliases)) {
    const target = internalAliases[specifier];
    if (isRelativeSpecifier(target)) modules[specifier] = { compartment: node.location, module: target };
  }

  const pathname = new URL(node.location).pathname.replace(/\/$/, '');
  return {
    version: node.version,
    label,
    name,
    location: node.location,
    sourceDirname: pathname.slice(pathname.lastIndexOf('/') + 1),
    modules,
    scopes,
    ...(patterns.length > 0 ? { patterns } : {}),
    parsers: node.parsers,
    types: node.exports.types,
  };
};

/** The synchronous form of {@link mapNodeModules}. */
export const mapNodeModulesSync = (
  readPowers: GraphReadPowers,
  moduleLocation: string | URL,
  options: MapNodeModulesOptions = {},
): PackageCompartmentMap => {
  for (const option of unsupportedOptions) {
    if ((options as Record<string, unknown>)[option] !== undefined) {
      throw TypeError(`mapNodeModules does not support the ${JSON.stringify(option)} option yet`);
    }
  }
  const { log = noop, dev = false, strict = false, undeclaredReachHook } = options;
  const tags = [...new Set(options.conditions ?? options.tags ?? [])];
  // Endo always reads "exports" with these, besides the caller's conditions.
  const conditions = new Set([...tags, 'import', 'default', 'endo']);

  const entry = findEntryPackage(readPowers, moduleLocation);
  blamingFile(entry.json, () => requirePackageName(entry.json));
  // The real path, so that an application reached through a symlink is the
  // same package as when it is reached as a dependency.
  const rootDirectory = readPowers.realPath(entry.directory) ?? entry.directory;

  const graph = buildPackageGraph(readPowers, rootDirectory, entry.json, {
    conditions,
    dev: dev || tags.includes('development'),
    strict,
    languageOptions: makeLanguageOptions(options),
    log,
  });
  if (undeclaredReachHook !== undefined) undeclaredReachHook(graph.undeclared());

  const names = canonicalNames(graph.root, graph.edges);
  const compartments: Record<string, PackageCompartmentDescriptor> = Object.create(null);
  for (const location of [...graph.nodes.keys()].sort()) {
    const node = graph.nodes.get(location)!;
    const { canonicalName, dependencyName } = names.get(location)!;
    compartments[location] = blamingFile(node.json, () =>
      describeCompartment(graph, node, canonicalName, dependencyName ?? node.packageName),
    );
  }
  return { tags, entry: { compartment: graph.root, module: entry.moduleSpecifier }, compartments };
};

/**
 * The compartment map of the application whose entry module is at
 * `moduleLocation` (a file URL or an absolute path), read through
 * `readPowers`. Asynchronous like the original's, though the reading is not.
 */
export const mapNodeModules = async (
  readPowers: GraphReadPowers,
  moduleLocation: string | URL,
  options: MapNodeModulesOptions = {},
): Promise<PackageCompartmentMap> => mapNodeModulesSync(readPowers, moduleLocation, options);
