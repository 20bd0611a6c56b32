// How pass-style rejects a value: every rejection is a TypeError whose
// message is built with the `details` tag of endo/errors, so a value that is
// not `q()`-quoted is redacted from the message after lockdown (it still
// reaches the causal console) and a quoted one is shown. Messages follow
// @endo/pass-style's wording; it throws plain Errors for most of them, we
// throw TypeErrors throughout (the value has the wrong type for passing).

import { X, makeError } from '../ses/errors/index.js';
import type { Details } from '../ses/errors/index.js';

const TypeErrorConstructor = TypeError;

/** A rejection not yet thrown: the details of what is wrong. */
export type Problem = Details;

/** Throws the TypeError that `problem` describes. */
export const throwProblem = (problem: Problem): never => {
  throw makeError(problem, TypeErrorConstructor);
};

/** Template tag: throws a TypeError with these details. */
export const failType = (template: TemplateStringsArray, ...args: unknown[]): never =>
  throwProblem(X(template, ...args));

export { X as problem, q } from '../ses/errors/index.js';
