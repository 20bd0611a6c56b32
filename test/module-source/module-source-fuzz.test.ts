// Property tests: whatever text `new ModuleSource` is given (arbitrary
// strings, soups of module-syntax tokens, valid modules with slices deleted,
// inserted or duplicated), it either constructs or throws a SyntaxError,
// never another error, and promptly. And a text that compiles gives a
// functor that a compartment's evaluator accepts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ModuleSource } from '../../src/module-source/index.js';
import { Compartment } from '../../src/ses/index.js';
import { getCompartmentFields } from '../../src/ses/compartment.js';
import { transformModule } from '../../src/ses/module-transform.js';
import { moduleForms } from './module-forms.js';

/** Pieces of module syntax, so that token soups look like modules often enough to get past the first token. */
const tokens = [
  'import', 'export', 'default', 'from', 'as', '*', '{', '}', '(', ')', '[', ']', ',', ';', '=', '=>', '.',
  'const', 'let', 'var', 'function', 'class', 'async', 'await', 'yield', 'return', 'new', 'this',
  'meta', 'import.meta', 'import(', "'./m.js'", '"a-b"', 'x', 'y', 'default', '\n', ' ', '/*', '*/', '//', '`', '${',
  '#!', '1', 'null', 'extends', 'static', 'get', 'if', 'else', 'for', 'of', 'in', 'try', 'catch', '...',
];

const validTexts = moduleForms.map(form => form.text).filter(text => text.length > 0);

/** One edit of a text: delete a slice, insert a string, or duplicate a slice. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    piece: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

const applyMutation = (text: string, edit: Mutation): string => {
  const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
  switch (edit.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'insert':
      return text.slice(0, at) + edit.piece + text.slice(at);
    case 'duplicate':
      return text.slice(0, at + edit.length) + text.slice(at, at + edit.length) + text.slice(at + edit.length);
  }
};

const mutatedModule = fc
  .tuple(fc.constantFrom(...validTexts), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) => edits.reduce(applyMutation, text));

const tokenSoup = fc.array(fc.constantFrom(...tokens), { maxLength: 25 }).map(parts => parts.join(' '));

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), tokenSoup, mutatedModule);

/** What constructing a ModuleSource from `text` does: 'ok', or the error's constructor name. */
const outcome = (text: string): string => {
  try {
    new ModuleSource(text, 'file:///fuzz.js');
    return 'ok';
  } catch (error) {
    return error instanceof SyntaxError ? 'SyntaxError' : `${(error as Error)?.name}: ${(error as Error)?.message}`;
  }
};

test('any text constructs a ModuleSource or is a SyntaxError, promptly', () => {
  const outcomes = new Map<string, number>();
  fc.assert(
    fc.property(anyText, text => {
      const started = performance.now();
      const result = outcome(text);
      outcomes.set(result, (outcomes.get(result) ?? 0) + 1);
      assert.ok(result === 'ok' || result === 'SyntaxError', `${JSON.stringify(text)} gave ${result}`);
      assert.ok(performance.now() - started < 1000, `${JSON.stringify(text)} took over a second`);
    }),
    { numRuns: 300 },
  );
  // The generators reach both outcomes, so the property says something.
  assert.ok((outcomes.get('ok') ?? 0) > 10, JSON.stringify([...outcomes]));
  assert.ok((outcomes.get('SyntaxError') ?? 0) > 10, JSON.stringify([...outcomes]));
});

test('a text that compiles gives a functor the evaluator accepts', () => {
  const { evaluateModuleFunctor } = getCompartmentFields(new Compartment({ __options__: true }));
  let compiled = 0;
  fc.assert(
    fc.property(fc.oneof(mutatedModule, tokenSoup), text => {
      let record;
      try {
        record = transformModule(text, 'file:///fuzz.js');
      } catch (error) {
        assert.ok(error instanceof SyntaxError, String(error));
        return;
      }
      compiled += 1;
      const functor = evaluateModuleFunctor(record.functor);
      assert.equal(typeof functor, 'function', JSON.stringify(text));
    }),
    { numRuns: 300 },
  );
  assert.ok(compiled > 10, `only ${compiled} texts compiled`);
});
