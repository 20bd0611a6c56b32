// The override-mistake enablements, as data: for each overrideTaming level,
// which properties of which intrinsics (named as in the intrinsics record,
// `%ObjectPrototype%`, ...) become accessors that let an inheriting object
// override them by assignment once the intrinsics are frozen.
// enable-property-overrides.ts walks these tables.
//
// Each enablement costs a getter call on every read of the property, so the
// lists hold only what real code is known to assign; the comments name the
// code. Properties an engine lacks, or has as accessors already, are skipped.

import { freeze } from './commons.js';

export type OverrideTaming = 'min' | 'moderate' | 'severe';

/**
 * Intrinsic name -> the keys of its own data properties to enable, or '*'
 * for all of them.
 */
export type EnablementPlan = { readonly [intrinsicName: string]: readonly PropertyKey[] | '*' };

const { iterator, toStringTag } = Symbol;

/** Combines plans; a later plan's entry for an intrinsic extends (or with '*', replaces) an earlier one's. */
const extendPlan = (...plans: EnablementPlan[]): EnablementPlan => {
  const combined: Record<string, readonly PropertyKey[] | '*'> = {};
  for (const plan of plans) {
    for (const name of Object.keys(plan)) {
      const earlier = combined[name];
      const later = plan[name];
      combined[name] = later === '*' || earlier === '*' ? '*' : freeze([...(earlier ?? []), ...later]);
    }
  }
  return freeze(combined);
};

/** Enough for modern code, except these pervasive cases. */
export const minEnablements: EnablementPlan = freeze({
  '%ObjectPrototype%': freeze(['toString']),
  '%FunctionPrototype%': freeze([
    'toString', // rollup output
  ]),
  '%ErrorPrototype%': freeze([
    'name', // precond, ava, node-fetch: `MyError.prototype.name = 'MyError'`
  ]),
  // The iterator-helpers proposal added these to Iterator.prototype.
  '%IteratorPrototype%': freeze(['toString', 'constructor', toStringTag]),
});

/** The default: usually enough for legacy code. */
export const moderateEnablements: EnablementPlan = extendPlan(minEnablements, {
  '%ObjectPrototype%': ['valueOf'],
  // Functions' own `name` and `length` are non-writable already, so there
  // is nothing more to enable for them.
  '%FunctionPrototype%': [
    'constructor', // regenerator-runtime: `GeneratorFunctionPrototype.constructor = GeneratorFunction`
    'bind', // underscore, express: a function object given its own `bind`
  ],
  '%ErrorPrototype%': [
    'constructor', // fast-json-patch, node-fetch, bluebird's inherits
    'message',
    'toString', // bluebird
  ],
  '%IteratorPrototype%': [
    iterator, // regenerator-runtime and hand-written iterators: `Gp[Symbol.iterator] = ...`
  ],
  '%ArrayPrototype%': [
    'toString',
    'push', // Google Analytics
    'concat', // mobx (code from an old TypeScript compiler)
    iterator, // mobx
  ],
  '%TypeErrorPrototype%': [
    'constructor', // readable-stream
    'message', // tape
    'name', // readable-stream, Node 14
  ],
  // The other native errors match TypeError for message and name.
  '%SyntaxErrorPrototype%': ['message', 'name'],
  '%RangeErrorPrototype%': ['message', 'name'],
  '%URIErrorPrototype%': ['message', 'name'],
  '%EvalErrorPrototype%': ['message', 'name'],
  '%ReferenceErrorPrototype%': ['message', 'name'],
  '%AggregateErrorPrototype%': ['message', 'name'],
  '%PromisePrototype%': [
    'constructor', // core-js
  ],
  // buffer (feross) builds a Uint8Array subclass by assigning many methods.
  '%TypedArrayPrototype%': '*',
  '%Generator%': ['constructor', 'name', 'toString'],
});

/**
 * Everything `moderate` enables, and whole prototypes. Its cost: Node's
 * console and debuggers show getters for every Object.prototype property.
 */
export const severeEnablements: EnablementPlan = extendPlan(moderateEnablements, {
  // rollup and webpack turn exports into assignments on an object that
  // inherits from Object.prototype: any name may come, `hasOwnProperty`,
  // `constructor`, ... So may hand-written inheritance's `constructor`.
  '%ObjectPrototype%': '*',
  '%TypedArrayPrototype%': '*',
  // Immer, before immerjs/immer#914.
  '%MapPrototype%': '*',
  '%SetPrototype%': '*',
});

/** The plan for each overrideTaming level. */
export const enablementPlans: { readonly [Level in OverrideTaming]: EnablementPlan } = freeze({
  min: minEnablements,
  moderate: moderateEnablements,
  severe: severeEnablements,
});
