// Archives store the original's precompiled form of a module
// (`__syncModuleProgram__` and its maps). This test runs one module graph
// (live bindings through a function call, a default function, a reassigned
// `var`, star and named re-exports, import.meta) four ways, each in its own
// child process: our records in our loader, the original's records in our
// loader, our records in the original ses loader, the original's in the
// original's. All four must see the same namespace. It also checks that
// our loader confines a crafted program as it confines any script.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './original-module-source.js';

const modules: Record<string, string> = {
  'main.js':
    "import { count, inc } from './counter.js'; import * as ns from './re.js'; import def, { v } from './counter.js';" +
    " export let log = []; inc(); log.push(count, ns.total, def(), v, ns.renamed, ns.count); inc(); log.push(count);" +
    ' export const meta = import.meta.url; export default "main";',
  'counter.js':
    "export let count = 0; export function inc() { count += 1; } export default function () { return 'anon'; }" +
    " export var v = 'var'; v = 'var2';",
  're.js': "export * from './counter.js'; export { count as renamed } from './counter.js'; export const total = 42;",
};

const run = (program: string, input: unknown): string => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    cwd: repoRoot,
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  return child.stdout.trim().split('\n').pop()!;
};

const makeRecords = (moduleSourceImport: string) => `
  import { ModuleSource } from ${JSON.stringify(moduleSourceImport)};
  import { readFileSync } from 'node:fs';
  const modules = JSON.parse(readFileSync(0, 'utf8'));
  const records = {};
  for (const [name, text] of Object.entries(modules)) records[name] = { ...new ModuleSource(text, 'file:///' + name) };
  process.stdout.write(JSON.stringify(records));
`;

const loadRecords = (sesImport: string) => `
  import ${JSON.stringify(sesImport)};
  import { readFileSync } from 'node:fs';
  lockdown();
  const records = JSON.parse(readFileSync(0, 'utf8'));
  const compartment = new Compartment({
    __options__: true,
    resolveHook: (spec, referrer) => new URL(spec, referrer).href,
    importMetaHook: (spec, meta) => { meta.url = spec; },
    importHook: async spec => ({ source: records[spec.slice('file:///'.length)] }),
  });
  const result = await compartment.import('file:///main.js');
  const namespace = result.namespace ?? result;
  console.log(JSON.stringify({ ...namespace }));
`;

const ourModuleSource = new URL('../../src/module-source/index.js', import.meta.url).href;
const ourSes = new URL('../../src/ses/index.js', import.meta.url).href;

test('precompiled records made by either implementation run alike in either loader', () => {
  const ours = JSON.parse(run(makeRecords(ourModuleSource), modules));
  const original = JSON.parse(run(makeRecords('@endo/module-source'), modules));
  const expected = { default: 'main', log: [1, 42, 'anon', 'var2', 1, 1, 2], meta: 'file:///main.js' };
  assert.deepEqual(JSON.parse(run(loadRecords('ses'), original)), expected, 'original records, original loader');
  assert.deepEqual(JSON.parse(run(loadRecords('ses'), ours)), expected, 'our records, original loader');
  assert.deepEqual(JSON.parse(run(loadRecords(ourSes), original)), expected, 'original records, our loader');
  assert.deepEqual(JSON.parse(run(loadRecords(ourSes), ours)), expected, 'our records, our loader');
});

test('our loader confines a precompiled program as it confines a script', () => {
  const probe = `
    import ${JSON.stringify(ourSes)};
    lockdown();
    const attempt = async program => {
      const compartment = new Compartment({ __options__: true, importHook: async () => ({ source: {
        imports: [], exports: ['x'], __syncModuleProgram__: program, __fixedExportMap__: { x: ['x'] } } }) });
      try { const { namespace } = await compartment.import('m'); return 'ran: ' + String(namespace.x); } catch (error) { return error.name; }
    };
    const results = [
      // Free names read the compartment's global object: no host process here.
      await attempt('({onceVar}) => { onceVar.x(typeof process); }'),
      // The evaluator's internal names are refused, as in any script.
      await attempt('({onceVar}) => { onceVar.x(typeof $h\\u200d_scope); }'),
      // Direct eval is refused, as compartment.evaluate refuses it.
      await attempt('({onceVar}) => { onceVar.x(eval("1")); }'),
      // Only one function expression is a program: nothing can run beside it.
      await attempt('globalThis.y = 1; ({onceVar}) => onceVar.x(1)'),
      await attempt('({onceVar}) => onceVar.x(1)'),
    ];
    console.log(JSON.stringify(results));
  `;
  assert.deepEqual(JSON.parse(run(probe, null)), ['ran: undefined', 'SyntaxError', 'SyntaxError', 'TypeError', 'ran: 1']);
});
