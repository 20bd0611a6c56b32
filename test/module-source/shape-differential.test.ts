// The static shape of our ModuleSource (`imports`, `exports`, `reexports`)
// against the original @endo/module-source 1.5.0, over every module of
// lodash-es and a hand-written corpus that uses every import and export
// form. The original runs once, in a child process, over the whole corpus.
//
// Where the two differ, the ECMAScript specification decides; such cases
// are listed in `specDecidedDifferences` with the reason, and the test then
// checks that ours gives the specified answer and that the original still
// differs (so that the list stays true).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleSource } from '../../src/module-source/index.js';
import { moduleForms } from './module-forms.js';
import { originalShapes, repoRoot, type CorpusEntry, type ModuleShape } from './original-module-source.js';

const shapeOf = (text: string, location: string): ModuleShape => {
  try {
    const source = new ModuleSource(text, location);
    return { imports: [...source.imports], exports: [...source.exports], reexports: [...source.reexports] };
  } catch (error) {
    const { name, message } = error as Error;
    return { error: { name, message } };
  }
};

/**
 * Hand-written forms where the original is wrong by the specification, with
 * the shape that the specification gives.
 */
const stringNameReason =
  'an export name written as a string literal is that string (the StringValue of ModuleExportName : ' +
  'StringLiteral is the [[ExportName]] of its ExportEntry, ECMA-262 ExportEntriesForModule); the original lists undefined';
const specDecidedDifferences: Record<string, { expected: ModuleShape; reason: string }> = {
  'export as string-literal name': {
    expected: { imports: [], exports: ['x-y'], reexports: [] },
    reason: stringNameReason,
  },
  'export star as string-literal name': {
    expected: { imports: ['./ns.js'], exports: ['n-s'], reexports: [] },
    reason: stringNameReason,
  },
  'export string-literal names from': {
    expected: { imports: ['./m.js'], exports: ['c-d', 'f g'], reexports: [] },
    reason: stringNameReason,
  },
  'integer-like specifiers in source order': {
    expected: { imports: ['2', '10', '1', 'a'], exports: [], reexports: [] },
    reason:
      "a module's requested modules are in source text order (ECMA-262 static semantics ModuleRequests); the " +
      'original takes them from the keys of an object, which puts integer-like keys first, in numeric order',
  },
};

/**
 * Forms where ours differs from the original and the specification does not
 * side with ours: bugs of module-transform.ts, reported, left as todo.
 */
const knownDeviations: Record<string, string> = {};

const lodashDirectory = join(repoRoot, 'node_modules', 'lodash-es');
const lodashFiles = readdirSync(lodashDirectory)
  .filter(name => name.endsWith('.js'))
  .sort();

const corpus: CorpusEntry[] = [
  ...lodashFiles.map(name => ({ file: join(lodashDirectory, name), location: `file:///lodash-es/${name}` })),
  ...moduleForms.map(({ name, text }) => ({ text, location: `file:///forms/${encodeURIComponent(name)}.js` })),
];
// One child for the whole corpus, before the tests run.
const original = originalShapes(corpus);

test('the corpus is what it should be', () => {
  assert.ok(lodashFiles.length > 600, `lodash-es has ${lodashFiles.length} modules`);
  assert.ok(moduleForms.length >= 40);
  assert.equal(original.length, corpus.length);
});

test('every lodash-es module has the same shape as under the original', () => {
  const differences: string[] = [];
  lodashFiles.forEach((name, index) => {
    const text = readFileSync(join(lodashDirectory, name), 'utf8');
    const ours = shapeOf(text, `file:///lodash-es/${name}`);
    try {
      assert.deepEqual(ours, original[index]);
    } catch {
      differences.push(`${name}: ours ${JSON.stringify(ours)}, original ${JSON.stringify(original[index])}`);
    }
  });
  assert.deepEqual(differences, []);
});

for (const [index, { name, text }] of moduleForms.entries()) {
  const theirs = original[lodashFiles.length + index];
  const decided = specDecidedDifferences[name];
  test(`shape of: ${name}`, { todo: knownDeviations[name] }, () => {
    const ours = shapeOf(text, `file:///forms/${encodeURIComponent(name)}.js`);
    assert.ok(!('error' in theirs), `the original rejects it: ${JSON.stringify(theirs)}`);
    if (decided === undefined) {
      assert.deepEqual(ours, theirs);
    } else {
      assert.deepEqual(ours, decided.expected, decided.reason);
      assert.notDeepEqual(theirs, decided.expected, 'the original now agrees: drop this case from specDecidedDifferences');
    }
  });
}
