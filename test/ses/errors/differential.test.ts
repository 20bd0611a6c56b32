// Differential test: the same cases (./differential-cases.ts) run against
// our endo/errors here and against the original @endo/errors in a child
// process (after the original's `lockdown()`, which makes its `X` redact, as
// ours does by default). Every message, rendering and error shape must match.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as ours from '../../../src/ses/errors/index.js';
import { runCases } from './differential-cases.js';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const casesUrl = new URL('./differential-cases.js', import.meta.url).href;

const childProgram = `
import 'ses';
lockdown();
const E = await import('@endo/errors');
const { runCases } = await import(${JSON.stringify(casesUrl)});
process.stdout.write(JSON.stringify(runCases(E)));
`;

const runOriginal = () =>
  JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', childProgram], {
      cwd: repoRoot,
      encoding: 'utf8',
    }),
  );

const original = runOriginal();
const mine = JSON.parse(JSON.stringify(runCases(ours)));

test('endo/errors exports the same names as @endo/errors', () => {
  assert.deepEqual(mine.exports, original.exports);
  assert.deepEqual(mine.assertKeys, original.assertKeys);
});

test('unquoted values are redacted like the original, value by value', () => {
  for (let i = 0; i < original.rendered.length; i += 1) {
    assert.equal(mine.rendered[i].redacted, original.rendered[i].redacted, `redacted ${original.rendered[i].label}`);
  }
});

test('quoted values render like the original, value by value', () => {
  for (let i = 0; i < original.rendered.length; i += 1) {
    const label = original.rendered[i].label;
    assert.equal(mine.rendered[i].quoted, original.rendered[i].quoted, `q(${label})`);
    assert.equal(mine.rendered[i].quotedSpaced, original.rendered[i].quotedSpaced, `q(${label}, 2)`);
  }
});

test('bare text is shown bare or quoted like the original', () => {
  assert.deepEqual(mine.bare, original.bare);
});

test('template edge cases and plain-string details match', () => {
  assert.deepEqual(mine.templates, original.templates);
});

test('every assert method throws the same error type and message', () => {
  assert.deepEqual(new Map(mine.throws), new Map(original.throws));
});

test('makeError options give errors of the same shape', () => {
  assert.deepEqual(mine.made, original.made);
});

test('details tokens and quotes look alike from outside', () => {
  assert.deepEqual(mine.tokens, original.tokens);
});
