// The enablement tables against the original ses 2.3.0: for each
// overrideTaming level, the same properties of the same intrinsics must end
// up as override accessors (getter with `originalValue`). The original runs
// lockdown() in a child process; ours applies enablePropertyOverrides to the
// same intrinsics in another.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const helpersUrl = new URL('./test-intrinsics.js', import.meta.url).href;
const enableUrl = new URL('../../../src/ses/enable-property-overrides.js', import.meta.url).href;

// Lists, per intrinsic, the keys whose getter carries `originalValue`.
const probeSource = `
  const { getPrototypeOf } = Object;
  const intrinsics = {
    '%ObjectPrototype%': Object.prototype,
    '%FunctionPrototype%': Function.prototype,
    '%ErrorPrototype%': Error.prototype,
    '%IteratorPrototype%': getPrototypeOf(getPrototypeOf([][Symbol.iterator]())),
    '%ArrayPrototype%': Array.prototype,
    '%TypeErrorPrototype%': TypeError.prototype,
    '%SyntaxErrorPrototype%': SyntaxError.prototype,
    '%RangeErrorPrototype%': RangeError.prototype,
    '%URIErrorPrototype%': URIError.prototype,
    '%EvalErrorPrototype%': EvalError.prototype,
    '%ReferenceErrorPrototype%': ReferenceError.prototype,
    '%AggregateErrorPrototype%': AggregateError.prototype,
    '%PromisePrototype%': Promise.prototype,
    '%TypedArrayPrototype%': getPrototypeOf(Uint8Array.prototype),
    '%Generator%': getPrototypeOf(function* g() {}),
    '%MapPrototype%': Map.prototype,
    '%SetPrototype%': Set.prototype,
  };
  const enabled = {};
  for (const [name, object] of Object.entries(intrinsics)) {
    enabled[name] = Reflect.ownKeys(object)
      .filter(key => {
        const desc = Object.getOwnPropertyDescriptor(object, key);
        return typeof desc.get === 'function' && Object.hasOwn(desc.get, 'originalValue');
      })
      .map(String)
      .sort();
  }
  process.stdout.write(JSON.stringify(enabled));
`;

const runChild = (source: string) => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
};

for (const level of ['min', 'moderate', 'severe'] as const) {
  test(`'${level}' enables the same properties as the original ses`, () => {
    const original = runChild(`import 'ses'; lockdown({ overrideTaming: '${level}', reporting: 'none' }); ${probeSource}`);
    const ours = runChild(`
      import { collectOverrideIntrinsics } from ${JSON.stringify(helpersUrl)};
      import { enablePropertyOverrides } from ${JSON.stringify(enableUrl)};
      enablePropertyOverrides(collectOverrideIntrinsics(), '${level}');
      ${probeSource}`);
    assert.deepEqual(ours, original);
  });
}
