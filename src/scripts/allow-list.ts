// The allow-list: "lavamoat.allowScripts" in the project's package.json, a
// record of keys to true (run the package's scripts) or false (never run
// them). A key is a canonical name with the installed version after "#"
// ("a>b#1.2.3"); a key without a version denies every version, and an allowed
// key needs its version, so a new release (perhaps a compromised one) never
// inherits an old permission. With skipVersions, keys are bare names.
// The keys come from a file anyone in the project can edit, so they are read
// as plain text, never as paths or patterns; the matching rules are those of
// @lavamoat/allow-scripts 5.1.0, oddities included, so that one allow-list
// means the same to both tools.

export const ROOT_NAME = '$root$';

/** A key's parts as allow-scripts reads them: the name before the first "#", the version up to the next "#". */
export interface AllowKey {
  readonly name: string;
  /** Undefined when the key has no version, or an empty one ("a#"). */
  readonly version: string | undefined;
}

export const parseAllowKey = (key: string): AllowKey => {
  const [name = '', version] = key.split('#');
  return { name, version: version === undefined || version === '' ? undefined : version };
};

/** The key for a package: its canonical name, with its version unless versions are skipped. */
export const patternOf = (canonicalName: string, version: string, skipVersions: boolean): string =>
  skipVersions || canonicalName === ROOT_NAME ? canonicalName : `${canonicalName}#${version}`;

/** The name part of a package's key. */
export const nameOfPattern = (pattern: string): string => pattern.replace(/#.*$/, '');

/**
 * The allow-list of a parsed package.json, in the file's key order. Values
 * must be booleans: allow-scripts allows any truthy value, so a hand-written
 * "false" (a string) would run the scripts it was meant to stop.
 */
export const readAllowList = (packageJson: Record<string, unknown>, file: string): Map<string, boolean> => {
  const lavamoat = Object.hasOwn(packageJson, 'lavamoat') ? packageJson.lavamoat : undefined;
  if (lavamoat === undefined) return new Map();
  if (typeof lavamoat !== 'object' || lavamoat === null || Array.isArray(lavamoat)) {
    throw Error(`"lavamoat" in ${file} must be an object`);
  }
  const allowScripts = Object.hasOwn(lavamoat, 'allowScripts') ? (lavamoat as Record<string, unknown>).allowScripts : undefined;
  if (allowScripts === undefined) return new Map();
  if (typeof allowScripts !== 'object' || allowScripts === null || Array.isArray(allowScripts)) {
    throw Error(`"lavamoat.allowScripts" in ${file} must be an object of package keys to true or false`);
  }
  const entries = new Map<string, boolean>();
  for (const [key, value] of Object.entries(allowScripts)) {
    if (typeof value !== 'boolean') {
      throw Error(
        `"lavamoat.allowScripts" in ${file} gives ${JSON.stringify(key)} the value ${JSON.stringify(value) ?? String(value)}: ` +
          'use true (run its scripts) or false (never run them)',
      );
    }
    entries.set(key, value);
  }
  return entries;
};

export interface AllowListMatcher {
  /** Whether the package with this key may run its scripts. */
  isAllowed(pattern: string): boolean;
  /** Whether the allow-list decides about the package with this key at all. */
  isConfigured(pattern: string): boolean;
}

export const makeAllowListMatcher = (allowList: ReadonlyMap<string, boolean>, skipVersions: boolean): AllowListMatcher => {
  const allowed = new Set([...allowList].filter(([, value]) => value).map(([key]) => key));
  // Names decided for every version: denied bare names, or any bare name when versions are skipped.
  const everyVersion = new Set<string>();
  const versioned = new Set<string>();
  for (const [key, value] of allowList) {
    const { name, version } = parseAllowKey(key);
    if (version !== undefined) versioned.add(key);
    else if (!value || skipVersions) everyVersion.add(name);
  }
  return {
    isAllowed: pattern => {
      if (!skipVersions && pattern !== ROOT_NAME && !pattern.includes('#')) return false;
      return allowed.has(pattern);
    },
    isConfigured: pattern =>
      pattern === ROOT_NAME || everyVersion.has(parseAllowKey(pattern).name) || versioned.has(pattern),
  };
};

export interface AllowListReport {
  /** Keys set to true, in file order. */
  readonly allowed: readonly string[];
  /** Keys set to false, in file order. */
  readonly denied: readonly string[];
  /** Keys of installed packages with scripts that the allow-list says nothing about. */
  readonly missing: readonly string[];
  /** Keys that match no installed package with scripts. */
  readonly unused: readonly string[];
}

/** Sorts the allow-list against the keys of the installed packages that have scripts. */
export const reportAllowList = (
  allowList: ReadonlyMap<string, boolean>,
  scriptedPatterns: readonly string[],
  skipVersions: boolean,
): AllowListReport => {
  const matcher = makeAllowListMatcher(allowList, skipVersions);
  const scriptedNames = new Set(scriptedPatterns.map(nameOfPattern));
  const scripted = new Set(scriptedPatterns);
  const keys = [...allowList.keys()];
  return {
    allowed: keys.filter(key => allowList.get(key)),
    denied: keys.filter(key => !allowList.get(key)),
    missing: scriptedPatterns.filter(pattern => !matcher.isConfigured(pattern)),
    // A key with "#" must match exactly; a bare one, any version.
    unused: keys.filter(key => (key.includes('#') ? !scripted.has(key) : !scriptedNames.has(key))),
  };
};
