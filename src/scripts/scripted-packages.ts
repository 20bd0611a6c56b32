// The installed packages that have install-time scripts, keyed as the
// allow-list keys them. One key can cover several folders (the same
// package and version installed at two places under one canonical name is
// impossible, but with skipVersions two versions share a name).
import { optionalStringField } from '../compartment-mapper/package-descriptor.js';
import { ROOT_NAME, patternOf } from './allow-list.js';
import type { DependencyTree, InstalledPackage } from './dependency-tree.js';
import { dependencyEventsOf } from './lifecycle-scripts.js';

export interface ScriptedPackage {
  readonly pattern: string;
  readonly package: InstalledPackage;
  readonly version: string;
  /** The dependency events it has (the implied node-gyp install included). */
  readonly events: readonly string[];
}

/**
 * Key to the packages with scripts under it, keys in canonical-name order
 * (as allow-scripts lists them). The project itself is not a dependency:
 * its scripts are the project's own and run after the dependencies'.
 */
export const findScriptedPackages = (tree: DependencyTree, skipVersions: boolean): Map<string, ScriptedPackage[]> => {
  const byName = [...tree.packages.values()]
    .filter(installed => installed.canonicalName !== ROOT_NAME)
    .sort((a, b) => (a.canonicalName < b.canonicalName ? -1 : a.canonicalName > b.canonicalName ? 1 : 0));
  const scripted = new Map<string, ScriptedPackage[]>();
  for (const installed of byName) {
    const events = dependencyEventsOf(installed.json, installed.directory);
    if (events.length === 0) continue;
    const version = optionalStringField(installed.json, 'version') || 'unknown';
    const pattern = patternOf(installed.canonicalName, version, skipVersions);
    const found = scripted.get(pattern) ?? [];
    found.push({ pattern, package: installed, version, events });
    scripted.set(pattern, found);
  }
  return scripted;
};
