// Error.prepareStackTrace under errorTaming 'unsafe', as a program that
// saves and restores it sees it: ours and ses 2.3.0 in child processes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementations, reportFromChild } from '../lockdown/run-child.js';

test('an assigned prepareStackTrace reads back as its wrapper, which can be called and assigned back without wrapping again', () => {
  const body = `
    lockdown({ errorTaming: 'unsafe', reporting: 'none' });
    const mine = (_error, _callSites) => 'x';
    Error.prepareStackTrace = mine;
    const stackWithMine = Error().stack;
    const wrapper = Error.prepareStackTrace;
    const called = wrapper({}, []);
    Error.prepareStackTrace = wrapper;
    const kept = Error.prepareStackTrace === wrapper;
    const stackAfterRestore = Error().stack;
    Error.prepareStackTrace = undefined;
    report({ stackWithMine, wrapped: wrapper !== mine, called, kept, stackAfterRestore, defaultStack: Error('d').stack.startsWith('Error: d') });`;
  const [ours, original] = implementations.map(implementation => reportFromChild(implementation, body));
  assert.deepEqual(ours, { stackWithMine: 'x', wrapped: true, called: 'x', kept: true, stackAfterRestore: 'x', defaultStack: true });
  assert.deepEqual(ours, original);
});
