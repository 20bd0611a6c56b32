// The compiled-module cache on disk: one file per entry, named by its key
// (a hash of what was compiled, how, and by which compiler format: see
// module-compiler.ts), safe for concurrent processes to share.
//
// Everything read back is untrusted: another process or user may have
// written the directory. So:
// - an entry carries its key and an HMAC (SHA-256) of its key and payload
//   under a secret that only this user can read (`secret` in the
//   directory, created once, mode 0600, refused if another user owns it or
//   others may read it). A truncated, corrupted, misplaced or foreign
//   entry fails the check and counts as a miss. Without a usable secret
//   the cache is off (every lookup a miss, nothing written);
// - a payload that passes is still only data: the caller decodes it and
//   must put any code in it through the confinement check
//   (src/ses/stored-code.ts) before it runs; a payload the caller refuses
//   counts as a miss too, and the caller's rewrite replaces it;
// - writes go to a temporary file renamed into place, so that a reader
//   sees a whole entry or none; two writers of one key write the same
//   bytes, and the last rename wins.
//
// The store does synchronous I/O, as require() must.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';

/** The envelope of an entry; a change of layout changes this line. */
const ENVELOPE = 'endo-compiled-module-cache/1';
const SECRET_FILE = 'secret';
const SECRET_BYTES = 32;
const MAC_HEX_LENGTH = 64;

export interface CompiledModuleCacheStats {
  /** Lookups served from an entry the caller accepted. */
  hits: number;
  /** Lookups that found no usable entry (absent, invalid or refused). */
  misses: number;
  /** Entries found but refused: bad envelope, key or HMAC, too large, or refused by the caller's decoding. */
  invalid: number;
  writes: number;
  writeErrors: number;
}

export interface CompiledModuleCache {
  readonly directory: string;
  /** Why the cache is off, or undefined when it is on. */
  readonly disabledReason: string | undefined;
  /** Live counters of this process. */
  readonly stats: Readonly<CompiledModuleCacheStats>;
  /**
   * The decoded entry for `key`, or undefined. `decode` turns the payload
   * into what the caller uses; if it throws, the entry is refused (a miss).
   * `maxBytes` bounds the entry's size: a larger one is refused unread.
   */
  lookup<T>(key: string, decode: (payload: string) => T, maxBytes: number): T | undefined;
  /** Writes the entry for `key` (atomically; a failure is counted, never thrown). */
  store(key: string, payload: string): void;
}

/** The hex SHA-256 of the parts, each preceded by its length (so that no two lists of parts share a key). */
export const hashKey = (parts: readonly string[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
};

const isKey = (key: string): boolean => /^[0-9a-f]{64}$/.test(key);

/**
 * How entries and the secret are opened: never through a symlink, and
 * without waiting (a FIFO planted in the directory must not block the
 * open); anything but a regular file is then refused.
 */
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

const currentUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** Why the secret file at `path` may not be used (owner, mode, size), or undefined when it may. */
const secretFileProblem = (stat: fs.Stats): string | undefined => {
  if (!stat.isFile()) return 'it is not a file';
  const uid = currentUid();
  if (uid !== undefined && stat.uid !== uid) return `it belongs to user ${stat.uid}, not to this user (${uid})`;
  if (uid !== undefined && (stat.mode & 0o077) !== 0) return `others may read or write it (mode ${(stat.mode & 0o777).toString(8)})`;
  if (stat.size !== SECRET_BYTES) return `it holds ${stat.size} bytes, not ${SECRET_BYTES}`;
  return undefined;
};

const readSecret = (path: string): Buffer | string => {
  let fd: number;
  try {
    fd = fs.openSync(path, READ_FLAGS);
  } catch (error) {
    return `it cannot be opened: ${(error as Error).message}`;
  }
  try {
    const problem = secretFileProblem(fs.fstatSync(fd));
    if (problem !== undefined) return problem;
    const secret = Buffer.alloc(SECRET_BYTES);
    return fs.readSync(fd, secret, 0, SECRET_BYTES, 0) === SECRET_BYTES ? secret : 'it is shorter than it says';
  } finally {
    fs.closeSync(fd);
  }
};

const temporaryName = (path: string): string => `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

const removeQuietly = (path: string): void => {
  try {
    fs.rmSync(path, { force: true });
  } catch {
    // Left behind: a later write uses another name.
  }
};

/** The directory's secret: read, or made (a whole file linked into place, so a concurrent reader never sees it half written). */
const secretOf = (directory: string): Buffer | string => {
  const path = join(directory, SECRET_FILE);
  if (!fs.existsSync(path)) {
    const temporary = temporaryName(path);
    try {
      fs.writeFileSync(temporary, randomBytes(SECRET_BYTES), { flag: 'wx', mode: 0o600 });
      fs.linkSync(temporary, path);
    } catch (error) {
      // EEXIST: another process made it first; read theirs.
      if ((error as { code?: unknown }).code !== 'EEXIST') return `it cannot be made: ${(error as Error).message}`;
    } finally {
      removeQuietly(temporary);
    }
  }
  return readSecret(path);
};

const openCaches = new Map<string, CompiledModuleCache>();

/**
 * The cache in `directory` (made if absent), one object per directory in a
 * process, so that its counters cover every loader using it.
 */
export const openCompiledModuleCache = (directory: string): CompiledModuleCache => {
  const root = resolve(directory);
  const known = openCaches.get(root);
  if (known !== undefined) return known;

  let secret: Buffer | undefined;
  let disabledReason: string | undefined;
  try {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    const result = secretOf(root);
    if (typeof result === 'string') disabledReason = `the cache's secret ${join(root, SECRET_FILE)} cannot be used: ${result}`;
    else secret = result;
  } catch (error) {
    disabledReason = `the cache directory ${root} cannot be used: ${(error as Error).message}`;
  }

  const stats: CompiledModuleCacheStats = { hits: 0, misses: 0, invalid: 0, writes: 0, writeErrors: 0 };
  const madeDirectories = new Set<string>();
  const pathOf = (key: string): string => join(root, key.slice(0, 2), key);
  const macOf = (key: string, payload: Buffer): Buffer =>
    createHmac('sha256', secret!).update(`${ENVELOPE}\n${key}\n`).update(payload).digest();
  const headerOf = (key: string): string => `${ENVELOPE}\n${key}\n`;

  /** The entry's payload bytes if its envelope, key and HMAC hold, else undefined. */
  const openEntry = (key: string, bytes: Buffer): Buffer | undefined => {
    const header = Buffer.from(headerOf(key));
    if (bytes.length < header.length + MAC_HEX_LENGTH + 1 || !bytes.subarray(0, header.length).equals(header)) return undefined;
    const macEnd = header.length + MAC_HEX_LENGTH;
    if (bytes[macEnd] !== 0x0a) return undefined;
    // Compared as written (lower-case hex): an entry has one spelling.
    const given = bytes.subarray(header.length, macEnd);
    const payload = bytes.subarray(macEnd + 1);
    const expected = Buffer.from(macOf(key, payload).toString('hex'));
    return timingSafeEqual(given, expected) ? payload : undefined;
  };

  /** The entry's bytes; undefined when there is none; 'refused' when it is not a regular file or is larger than maxBytes. */
  const readEntry = (path: string, maxBytes: number): Buffer | undefined | 'refused' => {
    let fd: number;
    try {
      fd = fs.openSync(path, READ_FLAGS);
    } catch (error) {
      return (error as { code?: unknown }).code === 'ENOENT' ? undefined : 'refused';
    }
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile() || stat.size > maxBytes) return 'refused';
      const { size } = stat;
      const bytes = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const count = fs.readSync(fd, bytes, read, size - read, read);
        if (count === 0) break;
        read += count;
      }
      return bytes.subarray(0, read);
    } catch {
      return 'refused';
    } finally {
      fs.closeSync(fd);
    }
  };

  const lookup = <T>(key: string, decode: (payload: string) => T, maxBytes: number): T | undefined => {
    if (secret === undefined || !isKey(key)) {
      stats.misses += 1;
      return undefined;
    }
    const bytes = readEntry(pathOf(key), maxBytes);
    if (bytes === undefined) {
      stats.misses += 1;
      return undefined;
    }
    const payload = bytes === 'refused' ? undefined : openEntry(key, bytes);
    if (payload !== undefined) {
      try {
        const decoded = decode(payload.toString('utf8'));
        stats.hits += 1;
        return decoded;
      } catch {
        // Refused by the caller: a miss, which the caller's rewrite replaces.
      }
    }
    stats.invalid += 1;
    stats.misses += 1;
    return undefined;
  };

  const store = (key: string, payload: string): void => {
    if (secret === undefined || !isKey(key)) return;
    const path = pathOf(key);
    const temporary = temporaryName(path);
    try {
      const folder = join(root, key.slice(0, 2));
      if (!madeDirectories.has(folder)) {
        fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
        madeDirectories.add(folder);
      }
      const payloadBytes = Buffer.from(payload, 'utf8');
      const mac = macOf(key, payloadBytes).toString('hex');
      fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${headerOf(key)}${mac}\n`), payloadBytes]), { flag: 'wx', mode: 0o600 });
      fs.renameSync(temporary, path);
      stats.writes += 1;
    } catch {
      stats.writeErrors += 1;
      removeQuietly(temporary);
    }
  };

  const cache: CompiledModuleCache = Object.freeze({
    directory: root,
    disabledReason,
    stats,
    lookup,
    store,
  });
  openCaches.set(root, cache);
  return cache;
};
