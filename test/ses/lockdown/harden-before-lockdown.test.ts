// harden before lockdown. Importing endo/ses, like importing ses 2.3.0,
// installs no global harden and no Object[Symbol.for('harden')]: hardening
// unrepaired intrinsics would make them irreparable. Ours also exports
// `harden`; until lockdown that export throws (touching nothing), and it is
// a live binding that becomes the real harden. This process locks down
// once, after looking at the state before; the original's view comes from
// a child process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ses from '../../../src/ses/index.js';
import { implementations, reportFromChild } from './run-child.js';

const symbolForHarden = Symbol.for('harden');

// The state before lockdown, taken before anything else runs.
const exportedBefore = ses.harden;
const before = {
  globalHarden: typeof (globalThis as any).harden,
  symbolHarden: typeof (Object as any)[symbolForHarden],
};
const victim = { mutable: { deep: true } };
let failureBefore: unknown;
try {
  exportedBefore(victim);
} catch (error) {
  failureBefore = error;
}

ses.lockdown({ reporting: 'none' });

test('before lockdown there is no global harden and none registered on Object (as with the original)', () => {
  assert.deepEqual(before, { globalHarden: 'undefined', symbolHarden: 'undefined' });
  const original = reportFromChild(
    'original',
    `report({ globalHarden: typeof globalThis.harden, symbolHarden: typeof Object[Symbol.for('harden')] });`,
  );
  assert.deepEqual(original, before);
});

test('the exported harden throws a TypeError before lockdown, telling to call lockdown, and freezes nothing', () => {
  assert.ok(failureBefore instanceof TypeError, `not a TypeError: ${failureBefore}`);
  assert.match(failureBefore.message, /lockdown\(\)/);
  assert.equal(Object.isFrozen(victim), false);
  assert.equal(Object.isFrozen(victim.mutable), false);
});

test('after lockdown the exported binding is the real harden: the global one, the registered one', () => {
  assert.notEqual(ses.harden, exportedBefore);
  assert.equal(ses.harden, (globalThis as any).harden);
  assert.equal(ses.harden, (Object as any)[symbolForHarden]);
  const graph = { inner: {} };
  ses.harden(graph);
  assert.equal(Object.isFrozen(graph.inner), true);
});

test('a copy of the export taken before lockdown keeps throwing afterwards (read harden after lockdown)', () => {
  assert.throws(() => exportedBefore({}), TypeError);
});

test('a harden that a library registered before lockdown makes lockdown refuse (both implementations)', () => {
  const body = `
    Object.defineProperty(Object, Symbol.for('harden'), { value: x => x, writable: false, enumerable: false, configurable: false });
    report(caught(() => lockdown()));`;
  for (const implementation of implementations) {
    const [name, message] = reportFromChild(implementation, body);
    assert.equal(name, 'TypeError', implementation);
    assert.match(message, /harden/, implementation);
    assert.match(message, /before lockdown/, implementation);
  }
});

test('code that tests for a global harden to decide whether to harden sees none before lockdown (both)', () => {
  const body = `
    const defend = value => (typeof globalThis.harden === 'function' ? globalThis.harden(value) : value);
    const early = defend({ a: 1 });
    lockdown({ reporting: 'none' });
    const late = defend({ a: 1 });
    report([Object.isFrozen(early), Object.isFrozen(late)]);`;
  for (const implementation of implementations) {
    assert.deepEqual(reportFromChild(implementation, body), [false, true], implementation);
  }
});
