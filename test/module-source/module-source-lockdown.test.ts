// ModuleSource after lockdown() (its own process: lockdown is once per
// realm): the same cases as before lockdown, and a functor that runs in a
// compartment of the locked-down realm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Compartment, lockdown } from '../../src/ses/index.js';
import { registerModuleSourcePropertyTests } from './module-source-properties.js';
import { instantiate } from './run-functor.js';

lockdown();

registerModuleSourcePropertyTests('after lockdown');

test('after lockdown: a functor runs in a compartment, confined to its globals', () => {
  const compartment = new Compartment({ globals: { endowment: 'given' }, __options__: true });
  const instance = instantiate(compartment, 'export let n = 0;\nexport const inc = () => ++n;\nexport const seen = [endowment, typeof process];\n');
  instance.execute();
  const inc = instance.readers.inc() as () => number;
  assert.equal(inc(), 1);
  assert.equal(instance.readers.n(), 1);
  assert.deepEqual(instance.readers.seen(), ['given', 'undefined']);
  assert.ok(Object.isFrozen(Object.prototype));
});
