// How marshal rejects: TypeErrors for values or encodings of the wrong
// shape, RangeErrors for limits and slot indices, built with the `details`
// tag of endo/errors so an unquoted value is redacted from the message (it
// still reaches the causal console) and a `q()`-quoted one is shown.
// Messages follow @endo/marshal's wording where it has one; it throws plain
// Errors for most of them, we throw the class that names the problem.

import { X, makeError, q } from '../ses/errors/index.js';

export { q };

const TypeErrorConstructor = TypeError;
const RangeErrorConstructor = RangeError;

/** Template tag: throws a TypeError with these details. */
export const failType = (template: TemplateStringsArray, ...args: unknown[]): never => {
  throw makeError(X(template, ...args), TypeErrorConstructor);
};

/** Template tag: throws a RangeError with these details. */
export const failRange = (template: TemplateStringsArray, ...args: unknown[]): never => {
  throw makeError(X(template, ...args), RangeErrorConstructor);
};


/** Throws the RangeError of a value or body nested deeper than `maxDepth` containers. */
export const tooDeep = (maxDepth: number): never =>
  failRange`Nesting deeper than ${q(maxDepth)} arrays or objects (the maxDepth option of makeMarshal)`;
