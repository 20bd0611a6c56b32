// The objects that stand between confined code and the host's global scope.
//
// The evaluator runs rewritten code (see confine-script.ts), in which no free
// name is left to look up dynamically. The `with` scopes built from these
// objects are the safety net behind that rewrite: should any name still
// reach them, it stops here instead of at the host's global object.
//
// - The scope terminator answers "present" for every name, reads as
//   undefined and refuses writes, so no lookup ever goes past it.
// - The eval scope offers the realm's real `eval` for exactly one lookup,
//   the evaluator's own direct-eval call, and is empty otherwise.

import { create, defineProperty, FERAL_EVAL, freeze } from './commons.js';

const terminatorHandler = freeze({
  has: () => true,
  get: () => undefined,
  set: (_target: object, name: PropertyKey) => {
    throw ReferenceError(`${String(name)} is not defined`);
  },
  getOwnPropertyDescriptor: () => undefined,
  defineProperty: () => false,
  deleteProperty: () => false,
});

export const scopeTerminator: object = freeze(new Proxy(freeze(create(null)), terminatorHandler));

export interface EvalScopeKit {
  evalScope: object;
  /** Makes the next lookup of `eval` through evalScope yield the real eval, once. */
  allowNextEvalToBeUnsafe(): void;
  /** Withdraws the offer if it was not taken (for instance when the call failed). */
  revokeEval(): void;
}

export const makeEvalScopeKit = (): EvalScopeKit => {
  const evalScope = create(null) as object;
  const oneTimeEvalDescriptor: PropertyDescriptor = freeze({
    configurable: true,
    get(this: object) {
      delete (evalScope as { eval?: unknown }).eval;
      return FERAL_EVAL;
    },
  });
  return freeze({
    evalScope,
    allowNextEvalToBeUnsafe: () => {
      defineProperty(evalScope, 'eval', oneTimeEvalDescriptor);
    },
    revokeEval: () => {
      delete (evalScope as { eval?: unknown }).eval;
    },
  });
};
