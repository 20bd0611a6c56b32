// endo/errors: the public face of `assert`, a drop-in for `@endo/errors`:
// the same export names (X, q, b, Fail, makeError, annotateError, ...) with
// the same behaviour. Unlike @endo/errors it needs no `assert` global and
// works before (and without) lockdown; redaction follows lockdown's
// errorTaming whenever lockdown happens, not the state at import time.

import { bare, details, quote } from './details.js';
import { assert as fullAssert, assertionFunctions } from './make-assert.js';
import { makeError } from './make-error.js';
import { note } from './notes.js';

export type {
  Assert,
  AssertionFunctions,
  AssertionUtilities,
  AssertMakeErrorOptions,
  AssertTypeof,
  BaseAssert,
  Details,
  DetailsToken,
  GenericErrorConstructor,
  MakeAssert,
  Raise,
  Rejector,
  Stringable,
} from './types.js';

/** `assert(cond, details?, ErrorConstructor?, options?)` with `.equal`, `.typeof`, `.string`, `.fail`. */
export const assert = assertionFunctions;

/** Template tag that throws an error made from its details. */
export const { Fail } = fullAssert;

export { bare, details, makeError, note, quote };
export { hideAndHardenFunction } from './hide-and-harden-function.js';

// The conventional abbreviations and other aliases.
export const b = bare;
export const X = details;
export const q = quote;
export const annotateError = note;
export const redacted = details;
export const throwRedacted = Fail;
