// Shared body of the per-level override test files (one process each, since
// they freeze this realm's intrinsics): applies one overrideTaming level,
// freezes the intrinsics as lockdown's harden would, then checks that
// every library pattern at or below the level works and every one above it
// still meets the override mistake.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enablePropertyOverrides } from '../../../src/ses/enable-property-overrides.js';
import { collectOverrideIntrinsics, freezeIntrinsics } from './test-intrinsics.js';
import { levelRank, overridePatterns, type Level } from './library-patterns.js';

export const runOverrideLevelTests = (level: Level): void => {
  const intrinsics = collectOverrideIntrinsics();
  enablePropertyOverrides(intrinsics, level);
  freezeIntrinsics(intrinsics);

  for (const pattern of overridePatterns) {
    const works = levelRank[pattern.level] <= levelRank[level];
    test(`${pattern.library} [${pattern.level}]: ${pattern.assignment} ${works ? 'works' : 'throws'} under ${level}`, () => {
      if (works) pattern.run();
      else assert.throws(() => pattern.run(), TypeError);
    });
  }

  test(`under ${level}, assigning to the frozen intrinsics themselves still throws`, () => {
    const replacement = () => 'replaced';
    assert.throws(() => {
      (Object.prototype as any).toString = replacement;
    }, TypeError);
    assert.throws(() => {
      (Array.prototype as any).push = replacement;
    }, TypeError);
    assert.throws(() => {
      (Error.prototype as any).message = 'replaced';
    }, TypeError);
    assert.throws(() => {
      (Function.prototype as any).toString = replacement;
    }, TypeError);
    assert.notEqual(Object.prototype.toString, replacement);
    assert.equal(({}).toString(), '[object Object]');
    assert.equal([1, 2].toString(), '1,2');
  });
};
