// The evaluator behind `compartment.evaluate`, a compartment's `eval` and its
// `Function`: runs a script as strict code whose free names resolve against
// one compartment's global object and nothing else.
//
// The realm-wide scaffold is a single function compiled once:
//
//   with (terminator) { with (evalScope) {
//     return (G, U) => function () { 'use strict'; return eval(arguments[0]); }
//   } }
//
// Each compartment calls it once to get its own evaluator closure over its
// global object G and unbound-name object U. Each evaluation arms the eval
// scope for one lookup so that `eval(...)` in the scaffold is a real direct
// eval, whose code therefore sees G and U as local bindings: the rewritten
// code reaches its globals as plain property accesses on G.

import { apply, create, FERAL_FUNCTION, freeze, defineProperty } from './commons.js';
import { confineScript, GLOBAL_BINDING, UNBOUND_BINDING } from './confine-script.js';
import { makeEvalScopeKit, scopeTerminator } from './scope-terminator.js';

export type Transform = (source: string) => string;

export interface EvaluateOptions {
  transforms?: readonly Transform[];
  sloppyGlobalsMode?: boolean;
  __moduleShimLexicals__?: object;
  __evadeHtmlCommentTest__?: boolean;
  __evadeImportExpressionTest__?: boolean;
  __rejectSomeDirectEvalExpressions__?: boolean;
}

export type SafeEvaluate = (source: string, options?: EvaluateOptions) => unknown;

type MakeScopedEvaluator = (globalObject: object, unbound: object) => (code: string) => unknown;

const evalScopeKit = makeEvalScopeKit();

let scaffold: MakeScopedEvaluator | undefined;
const getScaffold = (): MakeScopedEvaluator => {
  if (scaffold === undefined) {
    scaffold = apply(
      FERAL_FUNCTION(`
        with (this.scopeTerminator) {
          with (this.evalScope) {
            return function (${GLOBAL_BINDING}, ${UNBOUND_BINDING}) {
              'use strict';
              return function () {
                'use strict';
                return eval(arguments[0]);
              };
            };
          }
        }
      `),
      { scopeTerminator, evalScope: evalScopeKit.evalScope },
      [],
    ) as MakeScopedEvaluator;
  }
  return scaffold;
};

/**
 * The object assignments to missing free names fall to. Reads through it
 * (compound assignment) see undefined, as plain reads of missing names do.
 */
const makeUnbound = (globalObject: object, sloppyGlobalsMode: boolean): object =>
  new Proxy(create(null), {
    get: () => undefined,
    set: (_target, name, value) => {
      if (!sloppyGlobalsMode) throw ReferenceError(`${String(name)} is not defined`);
      defineProperty(globalObject, name, { value, writable: true, enumerable: true, configurable: true });
      return true;
    },
  });

const applyTransforms = (source: string, transforms: readonly Transform[]): string => {
  for (const transform of transforms) {
    source = transform(source);
    if (typeof source !== 'string') {
      throw TypeError(`A transform returned a ${typeof source} where it must return the transformed source string`);
    }
  }
  return source;
};

/**
 * Makes the evaluate function of one compartment. `globalTransforms` are the
 * compartment's own transforms, applied before those passed per call.
 */
export const makeSafeEvaluator = (globalObject: object, globalTransforms: readonly Transform[] = []): SafeEvaluate => {
  const strictEvaluator = getScaffold()(globalObject, makeUnbound(globalObject, false));
  let sloppyEvaluator: ((code: string) => unknown) | undefined;

  const safeEvaluate: SafeEvaluate = (source, options = {}) => {
    const {
      transforms = [],
      sloppyGlobalsMode = false,
      __evadeHtmlCommentTest__ = false,
      __evadeImportExpressionTest__ = false,
      __rejectSomeDirectEvalExpressions__ = false,
    } = options;
    let transformed = source;
    if (transforms.length > 0) transformed = applyTransforms(transformed, transforms);
    if (globalTransforms.length > 0) transformed = applyTransforms(transformed, globalTransforms);
    const code = confineScript(transformed, {
      rejectDirectEval: __rejectSomeDirectEvalExpressions__,
      evadeHtmlComments: __evadeHtmlCommentTest__,
      evadeImportExpressions: __evadeImportExpressionTest__,
    });
    let evaluator = strictEvaluator;
    if (sloppyGlobalsMode) {
      sloppyEvaluator ??= getScaffold()(globalObject, makeUnbound(globalObject, true));
      evaluator = sloppyEvaluator;
    }
    evalScopeKit.allowNextEvalToBeUnsafe();
    try {
      return apply(evaluator, globalObject, [code]);
    } finally {
      evalScopeKit.revokeEval();
    }
  };
  return freeze(safeEvaluate);
};
