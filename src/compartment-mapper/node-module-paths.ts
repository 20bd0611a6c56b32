// Node's list of node_modules folders searched from a directory: its own
// node_modules, then each ancestor's, nearest first, skipping folders that
// are themselves named node_modules (Module._nodeModulePaths). The
// resolver, the package graph and `module.paths` all use this one list.

import { dirname, join, sep } from 'node:path';

/** Lists already made, by directory: the graph asks once per dependency of every package. */
const known = new Map<string, readonly string[]>();

/** The list for `directory`; shared and frozen (copy it to hand it out). */
export const nodeModulePaths = (directory: string): readonly string[] => {
  const cached = known.get(directory);
  if (cached !== undefined) return cached;
  const paths = listNodeModulePaths(directory);
  if (known.size > 10_000) known.clear();
  known.set(directory, paths);
  return paths;
};

const listNodeModulePaths = (directory: string): readonly string[] => {
  const paths: string[] = [];
  let current = directory;
  for (;;) {
    if (!current.endsWith(`${sep}node_modules`)) {
      paths.push(current.endsWith(sep) ? `${current}node_modules` : join(current, 'node_modules'));
    }
    const parent = dirname(current);
    if (parent === current) return Object.freeze(paths);
    current = parent;
  }
};
