// Notes: attached without touching the error, handed to the console once,
// then delivered as they come to whoever registered for them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X, q, makeError, note, annotateError } from '../../../src/ses/errors/index.js';
import { takeNoteLogArgsArray } from '../../../src/ses/errors/internal.js';
import type { LogArgs } from '../../../src/ses/errors/internal.js';

test('notes wait on the error, in order, and are taken once', () => {
  const error = new Error('annotated');
  note(error, 'plain note');
  note(error, X`with ${'value'} and ${q('quoted')}`);
  annotateError(error, X`third`);
  assert.deepEqual(takeNoteLogArgsArray(error), [['plain note'], ['with', 'value', 'and', 'quoted'], ['third']]);
  assert.deepEqual(takeNoteLogArgsArray(error), []);
});

test('notes leave the error untouched, and work on frozen errors', () => {
  const error = makeError('frozen');
  assert.ok(Object.isFrozen(error));
  const keysBefore = Reflect.ownKeys(error);
  note(error, X`secret ${'s'}`);
  assert.deepEqual(Reflect.ownKeys(error), keysBefore);
  assert.equal(error.message, 'frozen');
  assert.deepEqual(takeNoteLogArgsArray(error), [['secret', 's']]);
});

test('after a take with a callback, new notes go to the callbacks, not the error', () => {
  const error = new Error('printed');
  const heard: Array<[Error, LogArgs]> = [];
  const alsoHeard: LogArgs[] = [];
  takeNoteLogArgsArray(error, (e, args) => heard.push([e, args]));
  takeNoteLogArgsArray(error, (_e, args) => alsoHeard.push(args));
  note(error, X`late ${1}`);
  assert.deepEqual(heard, [[error, ['late', 1]]]);
  assert.deepEqual(alsoHeard, [['late', 1]]);
  assert.deepEqual(takeNoteLogArgsArray(error), []);
});

test('an error keeps at most its last 100 waiting notes', () => {
  const error = new Error('chatty');
  for (let i = 0; i < 150; i += 1) note(error, X`note ${i}`);
  const notes = takeNoteLogArgsArray(error);
  assert.equal(notes.length, 100);
  assert.deepEqual(notes[0], ['note', 50]);
  assert.deepEqual(notes[99], ['note', 149]);
});

test('bad targets and bad details throw TypeError saying what was wrong', () => {
  assert.throws(() => note('not an error' as any, 'x'), {
    name: 'TypeError',
    message: 'Only an object (normally an error) can be annotated, not "not an error"',
  });
  assert.throws(() => note(new Error('x'), {} as any), { name: 'TypeError', message: 'unrecognized details {}' });
});
