// A compartment's `Function` constructor: builds functions whose bodies are
// confined to that compartment, the way `Function` builds them (parameters,
// then a body; `anonymous` as the name; the same toString text).
//
// The parameters and body are first checked by the realm's own Function
// constructor, which compiles but never runs them: that refuses any text
// meant to break out of the wrapper (`a){ ... }` injections) exactly as the
// language does, before the assembled source is confined and evaluated.
//
// Every compartment needs a `Function` of its own (its bodies see its
// globals), and compartments are made often, so each one is a Proxy of one
// shared, frozen constructor: `prototype`, `name` and `length` come from the
// shared one, calls and `new` go to the compartment's evaluator. A Proxy is
// about ten times cheaper to make than a function with its `prototype`
// redefined, frozen and registered.

import { apply, arrayJoin, defineProperties, FERAL_FUNCTION, freeze, functionPrototype } from './commons.js';
import type { SafeEvaluate } from './make-evaluator.js';

const makeFunction = (safeEvaluate: SafeEvaluate, args: unknown[]): unknown => {
  const bodyText = args.length > 0 ? `${args[args.length - 1]}` : '';
  const parameterList = arrayJoin(
    args.slice(0, -1).map(p => `${p}`),
    ',',
  );
  apply(FERAL_FUNCTION, undefined, [parameterList, bodyText]); // syntax check only
  return safeEvaluate(`(function anonymous(${parameterList}\n) {\n${bodyText}\n})`, {}, 'function');
};

/** What every compartment's Function shows of itself; never called (the proxies trap calls). */
const sharedFunctionConstructor = function Function(): never {
  throw TypeError('unreachable: compartment Function constructors are proxies');
};
defineProperties(sharedFunctionConstructor, {
  length: { value: 1 },
  prototype: { value: functionPrototype, writable: false, enumerable: false, configurable: false },
});
freeze(sharedFunctionConstructor);

/** The traps of one compartment's Function: a call and `new` do the same. */
class FunctionTraps {
  readonly #safeEvaluate: SafeEvaluate;
  constructor(safeEvaluate: SafeEvaluate) {
    this.#safeEvaluate = safeEvaluate;
  }
  apply(_target: unknown, _thisArgument: unknown, args: unknown[]): unknown {
    return makeFunction(this.#safeEvaluate, args);
  }
  construct(_target: unknown, args: unknown[]): object {
    return makeFunction(this.#safeEvaluate, args) as object;
  }
}
freeze(FunctionTraps.prototype);

export const makeFunctionConstructor = (safeEvaluate: SafeEvaluate): FunctionConstructor =>
  new Proxy(sharedFunctionConstructor, new FunctionTraps(safeEvaluate)) as unknown as FunctionConstructor;

/** The shared target, to register once as a stand-in for a built-in. */
export const functionConstructorTarget: Function = sharedFunctionConstructor;
