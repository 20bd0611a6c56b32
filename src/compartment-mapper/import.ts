// loadLocation and importLocation, as the original's import.js offers them:
// an application from a file system, each package in a compartment of its
// own (application-linker.ts), resolved as Node resolves
// (file-system-source.ts).

import { linkApplication, type LinkOptions } from './application-linker.js';
import { makeFileSystemSource, type FileSystemSourceOptions } from './file-system-source.js';
import { mapNodeModulesSync, type MapNodeModulesOptions } from './node-modules.js';
import { requireSyncReadPowers } from './powers-of.js';
import { refuseUnsupportedOptions } from './refused-options.js';

export interface ImportLocationOptions extends MapNodeModulesOptions, LinkOptions, FileSystemSourceOptions {
  [option: string]: unknown;
}

export interface LoadedApplication {
  /** Runs the application (anew, in new compartments, at each call); gives the entry module's namespace. */
  import(options?: LinkOptions): Promise<{ namespace: unknown }>;
}

export const loadLocation = async (
  readPowers: unknown,
  moduleLocation: string | URL,
  options: ImportLocationOptions = {},
): Promise<LoadedApplication> => {
  refuseUnsupportedOptions(options, 'loadLocation');
  const powers = requireSyncReadPowers(readPowers, 'loadLocation');
  const map = mapNodeModulesSync(powers, moduleLocation, options);
  const { globals, modules, Compartment, transforms, __shimTransforms__, cacheDirectory, packageEndowments } = options as LinkOptions;
  const defaults: LinkOptions = { globals, modules, Compartment, transforms, __shimTransforms__, cacheDirectory, packageEndowments };
  return {
    import: async (importOptions: LinkOptions = {}) => {
      refuseUnsupportedOptions(importOptions, 'import');
      return linkApplication(makeFileSystemSource(powers, map, { mayReach: options.mayReach }), { ...defaults, ...importOptions }).run();
    },
  };
};

export const importLocation = async (
  readPowers: unknown,
  moduleLocation: string | URL,
  options: ImportLocationOptions = {},
): Promise<{ namespace: unknown }> => (await loadLocation(readPowers, moduleLocation, options)).import();
