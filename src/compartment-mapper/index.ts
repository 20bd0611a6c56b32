// endo/compartment-mapper: Node applications in per-package compartments,
// with the names @endo/compartment-mapper exports.
export { loadLocation, importLocation } from './import.js';
export type { ImportLocationOptions, LoadedApplication } from './import.js';
export { makeArchive, makeAndHashArchive, writeArchive, mapLocation, hashLocation } from './archive.js';
export { parseArchive, loadArchive, importArchive } from './import-archive.js';
export type { ParseArchiveOptions, ParsedArchive } from './import-archive.js';
export { search } from './search.js';
export { mapNodeModules, compartmentMapForNodeModules } from './map-node-modules.js';
export { makeBundle, writeBundle } from './bundle.js';
export type { BundleOptions } from './bundle.js';
