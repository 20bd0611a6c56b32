// Our loader reads synchronously, through the five questions of ReadPowers
// (read-powers.ts), so that a CommonJS `require` can resolve and load in
// place. Callers of the original compartment mapper hand us its powers
// objects instead (node-powers.ts makes them). This file finds the
// synchronous view of such an object, or says there is none.
//
// A powers object made by our own makers carries its view in a module-private
// WeakMap, built over the same file system: nothing a caller puts on the
// object can change which files the loader sees. Any other object is judged
// by its members only.
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isAbsent, type ReadPowers } from './read-powers.js';

/** Reads a file: URL synchronously; undefined when nothing is there (the original's maybeReadNow). */
export type MaybeReadNowFn = (location: string) => Uint8Array | undefined;

interface AttachedView {
  readonly sync: ReadPowers;
  /** The members the maker put on the object: if a caller replaces one, the view no longer describes it. */
  readonly members: Readonly<Record<string, unknown>>;
}

const attachedViews = new WeakMap<object, AttachedView>();

/**
 * Records `sync` as the synchronous view of `powers`, which the maker has just
 * built and no one else has seen. The first record for an object stands.
 */
export const attachSyncReadPowers = (powers: object, sync: ReadPowers): void => {
  if (attachedViews.has(powers)) return;
  attachedViews.set(powers, { sync, members: Object.freeze({ ...powers }) });
};

const membersUnchanged = (powers: object, members: Readonly<Record<string, unknown>>): boolean =>
  Object.keys(members).every(key => (powers as Record<string, unknown>)[key] === members[key]);

// As readFileSync(path, 'utf8'): a byte-order mark stays in the text.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The synchronous view over one function that reads a file: URL, or answers
 * undefined when there is no file there. Such a function cannot tell a
 * directory from a missing path, nor list a directory, nor follow a symlink,
 * so the view infers what it can and says so:
 * - isFile reads the whole file (there is no cheaper question to ask);
 * - a directory is known once a file under it has been read, or when it holds
 *   a readable package.json (a package directory, the only kind the original
 *   ever asks about); any other directory is reported absent;
 * - realPath is the normalized logical path of a file or known directory (a
 *   symlinked package is seen at each of its logical places);
 * - readDirectory is always undefined, so packages reachable but not declared
 *   in a package.json are not discovered.
 */
export const syncReadPowersOverMaybeReadNow = (maybeReadNow: MaybeReadNowFn): ReadPowers => {
  const knownDirectories = new Set<string>();

  const noteFolders = (file: string) => {
    let folder = dirname(file);
    while (!knownDirectories.has(folder)) {
      knownDirectories.add(folder);
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
  };

  const readBytes = (path: string): Uint8Array | undefined => {
    const file = resolve(path);
    let bytes: Uint8Array | undefined;
    try {
      bytes = maybeReadNow(pathToFileURL(file).href);
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw error;
    }
    if (bytes === undefined) return undefined;
    noteFolders(file);
    return bytes;
  };

  const isFile = (path: string): boolean => readBytes(path) !== undefined;

  const isDirectory = (path: string): boolean => {
    const folder = resolve(path);
    if (knownDirectories.has(folder)) return true;
    // Reading the package.json notes the folder when it is there.
    return !isFile(folder) && readBytes(resolve(folder, 'package.json')) !== undefined;
  };

  return {
    readFileText: path => {
      const bytes = readBytes(path);
      return bytes === undefined ? undefined : utf8.decode(bytes);
    },
    isFile,
    isDirectory,
    realPath: path => (isFile(path) || isDirectory(path) ? resolve(path) : undefined),
    readDirectory: () => undefined,
  };
};

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

const ownInterfaceMembers = ['readFileText', 'isFile', 'isDirectory', 'realPath', 'readDirectory'] as const;

// The members the original requires of a ReadNowPowers (its isReadNowPowers).
const readNowMembers = ['maybeReadNow', 'fileURLToPath', 'isAbsolute'] as const;

/**
 * The synchronous read powers our loader can use for `powers`:
 * (a) the view attached by our makeReadPowers / makeReadNowPowers, while the
 *     object keeps the members they gave it;
 * (b) our own ReadPowers, as they are;
 * (c) a view over the original's synchronous members (maybeReadNow,
 *     fileURLToPath, isAbsolute), with the limits described at
 *     syncReadPowersOverMaybeReadNow.
 * Undefined for anything else, a bare async read function included: there is
 * no way to read synchronously through it.
 */
export const syncReadPowersOf = (powers: unknown): ReadPowers | undefined => {
  if (typeof powers !== 'object' || powers === null) return undefined;
  const attached = attachedViews.get(powers);
  if (attached !== undefined && membersUnchanged(powers, attached.members)) return attached.sync;
  const record = powers as Record<string, unknown>;
  if (ownInterfaceMembers.every(name => isFunction(record[name]))) return powers as ReadPowers;
  if (readNowMembers.every(name => isFunction(record[name]))) {
    // Taken once, so the loader sees one file system for the whole load.
    const maybeReadNow = record.maybeReadNow as MaybeReadNowFn;
    return syncReadPowersOverMaybeReadNow(location => maybeReadNow(location));
  }
  return undefined;
};
