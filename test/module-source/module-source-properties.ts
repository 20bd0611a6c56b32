// The properties of `new ModuleSource(text, location)` that a user sees,
// as a set of node:test cases that two test files register: one runs them
// before lockdown() and one after (lockdown is once per process, so the two
// are separate files). Frozen shape arrays and instance, TypeError for a
// non-string source, SyntaxError naming `location:line:column` and the
// problem, duplicate exports, undeclared exports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleSource } from '../../src/module-source/index.js';
import { moduleForms } from './module-forms.js';

/** Asserts that `text` is rejected with a SyntaxError whose message says `problem` at `location:line:column`. */
const assertSyntaxError = (text: string, location: string, line: number, column: number | undefined, problem: RegExp) => {
  assert.throws(
    () => new ModuleSource(text, location),
    (error: unknown) => {
      assert.ok(error instanceof SyntaxError, `a SyntaxError, not ${String(error)}`);
      const where = column === undefined ? `${location}:${line}` : `${location}:${line}:${column}`;
      assert.ok(error.message.includes(where), `${JSON.stringify(error.message)} names ${where}`);
      assert.match(error.message, problem);
      return true;
    },
    text,
  );
};

export const registerModuleSourcePropertyTests = (when: string): void => {
  test(`${when}: every hand-written form constructs`, () => {
    for (const { name, text } of moduleForms) {
      assert.ok(new ModuleSource(text, `file:///${name}.js`) instanceof ModuleSource, name);
    }
  });

  test(`${when}: the instance and its three arrays are frozen`, () => {
    const source = new ModuleSource("import a from './a.js';\nexport * from './b.js';\nexport const c = a;\n", 'file:///m.js');
    assert.ok(Object.isFrozen(source));
    for (const key of ['imports', 'exports', 'reexports'] as const) {
      const array = source[key];
      assert.ok(Array.isArray(array), key);
      assert.ok(Object.isFrozen(array), key);
      assert.throws(() => (array as string[]).push('x'), TypeError, key);
      assert.throws(() => {
        (source as any)[key] = [];
      }, TypeError);
      const descriptor = Object.getOwnPropertyDescriptor(source, key);
      assert.equal(descriptor?.enumerable, true, key);
      assert.equal(descriptor?.writable, false, key);
    }
    assert.deepEqual(source.imports, ['./a.js', './b.js']);
    assert.deepEqual(source.exports, ['c']);
    assert.deepEqual(source.reexports, ['./b.js']);
    assert.throws(() => {
      (source as any).extra = 1;
    }, TypeError);
    // So are the class and its prototype.
    assert.ok(Object.isFrozen(ModuleSource));
    assert.ok(Object.isFrozen(ModuleSource.prototype));
  });

  test(`${when}: each instance has its own frozen arrays, also for an empty module`, () => {
    const empty = new ModuleSource('');
    assert.deepEqual([empty.imports, empty.exports, empty.reexports], [[], [], []]);
    assert.ok(Object.isFrozen(empty.imports) && Object.isFrozen(empty.exports) && Object.isFrozen(empty.reexports));
    const again = new ModuleSource("export * from './x.js';");
    assert.notEqual(again.reexports, empty.reexports);
  });

  test(`${when}: a source that is not a string is a TypeError`, () => {
    for (const value of [undefined, null, 42, true, {}, [], Symbol('s'), () => 'export {}', Object('export {}'), 10n]) {
      assert.throws(() => new (ModuleSource as any)(value, 'file:///m.js'), TypeError, String(typeof value));
    }
    assert.throws(() => new (ModuleSource as any)(), TypeError);
  });

  test(`${when}: a syntax error is a SyntaxError naming location:line:column and the problem`, () => {
    assertSyntaxError('const a = 1;\nconst = 2;\n', 'file:///bad.js', 2, 7, /Unexpected token/);
    assertSyntaxError('\n\n  let let = 1;', 'file:///let.js', 3, 7, /let/);
    assertSyntaxError('export default 1 +;', 'https://example.com/x.mjs', 1, 19, /Unexpected token/);
    assertSyntaxError('return 1;', 'file:///return.js', 1, 1, /return/);
    assertSyntaxError("import { a } from './a.js';\nimport { a } from './b.js';\n", 'file:///twice.js', 2, 10, /already been declared/);
    assertSyntaxError('function f() {\n  await 1;\n}\n', 'file:///await.js', 2, 3, /await/);
    assertSyntaxError('with (o) {}', 'file:///with.js', 1, 1, /strict mode/);
    assertSyntaxError('<!-- html comment', 'file:///html.js', 1, 1, /Unexpected token/);
    assertSyntaxError('const s = "unterminated;\n', 'file:///string.js', 1, 11, /Unterminated string/);
    assertSyntaxError("export { 'a-b' };", 'file:///literal.js', 1, 10, /string literal/i);
  });

  test(`${when}: without a location, a syntax error still names line and column`, () => {
    assert.throws(() => new ModuleSource('\nlet = ;'), (error: unknown) => {
      assert.ok(error instanceof SyntaxError);
      assert.match(error.message, /:2:\d+/);
      return true;
    });
  });

  test(`${when}: duplicate exports are SyntaxErrors`, () => {
    assertSyntaxError('export const a = 1;\nexport { a };\n', 'file:///dup.js', 2, 10, /Duplicate export 'a'/);
    assertSyntaxError('export default 1;\nexport default 2;\n', 'file:///dup.js', 2, 8, /Duplicate export 'default'/);
    assertSyntaxError('const x = 1;\nexport { x as default };\nexport default 2;\n', 'file:///dup.js', 3, 8, /Duplicate export 'default'/);
    assertSyntaxError("export { a } from './x.js';\nexport { a } from './y.js';\n", 'file:///dup.js', 2, 10, /Duplicate export 'a'/);
    assertSyntaxError("export * as a from './x.js';\nexport const a = 1;\n", 'file:///dup.js', 2, 14, /Duplicate export 'a'/);
    assertSyntaxError("let v;\nexport { v as 'x', v as x };\n", 'file:///dup.js', 2, 25, /Duplicate export 'x'/);
    assertSyntaxError('export function f() {}\nexport class f {}\n', 'file:///dup.js', 2, 14, /f/);
    assertSyntaxError("export default function () {}\nexport { default } from './d.js';\n", 'file:///dup.js', 2, 10, /Duplicate export 'default'/);
  });

  test(`${when}: exporting an undeclared name is a SyntaxError`, () => {
    assertSyntaxError('export { undeclared };\n', 'file:///undeclared.js', 1, 10, /Export 'undeclared' is not defined/);
    assertSyntaxError('const a = 1;\nexport { a, b as c };\n', 'file:///undeclared.js', 2, 13, /Export 'b' is not defined/);
    // A function declared in a block is not a module-level binding.
    assertSyntaxError('if (true) {\n  function h() {}\n}\nexport { h };\n', 'file:///undeclared.js', 4, 10, /Export 'h' is not defined/);
    assertSyntaxError('{\n  let inner = 1;\n}\nexport { inner };\n', 'file:///undeclared.js', 4, undefined, /Export 'inner' is not defined/);
    // A var in a block is a module-level binding; so is an import.
    assert.deepEqual(new ModuleSource('{\n  var q = 1;\n}\nexport { q };\n').exports, ['q']);
    assert.deepEqual(new ModuleSource("import i from './i.js';\nexport { i };\n").exports, ['i']);
  });

  test(`${when}: assignments to imports and other run-time errors are not syntax errors`, () => {
    assert.deepEqual(new ModuleSource("import x from './x.js';\nx = 1;\n").imports, ['./x.js']);
    assert.deepEqual(new ModuleSource('null.x;\nundefinedFunction();\n').exports, []);
  });
};
