// The reporter behind the `reporting` option, on its own: 'platform' writes
// to stderr, 'console' goes through whatever console.warn is when the
// report happens, 'none' prints nothing; and the report of removed
// intrinsics reads as ses's. (What a whole lockdown prints: reporting.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseReporter, removalReport } from '../../../src/ses/reporter.js';

/** Runs `thunk` with process.stderr.write, process.stdout.write and console.warn recorded instead. */
const recordingOutput = (thunk: () => void) => {
  const seen = { stderr: [] as string[], stdout: [] as string[], consoleWarn: [] as string[] };
  const { stderr, stdout } = process;
  const originalStderrWrite = stderr.write;
  const originalStdoutWrite = stdout.write;
  const originalWarn = console.warn;
  stderr.write = ((chunk: string) => seen.stderr.push(String(chunk)) > 0) as typeof stderr.write;
  stdout.write = ((chunk: string) => seen.stdout.push(String(chunk)) > 0) as typeof stdout.write;
  console.warn = (...args: unknown[]) => {
    seen.consoleWarn.push(args.map(String).join(' '));
  };
  try {
    thunk();
  } finally {
    stderr.write = originalStderrWrite;
    stdout.write = originalStdoutWrite;
    console.warn = originalWarn;
  }
  return seen;
};

test("'platform' writes each warning as one line on stderr, not through the console", () => {
  const seen = recordingOutput(() => chooseReporter('platform').warn('SES something happened'));
  assert.deepEqual(seen.stderr, ['SES something happened\n']);
  assert.deepEqual(seen.stdout, []);
  assert.deepEqual(seen.consoleWarn, []);
});

test("'console' uses console.warn as it is when the warning is made", () => {
  const reporter = chooseReporter('console');
  // Replaced after the reporter was chosen: the new one must be used.
  const seen = recordingOutput(() => reporter.warn('SES through the console'));
  assert.deepEqual(seen.consoleWarn, ['SES through the console']);
  assert.deepEqual(seen.stdout, []);
});

test("'none' prints nothing anywhere", () => {
  const seen = recordingOutput(() => chooseReporter('none').warn('SES silenced'));
  assert.deepEqual(seen, { stderr: [], stdout: [], consoleWarn: [] });
});

test('the removal report is a group label and a line per property, indented, as ses prints it', () => {
  assert.equal(
    removalReport(['Array.isArray.prototype', 'Array.extra'], ['Array.isArray.prototype']),
    [
      'SES Removing unpermitted intrinsics',
      '  Removing intrinsics.Array.isArray.prototype',
      '  Tolerating undeletable intrinsics.Array.isArray.prototype === undefined',
      '  Removing intrinsics.Array.extra',
    ].join('\n'),
  );
});
