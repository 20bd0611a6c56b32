// Canonical package names: a package is named by the shortest chain of
// dependency names from the application to it, joined by ">" ("debug>ms");
// the application itself is "$root$". Policies are keyed by these names, so
// they must come out exactly as the original compartment mapper's.
//
// The original (2.4, with @endo/path-compare) picks the chain by comparing the
// chains of package *locations* (file URLs), not of names: fewer steps first,
// then the smaller total length of the location URLs, then the locations
// compared element by element in UTF-16 order. We compare the same way.
// With hoisting the two orders usually agree; with nested or pnpm layouts
// (where a location holds a version) they can differ, and matching the
// original keeps existing policies valid.

export const ENTRY_COMPARTMENT = '$root$';
export const ATTENUATORS_COMPARTMENT = '<ATTENUATORS>';

/** @endo/path-compare's order on chains of strings: < 0 when `a` is preferred. */
export const comparePaths = (a: readonly string[], b: readonly string[]): number => {
  if (a.length !== b.length) return a.length - b.length;
  const totalLength = (path: readonly string[]) => path.reduce((sum, part) => sum + part.length, 0);
  const lengthDifference = totalLength(a) - totalLength(b);
  if (lengthDifference !== 0) return lengthDifference;
  for (let index = 0; index < a.length; index += 1) {
    if (a[index] !== b[index]) return a[index] < b[index] ? -1 : 1;
  }
  return 0;
};

/** Dependency edges: from a package location to each dependency's location and the name it is known by. */
export type DependencyEdges = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The preferred chain of locations (the root excluded) to every package
 * reachable from `root`. Every edge is one step, so a breadth-first sweep
 * finds the fewest steps; within one step count, the best chain to a package
 * extends the best chain to one of its dependents, so comparing those
 * extensions is enough.
 */
export const preferredPaths = (root: string, edges: DependencyEdges): Map<string, string[]> => {
  const best = new Map<string, string[]>([[root, []]]);
  let frontier = [root];
  while (frontier.length > 0) {
    const reached = new Map<string, string[]>();
    for (const from of frontier) {
      const fromPath = best.get(from) ?? [];
      for (const to of edges.get(from)?.keys() ?? []) {
        if (best.has(to)) continue;
        const path = [...fromPath, to];
        const current = reached.get(to);
        if (current === undefined || comparePaths(path, current) < 0) reached.set(to, path);
      }
    }
    for (const [location, path] of reached) best.set(location, path);
    frontier = [...reached.keys()];
  }
  return best;
};

/**
 * The canonical name of each reachable package, and the dependency name it
 * is known by at the end of that chain. The names along a chain are the names
 * under which each package depends on the next (an npm alias "b": "npm:a@1"
 * contributes "b"); when one package lists the same dependency under two
 * names, the first in UTF-16 order is used.
 */
export const canonicalNames = (
  root: string,
  edges: DependencyEdges,
): Map<string, { canonicalName: string; dependencyName: string | undefined }> => {
  const nameOfEdge = (from: string, to: string): string => edges.get(from)?.get(to) ?? '';
  const result = new Map<string, { canonicalName: string; dependencyName: string | undefined }>();
  for (const [location, path] of preferredPaths(root, edges)) {
    if (location === root) {
      result.set(location, { canonicalName: ENTRY_COMPARTMENT, dependencyName: undefined });
      continue;
    }
    const names = path.map((step, index) => nameOfEdge(index === 0 ? root : path[index - 1], step));
    result.set(location, { canonicalName: names.join('>'), dependencyName: names[names.length - 1] });
  }
  return result;
};
