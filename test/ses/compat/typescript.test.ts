// Compatibility: the TypeScript compiler, loaded after lockdown() in the start
// compartment, still transpiles. It is one of the largest bodies of ordinary
// JavaScript there is (classes, closures, Map/Set, regexps, assignments to
// prototypes), so it exercises the override-mistake fix and the permits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../../src/ses/index.js';

lockdown();
// Loaded only now, so that it initialises against the hardened intrinsics.
const { default: ts } = await import('typescript');

const source = `
enum Color { Red, Green = 'green' }
interface Point { x: number; y: number }
export class Vector implements Point {
  constructor(public x: number, public y: number) {}
  get length(): number { return Math.hypot(this.x, this.y); }
  plus(other: Point): Vector { return new Vector(this.x + other.x, this.y + other.y); }
}
export const sum = <T extends number>(...values: T[]): number => values.reduce((a, b) => a + b, 0);
export default async function main(p?: Point) { return p?.x ?? Color.Green; }
`;

test('ts.transpileModule turns TypeScript into runnable JavaScript after lockdown', async () => {
  const { outputText, diagnostics } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    reportDiagnostics: true,
    fileName: 'vector.ts',
  });
  assert.deepEqual(diagnostics, []);
  assert.match(outputText, /class Vector/);
  assert.doesNotMatch(outputText, /interface|implements|: number/);
  // Run the output as CommonJS to check that it means what the source says.
  const module = { exports: {} as Record<string, any> };
  new Function('module', 'exports', outputText)(module, module.exports);
  const { Vector, sum, default: main } = module.exports;
  assert.equal(new Vector(3, 4).length, 5);
  assert.deepEqual({ ...new Vector(1, 2).plus(new Vector(3, 4)) }, { x: 4, y: 6 });
  assert.equal(sum(1, 2, 3), 6);
  assert.equal(await main(), 'green');
  assert.equal(await main({ x: 7, y: 0 }), 7);
});

test('ts.transpileModule reports syntax errors as diagnostics after lockdown', () => {
  const { diagnostics } = ts.transpileModule('const x = ;', { reportDiagnostics: true, fileName: 'bad.ts' });
  assert.ok(diagnostics && diagnostics.length > 0);
  assert.match(ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n'), /Expression expected/);
});

test('ts.transpileModule emits ES modules with decorators and JSX after lockdown', () => {
  const { outputText } = ts.transpileModule('export const el = <div id="a">{1 + 1}</div>;', {
    compilerOptions: { module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.React, target: ts.ScriptTarget.ES2022 },
    fileName: 'el.tsx',
  });
  assert.match(outputText, /React\.createElement\("div", \{ id: "a" \}, 1 \+ 1\)/);
  assert.match(outputText, /^export const el/m);
});
