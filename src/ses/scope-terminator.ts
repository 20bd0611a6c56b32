// The objects that stand between confined code and the host's global scope.
//
// The evaluator runs rewritten code (see confine-script.ts), in which no free
// name is left to look up dynamically. The `with` scopes built from these
// objects are the safety net behind that rewrite: should any name still
// reach them, it stops here instead of at the host's global object.
//
// - The scope terminator answers "present" for every name, reads as
//   undefined and refuses writes, so no lookup ever goes past it.
// - The eval scope offers the realm's real `eval` for exactly one lookup
//   once armed (only the evaluator arms it, right before its own direct-eval
//   call: see make-evaluator.ts), and undefined otherwise.
//
// In correct operation no name of compartment code ever reaches either: the
// tests install an observer (observeNamesReachingTheTerminator) to check
// that V8 agrees, over a large body of real code. The observer only watches;
// what the objects answer does not depend on it.

import { create, defineProperty, FERAL_EVAL, freeze } from './commons.js';

let observer: ((name: PropertyKey) => void) | undefined;

/** For the tests: `watch` is told every name that reaches the terminator or the unarmed eval scope (undefined: no one). */
export const observeNamesReachingTheTerminator = (watch: ((name: PropertyKey) => void) | undefined): void => {
  observer = watch;
};

const terminatorHandler = freeze({
  has: (_target: object, name: PropertyKey) => {
    if (observer !== undefined) observer(name);
    return true;
  },
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
  // A flag read by a permanent getter, rather than a property defined and
  // deleted for each evaluation: one store instead of two object reshapes.
  // Unarmed, the getter answers undefined, as the terminator behind it would.
  let armed = false;
  const evalScope = create(null) as object;
  defineProperty(evalScope, 'eval', {
    get() {
      if (!armed) {
        if (observer !== undefined) observer('eval');
        return undefined;
      }
      armed = false;
      return FERAL_EVAL;
    },
    enumerable: false,
    configurable: false,
  });
  freeze(evalScope);
  return freeze({
    evalScope,
    allowNextEvalToBeUnsafe: () => {
      armed = true;
    },
    revokeEval: () => {
      armed = false;
    },
  });
};
