// The read powers that Node resolution needs, injected so that the resolver
// is pure: it touches the file system only through these four synchronous
// calls (synchronous so that a CommonJS `require` can resolve in place).

export interface ResolveReadPowers {
  /** The text of the file at an absolute path, or undefined if there is no readable file there. */
  readFileText(path: string): string | undefined;
  /** Whether an absolute path names a file, following symbolic links. */
  isFile(path: string): boolean;
  /** Whether an absolute path names a directory, following symbolic links. */
  isDirectory(path: string): boolean;
  /** The canonical path of an existing file or directory, symbolic links resolved. */
  realPath(path: string): string;
}

/** The slice of `node:fs` that {@link makeFsReadPowers} uses. */
export interface SyncFileSystem {
  readFileSync(path: string, encoding: 'utf8'): string;
  statSync(path: string, options: { throwIfNoEntry: false }): { isFile(): boolean; isDirectory(): boolean } | undefined;
  realpathSync(path: string): string;
}

/** Read powers over a synchronous file system such as `node:fs`. */
export const makeFsReadPowers = (fs: SyncFileSystem): ResolveReadPowers => {
  const stat = (path: string) => {
    try {
      return fs.statSync(path, { throwIfNoEntry: false });
    } catch {
      // A path through a file ("a.js/b"), too long, or unreadable: not there.
      return undefined;
    }
  };
  return {
    readFileText: path => {
      if (stat(path)?.isFile() !== true) return undefined;
      try {
        return fs.readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    isFile: path => stat(path)?.isFile() === true,
    isDirectory: path => stat(path)?.isDirectory() === true,
    realPath: path => fs.realpathSync(path),
  };
};
