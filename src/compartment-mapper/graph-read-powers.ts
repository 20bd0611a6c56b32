// What the package graph needs from a file system, as an interface so that a
// caller (or a test) decides what is read: four synchronous questions about
// absolute paths. The graph never writes, never runs code, and reads nothing
// but package.json files and node_modules listings through these.
import * as nodeFs from 'node:fs';

export interface GraphReadPowers {
  /** The text of the file at `path`, or undefined when there is no such file. */
  readFileText(path: string): string | undefined;
  /** Whether `path` is a directory (after following symlinks). */
  isDirectory(path: string): boolean;
  /** `path` with every symlink resolved, or undefined when it does not exist. */
  realPath(path: string): string | undefined;
  /** The entry names of the directory at `path`, or undefined when it is not one. */
  readDirectory(path: string): string[] | undefined;
}

/** Error codes that mean "nothing there", as opposed to a failure to report. */
const absentCodes = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP']);

const isAbsent = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  absentCodes.has(String((error as { code?: unknown }).code));

/** The subset of node:fs these powers use, so a caller may pass a look-alike. */
export type GraphFs = Pick<typeof nodeFs, 'readFileSync' | 'statSync' | 'realpathSync' | 'readdirSync'>;

/** Read powers over node:fs (or an object with the same synchronous calls). */
export const makeNodeGraphReadPowers = (fs: GraphFs = nodeFs): GraphReadPowers => {
  const orAbsent = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw error;
    }
  };
  return {
    readFileText: path => orAbsent(() => fs.readFileSync(path, 'utf8')),
    isDirectory: path => orAbsent(() => fs.statSync(path).isDirectory()) ?? false,
    realPath: path => orAbsent(() => fs.realpathSync(path)),
    readDirectory: path => orAbsent(() => fs.readdirSync(path)),
  };
};
