// evalTaming: what `eval` and `Function` are in the start compartment after
// lockdown. 'safe-eval' (default) confines them like a compartment's, with the
// real global object as their global; 'no-eval' makes them throw; 'unsafe-eval'
// leaves the host's originals.

import { defineProperty, freeze, functionPrototype, globalThisRef } from './commons.js';
import { makeEvalFunction } from './make-eval-function.js';
import { makeFunctionConstructor } from './make-function-constructor.js';
import { makeCompartmentEvaluator } from './make-evaluator.js';

export type EvalTaming = 'safe-eval' | 'unsafe-eval' | 'no-eval';

const noEvalError = (what: string) =>
  TypeError(`${what} is not allowed: lockdown was called with evalTaming 'no-eval' (SES_NO_EVAL)`);

export const tameStartEvaluators = (evalTaming: EvalTaming, markNative: (fn: Function) => void): void => {
  if (evalTaming === 'unsafe-eval') return;
  let evalFunction: Function;
  let functionConstructor: Function;
  if (evalTaming === 'safe-eval') {
    const { safeEvaluate } = makeCompartmentEvaluator(globalThisRef, [], () => evalFunction);
    evalFunction = makeEvalFunction(safeEvaluate);
    functionConstructor = makeFunctionConstructor(safeEvaluate);
  } else {
    evalFunction = freeze({
      eval(): never {
        throw noEvalError('eval');
      },
    }.eval);
    functionConstructor = function Function(): never {
      throw noEvalError('Function');
    };
    defineProperty(functionConstructor, 'prototype', { value: functionPrototype, writable: false });
    freeze(functionConstructor);
  }
  markNative(evalFunction);
  markNative(functionConstructor);
  for (const [name, value] of [['eval', evalFunction], ['Function', functionConstructor]] as const) {
    defineProperty(globalThisRef, name, { value, writable: true, enumerable: false, configurable: true });
  }
};
