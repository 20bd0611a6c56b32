// makeArchive and its siblings, as @endo/compartment-mapper's archive.js
// offers them: an application from a file system becomes a zip holding
// compartment-map.json and every module it can reach, precompiled, each with
// its SHA-512 (archive-map.ts), which parseArchive runs with no file system.

import { createHash } from 'node:crypto';
import { walkApplication } from './application-walk.js';
import { archiveCompartmentNames, makeArchiveContents, moduleSpecifierOf, type ArchiveContents } from './archive-map.js';
import { makeFileSystemSource } from './file-system-source.js';
import { mapNodeModulesSync, type MapNodeModulesOptions } from './node-modules.js';
import { syncReadPowersOf } from './read-powers-adapter.js';
import { writeZip } from './zip.js';

export type ArchiveOptions = MapNodeModulesOptions & Record<string, unknown>;

export const computeSha512 = (bytes: Uint8Array): string => createHash('sha512').update(bytes).digest('hex');

const encoder = new TextEncoder();

/** compartment-map.json as the original writes it: two-space JSON. */
export const compartmentMapBytesOf = (contents: ArchiveContents): Uint8Array =>
  encoder.encode(JSON.stringify(contents.compartmentMap, null, 2));

const contentsOf = (powers: unknown, moduleLocation: string | URL, options: ArchiveOptions = {}): ArchiveContents => {
  const readPowers = syncReadPowersOf(powers);
  if (readPowers === undefined) {
    throw TypeError(
      'Archiving needs synchronous read powers: pass makeReadPowers({ fs, url, crypto }) from endo/compartment-mapper/node-powers.js',
    );
  }
  const { dev, tags, conditions, strict, log } = options;
  const map = mapNodeModulesSync(readPowers, moduleLocation, { dev, tags, conditions, strict, log } as MapNodeModulesOptions);
  const source = makeFileSystemSource(readPowers, map);
  const names = archiveCompartmentNames(map);
  // Named by their place in the archive: an archive holds no path of the machine that made it.
  const sourceUrlOf = (filename: string, compartment: string) =>
    `${names.get(compartment)}/${moduleSpecifierOf(compartment, filename).slice(2)}`;
  return makeArchiveContents(map, walkApplication(source, sourceUrlOf), computeSha512);
};

const zipOf = (contents: ArchiveContents, mapBytes: Uint8Array): Uint8Array => {
  const files = new Map<string, Uint8Array>([['compartment-map.json', mapBytes]]);
  for (const [path, bytes] of contents.files) files.set(path, bytes);
  return writeZip(files);
};

/** The archive and the SHA-512 of its compartment map (what parseArchive's `expectedSha512` checks). */
export const makeAndHashArchive = async (
  powers: unknown,
  moduleLocation: string | URL,
  options?: ArchiveOptions,
): Promise<{ bytes: Uint8Array; sha512: string }> => {
  const contents = contentsOf(powers, moduleLocation, options);
  const mapBytes = compartmentMapBytesOf(contents);
  return { bytes: zipOf(contents, mapBytes), sha512: computeSha512(mapBytes) };
};

export const makeArchive = async (powers: unknown, moduleLocation: string | URL, options?: ArchiveOptions): Promise<Uint8Array> =>
  (await makeAndHashArchive(powers, moduleLocation, options)).bytes;

/** The archive's compartment-map.json, without the archive. */
export const mapLocation = async (powers: unknown, moduleLocation: string | URL, options?: ArchiveOptions): Promise<Uint8Array> =>
  compartmentMapBytesOf(contentsOf(powers, moduleLocation, options));

/** The SHA-512 of the archive's compartment map: the archive's identity. */
export const hashLocation = async (powers: unknown, moduleLocation: string | URL, options?: ArchiveOptions): Promise<string> =>
  computeSha512(await mapLocation(powers, moduleLocation, options));

type WriteFn = (location: string, bytes: Uint8Array) => Promise<void> | void;

/** Writes the archive through `write` (a function, or powers with `write`) at `archiveLocation`. */
export const writeArchive = async (
  write: WriteFn | { write: WriteFn },
  readPowers: unknown,
  archiveLocation: string,
  moduleLocation: string | URL,
  options?: ArchiveOptions,
): Promise<void> => {
  const writeFn = typeof write === 'function' ? write : write.write;
  await writeFn(archiveLocation, await makeArchive(readPowers, moduleLocation, options));
};
