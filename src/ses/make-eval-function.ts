// A compartment's `eval`: evaluates a string as a script against that
// compartment's global object (always an indirect eval: it never sees the
// caller's local scope). Non-strings are returned unchanged, as by `eval`.

import { freeze } from './commons.js';
import type { SafeEvaluate } from './make-evaluator.js';

export const makeEvalFunction = (safeEvaluate: SafeEvaluate): ((source: unknown) => unknown) => {
  // A method, so that it is neither constructible nor has a prototype, like eval.
  const { eval: confinedEval } = {
    eval(source: unknown): unknown {
      if (typeof source !== 'string') return source;
      return safeEvaluate(source);
    },
  };
  return freeze(confinedEval);
};
