// The permits table and the global name lists, as data: consistent with
// themselves, and covering what the original ses 2.3.0 permits (read from
// its src/permits.js in a child process, never in this one).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  constantProperties,
  initialGlobalPropertyNames,
  permits,
  sharedGlobalPropertyNames,
  universalPropertyNames,
  uniqueGlobalPropertyNames,
  type Permit,
} from '../../../src/ses/permits.js';
import { checkPermitsTable } from '../../../src/ses/remove-unpermitted.js';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/** Per intrinsic: its expected [[Proto]] and its property keys, each 'removed' or 'kept'. */
type Shape = { kind: 'removed' } | { kind: 'kept'; proto?: string | null; props: Record<string, string> };

// In the child: ses's table uses records for functions ("fn") and the key
// '--proto--' for __proto__; the shape flattens both.
const childProgram = `
import * as P from './node_modules/ses/src/permits.js';
const shapeOf = permit => {
  if (permit === false) return { kind: 'removed' };
  if (typeof permit !== 'object') return { kind: 'kept', props: {} };
  const props = {};
  for (const [key, sub] of Object.entries(permit)) {
    if (key === '[[Proto]]' || key === 'length' || key === 'name') continue;
    props[key === '--proto--' ? '__proto__' : key] = sub === false ? 'removed' : 'kept';
  }
  return { kind: 'kept', proto: permit['[[Proto]]'], props };
};
const table = {};
for (const [name, permit] of Object.entries(P.permitted)) if (name !== '[[Proto]]') table[name] = shapeOf(permit);
process.stdout.write(JSON.stringify({
  table,
  constants: Object.keys(P.constantProperties),
  universal: P.universalPropertyNames,
  initial: P.initialGlobalPropertyNames,
  shared: P.sharedGlobalPropertyNames,
  unique: P.uniqueGlobalPropertyNames,
}));
`;

const original = JSON.parse(
  execFileSync(process.execPath, ['--input-type=module', '-e', childProgram], { cwd: repoRoot, encoding: 'utf8' }),
) as {
  table: Record<string, Shape>;
  constants: string[];
  universal: Record<string, string>;
  initial: Record<string, string>;
  shared: Record<string, string>;
  unique: Record<string, string>;
};

const ourShapeOf = (permit: Permit): Shape => {
  if (permit === false) return { kind: 'removed' };
  if (permit === 'fn' || permit === 'asyncFn') {
    return { kind: 'kept', proto: permit === 'fn' ? '%FunctionPrototype%' : '%AsyncFunctionPrototype%', props: {} };
  }
  if (typeof permit !== 'object' || Array.isArray(permit)) return { kind: 'kept', props: {} };
  const props: Record<string, string> = {};
  for (const [key, sub] of Object.entries(permit)) {
    if (key === '[[Proto]]' || key === 'length' || key === 'name') continue;
    props[key] = sub === false ? 'removed' : 'kept';
  }
  return { kind: 'kept', proto: (permit as Record<string, unknown>)['[[Proto]]'] as string | null | undefined, props };
};

// Where our table differs from the original on purpose.
const ourExtraIntrinsics = [
  // The original evaluating constructors, named so that collection can find
  // them before the function taming runs, and dropped by the walk.
  '%GeneratorFunction%',
  '%AsyncFunction%',
  '%AsyncGeneratorFunction%',
  // The start compartment's Compartment constructor under its global name.
  'Compartment',
];

test('every intrinsic name the table mentions has an entry of its own', () => {
  assert.deepEqual(checkPermitsTable(permits), []);
});

test('the table permits the same intrinsics as ses 2.3.0', () => {
  const ours = Object.keys(permits).filter(name => !ourExtraIntrinsics.includes(name)).sort();
  assert.deepEqual(ours, Object.keys(original.table).sort());
});

test('each intrinsic has the same properties, prototype, and known removals as in ses 2.3.0', () => {
  for (const [name, theirs] of Object.entries(original.table)) {
    const mine = ourShapeOf(permits[name] as Permit);
    if (theirs.kind === 'kept' && mine.kind === 'kept') {
      // The defaults agree: no [[Proto]] means %ObjectPrototype%.
      assert.equal(mine.proto ?? '%ObjectPrototype%', theirs.proto ?? '%ObjectPrototype%', `${name}.[[Proto]]`);
      assert.deepEqual(
        Object.entries(mine.props).sort(),
        Object.entries(theirs.props).sort(),
        `properties of ${name}`,
      );
    } else {
      assert.equal(mine.kind, theirs.kind, name);
    }
  }
});

test('the global name lists match ses 2.3.0', () => {
  assert.deepEqual(Object.keys(constantProperties), original.constants);
  assert.deepEqual(universalPropertyNames, original.universal);
  assert.deepEqual(sharedGlobalPropertyNames, original.shared);
  assert.deepEqual(uniqueGlobalPropertyNames, original.unique);
  // Ours also lists Symbol nowhere for the start compartment, like ses,
  // and keeps the same initial names.
  assert.deepEqual(initialGlobalPropertyNames, original.initial);
});

test("a compartment's globals from these lists are the ones ses 2.3.0 gives on Node 20", () => {
  // What ses puts on `new Compartment().globalThis`, in order, on Node 20.
  const sesCompartmentGlobals =
    'Infinity NaN undefined isFinite isNaN parseFloat parseInt decodeURI decodeURIComponent encodeURI ' +
    'encodeURIComponent Array ArrayBuffer BigInt BigInt64Array BigUint64Array Boolean DataView EvalError ' +
    'Int8Array Int16Array Int32Array Map Number Object Promise Proxy RangeError ReferenceError Set String ' +
    'SyntaxError TypeError Uint8Array Uint8ClampedArray Uint16Array Uint32Array URIError WeakMap WeakSet ' +
    'AggregateError JSON Reflect TextEncoder TextDecoder escape unescape lockdown harden Date Error RegExp ' +
    'Symbol Math globalThis Compartment eval Function';
  // Names of these lists that Node 20 lacks (or that lockdown adds later).
  const absentOnNode20 = ['Iterator', 'AsyncIterator', 'ModuleSource', 'HandledPromise', 'Temporal'];
  const fromLists = [
    ...Object.keys(constantProperties),
    ...Object.keys(universalPropertyNames),
    ...Object.keys(sharedGlobalPropertyNames),
    ...Object.keys(uniqueGlobalPropertyNames),
  ].filter(name => !absentOnNode20.includes(name));
  assert.deepEqual(new Set(fromLists), new Set(sesCompartmentGlobals.split(' ')));
});

test('the shared lists never hand out the powerful start-compartment intrinsics', () => {
  const shared = Object.values(sharedGlobalPropertyNames);
  for (const intrinsicName of Object.values(initialGlobalPropertyNames)) {
    if (intrinsicName.startsWith('%Initial')) assert.ok(!shared.includes(intrinsicName), intrinsicName);
  }
  for (const name of ['Float32Array', 'Float64Array', 'SharedArrayBuffer', 'Atomics', 'Intl', 'WeakRef']) {
    assert.ok(!(name in universalPropertyNames) && !(name in sharedGlobalPropertyNames), name);
  }
});
