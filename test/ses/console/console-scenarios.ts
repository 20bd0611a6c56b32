// Console calls run both through our causal console (in the test process)
// and through the original `ses` causal console (in a child process after
// its `lockdown()`), so the printed text can be compared. Imports nothing at
// run time: the child loads it next to the original `ses`.

import type * as Errors from '../../../src/ses/errors/index.js';

type ErrorsModule = typeof Errors;

export const runConsoleScenarios = (E: ErrorsModule, console: Console) => {
  const { X, q, b, makeError, note } = E;

  // Redacted values print as themselves; quoted ones unquoted; bare as text.
  const secret = makeError(X`bad ${'secret'} and ${q({ a: 1 })} and ${b('bare')} ${42} `);
  console.error('caught:', secret);

  // Notes before printing come after the stack; later ones print at once.
  const noted = makeError(X`noted`, TypeError);
  note(noted, X`first note ${'hidden'} ${q('shown')}`);
  note(noted, 'a plain note');
  console.warn(noted);
  note(noted, X`late note ${3n}`);

  // cause and errors, with the errors they mention printed nested.
  const aggregate = makeError(X`outer ${q('o')}`, AggregateError, {
    errors: [new Error('one'), makeError(X`two ${'t'}`)],
    cause: new RangeError('why'),
  });
  console.log('aggregate', aggregate);

  // Errors substituted in a message are printed after it.
  const outer = makeError(X`wrapping ${new SyntaxError('inner')} and ${new URIError('u')}`);
  console.info(outer);

  // An error already printed is only referred to by its tag.
  console.error('again', outer, secret);

  // %c and its argument go away; unknown directives are escaped.
  console.log('%s and %c styled %j %d%% %', 'str', 'color: red', { j: 1 }, 5, 'extra', new Error('fmt'));
  console.log('%c', 'only a style');
  console.log('no args %c');

  // errorName names the error in the console only.
  console.error(makeError(X`named`, Error, { errorName: 'MyName' }));

  // Properties the host added are removed, and noted.
  function WithExtra(message: string) {
    const error = Error(message) as Error & { extra?: string };
    error.extra = 'added';
    return error;
  }
  console.error(makeError(X`extra ${1}`, WithExtra as unknown as ErrorConstructor));

  // A plain error: its own message, and its native cause.
  console.error(new Error('plain', { cause: new TypeError('plain cause') }));

  // A failing console.assert explains its errors.
  console.assert(false, 'assertion', makeError(X`in assert ${'v'}`));

  console.debug('debug', new Error('dbg'));
  console.group('group label', new Error('in group label'));
  console.error('inside group', makeError(X`grouped`));
  console.groupEnd();

  // Notes may mention errors, before or after printing.
  const annotated = new Error('annotated');
  note(annotated, X`related ${new RangeError('related')}`);
  console.error(annotated);
  note(annotated, X`late related ${new TypeError('late related')}`);

  // Arguments that are not errors pass through.
  console.log('values', 1, 2n, null, undefined, { o: [1] }, 'done');

  // Several errors in one call are printed in a group.
  console.error(new Error('first'), new Error('second'));
};
