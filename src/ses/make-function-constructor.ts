// A compartment's `Function` constructor: builds functions whose bodies are
// confined to that compartment, the way `Function` builds them (parameters,
// then a body; `anonymous` as the name; the same toString text).
//
// The parameters and body are first checked by the realm's own Function
// constructor, which compiles but never runs them: that refuses any text
// meant to break out of the wrapper (`a){ ... }` injections) exactly as the
// language does, before the assembled source is confined and evaluated.

import { apply, arrayJoin, defineProperties, FERAL_FUNCTION, freeze, functionPrototype } from './commons.js';
import type { SafeEvaluate } from './make-evaluator.js';

export const makeFunctionConstructor = (safeEvaluate: SafeEvaluate): FunctionConstructor => {
  const confinedFunction = function Function(...args: unknown[]): unknown {
    const bodyText = args.length > 0 ? `${args[args.length - 1]}` : '';
    const parameterList = arrayJoin(
      args.slice(0, -1).map(p => `${p}`),
      ',',
    );
    apply(FERAL_FUNCTION, undefined, [parameterList, bodyText]); // syntax check only
    return safeEvaluate(`(function anonymous(${parameterList}\n) {\n${bodyText}\n})`, {}, true);
  };
  defineProperties(confinedFunction, {
    length: { value: 1 },
    prototype: { value: functionPrototype, writable: false, enumerable: false, configurable: false },
  });
  return freeze(confinedFunction) as unknown as FunctionConstructor;
};
