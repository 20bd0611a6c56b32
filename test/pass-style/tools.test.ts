// endo/pass-style/tools.js and endo/pass-style/endow.js against the
// originals, each in a child process: makeArbitraries(fc) generates the
// same passables from the same seed (keys, passables, with and without
// byteArrays), and a passStyleOf endowed under PassStyleOfEndowmentSymbol
// is the one pass-style exports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describerSource, runToolsProbe } from './run-tools-probe.js';

// Lone surrogates are passable in both only with this setting.
const lenient = { ONLY_WELL_FORMED_STRINGS_PASSABLE: 'disabled' };

const sampleProbe = `async load => {
  await load('init');
  const fc = await load('fast-check');
  const api = await load('pass-style');
  const tools = await load('pass-style/tools.js');
  const describe = (${describerSource})(api);
  const full = tools.makeArbitraries(fc);
  const noBytes = tools.makeArbitraries(fc, ['byteArray']);
  const sample = (arbitrary, seed) => fc.sample(arbitrary, { seed, numRuns: 60 }).map(value => describe(harden(value)));
  return {
    exports: Object.keys(tools).sort(),
    kit: Object.keys(full).sort(),
    examples: [tools.exampleAlice, tools.exampleBob, tools.exampleCarol].map(describe),
    sameExamples: full.exampleAlice === tools.exampleAlice,
    passables: sample(full.arbPassable, 1),
    keys: sample(full.arbKey, 2),
    leaves: sample(full.arbLeaf, 3),
    noBytes: sample(noBytes.arbPassable, 4),
    strings: fc.sample(full.arbString, { seed: 5, numRuns: 60 }),
  };
}`;

test("makeArbitraries(fc) gives the original's arbitraries: the same values from the same seed", () => {
  const theirs = runToolsProbe('original', sampleProbe, lenient);
  const ours = runToolsProbe('ours', sampleProbe, lenient);
  assert.deepEqual(ours, theirs);
  assert.deepEqual(ours.exports, ['exampleAlice', 'exampleBob', 'exampleCarol', 'makeArbitraries']);
  const flat = JSON.stringify(ours.passables);
  for (const style of ['copyArray', 'copyRecord', 'tagged', 'promise', 'remotable', 'byteArray']) {
    assert.ok(flat.includes(`"${style}"`), `the sample holds a ${style}`);
  }
  assert.ok(!JSON.stringify(ours.noBytes).includes('"byteArray"'));
});

const wellFormedProbe = `async load => {
  await load('init');
  const fc = await load('fast-check');
  const { passStyleOf } = await load('pass-style');
  const { makeArbitraries } = await load('pass-style/tools.js');
  const { arbPassable, arbString } = makeArbitraries(fc);
  const strings = fc.sample(arbString, { seed: 9, numRuns: 300 });
  fc.sample(arbPassable, { seed: 9, numRuns: 100 }).forEach(passStyleOf);
  return strings.every(text => text.isWellFormed());
}`;

test('while only well-formed strings are passable (our default), the arbitraries make only passables', () => {
  assert.equal(runToolsProbe('ours', wellFormedProbe), true);
});

const endowProbe = `async load => {
  // Put there before anything loads; the original's endow.js needs lockdown first.
  const endowed = value => 'endowed';
  globalThis[Symbol.for('@endo passStyleOf')] = endowed;
  await load('init');
  const { PassStyleOfEndowmentSymbol } = await load('pass-style/endow.js');
  const { passStyleOf } = await load('pass-style');
  const marshal = await load('marshal');
  return {
    isRegistered: PassStyleOfEndowmentSymbol === Symbol.for('@endo passStyleOf'),
    used: passStyleOf === endowed,
    usedByMarshal: marshal.passStyleOf === endowed,
    answer: passStyleOf(1),
  };
}`;

test('a passStyleOf endowed under PassStyleOfEndowmentSymbol before loading is the one pass-style exports, as in the original', () => {
  const theirs = runToolsProbe('original', endowProbe);
  assert.deepEqual(runToolsProbe('ours', endowProbe), theirs);
  assert.deepEqual(theirs, { isRegistered: true, used: true, usedByMarshal: true, answer: 'endowed' });
});
