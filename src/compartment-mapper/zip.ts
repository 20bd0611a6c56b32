// The zip container of archives, through fflate (a kept zip library).
// Writing: every entry stored (not compressed) with a fixed date and mode,
// so the same files give the same bytes, and @endo/zip (which reads only
// stored entries) reads them. Reading: the bytes come from anywhere, so
// everything is checked before a file is handed out, each refusal an Error
// that says what is wrong: entries that are not stored (no inflating of
// declared sizes), names that could step outside the archive, duplicate
// names, and more files or bytes than the limits allow.

import { unzipSync, zipSync, type UnzipFileInfo, type Zippable } from 'fflate';

export interface ZipLimits {
  /** At most this many entries (default 100,000). */
  maxEntries?: number;
  /** At most this many bytes in all (default 1 GiB). */
  maxTotalBytes?: number;
}

/** The date every entry carries: the zip format's earliest. */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));
/** Regular file, rw-r--r--, in the external attributes as Unix zips have it. */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
/** fflate's `os` for Unix, so that the attributes mean mode bits. */
const UNIX = 3;
const STORED = 0;

/**
 * Writes `files` (name → bytes) as a zip of stored entries, each with its
 * sizes and CRC in its local header (as @endo/zip requires). fflate takes
 * the files as an object: they are written in its key order, which puts
 * integer-like names first (archive names always have a folder, so none).
 */
export const writeZip = (files: ReadonlyMap<string, Uint8Array>): Uint8Array => {
  const entries: Zippable = Object.create(null);
  for (const [name, bytes] of files) {
    checkEntryName(name);
    entries[name] = [bytes, { level: 0, mtime: FIXED_DATE, os: UNIX, attrs: FILE_ATTRIBUTES }];
  }
  return zipSync(entries, { level: 0, mtime: FIXED_DATE });
};

/** Refuses a name that is not a plain relative path inside the archive. */
const checkEntryName = (name: string): void => {
  const problem =
    name === ''
      ? 'is empty'
      : name.startsWith('/')
        ? 'is absolute'
        : name === '__proto__'
          ? 'is not allowed (it names an object\'s prototype)'
          : /[\\\0]/.test(name)
          ? 'holds a backslash or a NUL'
          : name.split('/').some(segment => segment === '..' || segment === '.' || segment === '')
            ? "has an empty, '.' or '..' segment"
            : undefined;
  if (problem !== undefined) throw Error(`Bad archive: the file name ${JSON.stringify(name)} ${problem}`);
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The name as its writer meant it. fflate decodes a name as Latin-1 unless
 * the entry has the UTF-8 flag, which some writers (@endo/zip among them)
 * leave unset while writing UTF-8: a name whose Latin-1 bytes are valid
 * UTF-8 with more than ASCII in it is taken as UTF-8.
 */
const intendedName = (decoded: string): string => {
  if (!/[\u0080-\u00ff]/.test(decoded) || /[^\u0000-\u00ff]/.test(decoded)) return decoded;
  const bytes = Uint8Array.from(decoded, character => character.charCodeAt(0));
  try {
    return utf8.decode(bytes);
  } catch {
    return decoded;
  }
};

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** The end record's size without its comment, and the longest comment. */
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/**
 * How many bytes precede the zip (a self-extracting stub, say: zips allow
 * any prefix, and the original reads them). The central directory's offset
 * is counted from the zip's start, so the prefix is where the directory
 * really ends minus where it says it ends. fflate counts from the first
 * byte, so it is handed the bytes after the prefix. The end record is found
 * as fflate finds it (the last signature within a comment's reach); zip64
 * offsets and anything inconsistent give 0 and are left to fflate's checks.
 */
const prefixLength = (bytes: Uint8Array): number => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const last = bytes.length - END_RECORD_SIZE;
  for (let at = last; at >= 0 && last - at <= MAX_COMMENT; at -= 1) {
    if (view.getUint32(at, true) !== END_OF_CENTRAL_DIRECTORY) continue;
    const directorySize = view.getUint32(at + 12, true);
    const directoryOffset = view.getUint32(at + 16, true);
    if (directoryOffset === 0xffffffff) return 0;
    const prefix = at - directorySize - directoryOffset;
    return prefix > 0 ? prefix : 0;
  }
  return 0;
};

/** Reads a zip of stored entries into name → bytes, checking it all first. */
export const readZip = (bytes: Uint8Array, { maxEntries = 100_000, maxTotalBytes = 2 ** 30 }: ZipLimits = {}): Map<string, Uint8Array> => {
  const names = new Set<string>();
  /** [intended name, fflate's name] of each file, in the archive's order. */
  const fileNames: [string, string][] = [];
  let totalBytes = 0;
  const check = (file: UnzipFileInfo): boolean => {
    const name = intendedName(file.name);
    if (names.has(name)) throw Error(`Bad archive: the file ${JSON.stringify(name)} appears twice`);
    names.add(name);
    if (names.size > maxEntries) throw Error(`Bad archive: more than ${maxEntries} files`);
    if (name.endsWith('/')) return false; // a directory entry: nothing to read
    checkEntryName(name);
    if (file.compression !== STORED) {
      throw Error(`Bad archive: the file ${JSON.stringify(name)} is compressed (method ${file.compression}); archives hold stored files only`);
    }
    if (file.originalSize !== file.size) {
      throw Error(`Bad archive: the stored file ${JSON.stringify(name)} declares ${file.originalSize} bytes but holds ${file.size}`);
    }
    totalBytes += file.size;
    if (totalBytes > maxTotalBytes) throw Error(`Bad archive: more than ${maxTotalBytes} bytes of files`);
    fileNames.push([name, file.name]);
    return true;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes.subarray(prefixLength(bytes)), { filter: check });
  } catch (error) {
    if ((error as Error).message.startsWith('Bad archive:')) throw error;
    throw Error(`Bad archive: not a readable zip file (${(error as Error).message})`, { cause: error });
  }
  // In the archive's order (an object's keys would put integer-like names first).
  const result = new Map<string, Uint8Array>();
  for (const [name, keyOfFflate] of fileNames) {
    const content = files[keyOfFflate];
    // fflate hands out views into the archive's bytes: copy, so that the
    // caller's later changes to those bytes change nothing read here.
    result.set(name, content.slice());
  }
  return result;
};
