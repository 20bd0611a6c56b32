// The analysis cache of policy generation: what it gives back is what a
// fresh analysis gives, and any entry that is not exactly what this user's
// endo wrote (tampered, malformed, foreign) is a miss, analysed afresh.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeModule } from '../../src/policy/analyze-module.js';
import { makeCachingAnalyzer } from '../../src/policy/analysis-cache.js';
import { userCacheDirectory } from '../../src/compartment-mapper/user-cache-directory.js';

const samples: Array<{ text: string; kind: 'cjs' | 'esm' }> = [
  { kind: 'cjs', text: "const fs = require('fs'); fs.readFileSync('x'); process.env.HOME; require(name); module.exports = setTimeout;" },
  { kind: 'esm', text: "import { readFile } from 'node:fs/promises'; import x from 'lodash/fp'; globalThis.foo = 1; await import(y); fetch('u');" },
  { kind: 'cjs', text: "require('bindings')('addon'); const { createHash } = require('crypto'); Error.prepareStackTrace = f;" },
  { kind: 'esm', text: '' },
];

const entriesOf = (directory: string): string[] =>
  readdirSync(directory, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .flatMap(folder => readdirSync(join(directory, folder.name)).map(name => join(directory, folder.name, name)));

test('a cached analysis equals a fresh one, cold and warm', () => {
  const directory = mkdtempSync(join(tmpdir(), 'endo-analysis-cache-'));
  const cold = makeCachingAnalyzer(directory);
  for (const { text, kind } of samples) assert.deepEqual(cold(text, { kind, filename: '/a.js' }), analyzeModule(text, { kind, filename: '/a.js' }));
  assert.equal(cold.cache.stats.writes, samples.length);
  const hitsBefore = cold.cache.stats.hits;
  for (const { text, kind } of samples) assert.deepEqual(cold(text, { kind, filename: '/b.js' }), analyzeModule(text, { kind, filename: '/b.js' }));
  assert.equal(cold.cache.stats.hits - hitsBefore, samples.length);
});

test('the same text as cjs and as esm are two entries', () => {
  const directory = mkdtempSync(join(tmpdir(), 'endo-analysis-cache-'));
  const analyze = makeCachingAnalyzer(directory);
  const text = "const x = require('fs');";
  const asCjs = analyze(text, { kind: 'cjs', filename: '/a.js' });
  const asEsm = analyze(text, { kind: 'esm', filename: '/a.mjs' });
  assert.equal(analyze.cache.stats.hits, 0);
  assert.deepEqual(asCjs, analyzeModule(text, { kind: 'cjs', filename: '/a.js' }));
  assert.deepEqual(asEsm, analyzeModule(text, { kind: 'esm', filename: '/a.mjs' }));
});

test('a tampered entry fails its HMAC and is analysed afresh', () => {
  const directory = mkdtempSync(join(tmpdir(), 'endo-analysis-cache-'));
  const text = "require('child_process').exec('x');";
  const first = makeCachingAnalyzer(directory);
  first(text, { kind: 'cjs', filename: '/a.js' });
  const [entry] = entriesOf(directory);
  // An attacker widens nothing: the forged payload claims no builtin at all.
  const bytes = readFileSync(entry!, 'utf8');
  writeFileSync(entry!, bytes.replace('child_process', 'path'));
  const invalidBefore = first.cache.stats.invalid;
  const again = first(text, { kind: 'cjs', filename: '/a.js' });
  assert.equal(first.cache.stats.invalid - invalidBefore, 1);
  assert.deepEqual(again, analyzeModule(text, { kind: 'cjs', filename: '/a.js' }));
  assert.ok(again.builtins.has('child_process'));
});

test('a syntax error is thrown, as without the cache, and nothing is stored', () => {
  const directory = mkdtempSync(join(tmpdir(), 'endo-analysis-cache-'));
  const analyze = makeCachingAnalyzer(directory);
  assert.throws(() => analyze('let let = ;', { kind: 'esm', filename: '/bad.mjs' }), SyntaxError);
  assert.equal(analyze.cache.stats.writes, 0);
});

test('the cache directory: ENDO_CACHE=0 turns it off, ENDO_CACHE_DIR and XDG_CACHE_HOME choose it', () => {
  assert.equal(userCacheDirectory('module-analyses', { ENDO_CACHE: '0', ENDO_CACHE_DIR: '/c' }), undefined);
  assert.equal(userCacheDirectory('module-analyses', { ENDO_CACHE: 'off' }), undefined);
  assert.equal(userCacheDirectory('compiled-modules', { ENDO_CACHE_DIR: '/c' }, 'linux'), '/c/compiled-modules');
  assert.equal(userCacheDirectory('compiled-modules', { ENDO_CACHE_DIR: 'relative' }, 'linux'), undefined);
  assert.equal(userCacheDirectory('module-analyses', { XDG_CACHE_HOME: '/x' }, 'linux'), '/x/endo/module-analyses');
  // A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
  assert.match(userCacheDirectory('module-analyses', { XDG_CACHE_HOME: 'x' }, 'linux') ?? '', /\/\.cache\/endo\/module-analyses$/);
  assert.match(userCacheDirectory('module-analyses', {}, 'darwin') ?? '', /\/Library\/Caches\/endo\/module-analyses$/);
});
