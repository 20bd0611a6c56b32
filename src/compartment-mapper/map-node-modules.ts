// mapNodeModules and compartmentMapForNodeModules as the original's
// node-modules.js offers them, over any read powers the original accepts
// that can read synchronously (powers-of.ts).
import type { PackageCompartmentMap } from './compartment-map-types.js';
import { mapNodeModulesSync, type MapNodeModulesOptions } from './node-modules.js';
import { requireSyncReadPowers } from './powers-of.js';

export type { MapNodeModulesOptions } from './node-modules.js';
export type { PackageCompartmentMap } from './compartment-map-types.js';

/** The compartment map of the application whose entry module is at `moduleLocation` (a file URL or an absolute path). */
export const mapNodeModules = async (
  readPowers: unknown,
  moduleLocation: string | URL,
  options: MapNodeModulesOptions = {},
): Promise<PackageCompartmentMap> => mapNodeModulesSync(requireSyncReadPowers(readPowers, 'mapNodeModules'), moduleLocation, options);

/**
 * The original's older entry point: the package's location (a file URL with
 * a final slash), the conditions, its package.json (read again from the
 * file system here) and the entry module's specifier in the package.
 */
export const compartmentMapForNodeModules = async (
  readPowers: unknown,
  packageLocation: string,
  conditions: Iterable<string> | undefined,
  _packageDescriptor: unknown,
  moduleSpecifier: string,
  options: MapNodeModulesOptions = {},
): Promise<PackageCompartmentMap> =>
  mapNodeModulesSync(requireSyncReadPowers(readPowers, 'compartmentMapForNodeModules'), new URL(moduleSpecifier, packageLocation), {
    ...options,
    conditions: conditions ?? options.conditions,
  });
