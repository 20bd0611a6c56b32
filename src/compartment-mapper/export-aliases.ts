// What a package offers to the packages that depend on it, read from its
// package.json as the compartment map records it: "external aliases" (the
// specifiers others may import: "." and "./sub"), "internal aliases" (names
// the package itself uses: "#private" imports, and "." for CommonJS), and
// wildcard patterns. Fields consulted: main, module, exports (with the
// build conditions), imports, and browser when the "browser" condition is on.
// The choices follow @endo/compartment-mapper 2.4 so that compartment maps
// agree with the original's; finding the one file Node would load for a
// specifier at run time is the resolver's job (package-exports.ts), not this
// table's.
import {
  blamingFile,
  fieldError,
  optionalStringField,
  rawField,
  type PackageJson,
} from './package-descriptor.js';
import { isRelativeSpecifier, joinSpecifier, relativize } from './specifier-paths.js';

/** A wildcard mapping; `compartment` is set once it is copied to a dependee. */
export interface PatternDescriptor {
  from: string;
  to: string | null;
  compartment?: string;
}

export interface ExportAliases {
  /** Specifier relative to the package ("." or "./x") to module ("./lib/x.js"). */
  externalAliases: Record<string, string>;
  /** Names the package uses for itself ("#x", "." in CommonJS) to a module or a package. */
  internalAliases: Record<string, string>;
  patterns: PatternDescriptor[];
  /** Modules whose language a field implies ("module", an "import" condition). */
  types: Record<string, string>;
  /** Whether the package has an "exports" field (then nothing else is reachable). */
  explicitExports: boolean;
}

export type LogFn = (...args: unknown[]) => void;

type Entry = [specifier: string, target: string | null];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Entries of an "exports" value, for the first matching condition at each level. */
function* exportsEntries(
  json: PackageJson,
  specifier: string,
  value: unknown,
  conditions: ReadonlySet<string>,
  types: Record<string, string>,
): Generator<Entry> {
  if (value === null) {
    yield [specifier, null];
    return;
  }
  if (Array.isArray(value)) {
    // A fallback list: the first alternative that yields anything.
    for (const alternative of value) {
      const found = [...exportsEntries(json, specifier, alternative, conditions, types)];
      if (found.length > 0) {
        yield* found;
        return;
      }
    }
    return;
  }
  if (typeof value === 'string') {
    yield [specifier, relativize(value)];
    return;
  }
  if (!isObject(value)) throw fieldError(json, 'exports', 'a string, an array, null or an object');
  for (const [key, inner] of Object.entries(value)) {
    // "./" is not a valid key; packages write it anyway, and Node ignores it.
    if (key === './') continue;
    if (isRelativeSpecifier(key)) {
      yield* exportsEntries(json, key, inner, conditions, types);
    } else if (conditions.has(key)) {
      // An "import" condition says the target is an ES module, whatever its extension.
      if (key === 'import' && typeof inner === 'string') types[relativize(inner)] = 'mjs';
      yield* exportsEntries(json, specifier, inner, conditions, types);
      break;
    }
  }
}

/** Entries of the "imports" field ("#name" specifiers), first matching condition. */
function* importsEntries(
  json: PackageJson,
  imports: unknown,
  conditions: ReadonlySet<string>,
  log: LogFn,
): Generator<Entry> {
  if (!isObject(imports)) throw fieldError(json, 'imports', 'an object');
  for (const [key, value] of Object.entries(imports)) {
    if (!key.startsWith('#')) {
      log(`Ignoring invalid imports key "${key}": must start with "#"`);
    } else if (value === null) {
      yield [key, null];
    } else if (typeof value === 'string') {
      yield [key, relativize(value)];
    } else if (isObject(value)) {
      for (const [condition, target] of Object.entries(value)) {
        if (!conditions.has(condition)) continue;
        if (target === null) yield [key, null];
        else if (typeof target === 'string') yield [key, relativize(target)];
        break;
      }
    } else {
      log(`Ignoring unsupported imports value for "${key}": ${typeof value}`);
    }
  }
}

/**
 * The "main" field. `false` is published in the wild (math-intrinsics) to
 * say "no main"; Node ignores it, and the original reads it as the package
 * root ("."), which is what we do, so that the maps stay identical.
 */
const mainField = (json: PackageJson): string | undefined =>
  rawField(json, 'main') === false ? '' : optionalStringField(json, 'main');

/** Entries of the "browser" field: file replacements and package replacements. */
function* browserEntries(json: PackageJson, browser: unknown, main: string): Generator<[string, string]> {
  if (typeof browser === 'string') {
    yield ['.', relativize(browser)];
    return;
  }
  if (!isObject(browser)) throw fieldError(json, 'browser', 'a string or an object');
  for (const [key, value] of Object.entries(browser)) {
    // false means "this module is empty in a browser"; nothing to alias.
    if (value === false) continue;
    if (typeof value !== 'string') throw fieldError(json, 'browser', 'an object of strings or false');
    if (key === main) yield ['.', relativize(value)];
    else if (isRelativeSpecifier(key)) yield [key, relativize(value)];
    else yield [key, value];
  }
}

/** The "exports" field; null counts as absent, as Node reads it (the original reads it as exporting nothing). */
const exportsFieldOf = (json: PackageJson): unknown => rawField(json, 'exports') ?? undefined;

/** main, module and exports, lowest precedence first (later entries win). */
function* exportEntries(
  json: PackageJson,
  conditions: ReadonlySet<string>,
  types: Record<string, string>,
): Generator<Entry> {
  const main = mainField(json);
  const module = optionalStringField(json, 'module');
  const exports = exportsFieldOf(json);
  if (module !== undefined && conditions.has('import')) {
    // "module" names an ES module whatever its extension.
    const target = relativize(module);
    types[target] = 'mjs';
    yield ['.', target];
  } else if (main !== undefined) {
    yield ['.', relativize(main)];
  }
  if (exports !== undefined) yield* exportsEntries(json, '.', exports, conditions, types);
}

const wildcardCount = (text: string): number => text.split('*').length - 1;

/** Adds an entry to the aliases or, when it has a wildcard, to the patterns. */
const addEntry = (
  [specifier, target]: Entry,
  aliases: Record<string, string>,
  patterns: PatternDescriptor[],
  log: LogFn,
): void => {
  if (target === null) {
    // An exclusion: concrete ones are excluded by being left out.
    if (specifier.includes('*')) patterns.push({ from: specifier, to: null });
    return;
  }
  if (!specifier.includes('*') && !target.includes('*')) {
    aliases[specifier] = target;
    return;
  }
  const fromCount = wildcardCount(specifier);
  const toCount = wildcardCount(target);
  if (fromCount > 1 || toCount > 1) {
    log(`Ignoring pattern with multiple wildcards "${specifier}": "${target}"`);
  } else if (fromCount !== toCount) {
    log(
      `Ignoring pattern with mismatched wildcard count "${specifier}" (${fromCount}) vs "${target}" (${toCount})`,
    );
  } else {
    patterns.push({ from: specifier, to: target });
  }
};

/** What the package at `json` offers, under `conditions`. */
export const interpretExportAliases = (
  json: PackageJson,
  conditions: ReadonlySet<string>,
  log: LogFn,
): ExportAliases =>
  blamingFile(json, () => {
    const externalAliases: Record<string, string> = Object.create(null);
    const internalAliases: Record<string, string> = Object.create(null);
    const patterns: PatternDescriptor[] = [];
    const types: Record<string, string> = Object.create(null);

    for (const entry of exportEntries(json, conditions, types)) {
      addEntry(entry, externalAliases, patterns, log);
    }
    const imports = rawField(json, 'imports');
    if (imports !== undefined) {
      for (const entry of importsEntries(json, imports, conditions, log)) {
        addEntry(entry, internalAliases, patterns, log);
      }
    }

    const main = mainField(json);
    const type = rawField(json, 'type');
    const exportsField = exportsFieldOf(json);
    // With neither "module" nor "exports", the package root is main (or index.js).
    if (rawField(json, 'module') === undefined && exportsField === undefined) {
      const root = main !== undefined ? relativize(main) : './index.js';
      externalAliases['.'] = root;
      // A CommonJS package may require('.') itself.
      if (type !== 'module') internalAliases['.'] = root;
    }

    const browser = rawField(json, 'browser');
    if (conditions.has('browser') && browser !== undefined) {
      for (const [specifier, target] of browserEntries(json, browser, main ?? 'index.js')) {
        if (isRelativeSpecifier(specifier)) externalAliases[specifier] = target;
        internalAliases[specifier] = target;
      }
    }

    // A key that would climb out of the package is refused here, where the
    // error can name this package.json, rather than when a dependee links it.
    for (const specifier of [...Object.keys(externalAliases), ...patterns.map(pattern => pattern.from)]) {
      if (isRelativeSpecifier(specifier)) joinSpecifier('package', specifier);
    }

    return {
      externalAliases,
      internalAliases,
      patterns,
      types,
      explicitExports: exportsField !== undefined,
    };
  });
