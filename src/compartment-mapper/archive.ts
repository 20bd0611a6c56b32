// makeArchive and its siblings, as @endo/compartment-mapper's archive.js
// offers them: an application from a file system becomes a zip holding
// compartment-map.json and every module it can reach, precompiled, each with
// its SHA-512 (archive-map.ts), which parseArchive runs with no file system.

import { createHash } from 'node:crypto';
import { makeArchiveContents, type ArchiveContents } from './archive-map.js';
import type { MapNodeModulesOptions } from './node-modules.js';
import { writeFnOf, type WriteFn } from './powers-of.js';
import { walkLocation } from './walk-location.js';
import { writeZip } from './zip.js';

export type ArchiveOptions = MapNodeModulesOptions & Record<string, unknown>;

export const computeSha512 = (bytes: Uint8Array): string => createHash('sha512').update(bytes).digest('hex');

const encoder = new TextEncoder();

/** compartment-map.json as the original writes it: two-space JSON. */
export const compartmentMapBytesOf = (contents: ArchiveContents): Uint8Array =>
  encoder.encode(JSON.stringify(contents.compartmentMap, null, 2));

const contentsOf = (powers: unknown, moduleLocation: string | URL, options: ArchiveOptions = {}): ArchiveContents => {
  const { map, walked } = walkLocation(powers, moduleLocation, options, 'Archiving');
  return makeArchiveContents(map, walked, computeSha512);
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

/** Writes the archive through `write` (a function, or powers with `write`) at `archiveLocation`. */
export const writeArchive = async (
  write: WriteFn | { write: WriteFn },
  readPowers: unknown,
  archiveLocation: string,
  moduleLocation: string | URL,
  options?: ArchiveOptions,
): Promise<void> => {
  await writeFnOf(write)(archiveLocation, await makeArchive(readPowers, moduleLocation, options));
};
