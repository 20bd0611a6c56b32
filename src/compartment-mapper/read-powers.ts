// What the compartment mapper needs from a file system, injected so that a
// caller (or a test) decides what is read: five synchronous questions about
// absolute paths (synchronous so that a CommonJS `require` can resolve and
// load in place). The package graph, Node resolution and the CommonJS
// loader all read through one such object, so they see one file system.
// Nothing here writes or runs code.
import * as nodeFs from 'node:fs';

export interface ReadPowers {
  /** The text of the file at `path`, or undefined when there is no readable file there. */
  readFileText(path: string): string | undefined;
  /** Whether `path` is a file (after following symlinks). */
  isFile(path: string): boolean;
  /** Whether `path` is a directory (after following symlinks). */
  isDirectory(path: string): boolean;
  /** `path` with every symlink resolved, or undefined when it does not exist. */
  realPath(path: string): string | undefined;
  /** The entry names of the directory at `path`, or undefined when it is not one. */
  readDirectory(path: string): string[] | undefined;
}

/** What the package graph uses. */
export type GraphReadPowers = Pick<ReadPowers, 'readFileText' | 'isDirectory' | 'realPath' | 'readDirectory'>;
/** What Node resolution uses. */
export type ResolveReadPowers = Pick<ReadPowers, 'readFileText' | 'isFile' | 'isDirectory' | 'realPath'>;

/** Error codes that mean "nothing there", as opposed to a failure to report. */
const absentCodes = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENAMETOOLONG']);

/** Whether a file-system error means "nothing readable there". */
export const isAbsent = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && absentCodes.has(String((error as { code?: unknown }).code));

/** The subset of node:fs these powers use, so a caller may pass a look-alike. */
export type SyncFileSystem = Pick<typeof nodeFs, 'readFileSync' | 'statSync' | 'realpathSync' | 'readdirSync'>;

/** Read powers over node:fs (or an object with the same synchronous calls). */
export const makeSyncReadPowers = (fs: SyncFileSystem = nodeFs): ReadPowers => {
  const orAbsent = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw error;
    }
  };
  // As Node's own stat for resolution: anything that cannot be stat'ed is not there.
  const stat = (path: string) => {
    try {
      return fs.statSync(path, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  };
  return {
    readFileText: path => (stat(path)?.isFile() === true ? orAbsent(() => fs.readFileSync(path, 'utf8')) : undefined),
    isFile: path => stat(path)?.isFile() === true,
    isDirectory: path => stat(path)?.isDirectory() === true,
    realPath: path => orAbsent(() => fs.realpathSync(path)),
    readDirectory: path => orAbsent(() => fs.readdirSync(path)),
  };
};

const absent = (path: string): Error => {
  const error = Error(`ENOENT: no such file or directory, open '${path}'`);
  Object.defineProperty(error, 'code', { value: 'ENOENT', enumerable: true });
  return error;
};

/** A reader that throws ENOENT for a file that is not there (what the CommonJS loader takes). */
export const fileReaderOf =
  (powers: Pick<ReadPowers, 'readFileText'>) =>
  (path: string): string => {
    const text = powers.readFileText(path);
    if (text === undefined) throw absent(path);
    return text;
  };
