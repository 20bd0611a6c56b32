// The original compartment mapper's `search`: from a module's location, find
// the package it belongs to (the nearest folder above it holding a
// package.json) and return that package.json's text, so the caller need not
// read it again. It probes by reading through the caller's read powers, as
// the original does, so it works over any file system the powers describe
// (a zip archive, a virtual tree), never by stat.

/** Reads a location; rejects when it cannot. */
export type SearchReadFn = (location: string) => Promise<Uint8Array>;

/** Reads a location; resolves undefined when nothing is there. */
export type SearchMaybeReadFn = (location: string) => Promise<Uint8Array | undefined>;

/** What `search` accepts, as the original: a bare read function, or an object with `read` and maybe `maybeRead`. */
export type SearchReadPowers = SearchReadFn | { read?: SearchReadFn; maybeRead?: SearchMaybeReadFn | undefined };

export interface SearchOptions {
  /** Accepted as in the original; nothing is logged. */
  log?: ((...args: unknown[]) => void) | undefined;
}

export interface SearchResult {
  /** The URL of the package's folder, ending in "/". */
  packageLocation: string;
  /** The text of its package.json. */
  packageDescriptorText: string;
  /** The URL of its package.json. */
  packageDescriptorLocation: string;
  /** The module relative to the package, as "./path/to/module.js" ("." for the folder itself). */
  moduleSpecifier: string;
}

const quote = (value: unknown): string => JSON.stringify(value);

// As the original: a byte-order mark at the start is dropped.
const utf8 = new TextDecoder();

/** The probe the original uses: `maybeRead` when given, otherwise `read` with any failure taken as absence. */
const maybeReaderOf = (readPowers: SearchReadPowers): SearchMaybeReadFn => {
  if (typeof readPowers === 'function') {
    return location => readPowers(location).catch(() => undefined);
  }
  const { read, maybeRead } = readPowers;
  if (maybeRead !== undefined) return maybeRead;
  return location => (read as SearchReadFn)(location).catch(() => undefined);
};

/**
 * The module's place inside the package, from the path of the package's
 * folder (a prefix of the module's path, since the search only climbs): its
 * segments after that folder, as "./a/b.js", or "." for the folder itself.
 */
const moduleSpecifierOf = (packageLocation: string, moduleLocation: string): string => {
  const packagePath = new URL(packageLocation).pathname;
  const modulePath = new URL(moduleLocation).pathname;
  if (!modulePath.startsWith(packagePath)) {
    throw Error(`Internal error: module ${quote(moduleLocation)} is not inside package ${quote(packageLocation)}`);
  }
  // Node's URL parser leaves a last ".." after a segment such as ".-" in the
  // path (file:///-/.-/..); it still names the parent, as the original reads it.
  const segments: string[] = [];
  for (const segment of modulePath.slice(packagePath.length).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return ['.', ...segments].join('/');
};

/**
 * Finds the package of the module at `moduleLocation` (a URL): climbs from
 * the module's folder to the root, reading each folder's package.json, and
 * stops at the first one that reads. Rejects when none does, naming the
 * module.
 */
export const search = async (
  readPowers: SearchReadPowers,
  moduleLocation: string,
  _options: SearchOptions = {},
): Promise<SearchResult> => {
  const maybeRead = maybeReaderOf(readPowers);
  let folder = new URL('./', moduleLocation).href;
  for (;;) {
    const packageDescriptorLocation = new URL('package.json', folder).href;
    // One folder at a time: the nearest package.json wins.
    // eslint-disable-next-line no-await-in-loop
    const bytes = await maybeRead(packageDescriptorLocation);
    if (bytes !== undefined) {
      const packageDescriptorText = utf8.decode(bytes);
      // The original takes an empty package.json for none, and says so with "module".
      if (packageDescriptorText === '') {
        throw Error(`Cannot find package.json along path to module ${quote(moduleLocation)}`);
      }
      return {
        packageLocation: folder,
        packageDescriptorText,
        packageDescriptorLocation,
        moduleSpecifier: moduleSpecifierOf(folder, moduleLocation),
      };
    }
    const parent = new URL('../', folder).href;
    if (parent === folder) {
      throw Error(`Cannot find package.json along path to ${quote(moduleLocation)}`);
    }
    folder = parent;
  }
};
