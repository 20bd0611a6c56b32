// Errors: a passable error is a frozen instance of one of the standard
// error classes (inheriting directly from its prototype) with an own
// `message` string and no enumerable own properties; besides `message` it
// may only have a string `stack`, a passable error `cause` and a copyArray
// of passable errors `errors`, all non-enumerable data properties.

import { getOwnPropertyDescriptors, getPrototypeOf, objectHasOwn, ownKeys } from '../ses/commons.js';
import { hideAndHardenFunction } from '../ses/errors/index.js';
import type { GenericErrorConstructor } from '../ses/errors/index.js';
import { errorConstructorsByName } from './error-constructors.js';
import { problem, q } from './reject.js';
import type { Problem } from './reject.js';
import type { PassStyle } from './types.js';

const ErrorConstructor = Error;
const { isArray } = Array;

/** The standard error class of that name, or undefined. */
export const getErrorConstructor = (name: string): GenericErrorConstructor | undefined =>
  errorConstructorsByName.get(name) as GenericErrorConstructor | undefined;
Object.freeze(getErrorConstructor);

/**
 * True for anything `instanceof Error`, passable or not: marshal uses it to
 * decide that something is meant as an error, then reports what is wrong.
 */
export const isErrorLike = (value: unknown): boolean => value instanceof ErrorConstructor;
hideAndHardenFunction(isErrorLike);

type StyleOf = (value: unknown) => PassStyle;

/**
 * Problem with one own property of an error. `errorsSeen` holds the errors
 * on the current `cause` chain, to report a cycle rather than overflow.
 */
export const errorPropertyProblem = (
  name: string,
  descriptor: PropertyDescriptor,
  styleOf: StyleOf,
  errorsSeen: unknown[] = [],
): Problem | undefined => {
  if (descriptor.enumerable) {
    return problem`Passable Error ${q(name)} own property must not be enumerable: ${descriptor}`;
  }
  if (!objectHasOwn(descriptor, 'value')) {
    return problem`Passable Error ${q(name)} own property must be a data property: ${descriptor}`;
  }
  const { value } = descriptor;
  switch (name) {
    case 'message':
    case 'stack':
      return typeof value === 'string'
        ? undefined
        : problem`Passable Error ${q(name)} own property must be a string: ${value}`;
    case 'cause':
      // eslint-disable-next-line no-use-before-define
      return passableErrorProblem(value, styleOf, errorsSeen);
    case 'errors': {
      if (!isArray(value) || styleOf(value) !== 'copyArray') {
        return problem`Passable Error ${q(name)} own property must be a copyArray: ${value}`;
      }
      for (const inner of value) {
        // eslint-disable-next-line no-use-before-define
        const found = passableErrorProblem(inner, styleOf, errorsSeen);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    default:
      return problem`Passable Error has extra unpassed property ${q(name)}`;
  }
};

/**
 * The first reason `candidate` is not a passable error, or undefined.
 * Like @endo/pass-style, this does not check frozenness (passStyleOf does,
 * for the error it is asked about), and checks `cause` directly.
 */
export const passableErrorProblem = (candidate: unknown, styleOf: StyleOf, errorsSeen: unknown[] = []): Problem | undefined => {
  if (!(candidate instanceof ErrorConstructor)) return problem`Error expected: ${candidate}`;
  if (errorsSeen.includes(candidate)) return problem`Pass-by-copy data cannot be cyclic ${candidate}`;
  const proto = getPrototypeOf(candidate);
  const errorClass = getErrorConstructor(proto.name);
  if (errorClass === undefined || errorClass.prototype !== proto) {
    return problem`Passable Error must inherit from an error class .prototype: ${candidate}`;
  }
  const descriptors = getOwnPropertyDescriptors(candidate) as Record<string, PropertyDescriptor>;
  if (!objectHasOwn(descriptors, 'message')) {
    return problem`Passable Error must have an own "message" string property: ${candidate}`;
  }
  errorsSeen.push(candidate);
  try {
    for (const key of ownKeys(descriptors)) {
      // Symbol-named properties are left alone, as by @endo/pass-style (it lists string keys only).
      if (typeof key !== 'string') continue;
      const found = errorPropertyProblem(key, descriptors[key]!, styleOf, errorsSeen);
      if (found !== undefined) return found;
    }
  } finally {
    errorsSeen.pop();
  }
  return undefined;
};
