// The review `endo policy` prints: which powers are marked dangerous and
// why, attenuated grants shown with their attenuator, and what changed
// against the previous policy (new powers first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReview, powersOf, reviewPolicy } from '../../src/policy/review-policy.js';

const dangerOf = (resource: Parameters<typeof powersOf>[0], name: string) =>
  powersOf(resource).find(power => power.name === name)?.danger;

test('builtins that reach files, the network or processes are marked; whole grants of the attenuated ones are not, their escapes are', () => {
  const resource = {
    builtin: {
      'fs.readFile': true, 'fs/promises.readFile': true, 'http.request': true, child_process: true, path: true,
      vm: true, 'module.createRequire': true, 'worker_threads.Worker': true, 'worker_threads.MessageChannel': true,
      'async_hooks.createHook': true, wasi: true, repl: true,
    },
  } as const;
  assert.equal(dangerOf(resource, 'fs.readFile'), 'file system');
  assert.equal(dangerOf(resource, 'fs/promises.readFile'), 'file system');
  assert.equal(dangerOf(resource, 'http.request'), 'network');
  assert.equal(dangerOf(resource, 'child_process'), 'child processes');
  assert.equal(dangerOf(resource, 'path'), undefined);
  // A whole vm is attenuated (no runInThisContext): nothing to mark.
  assert.equal(dangerOf(resource, 'vm'), undefined);
  assert.equal(dangerOf(resource, 'module.createRequire'), 'all of Node');
  assert.equal(dangerOf(resource, 'worker_threads.Worker'), 'all of Node');
  assert.equal(dangerOf(resource, 'worker_threads.MessageChannel'), undefined);
  assert.equal(dangerOf(resource, 'async_hooks.createHook'), 'all of Node');
  assert.equal(dangerOf(resource, 'wasi'), 'file system');
  assert.equal(dangerOf(resource, 'repl'), 'all of Node');
});

test('globals: fetch and process are marked; false grants are not powers', () => {
  const resource = { globals: { fetch: true, 'process.env.HOME': true, console: false, setTimeout: true } } as const;
  assert.equal(dangerOf(resource, 'fetch'), 'network');
  assert.equal(dangerOf(resource, 'process.env.HOME'), 'process');
  assert.equal(dangerOf(resource, 'setTimeout'), undefined);
  assert.deepEqual(powersOf(resource).map(power => power.name), ['fetch', 'process.env.HOME', 'setTimeout']);
});

test('an attenuated grant is shown with its attenuator and params, still marked', () => {
  const review = reviewPolicy({
    resources: {
      reader: { builtin: { fs: { attenuate: 'endo/attenuators/fs-directory', params: ['./data'] } } },
    },
  });
  assert.match(formatReview(review), /reader {2}\[!\]\n {2}builtin fs through endo\/attenuators\/fs-directory\("\.\/data"\) {2}\[!\] file system\n/);
});

test('changes: new powers first, then removed ones; a changed attenuation is a change', () => {
  const before = { resources: { a: { globals: { fetch: true, console: true } }, b: { builtin: { fs: true } } } };
  const after = {
    resources: {
      a: { globals: { fetch: { attenuate: 'endo/attenuators/fetch-origins', params: ['https://a.example'] }, console: true } },
      b: { builtin: { fs: true, 'http.get': true } },
    },
  };
  const text = formatReview(reviewPolicy(after, before));
  const changes = text.slice(0, text.indexOf('\n\n'));
  assert.equal(
    changes,
    [
      'Changed since the last policy:',
      '  + a: global fetch through endo/attenuators/fetch-origins("https://a.example")  [!] network',
      '  + b: builtin http.get  [!] network',
      '  - a: global fetch  [!] network',
    ].join('\n'),
  );
  assert.equal(formatReview(reviewPolicy(after, after)).includes('Changed since'), false);
});
