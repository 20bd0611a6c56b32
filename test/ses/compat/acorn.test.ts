// Compatibility: acorn, our module parser, must parse after lockdown() in the
// start compartment (the module loader parses sources after lockdown).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../../src/ses/index.js';

lockdown();
const acorn = await import('acorn');

test('acorn parses an ES module after lockdown', () => {
  const program = acorn.parse(
    `import x, { y as z } from './dep.js';
     export const f = async function* (a = 1, ...rest) { yield* rest; await x; };
     export default class K { #p = 1; static { this.s = z?.q ?? 0n; } }
     export * as ns from 'other';`,
    { ecmaVersion: 'latest', sourceType: 'module', locations: true },
  );
  assert.deepEqual(
    program.body.map(node => node.type),
    ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportAllDeclaration'],
  );
  const importDeclaration = program.body[0] as any;
  assert.equal(importDeclaration.source.value, './dep.js');
  assert.deepEqual(
    importDeclaration.specifiers.map((s: any) => s.local.name),
    ['x', 'z'],
  );
  assert.equal(program.body[2].loc!.start.line, 3);
});

test('acorn reports syntax errors with positions after lockdown', () => {
  assert.throws(
    () => acorn.parse('export const = 1;', { ecmaVersion: 'latest', sourceType: 'module' }),
    (error: unknown) => error instanceof SyntaxError && (error as any).pos === 13 && /\(1:13\)/.test(error.message),
  );
});

test('acorn tokenizes after lockdown', () => {
  const tokens = [...acorn.tokenizer('a <!-- b', { ecmaVersion: 'latest', onComment: () => {} })];
  assert.equal(tokens.length, 1);
  assert.equal((tokens[0] as any).value, 'a');
});
