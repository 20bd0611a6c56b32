// Normal-sized errors that exercise the parts of the causal console whose
// limits were added (the `errors:` line, nested groups, cause chains), at
// sizes within the limits: printed through the original `ses` console (in
// a child) and ours, the text must be the same. Imports nothing at run time.

import type * as Errors from '../../src/ses/errors/index.js';

type ErrorsModule = typeof Errors;

export const runNormalSizedScenarios = (E: ErrorsModule, console: Console) => {
  const { X, q, makeError } = E;

  // An AggregateError listing exactly as many errors as are listed whole.
  const hundred: Error[] = [];
  for (let i = 0; i < 100; i += 1) hundred.push(makeError(X`inner ${q(i)}`, RangeError));
  console.error('hundred', makeError(X`all of them`, AggregateError, { errors: hundred }));

  // A cause chain 20 deep, each level printed in a group under the last.
  let chain: Error = new TypeError('bottom');
  for (let i = 0; i < 20; i += 1) chain = makeError(X`level ${q(i)}`, Error, { cause: chain });
  console.log('chain', chain);

  // Errors within errors within errors.
  const leaves = (n: number) => Array.from({ length: n }, (_, i) => new Error(`leaf ${i}`));
  const tree = makeError(X`tree`, AggregateError, {
    errors: [makeError(X`branch a`, AggregateError, { errors: leaves(3) }), makeError(X`branch b`, AggregateError, { errors: leaves(2), cause: new URIError('u') })],
  });
  console.warn(tree, 'and', new SyntaxError('another'));
};
