// Where `endo` keeps what it may reuse between runs (compiled modules, module
// analyses): a folder of this user's cache directory, one per purpose.
//
//   ENDO_CACHE=0 (or off, false, no)  no cache: undefined
//   ENDO_CACHE_DIR=<dir>              <dir>/<purpose>
//   XDG_CACHE_HOME=<dir>              <dir>/endo/<purpose>
//   otherwise                         ~/Library/Caches/endo/<purpose> on macOS,
//                                     %LOCALAPPDATA%\endo\<purpose> on Windows,
//                                     ~/.cache/endo/<purpose> elsewhere
//
// The folder need not exist: its store makes it (mode 0700). What is read
// back from it is checked there (compiled-module-cache.ts: an HMAC under a
// secret only this user can read), never trusted as it is.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export type CachePurpose = 'compiled-modules' | 'module-analyses';

const OFF = new Set(['0', 'off', 'false', 'no']);

/** The cache folder for `purpose`, or undefined when caching is turned off or no home is known. */
export const userCacheDirectory = (
  purpose: CachePurpose,
  environment: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined => {
  const switched = environment.ENDO_CACHE?.trim().toLowerCase();
  if (switched !== undefined && OFF.has(switched)) return undefined;
  const chosen = environment.ENDO_CACHE_DIR;
  if (chosen !== undefined && chosen !== '') return isAbsolute(chosen) ? join(chosen, purpose) : undefined;
  const xdg = environment.XDG_CACHE_HOME;
  // The XDG spec ignores a relative value.
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'endo', purpose);
  if (platform === 'win32' && environment.LOCALAPPDATA !== undefined && isAbsolute(environment.LOCALAPPDATA)) {
    return join(environment.LOCALAPPDATA, 'endo', purpose);
  }
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  if (home === '' || !isAbsolute(home)) return undefined;
  return platform === 'darwin' ? join(home, 'Library', 'Caches', 'endo', purpose) : join(home, '.cache', 'endo', purpose);
};
