// The compiled-module cache: hits and misses, a second start served from it,
// entries that are corrupted, truncated, of another version, misplaced or
// forged (with the cache's own secret) never running unconfined, concurrent
// writers, and programs giving the same output with and without it.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';
import { importLocation } from '../../src/compartment-mapper/import.js';
import { makeSyncReadPowers } from '../../src/compartment-mapper/read-powers.js';
import { hashKey, openCompiledModuleCache, type CompiledModuleCache } from '../../src/compartment-mapper/compiled-module-cache.js';
import { compiledModuleKey, makeCachingModuleCompiler, plainModuleCompiler } from '../../src/compartment-mapper/module-compiler.js';
import { DIRECT_EVAL_BINDING } from '../../src/ses/internal-names.js';

lockdown({ errorTaming: 'unsafe' });

const repoPath = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const appDirectory = repoPath('test/fixtures/module-cache/app');
const appMain = join(appDirectory, 'main.mjs');
const helperFile = join(appDirectory, 'helper.cjs');
const greetFile = join(appDirectory, 'greet.mjs');
const runner = repoPath('test/fixtures/module-cache/cached-runner.mjs');
const corpusPrograms = repoPath('test/fixtures/corpus/programs');

const expectedApp = { greeting: 'hello world', helper: 'from cjs', evalSees: 6, twice: 42 };

const temporaryRoots: string[] = [];
after(() => {
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
});
/** A fresh cache directory (each has its own cache object, so its own counters). */
const freshDirectory = (): string => {
  const root = mkdtempSync(join(tmpdir(), 'endo-module-cache-'));
  temporaryRoots.push(root);
  return join(root, 'cache');
};

const runApp = async (cacheDirectory?: string): Promise<unknown> => {
  const { namespace } = await importLocation(makeSyncReadPowers(), appMain, cacheDirectory === undefined ? {} : { cacheDirectory });
  return { ...(namespace as { result: object }).result };
};

const entryPath = (cache: CompiledModuleCache, key: string): string => join(cache.directory, key.slice(0, 2), key);
const keyOf = (kind: 'cjs' | 'esm', file: string): string => compiledModuleKey(kind, pathToFileURL(file).href, readFileSync(file, 'utf8'));
const snapshot = (cache: CompiledModuleCache) => ({ ...cache.stats });

/** The app once to fill the cache, then the entry of `file`, as a forger holding the secret would read it. */
const filledCache = async (kind: 'cjs' | 'esm', file: string) => {
  const directory = freshDirectory();
  assert.deepEqual(await runApp(directory), expectedApp);
  const cache = openCompiledModuleCache(directory);
  const key = keyOf(kind, file);
  const bytes = readFileSync(entryPath(cache, key));
  const payload = JSON.parse(bytes.toString('utf8').split('\n').slice(3).join('\n'));
  return { cache, key, bytes, payload };
};

test('a second start is served from the cache, with the same results', async () => {
  const directory = freshDirectory();
  const cache = openCompiledModuleCache(directory);
  assert.equal(cache.disabledReason, undefined);
  assert.deepEqual(await runApp(), expectedApp);
  assert.deepEqual(await runApp(directory), expectedApp);
  // main.mjs, greet.mjs, helper.cjs, dep/index.js
  assert.deepEqual(snapshot(cache), { hits: 0, misses: 4, invalid: 0, writes: 4, writeErrors: 0 });
  assert.deepEqual(await runApp(directory), expectedApp);
  assert.deepEqual(snapshot(cache), { hits: 4, misses: 4, invalid: 0, writes: 4, writeErrors: 0 });
});

test('the key depends on the kind, the location, the text and the compiler format', () => {
  const url = pathToFileURL(helperFile).href;
  const keys = new Set([
    compiledModuleKey('cjs', url, 'a'),
    compiledModuleKey('esm', url, 'a'),
    compiledModuleKey('cjs', `${url}x`, 'a'),
    compiledModuleKey('cjs', url, 'b'),
    hashKey(['endo-module-compiler/0', 'cjs', url, 'a']),
  ]);
  assert.equal(keys.size, 5);
  // Lengths prefix the parts: moving a boundary changes the key.
  assert.notEqual(hashKey(['ab', 'c']), hashKey(['a', 'bc']));
});

test('CommonJS: a hit gives the same analysis and a functor that behaves the same', () => {
  const directory = freshDirectory();
  const compiler = makeCachingModuleCompiler(directory);
  const text = readFileSync(helperFile, 'utf8');
  const plain = plainModuleCompiler.cjs(helperFile, text);
  const miss = compiler.cjs(helperFile, text);
  const hit = compiler.cjs(helperFile, text);
  assert.deepEqual(snapshot(compiler.cache), { hits: 1, misses: 1, invalid: 0, writes: 1, writeErrors: 0 });
  for (const compiled of [miss, hit]) {
    assert.deepEqual([compiled.imports, compiled.exports, compiled.reexports, compiled.needsImport], [plain.imports, plain.exports, plain.reexports, plain.needsImport]);
    const module = { exports: {} as Record<string, unknown> };
    Reflect.apply(compiled.functorIn(new Compartment()), module.exports, [() => undefined, module.exports, module, helperFile, appDirectory]);
    assert.deepEqual(module.exports, { value: 'from cjs', evalSees: 6 });
  }
});

test('a corrupted entry is ignored, recompiled and written again', async () => {
  const { cache, key, bytes } = await filledCache('cjs', helperFile);
  const corrupted = Buffer.from(bytes);
  corrupted[corrupted.length - 10] ^= 0x01;
  writeFileSync(entryPath(cache, key), corrupted);
  const before = snapshot(cache);
  assert.deepEqual(await runApp(cache.directory), expectedApp);
  assert.equal(cache.stats.invalid - before.invalid, 1);
  assert.equal(cache.stats.writes - before.writes, 1);
  assert.deepEqual(readFileSync(entryPath(cache, key)), bytes);
});

test('a truncated entry, one of another envelope version and an empty one are ignored', async () => {
  const { cache, key, bytes } = await filledCache('esm', greetFile);
  const versions = bytes.toString('utf8').replace(/^endo-compiled-module-cache\/1\n/, 'endo-compiled-module-cache/0\n');
  for (const damaged of [bytes.subarray(0, bytes.length - 1), bytes.subarray(0, 70), Buffer.from(versions), Buffer.alloc(0)]) {
    writeFileSync(entryPath(cache, key), damaged);
    const before = snapshot(cache);
    assert.deepEqual(await runApp(cache.directory), expectedApp);
    assert.equal(cache.stats.invalid - before.invalid, 1);
    assert.deepEqual(readFileSync(entryPath(cache, key)), bytes);
  }
});

test('an entry moved to another key is refused (it names the key it was written for)', async () => {
  const { cache, key, bytes } = await filledCache('esm', greetFile);
  const mainKey = keyOf('esm', appMain);
  writeFileSync(entryPath(cache, mainKey), bytes);
  const before = snapshot(cache);
  assert.deepEqual(await runApp(cache.directory), expectedApp);
  assert.equal(cache.stats.invalid - before.invalid, 1);
  assert.notDeepEqual(readFileSync(entryPath(cache, mainKey)), bytes);
  assert.deepEqual(readFileSync(entryPath(cache, key)), bytes);
});

test('attack: a forged CommonJS entry whose code names a host global is refused, never run', async () => {
  const { cache, key, payload } = await filledCache('cjs', helperFile);
  const hostGlobal = globalThis as unknown as { forgedRan?: boolean };
  // `forgedRan` is free: confined code must spell it `globalThis.forgedRan`.
  const forgedText = '(function (global) { return function () { forgedRan = true; }; })';
  cache.store(key, JSON.stringify({ ...payload, code: { text: forgedText, internals: [] } }));
  const before = snapshot(cache);
  assert.deepEqual(await runApp(cache.directory), expectedApp);
  assert.equal(hostGlobal.forgedRan, undefined);
  assert.equal(cache.stats.invalid - before.invalid, 1);
});

test('attack: forged code with an internal name it does not declare, or a direct eval, is refused', async () => {
  const { cache, key, payload } = await filledCache('cjs', helperFile);
  const forgeries = [
    // The direct-eval kit, used where the entry says no internal name is.
    `(function (global) { return function (r, e, module) { module.exports = ${DIRECT_EVAL_BINDING}; }; })`,
    '(function (global) { return function (r, e, module) { module.exports = eval("1"); }; })',
    '(function (global) { return function (r, e, module) { module.exports = import("fs"); }; })',
    '(function (global) { return function () {',
  ];
  for (const text of forgeries) {
    cache.store(key, JSON.stringify({ ...payload, code: { text, internals: [] } }));
    const before = snapshot(cache);
    assert.deepEqual(await runApp(cache.directory), expectedApp, text);
    assert.equal(cache.stats.invalid - before.invalid, 1, text);
  }
});

test('attack: a forged ES module entry whose functor escapes, or whose record is malformed, is refused', async () => {
  const { cache, key, payload } = await filledCache('esm', greetFile);
  const escaping = { ...payload, functor: { ...payload.functor, text: payload.functor.text.replace('hello', '${process.exit(3)}') } };
  const malformed = [{ ...payload, imports: 'nope' }, { ...payload, isAsync: 'yes' }, { ...payload, indirectExports: [] }, { ...payload, functor: { text: 1 } }];
  for (const forged of [escaping, ...malformed]) {
    cache.store(key, JSON.stringify(forged));
    const before = snapshot(cache);
    assert.deepEqual(await runApp(cache.directory), expectedApp);
    assert.equal(cache.stats.invalid - before.invalid, 1);
  }
});

test('attack: a forged entry that passes the check runs confined, in its compartment', async () => {
  const { cache, key, payload } = await filledCache('cjs', helperFile);
  // What a forger holding the secret can do: confined code of its choosing,
  // here trying the Function constructor and the direct-eval kit (declared
  // where it is used, so the check passes).
  const prefix = '(function (global) { return function (r, e, module) { module.exports = { value: globalThis.Function("return globalThis")(), kit: ';
  const text = `${prefix}${DIRECT_EVAL_BINDING}.direct(() => 0, [])("typeof process") }; }; })`;
  cache.store(key, JSON.stringify({ ...payload, exports: ['value', 'kit'], code: { text, internals: [prefix.length] } }));
  const { namespace } = await importLocation(makeSyncReadPowers(), helperFile, { cacheDirectory: cache.directory });
  const forged = (namespace as { default: { value: unknown; kit: unknown } }).default;
  assert.notEqual(forged.value, globalThis);
  assert.equal(typeof (forged.value as { Compartment?: unknown }).Compartment, 'function');
  assert.equal(forged.kit, 'undefined');
});

test('property: any damage to an entry gives a miss or the very same entry, never an error', () => {
  const directory = freshDirectory();
  const cache = openCompiledModuleCache(directory);
  const key = hashKey(['property']);
  const payload = JSON.stringify({ text: 'é'.repeat(40) });
  cache.store(key, payload);
  const good = readFileSync(entryPath(cache, key));
  fc.assert(
    fc.property(
      fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(good.length - 1), bit: fc.integer({ min: 0, max: 7 }) }),
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat(good.length) }),
        fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
      ),
      damage => {
        const bytes =
          damage.kind === 'flip'
            ? Buffer.from(good.map((byte, index) => (index === damage.at ? byte ^ (1 << damage.bit) : byte)))
            : damage.kind === 'cut'
              ? good.subarray(0, damage.at)
              : Buffer.from(damage.bytes);
        writeFileSync(entryPath(cache, key), bytes);
        const found = cache.lookup(key, text => text, 1 << 20);
        assert.ok(found === undefined || (found === payload && bytes.equals(good)));
      },
    ),
    { numRuns: 1000 },
  );
});

test('an entry larger than the bound is refused unread', () => {
  const cache = openCompiledModuleCache(freshDirectory());
  const key = hashKey(['large']);
  cache.store(key, 'x'.repeat(1000));
  assert.equal(cache.lookup(key, text => text, 2000), 'x'.repeat(1000));
  assert.equal(cache.lookup(key, text => text, 500), undefined);
  assert.equal(cache.stats.invalid, 1);
});

test('attack: a FIFO, a directory or a symlink planted as an entry is refused without blocking', { skip: process.platform === 'win32' }, () => {
  const cache = openCompiledModuleCache(freshDirectory());
  const key = hashKey(['planted']);
  cache.store(key, 'genuine');
  const path = entryPath(cache, key);
  const elsewhere = join(cache.directory, 'elsewhere');
  cache.store(hashKey(['elsewhere']), 'other');
  writeFileSync(elsewhere, readFileSync(path));
  const plants: [string, () => void][] = [
    ['fifo', () => execFileSync('mkfifo', [path])],
    ['directory', () => mkdirSync(path)],
    ['symlink', () => symlinkSync(elsewhere, path)],
  ];
  for (const [what, plant] of plants) {
    rmSync(path, { recursive: true, force: true });
    plant();
    const before = cache.stats.invalid;
    assert.equal(cache.lookup(key, text => text, 1 << 20), undefined, what);
    assert.equal(cache.stats.invalid, before + 1, what);
  }
});

test('a secret others may read turns the cache off', { skip: process.platform === 'win32' }, async () => {
  const directory = freshDirectory();
  openCompiledModuleCache(directory);
  chmodSync(join(directory, 'secret'), 0o640);
  // Another process opens the directory afresh.
  const child = await spawnNode([
    '--input-type=module',
    '-e',
    `import { hashKey, openCompiledModuleCache } from ${JSON.stringify(pathToFileURL(repoPath('dist/src/compartment-mapper/compiled-module-cache.js')).href)};
     const cache = openCompiledModuleCache(${JSON.stringify(directory)});
     cache.store(hashKey(['k']), 'p');
     console.log(JSON.stringify({ reason: cache.disabledReason, stats: cache.stats, found: cache.lookup(hashKey(['k']), text => text, 100) ?? null }));`,
  ]);
  assert.equal(child.code, 0, child.stderr);
  const { reason, stats, found } = JSON.parse(child.stdout);
  assert.match(reason, /others may read or write it \(mode 640\)/);
  assert.deepEqual([stats.writes, found], [0, null]);
});

const spawnNode = (args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => resolve({ stdout, stderr, code }));
  });

test('concurrent writers share a directory: one secret, whole entries, no temporary files left', async () => {
  const directory = freshDirectory();
  const cacheModule = pathToFileURL(repoPath('dist/src/compartment-mapper/compiled-module-cache.js')).href;
  const writer = (id: number) =>
    spawnNode([
      '--input-type=module',
      '-e',
      `import { hashKey, openCompiledModuleCache } from ${JSON.stringify(cacheModule)};
       const cache = openCompiledModuleCache(${JSON.stringify(directory)});
       for (let i = 0; i < 300; i += 1) {
         cache.store(hashKey(['shared', String(i % 50)]), JSON.stringify({ i: i % 50, pad: 'p'.repeat(5000) }));
         cache.store(hashKey(['own', '${id}', String(i)]), JSON.stringify({ id: ${id}, i }));
       }
       console.log(JSON.stringify(cache.stats));`,
    ]);
  const results = await Promise.all([1, 2, 3, 4].map(writer));
  for (const { code, stdout, stderr } of results) {
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { hits: 0, misses: 0, invalid: 0, writes: 600, writeErrors: 0 });
  }
  const cache = openCompiledModuleCache(directory);
  for (let i = 0; i < 50; i += 1) {
    assert.deepEqual(cache.lookup(hashKey(['shared', String(i)]), JSON.parse, 1 << 20), { i, pad: 'p'.repeat(5000) });
  }
  for (const id of [1, 2, 3, 4]) assert.deepEqual(cache.lookup(hashKey(['own', String(id), '299']), JSON.parse, 1 << 20), { id, i: 299 });
  const leftovers = readdirSync(directory, { recursive: true }).filter(name => String(name).endsWith('.tmp'));
  assert.deepEqual(leftovers, []);
});

// Corpus programs in their own processes, as the corpus runner runs them:
// without a cache, with an empty one, and with the filled one.
const corpusInstalled = existsSync(join(corpusPrograms, '..', 'node_modules', 'yargs'));
test('corpus programs print the same with and without the cache; the second start has only hits', { skip: !corpusInstalled && 'the corpus is not installed' }, async () => {
  for (const program of ['yargs.mjs', 'express.cjs', 'zod.mjs', 'handlebars.cjs']) {
    const path = join(corpusPrograms, program);
    const directory = freshDirectory();
    const plain = await spawnNode([runner, 'none', path]);
    const cold = await spawnNode([runner, directory, path]);
    const warm = await spawnNode([runner, directory, path]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.ok(plain.stdout.length > 0);
    for (const run of [cold, warm]) {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, plain.stdout, program);
    }
    const statsOf = (stderr: string) => JSON.parse(/^cache-stats (.*)$/m.exec(stderr)![1]);
    const coldStats = statsOf(cold.stderr);
    const warmStats = statsOf(warm.stderr);
    assert.ok(coldStats.writes > 0 && coldStats.hits === 0, program);
    assert.deepEqual(warmStats, { hits: coldStats.misses, misses: 0, invalid: 0, writes: 0, writeErrors: 0 }, program);
  }
});
