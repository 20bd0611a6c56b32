// tameFunctionConstructors in isolation: the constructor of each of the four
// function prototypes becomes an inert function that throws, so no function
// value leads to an evaluator; the host's Function stays usable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FERAL_FUNCTION } from '../../../src/ses/commons.js';
import { tameFunctionConstructors } from '../../../src/ses/tame-function-constructors.js';
import { caught, runInOriginalSes } from './original-ses.js';

const HostFunction = Function;
const inert = tameFunctionConstructors();

const families = [
  ['%InertFunction%', 'Function', function () {}],
  ['%InertGeneratorFunction%', 'GeneratorFunction', function* () {}],
  ['%InertAsyncFunction%', 'AsyncFunction', async () => {}],
  ['%InertAsyncGeneratorFunction%', 'AsyncGeneratorFunction', async function* () {}],
] as const;

const message = 'Function.prototype.constructor is not a valid constructor.';

test('returns the four inert constructors', () => {
  assert.deepEqual(Object.keys(inert).sort(), families.map(([key]) => key).sort());
});

for (const [key, name, sample] of families) {
  test(`${name}: the constructor reached from a function throws when called or constructed`, () => {
    const Ctor = (sample as any).constructor;
    assert.equal(Ctor, (inert as any)[key]);
    assert.equal(Ctor.name, name);
    assert.throws(() => Ctor('return 1'), { name: 'TypeError', message });
    assert.throws(() => new Ctor('return 1'), { name: 'TypeError', message });
    assert.throws(() => Ctor(), { name: 'TypeError', message });
    // Its prototype points back at the function prototype.
    assert.equal(Ctor.prototype, Object.getPrototypeOf(sample));
    assert.ok(sample instanceof Ctor);
  });
}

test('the inert constructors inherit as the originals do', () => {
  const InertFunction = inert['%InertFunction%'];
  assert.equal(Object.getPrototypeOf(InertFunction), HostFunction.prototype);
  for (const key of ['%InertGeneratorFunction%', '%InertAsyncFunction%', '%InertAsyncGeneratorFunction%'] as const) {
    assert.equal(Object.getPrototypeOf(inert[key]), InertFunction);
  }
});

test('Function.prototype.constructor no longer evaluates', () => {
  assert.throws(() => (Function.prototype.constructor as any)('return globalThis')(), { message });
  assert.throws(() => Reflect.construct(Function.prototype.constructor, ['return 1']), { message });
});

test("the host's Function and FERAL_FUNCTION still evaluate", () => {
  assert.equal(FERAL_FUNCTION, HostFunction);
  assert.equal(new HostFunction('a', 'return a + 1')(1), 2);
  assert.equal(FERAL_FUNCTION('return 40 + 2')(), 42);
  // Functions it makes still work and still lead only to the inert constructor.
  assert.equal(FERAL_FUNCTION('return 1').constructor, inert['%InertFunction%']);
});

test('taming twice gives back the same constructors', () => {
  assert.deepEqual(tameFunctionConstructors(), inert);
});

test('the same outcome as the original ses', () => {
  const snippet = `
    const samples = [function () {}, function* () {}, async () => {}, async function* () {}];
    return samples.map(f => [f.constructor.name, caught(() => f.constructor('return 1')), caught(() => new f.constructor())]);
  `;
  const original = runInOriginalSes(snippet);
  const ours = families.map(([, , f]) => [
    (f as any).constructor.name,
    caught(() => (f as any).constructor('return 1')),
    caught(() => new (f as any).constructor()),
  ]);
  assert.deepEqual(ours, original);
});
