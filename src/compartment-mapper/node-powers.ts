// The original compartment mapper's node-powers.js, for callers who switch
// over: read and write powers made from Node's fs, url, crypto and path
// modules (or look-alikes), with the same members and behaviour. Each read
// powers object also carries a synchronous view of the same file system
// (read-powers-adapter.ts), which our loader reads through.
import { createRequire } from 'node:module';
import * as nodeUrl from 'node:url';
import type { ReadPowers as SyncReadPowers, SyncFileSystem } from './read-powers.js';
import { makeSyncReadPowers } from './read-powers.js';
import { attachSyncReadPowers, syncReadPowersOverMaybeReadNow } from './read-powers-adapter.js';

// #region the original's types (types/node-powers.ts and types/powers.ts)

/** The part of node:fs the makers use. */
export interface FsInterface {
  promises: {
    realpath: (filepath: string) => Promise<string>;
    writeFile: (location: string, bytes: Uint8Array) => Promise<void>;
    readFile: (location: string) => Promise<Uint8Array>;
  };
  readFileSync: (location: string) => Uint8Array;
}

/** The part of node:url the makers use. */
export interface UrlInterface {
  fileURLToPath: typeof nodeUrl.fileURLToPath;
  pathToFileURL: typeof nodeUrl.pathToFileURL;
}

/** The part of node:path the makers use. */
export interface PathInterface {
  isAbsolute: (location: string) => boolean;
}

interface Hash {
  update: (data: Uint8Array | string) => Hash;
  digest: () => Uint8Array;
}

/** The part of node:crypto the makers use. */
export interface CryptoInterface {
  createHash: (algorithm: 'sha512') => Hash;
}

export type FileUrlString = `file://${string}`;
export type ReadFn = (location: string) => Promise<Uint8Array>;
export type MaybeReadFn = (location: string) => Promise<Uint8Array | undefined>;
export type ReadNowFn = (location: string) => Uint8Array;
export type MaybeReadNowFn = (location: string) => Uint8Array | undefined;
export type CanonicalFn<T extends string = string> = (location: T) => Promise<T>;
export type HashFn = (bytes: Uint8Array) => string;
export type FileURLToPathFn = (url: URL | string) => string;
export type PathToFileURLFn = (path: string) => URL;
export type IsAbsoluteFn = (location: string) => boolean;
export type RequireResolveFn = (
  fromLocation: string,
  specifier: string,
  options?: { paths?: string[] } | undefined,
) => any;

export interface ReadPowers<T extends string = any> {
  canonical: CanonicalFn<T>;
  read: ReadFn;
  maybeRead?: MaybeReadFn | undefined;
  readNow?: ReadNowFn | undefined;
  maybeReadNow?: MaybeReadNowFn | undefined;
  computeSha512?: HashFn | undefined;
  fileURLToPath?: FileURLToPathFn | undefined;
  pathToFileURL?: PathToFileURLFn | undefined;
  requireResolve?: RequireResolveFn | undefined;
  isAbsolute?: IsAbsoluteFn | undefined;
}

export type MaybeReadPowers<T extends string = any> = ReadPowers<T> & { maybeRead: MaybeReadFn };

export type ReadNowPowersProp = 'fileURLToPath' | 'isAbsolute' | 'maybeReadNow';

export type ReadNowPowers<T extends string = any> = Omit<ReadPowers<T>, ReadNowPowersProp> & {
  [P in ReadNowPowersProp]-?: NonNullable<ReadPowers<T>[P]>;
};

export type WriteFn = (location: string, bytes: Uint8Array) => Promise<void>;

export interface WritePowers {
  write: WriteFn;
}

// #endregion

// Without `url`, the original turns a file: URL into its pathname as it
// stands (escapes included) and a path into a URL against "file://"; we do
// the same, so both name the same files.
const pathnameOfFileURL: FileURLToPathFn = location => {
  const url = new URL(location);
  if (url.protocol !== 'file:') {
    throw Error(`Cannot convert URL to file path: ${location}`);
  }
  return url.pathname;
};

const fileURLOfPathname: PathToFileURLFn = path => new URL(path, 'file://');

// Without `path`, no location counts as absolute (as in the original).
const neverAbsolute: IsAbsoluteFn = () => false;

/** Runs reads one at a time, as the original does (it never has two files open for reading). */
const makeOneAtATime = () => {
  let previous: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = previous.then(task);
    // The next read waits for this one to settle, however it settles.
    previous = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
};

const errorMessageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null ? String((error as { message?: unknown }).message) : '';

const errorCodeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

const hexOf = (bytes: Uint8Array): string => Array.from(bytes, byte => byte.toString(16).padStart(2, '0')).join('');

const hasSyncFileSystem = (fs: object): fs is SyncFileSystem => {
  const members = fs as Record<string, unknown>;
  return ['readFileSync', 'statSync', 'realpathSync', 'readdirSync'].every(name => typeof members[name] === 'function');
};

interface PowersArguments {
  fs: FsInterface;
  url?: UrlInterface | undefined;
  crypto?: CryptoInterface | undefined;
  path?: PathInterface | undefined;
}

/**
 * The synchronous view of `fs` as read through `fileURLToPath`: the loader
 * asks about Node paths; each is turned into a file: URL and back into a path
 * the way these powers turn locations into paths, so the view and `read` name
 * the same files even with a custom `url`.
 */
const makeSyncView = (
  fs: FsInterface,
  fileURLToPath: FileURLToPathFn,
  pathToFileURL: PathToFileURLFn,
  maybeReadNow: MaybeReadNowFn,
): SyncReadPowers => {
  if (!hasSyncFileSystem(fs)) return syncReadPowersOverMaybeReadNow(maybeReadNow);
  if (fileURLToPath === nodeUrl.fileURLToPath && pathToFileURL === nodeUrl.pathToFileURL) {
    return makeSyncReadPowers(fs);
  }
  const toFsPath = (path: string) => fileURLToPath(nodeUrl.pathToFileURL(path).href);
  const fromFsPath = (path: string) => nodeUrl.fileURLToPath(pathToFileURL(path));
  const mapped = {
    readFileSync: (path: string, options: unknown) => fs.readFileSync(toFsPath(path), options as never),
    statSync: (path: string, options: unknown) => fs.statSync(toFsPath(path), options as never),
    realpathSync: (path: string) => fromFsPath(String(fs.realpathSync(toFsPath(path)))),
    readdirSync: (path: string) => fs.readdirSync(toFsPath(path)),
  };
  return makeSyncReadPowers(mapped as unknown as SyncFileSystem);
};

/** makeReadPowers and the deprecated makeNodeReadPowers: `url` and `path` may be left out. */
const makeReadPowersOptionalUrl = ({ fs, url, crypto, path }: PowersArguments) => {
  const fileURLToPath: FileURLToPathFn = url === undefined ? pathnameOfFileURL : url.fileURLToPath;
  const pathToFileURL: PathToFileURLFn = url === undefined ? fileURLOfPathname : url.pathToFileURL;
  const isAbsolute: IsAbsoluteFn = path === undefined ? neverAbsolute : path.isAbsolute;
  const oneAtATime = makeOneAtATime();

  const read: ReadFn = location =>
    oneAtATime(async () => {
      const filePath = fileURLToPath(location);
      return fs.promises.readFile(filePath);
    });

  // The original tells "nothing there" by the message, for the async calls.
  const maybeRead: MaybeReadFn = location =>
    read(location).catch(error => {
      const message = errorMessageOf(error);
      if (message.startsWith('ENOENT: ') || message.startsWith('EISDIR: ')) return undefined;
      throw error;
    });

  const requireResolve: RequireResolveFn = (from, specifier, options) =>
    createRequire(from).resolve(specifier, options);

  // A URL ending in "/" names a directory and keeps its slash; a location
  // that cannot be resolved (missing, not a file: URL, ...) is returned as given.
  const canonical: CanonicalFn<FileUrlString> = async location => {
    try {
      if (location.endsWith('/')) {
        const realPath = await fs.promises.realpath(fileURLToPath(location).replace(/\/$/, ''));
        return `${pathToFileURL(realPath).href}/` as FileUrlString;
      }
      const realPath = await fs.promises.realpath(fileURLToPath(location));
      return pathToFileURL(realPath).href as FileUrlString;
    } catch {
      return location;
    }
  };

  const computeSha512: HashFn | undefined =
    crypto === undefined
      ? undefined
      : bytes => {
          const hash = crypto.createHash('sha512');
          hash.update(bytes);
          return hexOf(hash.digest());
        };

  // The synchronous calls tell "nothing there" by the code.
  const maybeReadNow: MaybeReadNowFn = location => {
    const filePath = fileURLToPath(location);
    try {
      return fs.readFileSync(filePath);
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'ENOENT' || code === 'EISDIR') return undefined;
      throw error;
    }
  };

  const powers = {
    read,
    maybeRead,
    fileURLToPath,
    pathToFileURL,
    canonical,
    computeSha512,
    requireResolve,
    isAbsolute,
  };
  const syncView = makeSyncView(fs, fileURLToPath, pathToFileURL, maybeReadNow);
  return { powers, maybeReadNow, syncView };
};

/** Read powers over `fs`, with file: URLs turned into paths by `url`. */
export const makeReadPowers = (args: PowersArguments): MaybeReadPowers<FileUrlString> => {
  const { powers, syncView } = makeReadPowersOptionalUrl(args);
  attachSyncReadPowers(powers, syncView);
  return powers;
};

/** Read powers that can also read synchronously (what dynamic require needs). */
export const makeReadNowPowers = (args: PowersArguments): ReadNowPowers<FileUrlString> & MaybeReadPowers<FileUrlString> => {
  const { powers, maybeReadNow, syncView } = makeReadPowersOptionalUrl(args);
  const readNowPowers = { ...powers, maybeReadNow };
  attachSyncReadPowers(readNowPowers, syncView);
  return readNowPowers;
};

/** makeWritePowers and the deprecated makeNodeWritePowers: `url` may be left out. */
const makeWritePowersOptionalUrl = ({ fs, url }: { fs: FsInterface; url?: UrlInterface | undefined }): WritePowers => {
  const fileURLToPath: FileURLToPathFn = url === undefined ? pathnameOfFileURL : url.fileURLToPath;
  // As the original: a failure rejects with a plain Error carrying the message only.
  const write: WriteFn = async (location, data) => {
    try {
      return await fs.promises.writeFile(fileURLToPath(location), data);
    } catch (error) {
      throw Error(errorMessageOf(error));
    }
  };
  return { write };
};

/** Write powers over `fs`, with file: URLs turned into paths by `url`. */
export const makeWritePowers = (args: { fs: FsInterface; url?: UrlInterface | undefined }): WritePowers =>
  makeWritePowersOptionalUrl(args);

/**
 * @deprecated Use makeReadPowers({ fs, url, crypto }). Without `url`, a file:
 * URL is read at its pathname as written, so escaped characters (%20, ...) are not decoded.
 */
export const makeNodeReadPowers = (fs: FsInterface, crypto?: CryptoInterface): ReadPowers<FileUrlString> =>
  makeReadPowers({ fs, crypto });

/** @deprecated Use makeWritePowers({ fs, url }). */
export const makeNodeWritePowers = (fs: FsInterface): WritePowers => makeWritePowersOptionalUrl({ fs });
