// Reading a package.json as the package graph needs it. The file comes from
// a package we have not reviewed, so every field is checked before use and
// every complaint names the file: a malformed package.json stops the mapping
// with an error the user can act on, never with a crash deep inside.

/** A package.json that parsed to a JSON object. Fields are checked on use. */
export interface PackageJson {
  /** The file URL of the package.json, for messages. */
  readonly file: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The dependency names a package.json declares, field by field. */
export interface DeclaredDependencies {
  readonly dependencies: readonly string[];
  readonly peerDependencies: readonly string[];
  readonly optionalDependencies: readonly string[];
  readonly bundleDependencies: readonly string[];
  readonly devDependencies: readonly string[];
  /** Names marked `{ optional: true }` in peerDependenciesMeta. */
  readonly optionalPeers: readonly string[];
}

const quote = JSON.stringify;

/** What to do about a package.json we cannot use; every complaint about one ends with it. */
const fixAdvice = 'Fix that package.json, or reinstall the package it belongs to.';

/** Node's code for a package.json it cannot use, on every complaint about one, so callers can branch on it. */
const withConfigCode = <E extends Error>(error: E): E => {
  Object.defineProperty(error, 'code', {
    value: 'ERR_INVALID_PACKAGE_CONFIG',
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return error;
};

/** A short, printable rendering of a value from an untrusted file. */
export const quoteValue = (value: unknown): string => {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** Parses the text of a package.json; `file` is its file URL. */
export const parsePackageJson = (text: string, file: string): PackageJson => {
  // TextDecoder (the original's reader) drops a byte-order mark; do the same.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    // The original's wording first, so messages match for the common mistake.
    throw withConfigCode(SyntaxError(`Cannot parse JSON from ${file}, ${String(error)}. ${fixAdvice}`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw withConfigCode(
      TypeError(`package.json at ${quote(file)} must hold a JSON object, got ${quoteValue(value)}. ${fixAdvice}`),
    );
  }
  return { file, fields: value as Record<string, unknown> };
};

/** The error for a field of the wrong shape. */
export const fieldError = (json: PackageJson, field: string, expected: string): TypeError =>
  withConfigCode(
    TypeError(
      `package.json at ${quote(json.file)} has an invalid ${quote(field)} field: expected ${expected}, ` +
        `got ${quoteValue(json.fields[field])}. ${fixAdvice}`,
    ),
  );

const own = (json: PackageJson, field: string): unknown =>
  Object.prototype.hasOwnProperty.call(json.fields, field) ? json.fields[field] : undefined;

/** A field that must be a string when present. */
export const optionalStringField = (json: PackageJson, field: string): string | undefined => {
  const value = own(json, field);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw fieldError(json, field, 'a string');
  return value;
};

/** Any field, unchecked (exports, imports, browser have their own readers). */
export const rawField = (json: PackageJson, field: string): unknown => own(json, field);

/** The package's name; a compartment cannot be made without one. */
export const requirePackageName = (json: PackageJson): string => {
  const name = optionalStringField(json, 'name');
  if (name === undefined || name === '') {
    // The original's wording.
    throw withConfigCode(
      Error(`package.json at ${quote(json.file)} must have a "name" field; consider naming it after the parent directory`),
    );
  }
  return name;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether Node could find `name` as a package under node_modules: "x" or
 * "@scope/x", no empty, "." or ".." part and no backslash. Anything else
 * would let a package.json point outside node_modules.
 */
export const isPackageName = (name: string): boolean => {
  const parts = name.split('/');
  if (parts.length > 2) return false;
  if (parts.length === 2 && !(parts[0].startsWith('@') && parts[0].length > 1)) return false;
  if (parts.length === 1 && parts[0].startsWith('@')) return false;
  return parts.every(part => part !== '' && part !== '.' && part !== '..' && !/[\\\0]/.test(part));
};

/** The names of a dependency field (an object of name to range). */
const dependencyNames = (json: PackageJson, field: string): string[] => {
  const value = own(json, field);
  // null is what some publishing tools write for "none".
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value)) throw fieldError(json, field, 'an object of package names to version ranges');
  return Object.keys(value).map(name => checkedName(json, field, name));
};

const checkedName = (json: PackageJson, field: string, name: string): string => {
  if (!isPackageName(name)) {
    throw withConfigCode(
      TypeError(
        `package.json at ${quote(json.file)} names ${quoteValue(name)} in ${quote(field)}, ` +
          `which is not a package name Node could find in node_modules. ${fixAdvice}`,
      ),
    );
  }
  return name;
};

/** bundleDependencies: an array of names (npm's form), an object, or a boolean. */
const bundledNames = (json: PackageJson): string[] => {
  const names: string[] = [];
  for (const field of ['bundleDependencies', 'bundledDependencies']) {
    const value = own(json, field);
    if (value === undefined || value === null || typeof value === 'boolean') continue;
    if (Array.isArray(value)) {
      for (const name of value) {
        if (typeof name !== 'string') throw fieldError(json, field, 'an array of package names');
        names.push(checkedName(json, field, name));
      }
    } else if (isPlainObject(value)) {
      names.push(...Object.keys(value).map(name => checkedName(json, field, name)));
    } else {
      throw fieldError(json, field, 'an array of package names');
    }
  }
  return names;
};

const optionalPeerNames = (json: PackageJson): string[] => {
  const value = own(json, 'peerDependenciesMeta');
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value)) throw fieldError(json, 'peerDependenciesMeta', 'an object');
  return Object.entries(value)
    .filter(([, meta]) => isPlainObject(meta) && Boolean(meta.optional))
    .map(([name]) => checkedName(json, 'peerDependenciesMeta', name));
};

/** Every dependency name the package.json declares, checked. */
export const declaredDependencies = (json: PackageJson): DeclaredDependencies => ({
  dependencies: dependencyNames(json, 'dependencies'),
  peerDependencies: dependencyNames(json, 'peerDependencies'),
  optionalDependencies: dependencyNames(json, 'optionalDependencies'),
  bundleDependencies: bundledNames(json),
  devDependencies: dependencyNames(json, 'devDependencies'),
  optionalPeers: optionalPeerNames(json),
});

/**
 * Runs `read`, and names the package.json in any error it raises that does
 * not already name it or its package (a bad path inside "exports", say).
 */
export const blamingFile = <T>(json: PackageJson, read: () => T): T => {
  try {
    return read();
  } catch (error) {
    const packageLocation = json.file.replace(/package\.json$/, '');
    if (error instanceof Error && !error.message.includes(packageLocation)) {
      const blamed = TypeError(`In package.json at ${quote(json.file)}: ${error.message}`, { cause: error });
      // Keep the code (ERR_INVALID_PACKAGE_CONFIG, say) that callers branch on.
      const { code } = error as { code?: unknown };
      if (code !== undefined) Object.defineProperty(blamed, 'code', { value: code, writable: true, enumerable: true, configurable: true });
      throw blamed;
    }
    throw error;
  }
};
