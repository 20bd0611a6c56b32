// %SharedError% against the original ses 2.3.0: the same probe runs on the
// `Error` of an original Compartment (after the original lockdown, in one
// child) and on our %SharedError% (in another), and must see the same thing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const tameUrl = new URL('../../../src/ses/tame-error-constructor.js', import.meta.url).href;

// Written as plain JavaScript so it can run inside a compartment.
const probe = `(E => {
  const described = name => {
    const desc = Object.getOwnPropertyDescriptor(E, name);
    return desc && { kind: 'value' in desc ? typeof desc.value : 'accessor', enumerable: desc.enumerable };
  };
  const target = {};
  E.captureStackTrace(target);
  const out = {
    name: E.name,
    length: E.length,
    keys: Reflect.ownKeys(E).map(String).sort(),
    statics: ['stackTraceLimit', 'prepareStackTrace', 'captureStackTrace'].map(described),
    stack: new E('x').stack,
    typeErrorStack: new TypeError('t').stack,
    rangeErrorInherits: Object.getPrototypeOf(RangeError) === E,
    prototypeConstructor: E.prototype.constructor === E,
    instance: new E('i') instanceof E && new TypeError('t') instanceof E,
    limitRead: E.stackTraceLimit,
    limitAfterWrite: (E.stackTraceLimit = 5, E.stackTraceLimit),
    prepareType: typeof E.prepareStackTrace,
    prepareResult: E.prepareStackTrace(new E('p'), []),
    stackAfterPrepare: (E.prepareStackTrace = () => 'mine', new E('y').stack),
    prepareAfterAssign: E.prepareStackTrace(),
    capturedStack: target.stack,
    calledWithoutNew: E('n') instanceof E,
    message: new E('m', { cause: 1 }).cause,
  };
  return JSON.stringify(out);
})`;

const runChild = (source: string) => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
};

for (const errorTaming of ['safe', 'unsafe'] as const) {
  test(`under errorTaming '${errorTaming}', a compartment's Error behaves as the original's`, () => {
    const original = runChild(`
      import 'ses';
      lockdown({ errorTaming: '${errorTaming}', reporting: 'none' });
      const compartment = new Compartment({ __options__: true });
      process.stdout.write(compartment.evaluate(${JSON.stringify(`(${probe})(Error)`)}));`);
    const ours = runChild(`
      import { tameErrorConstructor } from ${JSON.stringify(tameUrl)};
      const { '%SharedError%': SharedError } = tameErrorConstructor('${errorTaming}', 'concise');
      process.stdout.write((${probe})(SharedError));`);
    if (errorTaming === 'unsafe') {
      // Stacks differ by file and line; their first lines agree.
      for (const record of [original, ours]) {
        for (const [key, value] of Object.entries(record)) {
          if (typeof value === 'string') record[key] = value.split('\n')[0];
        }
      }
    }
    assert.deepEqual(ours, original);
  });
}
