// The `length` of the functions users call, as the originals give it: code
// may read it (argument checks, wrappers that forward by arity). The
// originals run in a child process (never in one realm with ours).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../src/ses/index.js';
import * as errors from '../../../src/ses/errors/index.js';
import { Far } from '../../../src/pass-style/index.js';
import { ModuleSource } from '../../../src/module-source/index.js';
import { runUnderOriginalSes } from '../../support/run-original-ses.js';

/** The same list, evaluated on each side; globals are read from globalThis. */
const measured = (g: any, lib: { assert: Function; q: Function; b: Function; X: Function; Fail: Function; makeError: Function; annotateError: Function; Far: Function; ModuleSource: Function }) => ({
  lockdown: g.lockdown.length,
  repairIntrinsics: g.repairIntrinsics.length,
  Compartment: g.Compartment.length,
  assert: g.assert.length,
  'assert.equal': g.assert.equal.length,
  'assert.typeof': g.assert.typeof.length,
  'assert.string': g.assert.string.length,
  'assert.fail': g.assert.fail.length,
  'assert.note': g.assert.note.length,
  'assert.makeError': g.assert.makeError.length,
  'assert.quote': g.assert.quote.length,
  'assert.bare': g.assert.bare.length,
  "@endo/errors' assert": lib.assert.length,
  q: lib.q.length,
  b: lib.b.length,
  X: lib.X.length,
  Fail: lib.Fail.length,
  makeError: lib.makeError.length,
  annotateError: lib.annotateError.length,
  Far: lib.Far.length,
  ModuleSource: lib.ModuleSource.length,
});

test('the functions users call have the lengths of the originals', () => {
  const original = runUnderOriginalSes(
    `const errors = await import('@endo/errors');
     await import('@endo/eventual-send/shim.js');
     const { Far } = await import('@endo/pass-style');
     const { ModuleSource } = await import('@endo/module-source');
     const measured = ${measured.toString()};
     report(measured(globalThis, { ...errors, Far, ModuleSource }));`,
  );
  const ours = measured(globalThis, { ...errors, Far, ModuleSource } as any);
  assert.deepEqual(ours, original);
});
