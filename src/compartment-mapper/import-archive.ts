// parseArchive, loadArchive and importArchive, as @endo/compartment-mapper's
// import-archive.js offers them: an archive (archive.ts, or one the
// original made) runs with no file system. Before anything runs, every
// check is made: the compartment map's SHA-512 against `expectedSha512`
// when given, the map's shape, each module's SHA-512, and that the zip
// holds no file the map does not list.

import { linkApplication, type LinkOptions } from './application-linker.js';
import { computeSha512 } from './archive.js';
import { checkArchiveCompartmentMap } from './archive-map-check.js';
import { makeArchiveSource } from './archive-source.js';
import { readZip } from './zip.js';

export interface ParseArchiveOptions extends LinkOptions {
  /** The SHA-512 (hex) the archive's compartment-map.json must have. */
  expectedSha512?: string;
  /** Whether a package (by label) may load another; an Error says why not (Endo's addition, as importLocation's). */
  mayReach?: (from: string, to: string, referrer?: string) => true | Error;
  [option: string]: unknown;
}

export interface ParsedArchive {
  /** Runs the archive's entry module in compartments, one per package; gives its namespace. */
  import(options?: LinkOptions): Promise<{ namespace: unknown }>;
  /** The SHA-512 of the archive's compartment map. */
  sha512: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export const parseArchive = async (
  archiveBytes: Uint8Array,
  archiveLocation = '<unknown>',
  options: ParseArchiveOptions = {},
): Promise<ParsedArchive> => {
  const { expectedSha512 } = options;
  const archiveName = JSON.stringify(archiveLocation);
  const zipFiles = readZip(archiveBytes);
  const mapBytes = zipFiles.get('compartment-map.json');
  if (mapBytes === undefined) throw Error(`Archive ${archiveName} has no compartment-map.json: it is not an archive of an application`);
  const sha512 = computeSha512(mapBytes);
  if (expectedSha512 !== undefined && sha512 !== expectedSha512) {
    throw Error(`Archive compartment map failed a SHA-512 integrity check, expected ${expectedSha512}, got ${sha512}, for archive ${archiveName}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(mapBytes));
  } catch (error) {
    throw Error(`The compartment-map.json of archive ${archiveName} is not UTF-8 JSON: ${(error as Error).message}`);
  }
  const map = checkArchiveCompartmentMap(parsed, archiveName);

  // Every module file is there and has the hash the map says; nothing else is there.
  const unseen = new Set(zipFiles.keys());
  unseen.delete('compartment-map.json');
  for (const [name, compartment] of Object.entries(map.compartments)) {
    for (const [specifier, module] of Object.entries(compartment.modules)) {
      if (!('location' in module)) continue;
      const path = `${compartment.location}/${module.location}`;
      const bytes = zipFiles.get(path);
      if (bytes === undefined) throw Error(`Archive ${archiveName} lacks ${path}, module ${specifier} of compartment ${JSON.stringify(name)}`);
      unseen.delete(path);
      if (module.sha512 === undefined) {
        if (expectedSha512 !== undefined) {
          throw Error(`Archive ${archiveName} gives no SHA-512 for ${path}, so expectedSha512 cannot vouch for it`);
        }
        continue;
      }
      const actual = computeSha512(bytes);
      if (actual !== module.sha512) {
        throw Error(`Module ${specifier} of compartment ${JSON.stringify(name)} failed a SHA-512 integrity check: ${path} has ${actual}, the compartment map says ${module.sha512}, in archive ${archiveName}`);
      }
    }
  }
  if (unseen.size > 0) throw Error(`Archive contains extraneous files: ${JSON.stringify([...unseen])} in ${archiveName}`);

  const source = makeArchiveSource(map, path => zipFiles.get(path)!, archiveName, options.mayReach);
  const { globals, modules, Compartment, packageEndowments } = options;
  const defaults: LinkOptions = { globals, modules, Compartment, packageEndowments };
  return {
    import: (importOptions: LinkOptions = {}) => linkApplication(source, { ...defaults, ...importOptions }).run(),
    sha512,
  };
};

type ReadFn = (location: string) => Promise<Uint8Array> | Uint8Array;

const readFnOf = (powers: ReadFn | { read: ReadFn }): ReadFn => (typeof powers === 'function' ? powers : powers.read);

export const loadArchive = async (
  readPowers: ReadFn | { read: ReadFn },
  archiveLocation: string,
  options: ParseArchiveOptions = {},
): Promise<ParsedArchive> => parseArchive(await readFnOf(readPowers)(archiveLocation), archiveLocation, options);

export const importArchive = async (
  readPowers: ReadFn | { read: ReadFn },
  archiveLocation: string,
  options: ParseArchiveOptions = {},
): Promise<{ namespace: unknown }> => (await loadArchive(readPowers, archiveLocation, options)).import(options);
