// Hand-written module texts that together use every form of import and
// export syntax (and the other module-only syntax: top-level await,
// import.meta, import()), for the shape differential against the original
// @endo/module-source and for the property tests. Each text is a valid
// module; `name` says which form it exercises.

export interface ModuleForm {
  name: string;
  text: string;
}

export const moduleForms: readonly ModuleForm[] = [
  // --- imports ---------------------------------------------------------
  { name: 'empty module', text: '' },
  { name: 'no imports or exports', text: 'const a = 1;\nconsole.log(a);\n' },
  { name: 'side-effect import', text: "import './side-effect.js';\n" },
  { name: 'default import', text: "import d from './d.js';\nd();\n" },
  { name: 'named imports', text: "import { a, b } from './ab.js';\na(b);\n" },
  { name: 'renamed import', text: "import { a as alpha } from './ab.js';\nalpha();\n" },
  { name: 'namespace import', text: "import * as ns from './ns.js';\nns.f();\n" },
  { name: 'default and named imports', text: "import d, { a } from './m.js';\nd(a);\n" },
  { name: 'default and namespace imports', text: "import d, * as ns from './m.js';\nd(ns);\n" },
  { name: 'import of default by name', text: "import { default as d } from './m.js';\nd();\n" },
  { name: 'string-literal import name', text: "import { 'a-b' as ab } from './m.js';\nab();\n" },
  { name: 'string-literal import name, double quotes', text: 'import { "ünïcödé" as u } from "./m.js";\nu;\n' },
  { name: 'empty import clause', text: "import {} from './empty.js';\n" },
  { name: 'same specifier imported twice', text: "import a from './m.js';\nimport { b } from './m.js';\nimport './m.js';\na(b);\n" },
  {
    name: 'several specifiers in source order',
    text: "import z from 'z';\nimport a from 'a';\nimport m from 'm';\nimport 'b';\nz(a, m);\n",
  },
  { name: 'integer-like specifiers in source order', text: "import '2';\nimport '10';\nimport '1';\nimport 'a';\n" },
  { name: 'bare and URL specifiers', text: "import x from 'pkg/sub';\nimport y from 'https://example.com/y.js';\nx(y);\n" },
  { name: 'unused imports', text: "import { unused } from './m.js';\nimport * as alsoUnused from './n.js';\n" },

  // --- local exports ---------------------------------------------------
  { name: 'export let', text: 'export let a = 1;\n' },
  { name: 'export const', text: 'export const a = 1, b = 2;\n' },
  { name: 'export var', text: 'export var a = 1, b;\n' },
  { name: 'export let without initializer', text: 'export let a, b;\n' },
  { name: 'export const object destructuring', text: 'const o = { p: 1, q: { r: 2 } };\nexport const { p, q: { r }, s = 3, ...rest } = o;\n' },
  { name: 'export let array destructuring', text: 'const list = [1, 2, 3, 4];\nexport let [first, , third = 0, ...others] = list;\n' },
  { name: 'export var nested destructuring', text: 'export var { a: [b, { c }], d: { e = 1 } = {} } = { a: [1, { c: 2 }] };\n' },
  { name: 'export function', text: 'export function f() {\n  return 1;\n}\n' },
  { name: 'export async function', text: 'export async function f() {\n  return 1;\n}\n' },
  { name: 'export generator function', text: 'export function* g() {\n  yield 1;\n}\n' },
  { name: 'export async generator function', text: 'export async function* g() {\n  yield 1;\n}\n' },
  { name: 'export class', text: 'export class C {\n  m() {\n    return C;\n  }\n}\n' },
  { name: 'export class extends', text: 'class B {}\nexport class C extends B {}\n' },
  { name: 'export list', text: 'const a = 1;\nlet b = 2;\nfunction c() {}\nexport { a, b, c };\n' },
  { name: 'export list with renames', text: 'const a = 1;\nexport { a as b, a as c };\n' },
  { name: 'export as default', text: 'const x = 1;\nexport { x as default };\n' },
  { name: 'export as string-literal name', text: "const x = 1;\nexport { x as 'x-y' };\n" },
  { name: 'export before declaration', text: 'export { later };\nconst later = 1;\n' },
  { name: 'export of a hoisted function before it', text: 'export { f };\nfunction f() {}\n' },
  { name: 'empty export list', text: 'export {};\n' },

  // --- default exports -------------------------------------------------
  { name: 'export default number', text: 'export default 42;\n' },
  { name: 'export default expression', text: 'const a = 1;\nexport default a + 1;\n' },
  { name: 'export default object', text: 'export default { a: 1 };\n' },
  { name: 'export default arrow', text: 'export default () => 1;\n' },
  { name: 'export default async arrow', text: 'export default async () => 1;\n' },
  { name: 'export default anonymous function', text: 'export default function () {\n  return 1;\n}\n' },
  { name: 'export default anonymous generator', text: 'export default function* () {\n  yield 1;\n}\n' },
  { name: 'export default anonymous async function', text: 'export default async function () {}\n' },
  { name: 'export default named function', text: 'export default function named() {\n  return named;\n}\n' },
  { name: 'export default anonymous class', text: 'export default class {\n  m() {}\n}\n' },
  { name: 'export default named class', text: 'export default class Named {}\n' },
  { name: 'export default parenthesized function expression', text: 'export default (function () {});\n' },
  { name: 'export default class expression in parentheses', text: 'export default (class {});\n' },
  { name: 'export default identifier', text: 'const value = 1;\nexport default value;\n' },
  { name: 'export default of an import binding', text: "import x from './x.js';\nexport default x;\n" },
  { name: 'export default call', text: 'export default Object.freeze([]);\n' },

  // --- re-exports ------------------------------------------------------
  { name: 'export star', text: "export * from './a.js';\n" },
  { name: 'export star, several', text: "export * from './b.js';\nexport * from './a.js';\nexport * from './c.js';\n" },
  { name: 'export star, repeated specifier', text: "export * from './a.js';\nexport * from './b.js';\nexport * from './a.js';\n" },
  { name: 'export star as namespace', text: "export * as ns from './ns.js';\n" },
  { name: 'export star as string-literal name', text: "export * as 'n-s' from './ns.js';\n" },
  { name: 'export star and star as, same specifier', text: "export * from './m.js';\nexport * as m from './m.js';\n" },
  { name: 'export default from', text: "export { default } from './d.js';\n" },
  { name: 'export default as name from', text: "export { default as d } from './d.js';\n" },
  { name: 'export named from', text: "export { a, b } from './ab.js';\n" },
  { name: 'export renamed from', text: "export { a as b, c as default } from './m.js';\n" },
  { name: 'export string-literal names from', text: "export { 'a-b' as 'c-d', e as 'f g' } from './m.js';\n" },
  { name: 'export from, specifier also imported', text: "import x from './m.js';\nexport { y } from './m.js';\nx();\n" },
  { name: 'empty export from', text: "export {} from './m.js';\n" },

  // --- imports exported again -------------------------------------------
  { name: 're-export of an import binding', text: "import { a } from './a.js';\nexport { a };\n" },
  { name: 're-export of an import binding renamed', text: "import { a as x } from './a.js';\nexport { x as y };\n" },
  { name: 're-export of a default import', text: "import d from './d.js';\nexport { d, d as default };\n" },
  { name: 're-export of a namespace import', text: "import * as ns from './ns.js';\nexport { ns };\n" },

  // --- module-only expressions -----------------------------------------
  { name: 'top-level await', text: "const value = await Promise.resolve(1);\nexport { value };\n" },
  { name: 'top-level for await', text: 'for await (const x of []) {\n  x;\n}\n' },
  { name: 'await only inside a function', text: 'export async function f() {\n  await 1;\n}\n' },
  { name: 'import.meta', text: 'export const url = import.meta.url;\n' },
  { name: 'dynamic import', text: "export const load = () => import('./lazy.js');\n" },
  { name: 'dynamic import of a computed specifier', text: "const name = 'x';\nexport const p = import(`./${name}.js`);\n" },
  { name: 'hashbang', text: "#!/usr/bin/env node\nimport x from './x.js';\nexport default x;\n" },

  // --- less common spellings -------------------------------------------
  { name: 'import attributes', text: "import data from './data.json' with { type: 'json' };\nexport { data };\n" },
  { name: 'export from with attributes', text: "export { a } from './a.json' with { type: 'json' };\nexport * from './b.json' with { type: 'json' };\n" },
  { name: 'unicode escapes in names', text: "import { \\u0061 } from './m.js';\nexport { \\u0061 as \\u0062 };\n" },
  { name: 'export star as default', text: "export * as default from './m.js';\n" },
  { name: 'import exported under two names', text: "import { a } from './m.js';\nexport { a as default };\nexport { a };\n" },
  { name: 'line breaks inside export keywords', text: 'export\nconst a = 1;\nexport default\n(\n  a\n);\n' },
  { name: 'comments inside export keywords', text: 'export /* 1 */ function /* 2 */ f() {}\nexport /* 3 */ default /* 4 */ class {}\n' },

  // --- mixtures --------------------------------------------------------
  {
    name: 'everything at once',
    text: [
      "import d, { a as b, 'c-d' as cd } from './one.js';",
      "import * as two from './two.js';",
      "import './three.js';",
      "export * from './four.js';",
      "export * as five from './five.js';",
      "export { six, seven as eight } from './six.js';",
      "export { default as nine } from './nine.js';",
      'export let ten = 10;',
      'export const { eleven, twelve: [thirteen] } = { eleven: 11, twelve: [13] };',
      'export function fourteen() {}',
      'export class Fifteen {}',
      'const sixteen = 16;',
      'export { sixteen as seventeen, b as eighteen };',
      'export default d(cd, two, await import.meta.resolve);',
      '',
    ].join('\n'),
  },
  {
    name: 'comments and strings that look like module syntax',
    text: "// import x from 'no';\n/* export const no = 1; */\nconst s = \"export default 1; import 'y'\";\nexport { s };\n",
  },
];
