// tameRegExpConstructor('unsafe'): RegExp.prototype.compile stays; the legacy
// statics are still absent from both constructors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameRegExpConstructor } from '../../../src/ses/tame-regexp.js';

const { '%InitialRegExp%': InitialRegExp, '%SharedRegExp%': SharedRegExp } = tameRegExpConstructor('unsafe');

test("'unsafe' keeps RegExp.prototype.compile working", () => {
  const r = new InitialRegExp('a');
  assert.equal(typeof (r as any).compile, 'function');
  (r as any).compile('b', 'g');
  assert.equal(r.source, 'b');
  assert.equal(r.flags, 'g');
});

test("'unsafe' still leaves out the legacy statics", () => {
  /(q)/.exec('q');
  for (const R of [InitialRegExp, SharedRegExp]) {
    assert.equal('$1' in R, false);
    assert.equal('lastMatch' in R, false);
    assert.equal('input' in R, false);
  }
});
