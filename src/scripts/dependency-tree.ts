// The installed dependency tree as @lavamoat/allow-scripts names it. Its
// allow-list keys ("a>b#1.2.3") hold canonical names made by @lavamoat/aa,
// which breaks ties between equally short chains differently from the
// compartment mapper (canonical-names.ts): aa compares the chains name by
// name (the shorter name first, then UTF-16 order), where Endo compares the
// total length of the packages' locations. An allow-list written by
// allow-scripts must keep matching, so here we order chains as aa does.
// Which dependencies count is aa's too: dependencies, optionalDependencies
// and peerDependencies of every package, devDependencies of the project
// only. Packages are found as Node finds them, by real path (aa keeps
// symlinked paths, and so misses packages in pnpm's layout).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRY_COMPARTMENT } from '../compartment-mapper/canonical-names.js';
import { findPackageDirectory } from '../compartment-mapper/node-modules-lookup.js';
import { declaredDependencies, parsePackageJson, type PackageJson } from '../compartment-mapper/package-descriptor.js';
import type { GraphReadPowers } from '../compartment-mapper/read-powers.js';

export interface InstalledPackage {
  /** Real path of the package folder. */
  readonly directory: string;
  /** "$root$" for the project, else the chain of dependency names joined by ">". */
  readonly canonicalName: string;
  readonly json: PackageJson;
  /** The folders of the dependencies it declares that are installed, in declaration-name order. */
  readonly dependencies: readonly string[];
}

export interface DependencyTree {
  readonly root: string;
  /** By folder. */
  readonly packages: ReadonlyMap<string, InstalledPackage>;
}

/** aa's order on dependency names: the shorter first, then UTF-16 order. */
export const compareDependencyNames = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;

/** aa's order on chains of one length: name by name. */
export const compareNameChains = (a: readonly string[], b: readonly string[]): number => {
  if (a.length !== b.length) return a.length - b.length;
  for (let index = 0; index < a.length; index += 1) {
    const order = compareDependencyNames(a[index]!, b[index]!);
    if (order !== 0) return order;
  }
  return 0;
};

const readJson = (powers: GraphReadPowers, directory: string): PackageJson => {
  const file = path.join(directory, 'package.json');
  const text = powers.readFileText(file);
  if (text === undefined) throw Error(`Cannot read ${file}`);
  return parsePackageJson(text, pathToFileURL(file).href);
};

/** The names a package depends on, as aa walks them. */
const walkedNames = (json: PackageJson, isRoot: boolean): string[] => {
  const declared = declaredDependencies(json);
  const names = new Set([
    ...declared.dependencies,
    ...declared.optionalDependencies,
    ...declared.peerDependencies,
    ...(isRoot ? declared.devDependencies : []),
  ]);
  return [...names].sort(compareDependencyNames);
};

/**
 * Every installed package reachable from the project at `projectRoot`, each
 * named by its preferred chain: fewest steps, then aa's order. Breadth first,
 * one level at a time, so a package's best chain is settled at the first
 * level that reaches it.
 */
export const readDependencyTree = (powers: GraphReadPowers, projectRoot: string): DependencyTree => {
  const root = powers.realPath(projectRoot) ?? projectRoot;
  const chains = new Map<string, string[]>([[root, []]]);
  const jsons = new Map<string, PackageJson>([[root, readJson(powers, root)]]);
  const dependencies = new Map<string, string[]>();

  let frontier = [root];
  while (frontier.length > 0) {
    const reached = new Map<string, string[]>();
    for (const from of frontier) {
      const found: string[] = [];
      for (const name of walkedNames(jsons.get(from)!, from === root)) {
        const to = findPackageDirectory(powers, from, name);
        // A dependency that is not installed (optional, or a peer nobody added) is left out, as aa does.
        if (to === undefined) continue;
        found.push(to);
        if (chains.has(to)) continue;
        const chain = [...chains.get(from)!, name];
        const current = reached.get(to);
        if (current === undefined || compareNameChains(chain, current) < 0) reached.set(to, chain);
      }
      dependencies.set(from, found);
    }
    for (const [directory, chain] of reached) {
      chains.set(directory, chain);
      jsons.set(directory, readJson(powers, directory));
    }
    frontier = [...reached.keys()];
  }

  const packages = new Map<string, InstalledPackage>();
  for (const [directory, chain] of chains) {
    packages.set(directory, {
      directory,
      canonicalName: directory === root ? ENTRY_COMPARTMENT : chain.join('>'),
      json: jsons.get(directory)!,
      dependencies: dependencies.get(directory) ?? [],
    });
  }
  return { root, packages };
};
