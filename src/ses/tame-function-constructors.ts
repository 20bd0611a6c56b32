// Function-constructor taming. Every function reaches an evaluator through its
// prototype chain: `(function(){}).constructor` is `Function`, and likewise
// `(function*(){}).constructor` is %GeneratorFunction%, `(async()=>{})`'s is
// %AsyncFunction%, `(async function*(){})`'s is %AsyncGeneratorFunction%. Each
// of those evaluates source text in the host's global scope, escaping any
// compartment. Because these are reachable from syntax, replacing globals is
// not enough: we replace `constructor` on each of the four function prototypes
// with an inert function that throws when called or constructed.
//
// The inert constructors keep the original shape (`.prototype` points back at
// the function prototype; the three others inherit from %InertFunction%, as
// the originals inherit from `Function`) and are returned as intrinsics. The
// global `Function` is not touched here: the start compartment's `Function`
// and `eval` are decided by evalTaming (tame-start-evaluators.ts), and the
// host's original stays available as FERAL_FUNCTION in commons.ts.

import { defineProperties, defineProperty, getPrototypeOf, setPrototypeOf } from './commons.js';

export type InertFunctionIntrinsics = {
  '%InertFunction%': Function;
  '%InertGeneratorFunction%': Function;
  '%InertAsyncFunction%': Function;
  '%InertAsyncGeneratorFunction%': Function;
};

// The four function prototypes, reached through syntax rather than `eval`, so
// that this works whatever the global `eval` has become.
const functionPrototypes = [
  ['%InertFunction%', 'Function', getPrototypeOf(function () {})],
  ['%InertGeneratorFunction%', 'GeneratorFunction', getPrototypeOf(function* () {})],
  ['%InertAsyncFunction%', 'AsyncFunction', getPrototypeOf(async function () {})],
  ['%InertAsyncGeneratorFunction%', 'AsyncGeneratorFunction', getPrototypeOf(async function* () {})],
] as const;

const makeInertConstructor = (name: string, prototype: object): Function => {
  // A `function` (not an arrow) so that `new` reaches the body and throws too.
  const InertConstructor = function () {
    throw TypeError('Function.prototype.constructor is not a valid constructor.');
  };
  defineProperties(InertConstructor, {
    name: { value: name, writable: false, enumerable: false, configurable: true },
    prototype: { value: prototype, writable: false, enumerable: false, configurable: false },
  });
  return InertConstructor;
};

// Taming is idempotent: a second call hands back the same inert constructors.
let tamed: InertFunctionIntrinsics | undefined;

/**
 * Replaces `constructor` on the four function prototypes with inert
 * constructors and returns those as %InertFunction%,
 * %InertGeneratorFunction%, %InertAsyncFunction% and
 * %InertAsyncGeneratorFunction%.
 */
export const tameFunctionConstructors = (): InertFunctionIntrinsics => {
  if (tamed !== undefined) {
    return tamed;
  }
  const record: Record<string, Function> = {};
  let InertFunction: Function | undefined;
  // Function first: the others are made to inherit from its inert replacement.
  for (const [intrinsicName, name, prototype] of functionPrototypes) {
    const InertConstructor = makeInertConstructor(name, prototype);
    if (InertFunction === undefined) {
      InertFunction = InertConstructor;
    } else {
      setPrototypeOf(InertConstructor, InertFunction);
    }
    // Only the value changes: `constructor` stays writable and configurable
    // until hardening, as the language defines it.
    defineProperty(prototype, 'constructor', { value: InertConstructor });
    record[intrinsicName] = InertConstructor;
  }
  tamed = record as InertFunctionIntrinsics;
  return tamed;
};
