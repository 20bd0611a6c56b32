// Matching a subpath against a package's `exports`, or a `#name` against its
// `imports`, as Node 20 does: exact keys first, then the `*` pattern with the
// longest prefix; targets are strings (which must start with "./" and stay
// inside the package, except that `imports` may name another package),
// condition objects (first key in file order that is active wins), arrays
// (fallbacks past invalid targets) and `null` (an exclusion). Everything works
// on file URLs, as in Node, so percent escapes and "?"/"#" in subpaths mean
// what they mean there.

import { fileURLToPath } from 'node:url';
import { makeResolveError, quote } from './resolve-errors.js';

export interface TargetContext {
  /** The package.json whose `exports` or `imports` is being matched. */
  readonly packageJsonUrl: URL;
  /** The specifier as written by the referrer, for messages. */
  readonly specifier: string;
  /** The referrer's path, for messages. */
  readonly referrer: string;
  /** Active conditions; "default" always matches. */
  readonly conditions: ReadonlySet<string>;
  /** Resolves a bare specifier found as an `imports` target, from the package.json's location. */
  readonly resolvePackage: (specifier: string, base: URL) => URL;
}

/** Deeper nesting than this in a package.json target is refused rather than overflowing the stack. */
const maxTargetDepth = 200;

// Segments a target or a pattern match may not contain: ".", "..",
// "node_modules", also percent-encoded. (Empty segments, as in "a//b", Node
// only deprecates, so they pass.)
const refusedSegment =
  /(^|\\|\/)((\.|%2e)(\.|%2e)?|(n|%6e|%4e)(o|%6f|%4f)(d|%64|%44)(e|%65|%45)(_|%5f)(m|%6d|%4d)(o|%6f|%4f)(d|%64|%44)(u|%75|%55)(l|%6c|%4c)(e|%65|%45)(s|%73|%53))(\\|\/|$)/i;

const hasOwn = (object: unknown, key: string) => Object.prototype.hasOwnProperty.call(object, key);
const ownKeys = (value: unknown): string[] => Object.getOwnPropertyNames(value);

const isArrayIndex = (key: string) => {
  const number = Number(key);
  return `${number}` === key && number >= 0 && number < 0xffff_ffff;
};

const packageJsonPathOf = (context: TargetContext) => fileURLToPath(context.packageJsonUrl);

const fieldName = (internal: boolean) => (internal ? 'imports' : 'exports');

const invalidTarget = (context: TargetContext, key: string, target: unknown, internal: boolean) => {
  const where = key === '.' && !internal ? 'main target' : `target for ${quote(key)}`;
  const relative =
    typeof target === 'string' && !internal && !target.startsWith('./') ? ' Targets must start with "./".' : '';
  return makeResolveError(
    'ERR_INVALID_PACKAGE_TARGET',
    `Invalid "${fieldName(internal)}" ${where} ${quote(target)} in ${packageJsonPathOf(context)}, ` +
      `met resolving ${quote(context.specifier)} from ${context.referrer}.${relative} ` +
      'The package is misconfigured: fix its package.json or use another version.',
  );
};

const invalidConfig = (context: TargetContext, problem: string) =>
  makeResolveError(
    'ERR_INVALID_PACKAGE_CONFIG',
    `Invalid package config ${packageJsonPathOf(context)}: ${problem}; ` +
      `met resolving ${quote(context.specifier)} from ${context.referrer}. ` +
      'Fix that package.json (or reinstall the package) and try again.',
  );

const notExported = (context: TargetContext, subpath: string) => {
  const what = subpath === '.' ? 'No "exports" main entry is defined' : `Subpath ${quote(subpath)} is not defined by "exports"`;
  return makeResolveError(
    'ERR_PACKAGE_PATH_NOT_EXPORTED',
    `${what} in ${packageJsonPathOf(context)} (resolving ${quote(context.specifier)} from ${context.referrer}). ` +
      'Import one of the subpaths that the package exports.',
  );
};

const invalidSubpath = (context: TargetContext, request: string, key: string, internal: boolean) =>
  makeResolveError(
    'ERR_INVALID_MODULE_SPECIFIER',
    `Invalid module ${quote(request)}: it is not a valid match in pattern ${quote(key)} for the ` +
      `"${fieldName(internal)}" of ${packageJsonPathOf(context)} (imported from ${context.referrer}). ` +
      'Remove ".", ".." and "node_modules" segments from the specifier.',
  );

const replaceStars = (text: string, replacement: string) => text.replace(/\*/g, () => replacement);

const resolveTargetString = (
  context: TargetContext,
  target: string,
  patternMatch: string,
  key: string,
  isPattern: boolean,
  internal: boolean,
): URL => {
  if (patternMatch !== '' && !isPattern && !target.endsWith('/')) {
    throw invalidTarget(context, key, target, internal);
  }
  if (!target.startsWith('./')) {
    if (internal && !target.startsWith('../') && !target.startsWith('/')) {
      let isUrl = true;
      try {
        new URL(target);
      } catch {
        isUrl = false;
      }
      if (!isUrl) {
        const bare = isPattern ? replaceStars(target, patternMatch) : target + patternMatch;
        return context.resolvePackage(bare, context.packageJsonUrl);
      }
    }
    throw invalidTarget(context, key, target, internal);
  }
  const targetTail = target.slice(2);
  if (refusedSegment.test(targetTail)) {
    throw invalidTarget(context, key, target, internal);
  }
  const resolved = new URL(target, context.packageJsonUrl);
  const packagePath = new URL('.', context.packageJsonUrl).pathname;
  if (!resolved.pathname.startsWith(packagePath)) {
    throw invalidTarget(context, key, target, internal);
  }
  if (patternMatch === '') return resolved;
  if (refusedSegment.test(patternMatch)) {
    const request = isPattern ? key.replace('*', () => patternMatch) : key + patternMatch;
    throw invalidSubpath(context, request, key, internal);
  }
  if (isPattern) return new URL(replaceStars(resolved.href, patternMatch));
  return new URL(patternMatch, resolved);
};

/**
 * Resolves one target. Undefined means no condition matched; null means the
 * target excludes this subpath; both end as "not exported / not defined".
 */
const resolveTarget = (
  context: TargetContext,
  target: unknown,
  patternMatch: string,
  key: string,
  isPattern: boolean,
  internal: boolean,
  depth: number,
): URL | null | undefined => {
  if (depth > maxTargetDepth) {
    throw invalidConfig(context, `"${fieldName(internal)}" is nested more than ${maxTargetDepth} levels deep`);
  }
  if (typeof target === 'string') {
    return resolveTargetString(context, target, patternMatch, key, isPattern, internal);
  }
  if (Array.isArray(target)) {
    if (target.length === 0) return null;
    let lastError: unknown;
    for (const item of target) {
      let result: URL | null | undefined;
      try {
        result = resolveTarget(context, item, patternMatch, key, isPattern, internal, depth + 1);
      } catch (error) {
        lastError = error;
        // An invalid target falls back to the next one; anything else is final.
        if ((error as { code?: unknown }).code === 'ERR_INVALID_PACKAGE_TARGET') continue;
        throw error;
      }
      if (result === undefined) continue;
      if (result === null) {
        lastError = null;
        continue;
      }
      return result;
    }
    if (lastError === undefined || lastError === null) return lastError;
    throw lastError;
  }
  if (typeof target === 'object' && target !== null) {
    const keys = ownKeys(target);
    if (keys.some(isArrayIndex)) {
      throw invalidConfig(context, `"${fieldName(internal)}" cannot contain numeric property keys`);
    }
    for (const condition of keys) {
      if (condition === 'default' || context.conditions.has(condition)) {
        const result = resolveTarget(
          context,
          (target as Record<string, unknown>)[condition],
          patternMatch,
          key,
          isPattern,
          internal,
          depth + 1,
        );
        if (result === undefined) continue;
        return result;
      }
    }
    return undefined;
  }
  if (target === null) return null;
  throw invalidTarget(context, key, target, internal);
};

/** Orders pattern keys: longer prefix before the "*" first, then longer key. */
const comparePatternKeys = (a: string, b: string): number => {
  const aStar = a.indexOf('*');
  const bStar = b.indexOf('*');
  const aBase = aStar === -1 ? a.length : aStar + 1;
  const bBase = bStar === -1 ? b.length : bStar + 1;
  if (aBase > bBase) return -1;
  if (bBase > aBase) return 1;
  if (aStar === -1) return 1;
  if (bStar === -1) return -1;
  if (a.length > b.length) return -1;
  if (b.length > a.length) return 1;
  return 0;
};

/** The best `*` key matching a request, with what the star stands for. */
const findPatternMatch = (map: unknown, request: string): { key: string; match: string } | undefined => {
  let bestKey = '';
  let bestMatch = '';
  for (const key of ownKeys(map)) {
    const star = key.indexOf('*');
    if (star === -1 || !request.startsWith(key.slice(0, star))) continue;
    const trailer = key.slice(star + 1);
    if (
      request.length >= key.length &&
      request.endsWith(trailer) &&
      comparePatternKeys(bestKey, key) === 1 &&
      key.lastIndexOf('*') === star
    ) {
      bestKey = key;
      bestMatch = request.slice(star, request.length - trailer.length);
    }
  }
  return bestKey === '' ? undefined : { key: bestKey, match: bestMatch };
};

/** Whether `exports` is the sugar for `{ ".": exports }` (a target or conditions only). */
const isMainSugar = (context: TargetContext, exports: unknown): boolean => {
  if (typeof exports === 'string' || Array.isArray(exports)) return true;
  if (typeof exports !== 'object' || exports === null) return false;
  let sugar: boolean | undefined;
  for (const key of ownKeys(exports)) {
    const isCondition = key === '' || key[0] !== '.';
    if (sugar === undefined) {
      sugar = isCondition;
    } else if (sugar !== isCondition) {
      throw invalidConfig(
        context,
        '"exports" cannot mix keys starting with "." and keys not starting with "."; ' +
          'it must be either an object of subpaths or an object of conditions for the main entry',
      );
    }
  }
  return sugar === true;
};

/** Resolves "." or "./sub" through a package's `exports` (which is neither null nor undefined). */
export const resolvePackageExports = (context: TargetContext, packageSubpath: string, exportsField: unknown): URL => {
  const exports = isMainSugar(context, exportsField) ? { '.': exportsField } : exportsField;
  if (hasOwn(exports, packageSubpath) && !packageSubpath.includes('*') && !packageSubpath.endsWith('/')) {
    const target = (exports as Record<string, unknown>)[packageSubpath];
    const resolved = resolveTarget(context, target, '', packageSubpath, false, false, 0);
    if (resolved == null) throw notExported(context, packageSubpath);
    return resolved;
  }
  const pattern = findPatternMatch(exports, packageSubpath);
  if (pattern !== undefined) {
    const target = (exports as Record<string, unknown>)[pattern.key];
    const resolved = resolveTarget(context, target, pattern.match, pattern.key, true, false, 0);
    if (resolved == null) throw notExported(context, packageSubpath);
    return resolved;
  }
  throw notExported(context, packageSubpath);
};

export const importNotDefined = (name: string, referrer: string, packageJsonPath: string | undefined) =>
  makeResolveError(
    'ERR_PACKAGE_IMPORT_NOT_DEFINED',
    `Package import specifier ${quote(name)} is not defined` +
      (packageJsonPath === undefined ? ' (no package.json encloses the referrer)' : ` in ${packageJsonPath}`) +
      ` imported from ${referrer}. Add it to the "imports" of that package.json, or import something defined there.`,
  );

/**
 * Resolves a "#name" through the `imports` of the referrer's package scope.
 * The caller has checked that the name is well formed.
 */
export const resolvePackageImports = (context: TargetContext, name: string, imports: unknown): URL => {
  // Node consults `imports` only when it is truthy.
  if (imports) {
    if (hasOwn(imports, name) && !name.includes('*')) {
      const target = (imports as Record<string, unknown>)[name];
      const resolved = resolveTarget(context, target, '', name, false, true, 0);
      if (resolved != null) return resolved;
    } else {
      const pattern = findPatternMatch(imports, name);
      if (pattern !== undefined) {
        const target = (imports as Record<string, unknown>)[pattern.key];
        const resolved = resolveTarget(context, target, pattern.match, pattern.key, true, true, 0);
        if (resolved != null) return resolved;
      }
    }
  }
  throw importNotDefined(name, context.referrer, packageJsonPathOf(context));
};
