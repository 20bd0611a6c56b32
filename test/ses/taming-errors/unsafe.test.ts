// errorTaming 'unsafe' with stackFiltering 'verbose': stacks are back on
// `error.stack` (in V8's shape, unfiltered here), while %SharedError%'s
// statics stay powerless as under 'safe'.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameErrorConstructor } from '../../../src/ses/tame-error-constructor.js';

const {
  '%InitialError%': InitialError,
  '%SharedError%': SharedError,
  '%InitialGetStackString%': getStackString,
} = tameErrorConstructor('unsafe', 'verbose');
const Shared = SharedError as any;

function makeHere(message: string) {
  return new SharedError(message);
}

test("error.stack shows the message and every frame, in ses's shape", () => {
  const error = makeHere('visible');
  assert.match(error.stack!, /^Error: visible\n {2}at makeHere \(file:\/\/\/.*unsafe\.test\.js:\d+:\d+\)\n/);
  assert.match(error.stack!, /\(node:/, "'verbose' keeps Node's frames");
  assert.equal(error.stack, `Error: visible${getStackString(error)}`);
  assert.match(new TypeError('native').stack!, /^TypeError: native\n {2}at /);
  assert.match(new InitialError('initial').stack!, /^Error: initial\n {2}at /);
});

test("%SharedError%'s statics stay powerless", () => {
  let called = false;
  Shared.prepareStackTrace = () => {
    called = true;
    return 'spy';
  };
  assert.match(makeHere('x').stack!, /^Error: x\n/);
  assert.equal(called, false);
  assert.equal(Shared.stackTraceLimit, undefined);
  Shared.stackTraceLimit = 1;
  assert.ok(makeHere('y').stack!.split('\n').length > 2);
  const target: any = {};
  Shared.captureStackTrace(target);
  assert.equal(target.stack, '');
});
