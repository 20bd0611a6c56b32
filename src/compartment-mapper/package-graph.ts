// The package graph of an application: one node per package directory (its
// real path, so a package reached through several symlinks, as in pnpm's
// layout or a linked workspace, is one node), and an edge for each declared
// dependency that Node would find from that directory. Packages that Node
// would also let a package load without declaring them (hoisted neighbours)
// are reported, never linked: a compartment gets only what its package.json
// asks for.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GraphReadPowers } from './read-powers.js';
import { findPackageDirectory, makeReachableLister } from './node-modules-lookup.js';
import {
  blamingFile,
  declaredDependencies,
  optionalStringField,
  parsePackageJson,
  rawField,
  requirePackageName,
  type PackageJson,
} from './package-descriptor.js';
import { interpretExportAliases, type ExportAliases, type LogFn } from './export-aliases.js';
import { inferParsers, type LanguageForExtension, type LanguageOptions } from './package-parsers.js';
import { isRelativeSpecifier } from './specifier-paths.js';

export interface PackageNode {
  /** The package directory as a file URL with a final slash: the compartment's key. */
  location: string;
  /** The package directory's real path. */
  directory: string;
  json: PackageJson;
  /** "name" from package.json. */
  packageName: string;
  /** "version" from package.json, or "". */
  version: string;
  exports: ExportAliases;
  parsers: LanguageForExtension;
  /** Dependency name (or non-relative internal alias) to the location it links to. */
  dependencyLocations: Record<string, string>;
  /** Every name in any dependency field, devDependencies included. */
  declaredNames: ReadonlySet<string>;
}

/** A package that Node would let `from` load although `from` does not declare it. */
export interface UndeclaredReach {
  /** Location of the package that could load it. */
  from: string;
  /** The specifier that would reach it. */
  name: string;
  /** Location of the package it would get. */
  location: string;
}

export interface PackageGraph {
  root: string;
  nodes: Map<string, PackageNode>;
  /** From location to dependency location to the dependency name used. */
  edges: Map<string, Map<string, string>>;
  /** Every package Node would let a package load undeclared; listed when asked (it costs a listing of every node_modules folder). */
  undeclared(): UndeclaredReach[];
}

export interface PackageGraphOptions {
  /** Build conditions for "exports" and "imports". */
  conditions: ReadonlySet<string>;
  /** Link the root package's devDependencies too. */
  dev: boolean;
  /** Throw when a non-optional dependency is missing (else it is left out). */
  strict: boolean;
  languageOptions: LanguageOptions;
  log: LogFn;
}

/** The location (file URL, final slash) of a directory. */
export const locationOfDirectory = (directory: string): string => {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
};

/** Reads package.json files once each (by real directory). */
const makePackageJsonReader = (powers: GraphReadPowers) => {
  const cache = new Map<string, PackageJson | undefined>();
  return (directory: string): PackageJson | undefined => {
    if (cache.has(directory)) return cache.get(directory);
    const file = join(directory, 'package.json');
    const text = powers.readFileText(file);
    const json = text === undefined ? undefined : parsePackageJson(text, pathToFileURL(file).href);
    cache.set(directory, json);
    return json;
  };
};

/**
 * Marks as "mjs" each exported module whose nearest package.json (from the
 * module's folder up) says "type": "module", as the original does, so a
 * sub-folder package.json can make .js files ES modules.
 */
const addTypesFromNearestPackageJson = (
  node: Pick<PackageNode, 'location' | 'exports'>,
  readPackageJson: (directory: string) => PackageJson | undefined,
): void => {
  for (const target of Object.values(node.exports.externalAliases)) {
    let directory = fileURLToPath(new URL('./', new URL(target, node.location)));
    for (;;) {
      const json = readPackageJson(directory);
      if (json !== undefined) {
        if (rawField(json, 'type') === 'module') node.exports.types[target] = 'mjs';
        break;
      }
      const parent = dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
  }
};

/** Builds the graph from the application's package (its real directory and package.json). */
export const buildPackageGraph = (
  powers: GraphReadPowers,
  rootDirectory: string,
  rootJson: PackageJson,
  options: PackageGraphOptions,
): PackageGraph => {
  const readPackageJson = makePackageJsonReader(powers);
  const nodes = new Map<string, PackageNode>();
  const edges = new Map<string, Map<string, string>>();
  const rootLocation = locationOfDirectory(rootDirectory);

  const pending: string[] = [rootDirectory];
  const queued = new Set([rootLocation]);

  while (pending.length > 0) {
    const directory = pending.shift()!;
    const location = locationOfDirectory(directory);
    const isRoot = location === rootLocation;
    // findPackageDirectory saw a package.json in every queued dependency.
    const json = isRoot ? rootJson : readPackageJson(directory)!;
    const node = blamingFile(json, (): PackageNode => {
      const packageName = requirePackageName(json);
      const declared = declaredDependencies(json);
      const optional = new Set([...declared.optionalDependencies, ...declared.optionalPeers]);
      const linked = new Set([
        ...declared.dependencies,
        ...declared.peerDependencies,
        ...declared.bundleDependencies,
        ...declared.optionalDependencies,
        ...declared.optionalPeers,
        // Only the application's own devDependencies, and only when asked.
        ...(isRoot && options.dev ? declared.devDependencies : []),
      ]);
      const dependencyLocations: Record<string, string> = Object.create(null);
      const outgoing = new Map<string, string>();
      for (const name of [...linked].sort()) {
        const found = findPackageDirectory(powers, directory, name);
        if (found === undefined) {
          if (optional.has(name) || !options.strict) continue;
          throw Error(`Cannot find dependency ${name} for ${location}`);
        }
        const dependencyLocation = locationOfDirectory(found);
        dependencyLocations[name] = dependencyLocation;
        // Names are visited in order, so the first (smallest) name of an edge stays.
        if (!outgoing.has(dependencyLocation)) outgoing.set(dependencyLocation, name);
        if (!queued.has(dependencyLocation)) {
          queued.add(dependencyLocation);
          pending.push(found);
        }
      }
      edges.set(location, outgoing);

      const exports = interpretExportAliases(json, options.conditions, options.log);
      addTypesFromNearestPackageJson({ location, exports }, readPackageJson);

      // A browser-field replacement of one package by another links to the other.
      for (const specifier of Object.keys(exports.internalAliases).sort()) {
        const target = exports.internalAliases[specifier];
        if (isRelativeSpecifier(specifier) || isRelativeSpecifier(target)) continue;
        const targetLocation = dependencyLocations[target];
        if (targetLocation === undefined) throw Error(`Cannot find dependency ${target} for ${location}`);
        dependencyLocations[specifier] = targetLocation;
      }

      return {
        location,
        directory,
        json,
        packageName,
        version: optionalStringField(json, 'version') ?? '',
        exports,
        parsers: inferParsers(json, location, options.languageOptions),
        dependencyLocations,
        declaredNames: new Set([...linked, ...declared.devDependencies]),
      };
    });
    nodes.set(location, node);
  }

  return { root: rootLocation, nodes, edges, undeclared: () => findUndeclaredReach(powers, nodes) };
};

/** Every package Node would let a package load without its declaring it. */
const findUndeclaredReach = (
  powers: GraphReadPowers,
  nodes: ReadonlyMap<string, PackageNode>,
): UndeclaredReach[] => {
  const reachableFrom = makeReachableLister(powers);
  const found: UndeclaredReach[] = [];
  for (const node of nodes.values()) {
    for (const [name, directory] of reachableFrom(node.directory)) {
      // A package finding itself (hoisted beside its own folder) gains nothing.
      if (node.declaredNames.has(name) || directory === node.directory) continue;
      found.push({ from: node.location, name, location: locationOfDirectory(directory) });
    }
  }
  return found.sort((a, b) =>
    a.from !== b.from ? (a.from < b.from ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
};
