// The evaluator behind `compartment.evaluate`, a compartment's `eval` and its
// `Function`, and the compiler of module functors: runs rewritten code
// (confine-script.ts, module-transform.ts) as strict code whose free names
// resolve against one compartment's global object and nothing else.
//
// The realm-wide scaffold is a single function compiled once:
//
//   with (terminator) { with (evalScope) {
//     return (G, U, E) => { const globalThis = G;
//       return (S) => function () { 'use strict'; return eval(arguments[0]); } }
//   } }
//
// Each compartment calls it once to get its own evaluator closure over its
// global object G, unbound-name object U and direct-eval kit E; the code of
// a direct eval gets one more closure, over its scope object S. Each
// evaluation arms the eval scope for one lookup, right before it calls the
// closure, so that `eval(...)` there is a real direct eval whose code sees
// G, U, E, S and `globalThis` (= G) as local bindings.
//
// The realm's eval is reachable in no other way. No code of a compartment
// ever arms the eval scope: a direct eval in compartment code calls the kit
// (`E.direct`), which confines the source and runs it through this same
// evaluator with a scope object holding accessors of the names bound around
// the call. So code that names the internal bindings, should the rewriter
// ever let some through, gets nothing the compartment's own `eval` would
// not give it, and a name that is not rewritten stops at the terminator.
//
// What is compiled is only ever GeneratedCode, verified once before its
// first compilation (verify-generated-code.ts).

import { apply, create, defineProperty, FERAL_FUNCTION, freeze, preventExtensions } from './commons.js';
import { confineScript } from './confine-script.js';
import { GeneratedCode, isIdentifierName } from './generated-code.js';
import { DIRECT_EVAL_BINDING, GLOBAL_BINDING, isInternalName, SCOPE_BINDING, UNBOUND_BINDING } from './internal-names.js';
import { makeEvalScopeKit, scopeTerminator } from './scope-terminator.js';
import { verifyGeneratedCode } from './verify-generated-code.js';
import { evadeHtmlCommentTest, evadeImportExpressionTest } from './text-transforms.js';
import { directEvalUnavailableError, probeHostEvaluators } from './probe-host-evaluators.js';

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
 * eval unless told otherwise), a compartment's `eval`, or its `Function`
 * (the source is then the function expression it assembled).
 */
export type EvaluationKind = 'evaluate' | 'eval' | 'function';

export type SafeEvaluate = (source: string, options?: EvaluateOptions, kind?: EvaluationKind) => unknown;

export interface CompartmentEvaluator {
  safeEvaluate: SafeEvaluate;
  /** Evaluates the functor code of a module record (module-transform.ts): its value, the functor. */
  evaluateModuleFunctor(code: GeneratedCode): unknown;
}

/** What rewritten direct-eval calls use (see confine-script.ts). */
interface DirectEvalKit {
  /**
   * The function that a call `eval(...)` of compartment code calls instead.
   * `bindings` lists, for each name bound around the call, the name, a
   * getter and a setter (0 for none); `thisOf` gives the call's `this`.
   */
  direct(thisOf: () => unknown, bindings: readonly unknown[]): (...args: unknown[]) => unknown;
}

type ScopedEvaluator = (code: string) => unknown;
type MakeScopedEvaluator = (scope: object | undefined) => ScopedEvaluator;
type Scaffold = (globalObject: object, unbound: object, directEval: DirectEvalKit) => MakeScopedEvaluator;

const evalScopeKit = makeEvalScopeKit();

let scaffold: Scaffold | undefined;
const getScaffold = (): Scaffold => {
  if (scaffold === undefined) {
    // The scaffold's `eval(...)` must be a direct eval (lockdown checks
    // this too; a compartment may be made before lockdown).
    if (probeHostEvaluators().directEvalAllowed !== true) throw directEvalUnavailableError();
    scaffold = apply(
      FERAL_FUNCTION(`
        with (this.scopeTerminator) {
          with (this.evalScope) {
            return function (${GLOBAL_BINDING}, ${UNBOUND_BINDING}, ${DIRECT_EVAL_BINDING}) {
              'use strict';
              const globalThis = ${GLOBAL_BINDING};
              return function (${SCOPE_BINDING}) {
                'use strict';
                return function () {
                  'use strict';
                  return eval(arguments[0]);
                };
              };
            };
          }
        }
      `),
      { scopeTerminator, evalScope: evalScopeKit.evalScope },
      [],
    ) as Scaffold;
  }
  return scaffold;
};

/**
 * Runs generated code, verified once before its first compilation, in one
 * of the scaffold's evaluators. Nothing runs between arming the eval scope
 * and the scaffold's lookup of `eval`.
 */
const runGenerated = (evaluator: ScopedEvaluator, thisValue: unknown, code: GeneratedCode): unknown => {
  const text = GeneratedCode.verifiedText(code, verifyGeneratedCode);
  evalScopeKit.allowNextEvalToBeUnsafe();
  try {
    return apply(evaluator, thisValue, [text]);
  } finally {
    evalScopeKit.revokeEval();
  }
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

/**
 * Applies `transforms` in turn; one that returns anything but a string is a
 * TypeError (`kind` and `what` say which transforms, applied to what).
 */
export const applyTransforms = (source: string, transforms: readonly Transform[], kind = 'A transform', what = ''): string => {
  for (const transform of transforms) {
    source = transform(source);
    if (typeof source !== 'string') {
      throw TypeError(`${kind} returned a ${typeof source}${what} where it must return the transformed source string`);
    }
  }
  return source;
};

/**
 * The scope object of one direct eval: an accessor for each name bound
 * around the call, and nothing else. Checks the list it is handed, since
 * code that names the kit could hand it anything.
 */
const makeDirectEvalScope = (bindings: readonly unknown[]): { names: string[]; scope: object } => {
  const names: string[] = [];
  const scope = create(null) as object;
  for (let i = 0; i < bindings.length; i += 3) {
    const name = bindings[i];
    const get = bindings[i + 1];
    const set = bindings[i + 2];
    if (typeof name !== 'string' || !isIdentifierName(name) || isInternalName(name) || typeof get !== 'function') {
      throw TypeError('Internal: a malformed direct eval binding');
    }
    names.push(name);
    defineProperty(scope, name, {
      get: get as () => unknown,
      set: typeof set === 'function' ? (set as (value: unknown) => void) : undefined,
      enumerable: false,
      configurable: false,
    });
  }
  return { names, scope: preventExtensions(scope) };
};

/**
 * The direct-eval kit of one evaluator. When the program has replaced its
 * global `eval`, a call `eval(...)` calls that replacement instead (with
 * every argument, and `this` undefined).
 */
const makeDirectEvalKit = (
  globalObject: object,
  getOwnEval: () => unknown,
  confineNested: (source: string, enclosingNames: string[]) => ReturnType<typeof confineScript>,
  makeScoped: () => MakeScopedEvaluator,
): DirectEvalKit =>
  freeze({
    direct:
      (thisOf: () => unknown, bindings: readonly unknown[]) =>
      (...args: unknown[]): unknown => {
        const globalEval = (globalObject as { eval?: unknown }).eval;
        if (globalEval !== getOwnEval()) {
          if (typeof globalEval !== 'function') throw TypeError('eval is not a function');
          return apply(globalEval, undefined, args);
        }
        const source = args[0];
        if (typeof source !== 'string') return source; // eval returns non-strings unchanged
        const { names, scope } = makeDirectEvalScope(bindings);
        const confined = confineNested(source, names);
        // Asked only when the code reads it: before `super()`, reading `this` throws.
        const thisValue = confined.usesTopLevelThis ? thisOf() : undefined;
        return runGenerated(makeScoped()(scope), thisValue, confined.code);
      },
  });

/**
 * Makes the evaluator of one compartment. `globalTransforms` are the
 * compartment's own transforms, applied before those passed per call.
 * `getOwnEval` gives the compartment's own `eval`: a call `eval(...)` is a
 * direct eval only while the global `eval` is that one.
 */
export const makeCompartmentEvaluator = (
  globalObject: object,
  globalTransforms: readonly Transform[] = [],
  getOwnEval: () => unknown = () => undefined,
): CompartmentEvaluator => {
  const confineNested = (source: string, enclosingNames: string[]) => {
    const transformed = globalTransforms.length > 0 ? applyTransforms(source, globalTransforms) : source;
    return confineScript(transformed, { rejectDirectEval: false, enclosingNames });
  };
  // Made on first use: many compartments never evaluate anything themselves.
  // Each mode has its own unbound-names object, so its own kit and closures.
  const makeMode = (sloppyGlobalsMode: boolean) => {
    let makeScoped: MakeScopedEvaluator | undefined;
    const getMakeScoped = (): MakeScopedEvaluator => {
      if (makeScoped === undefined) {
        const kit = makeDirectEvalKit(globalObject, getOwnEval, confineNested, getMakeScoped);
        makeScoped = getScaffold()(globalObject, makeUnbound(globalObject, sloppyGlobalsMode), kit);
      }
      return makeScoped;
    };
    let topLevel: ScopedEvaluator | undefined;
    return (): ScopedEvaluator => (topLevel ??= getMakeScoped()(undefined));
  };
  const strictEvaluator = makeMode(false);
  const sloppyEvaluator = makeMode(true);

  const safeEvaluate: SafeEvaluate = (source, options = {}, kind = 'eval') => {
    const {
      transforms = [],
      sloppyGlobalsMode = false,
      __evadeHtmlCommentTest__ = false,
      __evadeImportExpressionTest__ = false,
      __rejectSomeDirectEvalExpressions__ = kind === 'evaluate',
    } = options;
    let text = source;
    if (transforms.length > 0) text = applyTransforms(text, transforms);
    // The evasions are ses's text transforms, in ses's order: over the
    // whole text, string literals included (so that a Function body
    // written in the evaluated text is evaded too). The result is parsed
    // and confined like any source.
    if (__evadeHtmlCommentTest__) text = evadeHtmlCommentTest(text);
    if (__evadeImportExpressionTest__) text = evadeImportExpressionTest(text);
    if (globalTransforms.length > 0) text = applyTransforms(text, globalTransforms);
    const { code } = confineScript(text, {
      rejectDirectEval: __rejectSomeDirectEvalExpressions__,
      functionBody: kind === 'function',
    });
    return runGenerated(sloppyGlobalsMode ? sloppyEvaluator() : strictEvaluator(), globalObject, code);
  };
  const evaluateModuleFunctor = (code: GeneratedCode): unknown => runGenerated(strictEvaluator(), undefined, code);
  return freeze({ safeEvaluate: freeze(safeEvaluate), evaluateModuleFunctor: freeze(evaluateModuleFunctor) });
};
