// Locale taming. Methods such as `toLocaleString` and `localeCompare` answer
// according to the host's locale and time zone: ambient information that code
// in a compartment should not read, and a source of results that differ from
// machine to machine. With localeTaming 'safe' (the default) each `xLocaleY`
// method of every intrinsic becomes its `xY` counterpart
// (`toLocaleDateString` → `toDateString`, `toLocaleUpperCase` → `toUpperCase`,
// ...) and `String.prototype.localeCompare` compares UTF-16 code units.
//
// As in the original ses, each is the very same function as its counterpart
// (`Object.prototype.toLocaleString === Object.prototype.toString`, and so
// for BigInt, Date, String, Array and typed arrays): code may check it.
// Number is the exception, as there: its `toString` takes a radix and the
// first argument of `toLocaleString` is a locale, so its `toLocaleString`
// calls `toString` with no argument (`(37).toLocaleString('en')` is '37').
// BigInt's forwards the locale as a radix, as the original's does.

import { apply, defineProperty, getOwnPropertyNames, isObject } from './commons.js';

export type LocaleTaming = 'safe' | 'unsafe';

// `toLocaleString` → ['to', 'String'], `toLocaleUpperCase` → ['to', 'UpperCase'].
const localeMethodPattern = /^(\w*[a-z])Locale([A-Z]\w*)$/;
const regExpExec = RegExp.prototype.exec;
const stringIncludes = String.prototype.includes;
const matchLocaleMethodName = (name: string): RegExpExecArray | null =>
  // The test first: the pattern backtracks a lot on the many names without 'Locale'.
  apply(stringIncludes, name, ['Locale'])
    ? (apply(regExpExec, localeMethodPattern, [name]) as RegExpExecArray | null)
    : null;

const numberToString = Number.prototype.toString;

// Method syntax: named functions with no construct behaviour and no `.prototype`.
const localeFreeMethods = {
  localeCompare(this: unknown, that: unknown): number {
    if (this === null || this === undefined) {
      throw TypeError('Cannot localeCompare with null or undefined "this" value');
    }
    const self = `${this}`;
    const other = `${that}`;
    // String relational comparison is by UTF-16 code units.
    if (self < other) return -1;
    if (self > other) return 1;
    return 0;
  },
};
// Separate objects so that each method keeps the name `toLocaleString`.
const numberMethods = {
  toLocaleString(this: unknown): string {
    // The original `toString` does the brand check; no radix is passed on.
    return apply(numberToString, this, []) as string;
  },
};

const replaceMethod = (target: object, name: string, method: Function): void => {
  // Only the value changes; the property keeps its attributes.
  defineProperty(target, name, { value: method });
};

/**
 * Replaces the locale-sensitive methods found on the given intrinsics (own
 * properties of each, keyed by intrinsic name) unless `localeTaming` is 'unsafe'.
 */
export const tameLocaleMethods = (
  intrinsics: Record<string, unknown>,
  localeTaming: LocaleTaming = 'safe',
): void => {
  if (localeTaming === 'unsafe') {
    return;
  }
  replaceMethod(String.prototype, 'localeCompare', localeFreeMethods.localeCompare);

  for (const intrinsicName of getOwnPropertyNames(intrinsics)) {
    const intrinsic = intrinsics[intrinsicName];
    if (!isObject(intrinsic)) continue;
    for (const methodName of getOwnPropertyNames(intrinsic)) {
      const match = matchLocaleMethodName(methodName);
      if (match === null) continue;
      const holder = intrinsic as Record<string, unknown>;
      if (typeof holder[methodName] !== 'function') {
        throw TypeError(
          `Cannot tame locale method ${JSON.stringify(methodName)} of ${intrinsicName}: expected a function, got ${typeof holder[methodName]}`,
        );
      }
      const plainName = `${match[1]}${match[2]}`;
      const plainMethod = holder[plainName];
      if (typeof plainMethod !== 'function') {
        throw TypeError(
          `Cannot tame locale method ${JSON.stringify(methodName)} of ${intrinsicName}: its locale-free counterpart ${JSON.stringify(plainName)} is not a function; pass localeTaming: 'unsafe' to keep the locale methods`,
        );
      }
      replaceMethod(intrinsic, methodName, plainMethod);
    }
  }

  // After the walk, which set it to the radix-taking `toString`.
  replaceMethod(Number.prototype, 'toLocaleString', numberMethods.toLocaleString);
};
