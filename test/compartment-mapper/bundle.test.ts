// Bundles (makeBundle, writeBundle): a bundle, evaluated as a script in a
// plain realm by a child process (test/fixtures/bundle/run-bundle.cjs),
// prints what `node <program>` prints and evaluates to the entry's
// namespace; where the original can bundle a program, its bundle prints the
// same and evaluates to a namespace with the same names; what a bundle
// cannot hold is refused, naming the module; a bundle holds no path of the
// machine that made it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fs from 'node:fs';
import url, { fileURLToPath, pathToFileURL } from 'node:url';
import crypto from 'node:crypto';
import { makeBundle, writeBundle, type BundleOptions } from '../../src/compartment-mapper/bundle.js';
import { makeReadPowers } from '../../src/compartment-mapper/node-powers.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
const archiveApp = join(fixtures, 'archive/app');
const bundleApp = join(fixtures, 'bundle/app');
const runner = join(fixtures, 'bundle/run-bundle.cjs');
const originalBundler = join(fixtures, 'bundle/original-bundler.mjs');
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'endo-bundle-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const powers = makeReadPowers({ fs, url, crypto });

const run = (args: string[], cwd?: string): string =>
  execFileSync(process.execPath, args, { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const node = (program: string): string => run([program]);

let written = 0;
const bundleFile = (text: string): string => {
  written += 1;
  const file = join(work, `bundle-${written}.js`);
  writeFileSync(file, text);
  return file;
};

const ours = (program: string, options?: BundleOptions): Promise<string> => makeBundle(powers, pathToFileURL(program).href, options);

/** The original's bundle of `program`, or undefined when it refuses. */
const original = (program: string, format?: 'cjs'): string | undefined => {
  const out = join(work, `original-${(written += 1)}.js`);
  const child = spawnSync(process.execPath, [originalBundler, program, out, ...(format ? [format] : [])], { encoding: 'utf8' });
  return child.status === 0 ? readFileSync(out, 'utf8') : undefined;
};

interface Evaluated {
  printed: string;
  result: { tag: string; keys: string[]; values: Record<string, unknown> };
  stack?: string;
}

/** Runs a bundle in a child process: what the application printed, and what the bundle evaluated to. */
const evaluate = (bundle: string, flags: string[] = []): Evaluated => {
  const lines = run([runner, bundleFile(bundle), ...flags]).split('\n');
  const resultLine = lines.findIndex(line => line.startsWith('RESULT '));
  assert.notEqual(resultLine, -1, `the bundle evaluated to nothing: ${lines.join('\n')}`);
  const stackLine = lines.find(line => line.startsWith('STACK '));
  return {
    printed: lines.slice(0, resultLine).join('\n'),
    result: JSON.parse(lines[resultLine]!.slice('RESULT '.length)),
    stack: stackLine === undefined ? undefined : JSON.parse(stackLine.slice('STACK '.length)),
  };
};

const programs: Array<{ program: string; options?: BundleOptions; flags?: string[] }> = [
  { program: join(archiveApp, 'main.cjs'), options: { format: 'cjs' }, flags: ['--require'] },
  { program: join(archiveApp, 'portable.cjs') },
  { program: join(archiveApp, 'portable.mjs') },
  { program: join(bundleApp, 'common.mjs') },
  { program: join(bundleApp, 'live.mjs') },
  { program: join(bundleApp, 'lazy.cjs') },
];

for (const { program, options, flags } of programs) {
  const name = program.slice(fixtures.length);
  test(`${name}: the bundle prints what node prints`, async () => {
    const { printed, result } = evaluate(await ours(program, options), flags);
    assert.equal(printed, node(program));
    assert.equal(result.tag, 'Module');
  });
}

test('a bundle evaluates to the entry namespace: an ES module its exports, CommonJS its module.exports as default', async () => {
  const esm = evaluate(await ours(join(bundleApp, 'common.mjs'))).result;
  assert.deepEqual(esm.keys, ['answer', 'default', 'named']);
  assert.deepEqual(esm.values, { answer: 42, default: 'entry', named: 'named' });
  const cjs = evaluate(await ours(join(bundleApp, 'lazy.cjs'))).result;
  assert.deepEqual(cjs.keys, ['default']);
  assert.deepEqual(cjs.values, { default: {} });
});

for (const entry of [join(archiveApp, 'portable.mjs'), join(bundleApp, 'common.mjs')]) {
  test(`${entry.slice(fixtures.length)}: the original's bundle prints the same and evaluates to the same names`, async () => {
    const theirs = original(entry);
    assert.ok(theirs !== undefined, 'the original bundles this program');
    const expected = evaluate(theirs);
    const actual = evaluate(await ours(entry));
    assert.equal(actual.printed, expected.printed);
    assert.deepEqual(actual.result, expected.result);
  });
}

test("CommonJS runs as in node where the original's bundle does not: lazily, with a failed require retried", async () => {
  const lazy = join(bundleApp, 'lazy.cjs');
  const theirs = original(lazy);
  // The original runs every module ahead of time, in strict mode: its bundle fails where node does not.
  assert.ok(theirs !== undefined);
  assert.throws(() => evaluate(theirs));
  assert.equal(evaluate(await ours(lazy)).printed, node(lazy));
});

test('live bindings and JSON with a "__proto__" key behave as in node, where the original\'s bundle differs', async () => {
  const live = join(bundleApp, 'live.mjs');
  const theirs = original(live);
  if (theirs !== undefined) {
    let printed: string | undefined;
    try {
      printed = evaluate(theirs).printed;
    } catch {
      printed = undefined;
    }
    assert.notEqual(printed, node(live));
  }
  assert.equal(evaluate(await ours(live)).printed, node(live));
});

test('builtins come from the host require with format cjs; without it the bundle is refused, naming the module and builtin', async () => {
  const main = join(archiveApp, 'main.cjs');
  await assert.rejects(ours(main), (error: Error) => {
    assert.match(error.message, /^Cannot bundle archive-app-v1\.0\.0\/main\.cjs: it imports the host module "path"; pass format: 'cjs'/);
    return true;
  });
  // The original refuses it too.
  assert.equal(original(main), undefined);
  // A format: 'cjs' bundle run where there is no require says which host module it needed.
  const withFormat = await ours(main, { format: 'cjs' });
  assert.throws(() => evaluate(withFormat), /Cannot import host module: path/);
});

test('top-level await is refused, naming the module (the original makes a bundle that does not parse)', async () => {
  const main = join(archiveApp, 'main.mjs');
  await assert.rejects(ours(main), /^Error: Cannot bundle archive-app-v1\.0\.0\/main\.mjs: it uses top-level await/);
  const theirs = original(main);
  assert.ok(theirs !== undefined);
  assert.throws(() => evaluate(theirs), /SyntaxError/);
});

test('a static import that does not resolve is refused, naming the module and specifier', async () => {
  await assert.rejects(ours(join(bundleApp, 'broken.mjs')), (error: Error) => {
    assert.match(error.message, /^Cannot bundle bundle-app-v1\.0\.0\/broken\.mjs: its import of "not-installed" does not resolve/);
    return true;
  });
});

test('useEvaluate names each module in stacks, after sourceUrlPrefix, with its own line numbers', async () => {
  const raise = join(bundleApp, 'raise.mjs');
  const plain = await ours(raise);
  assert.doesNotMatch(plain, /^\/\/# sourceURL/m);
  const { stack } = evaluate(await ours(raise, { useEvaluate: true, sourceUrlPrefix: 'bundled-sources/' }), ['--call', 'raise']);
  assert.ok(stack !== undefined);
  assert.match(stack, /bundled-sources\/bundle-app-v1\.0\.0\/raise\.mjs:4:/);
  const live = join(bundleApp, 'live.mjs');
  assert.equal(evaluate(await ours(live, { useEvaluate: true })).printed, node(live));
});

test('a bundle holds no path of the machine that made it', async () => {
  for (const { program, options } of programs) {
    const text = await ours(program, options);
    assert.ok(!text.includes(repositoryRoot), `${program} names ${repositoryRoot}`);
    assert.ok(!text.includes(pathToFileURL(repositoryRoot).href), `${program} names the repository's URL`);
    assert.ok(!text.includes(tmpdir()), `${program} names the temporary directory`);
  }
});

test('writeBundle writes the bundle as UTF-8 through a write function or powers', async () => {
  const program = join(bundleApp, 'common.mjs');
  const expected = new TextEncoder().encode(await ours(program));
  const writes: Array<[string, Uint8Array]> = [];
  const write = async (location: string, bytes: Uint8Array) => {
    writes.push([location, bytes]);
  };
  await writeBundle(write, powers, 'out.js', pathToFileURL(program).href);
  await writeBundle({ write }, powers, 'out2.js', pathToFileURL(program).href);
  assert.deepEqual(writes, [
    ['out.js', expected],
    ['out2.js', expected],
  ]);
});

test('options a bundle cannot honour are refused', async () => {
  const program = join(bundleApp, 'common.mjs');
  await assert.rejects(ours(program, { format: 'esm' as 'cjs' }), /format must be 'cjs' or undefined/);
  await assert.rejects(ours(program, { moduleTransforms: {} }), /Bundling does not support the "moduleTransforms" option/);
  await assert.rejects(makeBundle(() => new Uint8Array(), pathToFileURL(program).href), /needs read powers that can/);
});
