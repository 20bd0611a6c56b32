// RegExp taming. The host's `RegExp` carries the legacy static properties
// (`RegExp.$1`, `lastMatch`, `input`, ...), which record the last match made by
// any code in the realm: a channel between compartments that share `RegExp`.
// We make two fresh constructors, %InitialRegExp% (start compartment) and
// %SharedRegExp% (other compartments), that delegate to the original but carry
// none of those statics. Both share the original `RegExp.prototype`, so regexp
// literals, `instanceof` and subclasses keep working with either.
//
// regExpTaming 'safe' also removes `RegExp.prototype.compile`, which mutates a
// regexp in place (and so defeats hardening of regexp objects).

import {
  construct,
  defineProperties,
  defineProperty,
  getOwnPropertyDescriptor,
  uncurryThis,
} from './commons.js';

export type RegExpTaming = 'safe' | 'unsafe';

const OriginalRegExp = RegExp;
const regExpPrototype = OriginalRegExp.prototype;
const speciesDescriptor = getOwnPropertyDescriptor(OriginalRegExp, Symbol.species);
// `RegExp.escape` is a pure, standard function (ES2025); carry it when the engine has it.
const escapeDescriptor = getOwnPropertyDescriptor(OriginalRegExp, 'escape');
// The `source` getter throws for anything without a [[RegExpMatcher]] slot: a brand check.
const regExpSourceGetter = uncurryThis(
  getOwnPropertyDescriptor(regExpPrototype, 'source')!.get as (this: RegExp) => string,
);

/** The spec's IsRegExp: `Symbol.match` decides if present, else the internal slot. */
const isRegExp = (value: unknown): value is RegExp => {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') {
    return false;
  }
  const matcher = (value as { [Symbol.match]?: unknown })[Symbol.match];
  if (matcher !== undefined) {
    return !!matcher;
  }
  try {
    regExpSourceGetter(value as RegExp);
    return true;
  } catch {
    return false;
  }
};

const makeRegExpConstructor = (): RegExpConstructor => {
  // Named `RegExp` so that it reports itself as `RegExp` like the original.
  const TamedRegExp = function RegExp(this: unknown, ...args: unknown[]): RegExp {
    if (new.target === undefined) {
      // As the original does when called as a function: hand back the very
      // regexp when it was made by this constructor and no flags are given.
      const [pattern, flags] = args;
      if (flags === undefined && isRegExp(pattern) && pattern.constructor === TamedRegExp) {
        return pattern;
      }
      return construct(OriginalRegExp, args) as RegExp;
    }
    return construct(OriginalRegExp, args, new.target) as RegExp;
  };
  defineProperties(TamedRegExp, {
    length: { value: 2 },
    prototype: { value: regExpPrototype, writable: false, enumerable: false, configurable: false },
  });
  if (speciesDescriptor !== undefined) {
    // The original getter returns its receiver, so subclasses keep their species.
    defineProperty(TamedRegExp, Symbol.species, speciesDescriptor);
  }
  if (escapeDescriptor !== undefined) {
    defineProperty(TamedRegExp, 'escape', escapeDescriptor);
  }
  return TamedRegExp as unknown as RegExpConstructor;
};

export type RegExpIntrinsics = {
  '%InitialRegExp%': RegExpConstructor;
  '%SharedRegExp%': RegExpConstructor;
};

/**
 * Makes the two RegExp constructors, points `RegExp.prototype.constructor` at
 * the shared one and, unless `regExpTaming` is 'unsafe', deletes
 * `RegExp.prototype.compile`. The global `RegExp` is left alone: the integrator
 * installs %InitialRegExp% on the start compartment's global.
 */
export const tameRegExpConstructor = (regExpTaming: RegExpTaming = 'safe'): RegExpIntrinsics => {
  const InitialRegExp = makeRegExpConstructor();
  const SharedRegExp = makeRegExpConstructor();
  if (regExpTaming !== 'unsafe') {
    delete (regExpPrototype as { compile?: unknown }).compile;
  }
  defineProperty(regExpPrototype, 'constructor', { value: SharedRegExp });
  return { '%InitialRegExp%': InitialRegExp, '%SharedRegExp%': SharedRegExp };
};
