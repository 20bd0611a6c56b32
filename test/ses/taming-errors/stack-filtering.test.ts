// The stack filters behind stackFiltering: reading frames from V8's text,
// which frames 'concise'/'omit-frames' leave out, how 'concise'/
// 'shorten-paths' shorten paths, and (in a child running the original ses's
// own filters) that both agree, except where ours deliberately differs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  isFrameShown,
  parseFrameText,
  parseStackText,
  renderFrames,
  shortenFrameText,
} from '../../../src/ses/stack-filtering.js';

test('frames are read from V8 text: function, file, built-ins and eval', () => {
  const cases: [string, string | null, string | null | undefined][] = [
    ['foo (file:///a/b.js:3:7)', 'foo', 'file:///a/b.js'],
    ['file:///a/b.js:3:7', null, 'file:///a/b.js'],
    ['async Obj.run (node:internal/x/y:1:2)', 'Obj.run', 'node:internal/x/y'],
    ['new Foo (/abs/path/c.js:9:1)', 'Foo', '/abs/path/c.js'],
    ['TestContext.<anonymous> (file:///t.js:1:2)', 'TestContext.<anonymous>', 'file:///t.js'],
    ['Array.map (<anonymous>)', 'Array.map', null],
    ['async Promise.all (index 0)', 'Promise.all', null],
    ['eval (eval at make (file:///e.js:1:2), <anonymous>:1:1)', 'eval', undefined],
  ];
  for (const [text, functionName, fileName] of cases) {
    assert.deepEqual(parseFrameText(text), { text, functionName, fileName }, text);
  }
});

test('a stack text splits into its (possibly multi-line) header and frames', () => {
  const { header, frames } = parseStackText('Error: two\nlines\n    at f (file:///a.js:1:1)\n    at file:///b.js:2:2');
  assert.equal(header, 'Error: two\nlines');
  assert.deepEqual(
    frames.map(frame => frame.text),
    ['f (file:///a.js:1:1)', 'file:///b.js:2:2'],
  );
  assert.deepEqual(parseStackText('').frames, []);
});

test("'omit-frames' leaves out dependencies, Node, assert machinery, built-ins and __HIDE_ functions", () => {
  const shown = (fileName: string | null | undefined, functionName: string | null = 'f') =>
    isFrameShown({ text: 'f', fileName, functionName });
  assert.equal(shown('file:///app/src/main.js'), true);
  assert.equal(shown(undefined), true, 'code evaluated in a compartment');
  assert.equal(shown(null), false);
  assert.equal(shown('file:///app/node_modules/lib/index.js'), false);
  assert.equal(shown('node:internal/process/task_queues'), false);
  assert.equal(shown('internal/modules/cjs/loader.js'), false);
  assert.equal(shown('node:events'), false);
  assert.equal(shown('/repo/packages/ses/src/error/assert.js'), false);
  assert.equal(shown('file:///proj/node_modules/endo/dist/src/ses/errors/make-assert.js'), false);
  assert.equal(shown('/repo/dist/src/ses/errors/make-error.js'), false);
  assert.equal(shown('/repo/packages/eventual-send/src/handled-promise.js'), false);
  assert.equal(shown('file:///app/src/main.js', '__HIDE_helper'), false);
});

test('paths are shortened the way the original ses does', () => {
  const cases: [string, string][] = [
    ['Object.bar (/vat-v1/.../errors/test/deep-send.test.js:13:21)', 'Object.bar (errors/test/deep-send.test.js:13:21)'],
    ['Object.bar (.../errors/test/deep-send.test.js:13:21)', 'Object.bar (errors/test/deep-send.test.js:13:21)'],
    [
      'Object.bar (/Users/me/src/agoric-sdk/packages/errors/test/deep-send.test.js:13:21)',
      'Object.bar (packages/errors/test/deep-send.test.js:13:21)',
    ],
    ['Object.bar (file://test/deep-send.test.js:13:21)', 'Object.bar (test/deep-send.test.js:13:21)'],
    ['Object.bar (file:///abs/test/deep-send.test.js:13:21)', 'Object.bar (file:///abs/test/deep-send.test.js:13:21)'],
    ['file:///abs/main.js:1:1', 'file:///abs/main.js:1:1'],
  ];
  for (const [text, expected] of cases) assert.equal(shortenFrameText(text), expected, text);
});

test('each stackFiltering level renders its frames as "\\n  at frame"', () => {
  const frames = parseStackText(
    [
      'Error: x',
      '    at mine (/home/me/packages/app/src/a.js:1:2)',
      '    at lib (/home/me/node_modules/lib/b.js:3:4)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n'),
  ).frames;
  assert.equal(renderFrames(frames, 'concise'), '\n  at mine (packages/app/src/a.js:1:2)');
  assert.equal(renderFrames(frames, 'omit-frames'), '\n  at mine (/home/me/packages/app/src/a.js:1:2)');
  assert.equal(
    renderFrames(frames, 'shorten-paths'),
    [
      '',
      'mine (packages/app/src/a.js:1:2)',
      'lib (/home/me/node_modules/lib/b.js:3:4)',
      'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n  at '),
  );
  assert.equal(renderFrames(frames, 'verbose'), frames.map(frame => `\n  at ${frame.text}`).join(''));
  assert.equal(renderFrames([], 'verbose'), '');
});

test("the original ses's own filters agree (but for Node's public modules, which ours also omits)", () => {
  const fileNames = [
    'file:///app/src/main.js',
    null,
    'file:///app/node_modules/lib/index.js',
    'node:internal/process/task_queues',
    'internal/modules/cjs/loader.js',
    '/repo/packages/ses/src/error/assert.js',
    '/repo/packages/eventual-send/src/handled-promise.js',
    '/repo/packages/ses-ava/src/ses-ava-test.js',
  ];
  const texts = [
    'Object.bar (/vat-v1/.../errors/test/deep-send.test.js:13:21)',
    'Object.bar (.../errors/test/deep-send.test.js:13:21)',
    'Object.bar (/Users/me/src/agoric-sdk/packages/errors/test/deep-send.test.js:13:21)',
    'Object.bar (file://test/deep-send.test.js:13:21)',
    'Object.bar (file:///abs/test/deep-send.test.js:13:21)',
    'at weird (C:\\dir\\packages\\x.js:1:1)',
    'async x (/a/b/.../c/packages/d.js:1:1)',
  ];
  const sesFilters = new URL('../../../../node_modules/ses/src/error/tame-v8-error-constructor.js', import.meta.url);
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { filterFileName, shortenCallSiteString } from ${JSON.stringify(sesFilters.href)};
       process.stdout.write(JSON.stringify({
         shown: ${JSON.stringify(fileNames)}.map(filterFileName),
         shortened: ${JSON.stringify(texts)}.map(shortenCallSiteString),
       }));`,
    ],
    { cwd: fileURLToPath(new URL('../../../../', import.meta.url)), encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  const original = JSON.parse(child.stdout);
  assert.deepEqual(
    fileNames.map(fileName => isFrameShown({ text: '', fileName, functionName: 'f' })),
    original.shown,
  );
  assert.deepEqual(texts.map(shortenFrameText), original.shortened);
});
