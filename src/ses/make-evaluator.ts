// The evaluator behind `compartment.evaluate`, a compartment's `eval` and its
// `Function`: runs a script as strict code whose free names resolve against
// one compartment's global object and nothing else.
//
// The realm-wide scaffold is a single function compiled once:
//
//   with (terminator) { with (evalScope) {
//     return (G, U, E) => { const globalThis = G;
//       return function () { 'use strict'; return eval(arguments[0]); } }
//   } }
//
// Each compartment calls it once to get its own evaluator closure over its
// global object G, unbound-name object U and direct-eval kit E. Each
// evaluation arms the eval scope for one lookup so that `eval(...)` in the
// scaffold is a real direct eval, whose code therefore sees G, U, E and
// `globalThis` (= G) as local bindings: the rewritten code (confine-script.ts)
// reaches its globals as plain property accesses on G, and its own direct
// evals through E.

import { apply, create, FERAL_FUNCTION, freeze, defineProperty } from './commons.js';
import { confineScript, DIRECT_EVAL_BINDING, GLOBAL_BINDING, UNBOUND_BINDING } from './confine-script.js';
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

/**
 * What calls the evaluator: `compartment.evaluate` (which rejects direct
 * eval unless told otherwise), a compartment's `eval`, its `Function` (the
 * source is then the function expression it assembled), or the module
 * loader with the functor of a module record, which module-transform.ts has
 * already confined (so it is not confined again; only that module may pass
 * this kind, with text taken from a genuine module record).
 */
export type EvaluationKind = 'evaluate' | 'eval' | 'function' | 'module';

export type SafeEvaluate = (source: string, options?: EvaluateOptions, kind?: EvaluationKind) => unknown;

/** What rewritten direct-eval calls use (see confine-script.ts). */
interface DirectEvalKit {
  arm(): void;
  source(enclosingNames: string[], argument: unknown, aliases?: Record<string, string>): unknown;
  sourceWithDefaultThis(enclosingNames: string[], argument: unknown, aliases?: Record<string, string>): unknown;
  callReplaced(): unknown;
}

type MakeScopedEvaluator = (globalObject: object, unbound: object, directEval: DirectEvalKit) => (code: string) => unknown;

const evalScopeKit = makeEvalScopeKit();

let scaffold: MakeScopedEvaluator | undefined;
const getScaffold = (): MakeScopedEvaluator => {
  if (scaffold === undefined) {
    scaffold = apply(
      FERAL_FUNCTION(`
        with (this.scopeTerminator) {
          with (this.evalScope) {
            return function (${GLOBAL_BINDING}, ${UNBOUND_BINDING}, ${DIRECT_EVAL_BINDING}) {
              'use strict';
              const globalThis = ${GLOBAL_BINDING};
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
 * The direct-eval kit of one compartment. `source` confines a string source
 * for the realm's eval, which the call then receives. When the program has
 * replaced its global `eval`, a plain `eval(...)` call must call that
 * replacement instead: the source given to the realm's eval is then a call
 * of `callReplaced`, which passes the first argument on (the only one eval
 * reads; further ones are not forwarded).
 */
const makeDirectEvalKit = (
  globalObject: object,
  getOwnEval: () => unknown,
  confineNested: (source: string, enclosingNames: string[], defaultThis: boolean, aliases?: Record<string, string>) => string,
): DirectEvalKit => {
  let pendingReplacedCall: { argument: unknown } | undefined;
  const sourceFor = (enclosingNames: string[], argument: unknown, defaultThis: boolean, aliases?: Record<string, string>): unknown => {
    if ((globalObject as { eval?: unknown }).eval !== getOwnEval()) {
      pendingReplacedCall = { argument };
      return `${DIRECT_EVAL_BINDING}.callReplaced()`;
    }
    if (typeof argument !== 'string') return argument; // eval returns non-strings unchanged
    return confineNested(argument, enclosingNames, defaultThis, aliases);
  };
  return freeze({
    arm: evalScopeKit.allowNextEvalToBeUnsafe,
    source: (enclosingNames: string[], argument: unknown, aliases?: Record<string, string>) =>
      sourceFor(enclosingNames, argument, false, aliases),
    sourceWithDefaultThis: (enclosingNames: string[], argument: unknown, aliases?: Record<string, string>) =>
      sourceFor(enclosingNames, argument, true, aliases),
    callReplaced: (): unknown => {
      const { argument } = pendingReplacedCall ?? { argument: undefined };
      pendingReplacedCall = undefined;
      const replacement = (globalObject as { eval?: unknown }).eval;
      if (typeof replacement !== 'function') throw TypeError('eval is not a function');
      return apply(replacement, undefined, [argument]);
    },
  });
};

/**
 * Makes the evaluate function of one compartment. `globalTransforms` are the
 * compartment's own transforms, applied before those passed per call.
 * `getOwnEval` gives the compartment's own `eval`: a call `eval(...)` is a
 * direct eval only while the global `eval` is that one.
 */
export const makeSafeEvaluator = (
  globalObject: object,
  globalTransforms: readonly Transform[] = [],
  getOwnEval: () => unknown = () => undefined,
): SafeEvaluate => {
  const confineNested = (source: string, enclosingNames: string[], defaultThis: boolean, aliases?: Record<string, string>): string => {
    const transformed = globalTransforms.length > 0 ? applyTransforms(source, globalTransforms) : source;
    return confineScript(transformed, {
      rejectDirectEval: false,
      evadeHtmlComments: false,
      evadeImportExpressions: false,
      enclosingNames,
      aliases,
      defaultThis: defaultThis ? 'program' : undefined,
    });
  };
  // Made on first use: many compartments never evaluate anything themselves.
  let directEval: DirectEvalKit | undefined;
  let strictEvaluator: ((code: string) => unknown) | undefined;
  let sloppyEvaluator: ((code: string) => unknown) | undefined;
  const makeEvaluator = (sloppyGlobalsMode: boolean) => {
    directEval ??= makeDirectEvalKit(globalObject, getOwnEval, confineNested);
    return getScaffold()(globalObject, makeUnbound(globalObject, sloppyGlobalsMode), directEval);
  };

  const safeEvaluate: SafeEvaluate = (source, options = {}, kind = 'eval') => {
    const {
      transforms = [],
      sloppyGlobalsMode = false,
      __evadeHtmlCommentTest__ = false,
      __evadeImportExpressionTest__ = false,
      __rejectSomeDirectEvalExpressions__ = kind === 'evaluate',
    } = options;
    let code = source;
    if (kind !== 'module') {
      if (transforms.length > 0) code = applyTransforms(code, transforms);
      if (globalTransforms.length > 0) code = applyTransforms(code, globalTransforms);
      code = confineScript(code, {
        rejectDirectEval: __rejectSomeDirectEvalExpressions__,
        evadeHtmlComments: __evadeHtmlCommentTest__,
        evadeImportExpressions: __evadeImportExpressionTest__,
        defaultThis: kind === 'function' ? 'function-body' : undefined,
      });
    }
    const evaluator = sloppyGlobalsMode
      ? (sloppyEvaluator ??= makeEvaluator(true))
      : (strictEvaluator ??= makeEvaluator(false));
    evalScopeKit.allowNextEvalToBeUnsafe();
    try {
      return apply(evaluator, globalObject, [code]);
    } finally {
      evalScopeKit.revokeEval();
    }
  };
  return freeze(safeEvaluate);
};
