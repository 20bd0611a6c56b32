// The error classes whose instances may be passed, by name. A passable
// error must inherit directly from one of these classes' prototypes, and a
// receiver rebuilds it with the same class. The same list as the permitted
// error constructors of Hardened JavaScript.

const errorConstructorEntries: ReadonlyArray<readonly [string, ErrorConstructor | AggregateErrorConstructor]> = [
  ['Error', Error],
  ['EvalError', EvalError],
  ['RangeError', RangeError],
  ['ReferenceError', ReferenceError],
  ['SyntaxError', SyntaxError],
  ['TypeError', TypeError],
  ['URIError', URIError],
  ...(typeof AggregateError === 'undefined' ? [] : [['AggregateError', AggregateError] as const]),
];

export const errorConstructorsByName: ReadonlyMap<string, ErrorConstructor | AggregateErrorConstructor> = new Map(
  errorConstructorEntries,
);
