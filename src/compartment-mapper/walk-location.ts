// What archives and bundles start from: the application whose entry is at a
// location, mapped (mapNodeModules) and walked (application-walk.ts), its
// modules named by their place in an archive (`<name>-v<version>/<path>`),
// never by paths of the machine that reads them.
import { walkApplication, type WalkedModule } from './application-walk.js';
import { archiveCompartmentNames, moduleSpecifierOf } from './archive-map.js';
import type { PackageCompartmentMap } from './compartment-map-types.js';
import { makeFileSystemSource } from './file-system-source.js';
import { mapNodeModulesSync, type MapNodeModulesOptions } from './node-modules.js';
import { requireSyncReadPowers } from './powers-of.js';
import { refuseUnsupportedOptions } from './refused-options.js';

export interface WalkedLocation {
  readonly map: PackageCompartmentMap;
  readonly walked: readonly WalkedModule[];
  /** A module's name in archives and bundles. */
  nameOf(module: { filename: string; compartment: string }): string;
}

export const walkLocation = (
  powers: unknown,
  moduleLocation: string | URL,
  options: MapNodeModulesOptions,
  caller: string,
): WalkedLocation => {
  refuseUnsupportedOptions(options, caller);
  const readPowers = requireSyncReadPowers(powers, caller);
  const { dev, tags, conditions, strict, log } = options;
  const map = mapNodeModulesSync(readPowers, moduleLocation, { dev, tags, conditions, strict, log });
  const names = archiveCompartmentNames(map);
  const nameOf = ({ filename, compartment }: { filename: string; compartment: string }) =>
    `${names.get(compartment)}/${moduleSpecifierOf(compartment, filename).slice(2)}`;
  const walked = walkApplication(makeFileSystemSource(readPowers, map), (filename, compartment) => nameOf({ filename, compartment }));
  return { map, walked, nameOf };
};
