// errorTaming 'unsafe-debug' with stackFiltering 'omit-frames': V8's and
// Node's own stack formatting stay in place (so source maps apply), and
// compartments get the same stack powers as the start compartment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tameErrorConstructor } from '../../../src/ses/tame-error-constructor.js';

const originalCaptureStackTrace = Error.captureStackTrace;
const {
  '%InitialError%': InitialError,
  '%SharedError%': SharedError,
  '%InitialGetStackString%': getStackString,
} = tameErrorConstructor('unsafe-debug', 'omit-frames');
const Initial = InitialError as any;
const Shared = SharedError as any;

function makeHere(message: string) {
  return new SharedError(message);
}

test('error.stack is formatted by V8 and Node as usual', () => {
  const error = makeHere('native');
  assert.match(error.stack!, /^Error: native\n {4}at makeHere \(.*unsafe-debug\.test\.js:\d+:\d+\)/);
});

// Node maps compiled frames back to the TypeScript (--enable-source-maps)
// only while nobody else formats stacks: the point of 'unsafe-debug'.
const stackInChild = (errorTaming: string) => {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const source = `
    import { tameErrorConstructor } from ${url('../../../src/ses/tame-error-constructor.js')};
    import { parseFrameText } from ${url('../../../src/ses/stack-filtering.js')};
    const { '%InitialGetStackString%': getStackString } = tameErrorConstructor('${errorTaming}', 'verbose');
    try {
      parseFrameText(undefined); // throws inside stack-filtering.ts
    } catch (error) {
      process.stdout.write(JSON.stringify({ stack: error.stack, stackString: getStackString(error) }));
    }`;
  const child = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', source], {
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { stack: string; stackString: string };
};

test('with --enable-source-maps, stacks point into the TypeScript sources', () => {
  const debug = stackInChild('unsafe-debug');
  assert.match(debug.stack, /^TypeError: .*\n {4}at parseFrameText \(.*src\/ses\/stack-filtering\.ts:\d+:\d+\)/);
  assert.match(debug.stackString, /^\n {2}at parseFrameText \(.*src\/ses\/stack-filtering\.ts:\d+:\d+\)/);
  // Under 'safe', lockdown's own prepareStackTrace takes over: no mapping.
  const safe = stackInChild('safe');
  assert.equal(safe.stack, '');
  assert.match(safe.stackString, /^\n {2}at parseFrameText \(.*dist\/src\/ses\/stack-filtering\.js:\d+:\d+\)/);
});

test('compartments share the real prepareStackTrace, captureStackTrace and stackTraceLimit', () => {
  assert.equal(Shared.captureStackTrace, originalCaptureStackTrace);
  assert.equal(Initial.captureStackTrace, originalCaptureStackTrace);
  const limit = Shared.stackTraceLimit;
  assert.equal(typeof limit, 'number');
  let callSites: any[] = [];
  const preparer = (_error: Error, sites: any[]) => {
    callSites = sites;
    return 'prepared';
  };
  Shared.prepareStackTrace = preparer;
  try {
    assert.equal(Initial.prepareStackTrace, preparer);
    assert.equal(makeHere('x').stack, 'prepared');
    assert.equal(typeof callSites[0].getThis, 'function', 'real call sites');
    Shared.stackTraceLimit = 1;
    assert.equal(Initial.stackTraceLimit, 1);
    makeHere('y').stack;
    assert.equal(callSites.length, 1);
  } finally {
    Shared.prepareStackTrace = undefined;
    Shared.stackTraceLimit = limit;
  }
});

test('%InitialGetStackString% filters the text stack per stackFiltering', () => {
  const stack = getStackString(makeHere('z'));
  assert.match(stack, /^\n {2}at makeHere \(file:\/\/\/.*unsafe-debug\.test\.js:\d+:\d+\)\n/);
  assert.doesNotMatch(stack, /\(node:/, "'omit-frames' drops Node's frames");
  assert.doesNotMatch(stack, /Error: z/, 'no message line');
});
