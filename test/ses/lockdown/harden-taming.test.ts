// The `__hardenTaming__` option, in fresh processes (ours and the original):
// 'safe', the default, gives the real harden; 'unsafe' gives a harden that
// freezes nothing and says so with `harden.isFake === true` (for measuring
// what hardening costs), installed everywhere the real one would be.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementations, reportFromChild, runChild } from './run-child.js';

/** What harden does, as a program sees it after lockdown(options). */
const hardenProbe = (options: Record<string, unknown>) => `
  lockdown(${JSON.stringify({ reporting: 'none', ...options })});
  const graph = { inner: { list: [1] } };
  const returned = harden(graph);
  report({
    returnsItsArgument: returned === graph,
    isFake: harden.isFake ?? null,
    graphWritable: caught(() => { graph.added = 1; }) === null,
    innerWritable: caught(() => { graph.inner.list.push(2); }) === null,
    intrinsicsWritable: caught(() => { Array.prototype.addedByProgram = 1; }) === null,
    registeredOnObject: Object[Symbol.for('harden')] === harden,
    sameInCompartments: new Compartment().evaluate('harden') === harden,
    isFakeWritable: Reflect.getOwnPropertyDescriptor(harden, 'isFake')?.writable ?? null,
  });`;

const realHarden = {
  returnsItsArgument: true,
  isFake: null,
  graphWritable: false,
  innerWritable: false,
  intrinsicsWritable: false,
  registeredOnObject: true,
  sameInCompartments: true,
  isFakeWritable: null,
};

test("by default (and with 'safe') harden freezes the whole graph and the intrinsics are frozen", () => {
  for (const implementation of implementations) {
    assert.deepEqual(reportFromChild(implementation, hardenProbe({})), realHarden, implementation);
    assert.deepEqual(reportFromChild(implementation, hardenProbe({ __hardenTaming__: 'safe' })), realHarden, implementation);
  }
});

test("'unsafe': harden returns its argument unfrozen, isFake is true, and it is installed as the real one would be", () => {
  const fakeHarden = {
    returnsItsArgument: true,
    isFake: true,
    graphWritable: true,
    innerWritable: true,
    // The intrinsics are "hardened" with the fake too.
    intrinsicsWritable: true,
    registeredOnObject: true,
    sameInCompartments: true,
    isFakeWritable: false,
  };
  for (const implementation of implementations) {
    assert.deepEqual(reportFromChild(implementation, hardenProbe({ __hardenTaming__: 'unsafe' })), fakeHarden, implementation);
  }
});

/** How the integrity predicates answer for a fresh object after lockdown(options). */
const integrityProbe = (options: Record<string, unknown>) => `
  lockdown(${JSON.stringify({ reporting: 'none', ...options })});
  const fresh = harden({});
  report([Object.isFrozen(fresh), Object.isSealed(fresh), Object.isExtensible(fresh), Reflect.isExtensible(fresh)]);`;

test('original: with the fake harden, the integrity predicates pretend that everything is frozen', () => {
  // So that code which checks isFrozen after harden (pass-style, marshal)
  // keeps working while hardening is switched off.
  assert.deepEqual(reportFromChild('original', integrityProbe({ __hardenTaming__: 'unsafe' })), [true, true, false, false]);
  assert.deepEqual(reportFromChild('original', integrityProbe({})), [true, true, false, false]);
});

test(
  "ours: with the fake harden, the integrity predicates pretend as the original's do",
  () => {
    assert.deepEqual(reportFromChild('ours', integrityProbe({ __hardenTaming__: 'unsafe' })), [true, true, false, false]);
  },
);

test('ours: the real harden leaves the integrity predicates honest', () => {
  const body = `lockdown({ reporting: 'none' });
    report([Object.isFrozen(harden({})), Object.isFrozen({}), Object.isExtensible({})]);`;
  for (const implementation of implementations) {
    assert.deepEqual(reportFromChild(implementation, body), [true, false, true], implementation);
  }
});

test('a harden the host put on globalThis before lockdown is adopted, as ses adopts a native one', () => {
  const prelude = (fake: boolean) => `
    const marked = new WeakSet();
    const hostHarden = value => { if (Object(value) === value) { marked.add(value); ${fake ? '' : 'Object.freeze(value);'} } return value; };
    ${fake ? 'hostHarden.isFake = true;' : ''}
    globalThis.marked = marked;
    globalThis.hostHarden = hostHarden;
    globalThis.harden = hostHarden;`;
  const body = (taming: string) => `
    lockdown({ reporting: 'none', __hardenTaming__: '${taming}' });
    const value = {};
    harden(value);
    report({ adopted: harden === hostHarden, marked: marked.has(value), symbol: Object[Symbol.for('harden')] === harden, protoFrozen: Object.isFrozen(Array.prototype) });`;
  const run = (taming: string, fake: boolean) =>
    implementations.map(implementation => runChild(implementation, body(taming), { prelude: prelude(fake) }));

  // The host's harden is trusted with the intrinsics too: this one freezes
  // only the object it is given.
  const [oursSafe, originalSafe] = run('safe', false).map(outcome => outcome.reports[0]);
  assert.deepEqual(oursSafe, { adopted: true, marked: true, symbol: true, protoFrozen: false });
  assert.deepEqual(oursSafe, originalSafe);
  // Under 'unsafe', a host harden that says it is fake is kept (the
  // integrity predicates then report frozen).
  const [oursFake, originalFake] = run('unsafe', true).map(outcome => outcome.reports[0]);
  assert.deepEqual(oursFake, { adopted: true, marked: true, symbol: true, protoFrozen: true });
  assert.deepEqual(oursFake, originalFake);
  // One that does not is replaced by a fake one; ses refuses to lock down then.
  const [oursReal, originalReal] = run('unsafe', false);
  assert.deepEqual(oursReal.reports[0], { adopted: false, marked: false, symbol: true, protoFrozen: true });
  assert.match(originalReal.stderr, /Conflicting definitions of harden/);
});
