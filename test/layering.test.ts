import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { checkLayers } from '../tools/layers.js';

const repoPath = (path: string) =>
  fileURLToPath(new URL(`../../${path}`, import.meta.url));

test('src/ imports only from its own layer or below', () => {
  assert.deepEqual(checkLayers(repoPath('src')), []);
});

test('the checker rejects an upward import', () => {
  const violations = checkLayers(repoPath('test/fixtures/layers/upward/src'));
  assert.equal(violations.length, 1);
  assert.equal(violations[0].fromLayer, 'ses');
  assert.equal(violations[0].toLayer, 'marshal');
  assert.match(violations[0].reason, /above it/);
});

test('the checker rejects a sideways import', () => {
  const violations = checkLayers(repoPath('test/fixtures/layers/sideways/src'));
  assert.equal(violations.length, 1);
  assert.match(violations[0].reason, /eventual-send imports promise-kit, which is beside it/);
});

test('the checker accepts downward static and dynamic imports', () => {
  assert.deepEqual(checkLayers(repoPath('test/fixtures/layers/clean/src')), []);
});
