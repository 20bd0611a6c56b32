// The reporter behind the `reporting` option, on its own: 'platform' writes
// to stderr, 'console' goes through whatever console.warn is when the
// report happens, 'none' prints nothing; and the summary of a long list
// stays one line. (What a whole lockdown prints: reporting.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseReporter, summarize } from '../../../src/ses/reporter.js';

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

test('summarize puts a list on one line, with its count, cut after a few items', () => {
  assert.equal(summarize('Removed things', ['a', 'b']), 'SES Removed things (2): a, b');
  const many = Array.from({ length: 12 }, (_, i) => `item${i}`);
  const line = summarize('Removed things', many);
  assert.equal(line.includes('\n'), false);
  assert.match(line, /^SES Removed things \(12\): item0, .*item7, and 4 more$/);
  assert.equal(line.includes('item8'), false);
  assert.equal(summarize('Few', ['x', 'y', 'z'], 2), 'SES Few (3): x, y, and 1 more');
});
