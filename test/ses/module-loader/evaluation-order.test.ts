// Evaluation order, top-level await included, against Node itself: each
// graph is written once as real .mjs files that Node runs (in a child
// process) and once as hand-written functors our loader runs; the order in
// which module bodies start and finish must be the same. Waits use timers
// of distinct lengths, so that the expected order does not hang on how
// many microtask ticks each implementation spends between modules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import '../../../src/ses/index.js';
import { recordSource } from './fixtures.js';

lockdown();

interface ModuleShape {
  imports?: string[];
  /** Milliseconds of top-level await (a timer); absent: no top-level await. */
  wait?: number;
}
type Graph = Record<string, ModuleShape>; // 'main' is the entry

const graphs: Record<string, Graph> = {
  'async sibling before a sync one': { main: { imports: ['a', 'b'] }, a: { wait: 10 }, b: {} },
  'sync parent of an async leaf': { main: { imports: ['p', 'q'] }, p: { imports: ['leaf'] }, leaf: { wait: 10 }, q: {} },
  'diamond over an async module': { main: { imports: ['l', 'r'] }, l: { imports: ['c'] }, r: { imports: ['c'] }, c: { wait: 10 } },
  'async siblings finishing out of order': {
    main: { imports: ['slow', 'fast', 'plain'] },
    slow: { wait: 40 },
    fast: { wait: 5 },
    plain: {},
  },
  'chain of async modules': { main: { imports: ['x'] }, x: { imports: ['y'], wait: 5 }, y: { wait: 5 } },
  'cycle with an async member': { main: { imports: ['a'] }, a: { imports: ['b'] }, b: { imports: ['a'], wait: 10 } },
  'async cycle root': { main: { imports: ['a'] }, a: { imports: ['b'], wait: 5 }, b: { imports: ['c'] }, c: { imports: ['a'], wait: 10 } },
  'sync modules after an async chain': {
    main: { imports: ['a', 'b', 'c'] },
    a: { imports: ['t'] },
    b: { imports: ['t', 'u'] },
    c: {},
    t: { wait: 10 },
    u: { wait: 20 },
  },
  'async module shared by two cycles': {
    main: { imports: ['a', 'c'] },
    a: { imports: ['b', 's'] },
    b: { imports: ['a'] },
    c: { imports: ['d'] },
    d: { imports: ['c', 's'] },
    s: { wait: 10 },
  },
};

/** The text of a module for Node. */
const nodeModuleText = (name: string, { imports = [], wait }: ModuleShape): string =>
  [
    ...imports.map(dependency => `import './${dependency}.mjs';`),
    `globalThis.log(${JSON.stringify(`${name} start`)});`,
    wait === undefined ? '' : `await globalThis.sleep(${wait});`,
    `globalThis.log(${JSON.stringify(`${name} end`)});`,
  ].join('\n');

/** The same module as a hand-written record for our loader. */
const ourModuleSource = (name: string, { imports = [], wait }: ModuleShape): object =>
  recordSource({
    imports,
    isAsync: wait !== undefined,
    functorSource: `(${wait === undefined ? '' : 'async '}function* (namespaces, setReaders) {
      setReaders({});
      yield;
      globalThis.log(${JSON.stringify(`${name} start`)});
      ${wait === undefined ? '' : `await globalThis.sleep(${wait});`}
      globalThis.log(${JSON.stringify(`${name} end`)});
    })`,
  });

const runUnderNode = (): Record<string, string[]> => {
  const root = mkdtempSync(join(tmpdir(), 'endo-module-order-'));
  try {
    for (const [graphName, graph] of Object.entries(graphs)) {
      const directory = join(root, graphName.replace(/\W+/g, '-'));
      mkdirSync(directory);
      for (const [name, shape] of Object.entries(graph)) writeFileSync(join(directory, `${name}.mjs`), nodeModuleText(name, shape));
    }
    const program = `
      const results = {};
      globalThis.sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
      for (const [graphName, directory] of ${JSON.stringify(
        Object.keys(graphs).map(graphName => [graphName, pathToFileURL(join(root, graphName.replace(/\W+/g, '-'), 'main.mjs')).href]),
      )}) {
        const entries = [];
        globalThis.log = entry => entries.push(entry);
        await import(directory);
        results[graphName] = entries;
      }
      process.stdout.write(JSON.stringify(results));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
};

const runUnderOurs = async (graph: Graph): Promise<string[]> => {
  const entries: string[] = [];
  const compartment = new Compartment({
    __options__: true,
    globals: {
      log: (entry: string) => entries.push(entry),
      sleep: (ms: number) => new Promise(resolve => setTimeout(resolve, ms)),
    },
    resolveHook: (specifier: string) => specifier,
    importHook: async (specifier: string) => ({ source: ourModuleSource(specifier, graph[specifier]) }),
  });
  await compartment.import('main');
  return entries;
};

test('module bodies start and finish in the order Node gives, top-level await included', async () => {
  const expected = runUnderNode();
  for (const [graphName, graph] of Object.entries(graphs)) {
    assert.deepEqual(await runUnderOurs(graph), expected[graphName], graphName);
  }
});

test('the ECMA-262 order for a sync parent of an async leaf, spelled out', async () => {
  // main imports [p, q], p imports [leaf] (top-level await): leaf starts,
  // q runs while leaf waits, then leaf ends, p runs, and main last.
  const entries = await runUnderOurs(graphs['sync parent of an async leaf']);
  assert.deepEqual(entries, ['leaf start', 'q start', 'q end', 'leaf end', 'p start', 'p end', 'main start', 'main end']);
});
