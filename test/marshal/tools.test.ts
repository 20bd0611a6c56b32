// endo/marshal/tools/*.js against @endo/marshal's, each in a child
// process: marshal-test-data exports the same fixtures, and each
// prepare-*.js, imported first, sets the string rank order and string
// passability that endo/marshal then uses, as the original's do.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describerSource, runToolsProbe } from '../pass-style/run-tools-probe.js';

const dataProbe = `async load => {
  await load('marshal/tools/prepare-utf16-code-unit-order.js');
  await load('init');
  const api = await load('pass-style');
  const data = await load('marshal/tools/marshal-test-data.js');
  const describe = (${describerSource})(api);
  const out = {};
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'function') {
      out[name] = ['function', value.length, Object.isFrozen(value)];
    } else if (name === 'roundTripPairs') {
      out[name] = value.map(([passable, body]) => [describe(passable), body]);
    } else if (name === 'jsonJustinPairs') {
      out[name] = value;
    } else {
      out[name] = [describe(value), Object.isFrozen(value)];
    }
  }
  out.sortedTwice = data.sorted(['b', 'a', 'c'], data.compareByUtf16CodeUnit);
  return out;
}`;

test("marshal-test-data exports the original's fixtures", () => {
  const theirs = runToolsProbe('original', dataProbe);
  const ours = runToolsProbe('ours', dataProbe);
  assert.deepEqual(ours, theirs);
  assert.ok(Object.keys(ours).length >= 15);
});

const orderProbe = (prepare: string) => `async load => {
  await load(${JSON.stringify(prepare)});
  await load('init');
  const { compareRank, passStyleOf } = await load('marshal');
  const { stringsByUtf16CodeUnit } = await load('marshal/tools/marshal-test-data.js');
  const comparisons = [];
  for (const left of stringsByUtf16CodeUnit) {
    for (const right of stringsByUtf16CodeUnit) {
      try {
        comparisons.push(compareRank(left, right));
      } catch (error) {
        comparisons.push(error.message.replace(/:.*/s, ''));
      }
    }
  }
  return { comparisons, loneSurrogate: passStyleOf('\\ud800') };
}`;

for (const order of ['unicode-code-point-order', 'utf16-code-unit-order', 'error-if-order-choice-matters']) {
  test(`prepare-${order}.js sets the rank order of strings and lets lone surrogates pass, as the original's`, () => {
    const probe = orderProbe(`marshal/tools/prepare-${order}.js`);
    const theirs = runToolsProbe('original', probe);
    assert.deepEqual(runToolsProbe('ours', probe), theirs);
    assert.equal(theirs.loneSurrogate, 'string');
  });
}

test('the three string orders differ on the multiplanar strings (so the tests above can tell them apart)', () => {
  const [unicode, utf16, both] = ['unicode-code-point-order', 'utf16-code-unit-order', 'error-if-order-choice-matters'].map(
    order => JSON.stringify(runToolsProbe('ours', orderProbe(`marshal/tools/prepare-${order}.js`)).comparisons),
  );
  assert.notEqual(unicode, utf16);
  assert.notEqual(both, utf16);
  assert.notEqual(both, unicode);
});
