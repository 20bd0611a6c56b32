// The causal console over a logging console: exactly which calls it makes
// for errors with hidden messages, notes, causes, nested errors, formats,
// and the special methods.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { X, q, b, makeError, note } from '../../../src/ses/errors/index.js';
import { makeCausalConsole } from '../../../src/ses/console/make-causal-console.js';
import { makeLoggingConsoleKit, pumpLogToConsole } from '../../../src/ses/console/make-logging-console-kit.js';
import { makeCausalConsoleFromLogger } from '../../../src/ses/console/causal-console-from-logger.js';
import { sanitizeFormatData } from '../../../src/ses/console/sanitize-format-data.js';
import { defaultGetStackString } from '../../../src/ses/console/get-stack-string.js';
import type { VirtualConsole } from '../../../src/ses/console/types.js';

const stackOf = (error: Error) => `  at ${error.message}`;

/** A causal console over a fresh logging console, with tags from #1. */
const setup = () => {
  const { loggingConsole, takeLog } = makeLoggingConsoleKit({ shouldResetForDebugging: true });
  const causal = makeCausalConsole(loggingConsole, { getStackString: stackOf }) as Required<VirtualConsole>;
  return { causal, takeLog };
};

test('an error prints with its unredacted message, stack, cause, notes, then nested errors', () => {
  const { causal, takeLog } = setup();
  const cause = new RangeError('root cause');
  const error = makeError(X`bad ${'secret'} ${q('shown')} ${b('bare')}`, TypeError, { cause });
  note(error, X`noted ${new Error('in note')}`);
  causal.error('failed:', error);
  assert.deepEqual(takeLog(), [
    ['error', 'failed:', '(TypeError#1)'],
    ['error', 'TypeError#1:', 'bad', 'secret', 'shown', 'bare'],
    ['error', '  at bad (a string) "shown" bare\n'],
    ['error', 'TypeError#1 cause:', '(RangeError#2)'],
    ['error', 'TypeError#1 ERROR_NOTE:', 'noted', '(Error#3)'],
    ['group', 'Nested 2 errors under TypeError#1'],
    ['error', 'RangeError#2:', 'root cause'],
    ['error', '  at root cause\n'],
    ['error', 'Error#3:', 'in note'],
    ['error', '  at in note\n'],
    ['groupEnd'],
  ]);
  // Later notes print at once, at the severity the error was printed with.
  note(error, X`late ${2}`);
  assert.deepEqual(takeLog(), [['error', 'TypeError#1 ERROR_NOTE:', 'late', 2]]);
  // Printed once: afterwards only its tag.
  causal.log('again', error);
  assert.deepEqual(takeLog(), [['log', 'again', '(TypeError#1)']]);
});

test('severity follows the method; a lone error is not grouped, several are', () => {
  const { causal, takeLog } = setup();
  causal.warn(new Error('w'));
  causal.trace('t', new Error('t'));
  causal.info(new Error('a'), new Error('b'));
  assert.deepEqual(takeLog(), [
    ['warn', '(Error#1)'],
    ['warn', 'Error#1:', 'w'],
    ['warn', '  at w\n'],
    ['trace', 't', '(Error#2)'],
    ['log', 'Error#2:', 't'],
    ['log', '  at t\n'],
    ['info', '(Error#3)', '(Error#4)'],
    ['group', 'Nested 2 errors'],
    ['info', 'Error#3:', 'a'],
    ['info', '  at a\n'],
    ['info', 'Error#4:', 'b'],
    ['info', '  at b\n'],
    ['groupEnd'],
  ]);
});

test('errors of an AggregateError and errorName tags', () => {
  const { causal, takeLog } = setup();
  const aggregate = makeError(X`all failed`, AggregateError, { errors: [new Error('one')], errorName: 'Batch' });
  causal.error(aggregate);
  assert.deepEqual(takeLog(), [
    ['error', '(Batch#1)'],
    ['error', 'Batch#1:', 'all failed'],
    ['error', '  at all failed\n'],
    ['error', 'Batch#1 errors:', '(Error#2)'],
    ['group', 'Nested error under Batch#1'],
    ['error', 'Error#2:', 'one'],
    ['error', '  at one\n'],
    ['groupEnd'],
  ]);
});

test('format data: %c and its argument are dropped before printing', () => {
  const { causal, takeLog } = setup();
  causal.log('%c styled %s', 'color: red', 'text');
  assert.deepEqual(takeLog(), [['log', ' styled %s', 'text']]);
});

test('sanitizeFormatData', () => {
  const cases: Array<[unknown[], unknown[]]> = [
    [['%c styled', 'css', 'x'], [' styled', 'x']],
    [['%s %d %i %f %o %O', 1, 2, 3, 4, 5, 6], ['%s %d %i %f %o %O', 1, 2, 3, 4, 5, 6]],
    [['100%% %j', { a: 1 }], ['100%% %%j', { a: 1 }]],
    [['%c', 'css'], ['']],
    [['no args %c'], ['no args %c']],
    [['%c at end %c', 'css'], [' at end %c']],
    [['trailing %', 1], ['trailing %', 1]],
    [[5, '%c'], [5, '%c']],
    [[], []],
  ];
  for (const [input, expected] of cases) {
    const output = sanitizeFormatData(input);
    assert.deepEqual(output, expected, JSON.stringify(input));
    assert.ok(Object.isFrozen(output));
  }
});

test('console.assert explains its errors only when it fails', () => {
  const { causal, takeLog } = setup();
  const passing = new Error('passing');
  causal.assert(true, 'fine', passing);
  assert.deepEqual(takeLog(), [['assert', true, 'fine', '(Error#1)']]);
  causal.assert(false, 'broken', makeError(X`why ${'v'}`));
  assert.deepEqual(takeLog(), [
    ['assert', false, 'broken', '(Error#2)'],
    ['error', 'Error#2:', 'why', 'v'],
    ['error', '  at why (a string)\n'],
  ]);
  causal.assert(false);
  assert.deepEqual(takeLog(), [['assert', false]]);
});

test('timeLog explains errors after its label; other methods pass through', () => {
  const { causal, takeLog } = setup();
  causal.timeLog('timer', new Error('timed'));
  causal.timeLog('timer');
  assert.equal(causal.count('c'), undefined);
  causal.table([1]);
  causal.groupEnd();
  assert.deepEqual(takeLog(), [
    ['timeLog', 'timer', '(Error#1)'],
    ['log', 'Error#1:', 'timed'],
    ['log', '  at timed\n'],
    ['timeLog', 'timer'],
    ['count', 'c'],
    ['table', [1]],
    ['groupEnd'],
  ]);
});

test('the causal console has just the base methods it knows, and is frozen', () => {
  const calls: unknown[][] = [];
  const base = { log: (...args: unknown[]) => calls.push(args), error: () => {}, custom: () => {} };
  const causal = makeCausalConsole(base as VirtualConsole)!;
  assert.deepEqual(Object.keys(causal).sort(), ['error', 'log']);
  assert.ok(Object.isFrozen(causal));
  assert.equal(causal.log!.name, 'log');
  // With no group methods, group labels go to log.
  causal.log!(new Error('x'), new Error('y'));
  assert.equal(calls.filter(args => args[0] === 'Nested 2 errors').length, 1);
  assert.equal(makeCausalConsole(undefined), undefined);
});

test('methods are called on the base console as methods', () => {
  const seen: unknown[] = [];
  const base = {
    prefix: 'P',
    error(this: { prefix: string }, ...args: unknown[]) {
      seen.push([this.prefix, ...args]);
    },
  };
  makeCausalConsole(base as VirtualConsole)!.error!('hi');
  assert.deepEqual(seen, [['P', 'hi']]);
});

test('stack strings: a newline is added, nothing prints as "undefined"', () => {
  const { loggingConsole, takeLog } = makeLoggingConsoleKit({ shouldResetForDebugging: true });
  const noStack = makeCausalConsole(loggingConsole, { getStackString: () => undefined })!;
  noStack.error!(new Error('e'));
  assert.deepEqual(takeLog()[2], ['error', '']);
  const withNewline = makeCausalConsole(loggingConsole, { getStackString: () => 'at x\n' })!;
  withNewline.error!(new Error('f'));
  assert.deepEqual(takeLog()[2], ['error', 'at x\n']);
});

test('the default stack string is error.stack without its message line', () => {
  assert.equal(defaultGetStackString({ stack: 'Error: m\n    at a\n    at b' } as Error), '    at a\n    at b');
  assert.equal(defaultGetStackString({ stack: '  at a' } as Error), '  at a');
  assert.equal(defaultGetStackString({ stack: 'oneline' } as Error), 'oneline');
  assert.equal(defaultGetStackString({} as Error), '');
  const real = new Error('real');
  assert.match(defaultGetStackString(real), /^ +at /);
});

test('a logging console records every known method; pumping replays the log', () => {
  const { loggingConsole, takeLog } = makeLoggingConsoleKit();
  assert.equal(Object.keys(loggingConsole).length, 22);
  loggingConsole.log('a', 1);
  loggingConsole.groupEnd();
  const log = takeLog();
  assert.deepEqual(log, [['log', 'a', 1], ['groupEnd']]);
  assert.ok(Object.isFrozen(log));
  assert.deepEqual(takeLog(), []);
  const replayed: unknown[] = [];
  pumpLogToConsole(log, { log: (...args: unknown[]) => replayed.push(args) });
  assert.deepEqual(replayed, [['a', 1]]);
});

test('a causal console from a logger indents nested output', () => {
  const lines: unknown[][] = [];
  const causal = makeCausalConsoleFromLogger((...args) => lines.push(args), {
    getStackString: e => `at ${e.message}\nat second line`,
  });
  const error = makeError(X`outer ${new Error('inner')}`);
  causal.error!(error);
  causal.count!('counted');
  assert.match(String(lines[0][0]), /^\(Error#\d+\)$/);
  const innerTag = String(lines[1][2]).slice(1, -1);
  assert.deepEqual(lines.slice(3), [
    [`Nested error under ${String(lines[1][0]).slice(0, -1)}`],
    [' ', `${innerTag}:`, 'inner'],
    [' ', '', 'at inner', '\n', ' ', 'at second line', '\n', ' ', ''],
    ['count', 'counted'],
  ]);
});

test('on Node, printing never runs an object\'s custom inspect method', () => {
  const module = new URL('../../../src/ses/console/make-causal-console.js', import.meta.url).href;
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { makeCausalConsole } = await import(${JSON.stringify(module)});
       const tricky = { [Symbol.for('nodejs.util.inspect.custom')]: () => 'RAN CUSTOM INSPECT', plain: 1 };
       makeCausalConsole(console).log('value:', tricky);
       console.log('unsafe:', tricky);`,
    ],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('.', import.meta.url)) },
  );
  assert.equal(child.status, 0, child.stderr);
  const [safe, unsafe] = child.stdout.split('unsafe:');
  assert.match(safe, /^value: \{\s+plain: 1,/);
  assert.doesNotMatch(safe, /RAN CUSTOM INSPECT/);
  assert.equal(unsafe.trim(), 'RAN CUSTOM INSPECT', 'the control shows Node would run it');
});
