// Node's list of node_modules folders searched from a directory: its own
// node_modules, then each ancestor's, nearest first, skipping folders that
// are themselves named node_modules (Module._nodeModulePaths). The
// resolver, the package graph and `module.paths` all use this one list.

import { dirname, join, sep } from 'node:path';

export const nodeModulePaths = (directory: string): string[] => {
  const paths: string[] = [];
  let current = directory;
  for (;;) {
    if (!current.endsWith(`${sep}node_modules`)) {
      paths.push(current.endsWith(sep) ? `${current}node_modules` : join(current, 'node_modules'));
    }
    const parent = dirname(current);
    if (parent === current) return paths;
    current = parent;
  }
};
