// ModuleSource's sourceMapHook: called once, with the original's
// arguments, and a source map that Node's own SourceMap reader maps from
// every line of the program back to the same line of the module.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceMap } from 'node:module';
import { ModuleSource } from '../../src/module-source/index.js';

const text = [
  "import { a } from './a.js';",
  'export const b = a + 1;',
  '',
  'export function f() {',
  '  return b;',
  '}',
  "export default 'done';",
].join('\n');

test('sourceMapHook gets a map of the program to the module, line for line, and the map names the sourceMapUrl', () => {
  const calls: unknown[][] = [];
  const source = new ModuleSource(text, {
    sourceUrl: 'file:///app/must-appear.js',
    sourceMapUrl: 'must-not-appear.js',
    sourceMapHook: (...args: unknown[]) => calls.push(args),
  } as any);
  assert.equal(calls.length, 1);
  const [map, details] = calls[0] as [any, any];
  assert.deepEqual(details, { sourceUrl: 'file:///app/must-appear.js', sourceMapUrl: 'must-not-appear.js', source: text });
  const program = source.__syncModuleProgram__;
  assert.match(program, /must-appear/);
  assert.doesNotMatch(program, /must-not-appear/);

  assert.deepEqual(map.sources, ['must-not-appear.js']);
  assert.deepEqual(map.sourcesContent, [text]);
  const reader = new SourceMap(map);
  const programLines = program.split('\n');
  const sourceLines = text.split('\n').length;
  // The program's own closing lines come after the module's.
  assert.ok(programLines.length > sourceLines);
  programLines.slice(0, sourceLines).forEach((line, index) => {
    const entry = reader.findEntry(index, Math.max(0, line.length - 1)) as { originalLine?: number; originalSource?: string };
    assert.equal(entry.originalLine, index, `program line ${index + 1}`);
    assert.equal(entry.originalSource, 'must-not-appear.js');
  });
  assert.equal(map.mappings.split(';').length, sourceLines);
});

test('without a hook nothing is made; a location string still works', () => {
  const source = new ModuleSource('export const x = 1;', 'file:///x.js');
  assert.deepEqual(source.exports, ['x']);
});
