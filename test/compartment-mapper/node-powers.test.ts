// node-powers.ts against the original @endo/compartment-mapper/node-powers.js
// (which loads without ses, so both run in this process): the same exports,
// the same members, and the same answers for the same files and URLs,
// missing files, directories, symlinks and escaped names included. Then the
// synchronous views our loader reads through (read-powers-adapter.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as url from 'node:url';
import { tmpdir } from 'node:os';
import * as original from '@endo/compartment-mapper/node-powers.js';
import * as ours from '../../src/compartment-mapper/node-powers.js';
import { syncReadPowersOf } from '../../src/compartment-mapper/read-powers-adapter.js';
import { makeSyncReadPowers as makeOwnSyncPowers } from '../../src/compartment-mapper/read-powers.js';

type Powers = Record<string, any>;

// A tree with the cases that differ: files, folders, symlinks (to a file, to a
// folder, dangling), a file used as a folder, and names that URLs escape.
const root = fs.realpathSync(fs.mkdtempSync(path.join(tmpdir(), 'node-powers-')));
const write = (relative: string, text: string) => {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
write('pkg/package.json', '{"name":"pkg"}');
write('pkg/lib/a.js', 'module.exports = 1;');
write('pkg/lib/plain/b.txt', 'b');
write('with space/x.js', 'space');
write('per%cent/y.js', 'percent');
write('hash#mark/z.js', 'hash');
write('ünï/u.js', 'unicode');
write('bom.txt', '\uFEFFbom');
fs.mkdirSync(path.join(root, 'empty-dir'));
fs.symlinkSync(path.join(root, 'pkg/lib/a.js'), path.join(root, 'link-to-file.js'));
fs.symlinkSync(path.join(root, 'pkg'), path.join(root, 'link-to-dir'));
fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));

const href = (relative: string) => url.pathToFileURL(path.join(root, relative)).href;

/** Locations every reading member is asked about. */
const locations = [
  href('pkg/package.json'),
  href('pkg/lib/a.js'),
  href('missing.js'),
  href('missing/deeper.js'),
  href('pkg/lib'),
  `${href('pkg/lib')}/`,
  href('empty-dir'),
  href('link-to-file.js'),
  href('link-to-dir'),
  `${href('link-to-dir')}/`,
  href('link-to-dir/lib/a.js'),
  href('dangling'),
  href('pkg/lib/a.js/inner.js'),
  href('with space/x.js'),
  `file://${root}/with%20space/x.js`,
  href('per%cent/y.js'),
  href('hash#mark/z.js'),
  href('ünï/u.js'),
  `file://${root}/%C3%BCn%C3%AF/u.js`,
  href('bom.txt'),
  `${href('pkg/lib/a.js')}?query#fragment`,
  'file:///',
  'https://example.com/a.js',
];

/** What an outcome looks like, compared across implementations. */
const describe = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('latin1') };
  if (value instanceof URL) return { url: value.href };
  return { value };
};
const describeError = (error: unknown): unknown => {
  const e = error as { name?: unknown; message?: unknown; code?: unknown };
  return { error: { name: e.name, message: e.message, code: e.code } };
};
const settle = async (run: () => unknown): Promise<unknown> => {
  try {
    return describe(await run());
  } catch (error) {
    return describeError(error);
  }
};

const makers: [string, (m: Powers) => Powers][] = [
  ['makeReadPowers with url, path, crypto', m => m.makeReadPowers({ fs, url, path, crypto })],
  ['makeReadNowPowers with url, path, crypto', m => m.makeReadNowPowers({ fs, url, path, crypto })],
  ['makeReadPowers without url', m => m.makeReadPowers({ fs })],
  ['makeReadNowPowers without url', m => m.makeReadNowPowers({ fs })],
  ['makeNodeReadPowers (deprecated)', m => m.makeNodeReadPowers(fs, crypto)],
];

test('the same exports as the original node-powers.js', () => {
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(original).sort());
});

test('each maker gives the same members, in the same order, of the same kinds', () => {
  for (const [name, make] of makers) {
    const theirs = make(original);
    const mine = make(ours);
    assert.deepEqual(Object.keys(mine), Object.keys(theirs), name);
    for (const key of Object.keys(theirs)) assert.equal(typeof mine[key], typeof theirs[key], `${name}: ${key}`);
  }
  assert.deepEqual(Object.keys(ours.makeWritePowers({ fs, url })), Object.keys(original.makeWritePowers({ fs, url })));
  assert.deepEqual(Object.keys(ours.makeNodeWritePowers(fs)), Object.keys(original.makeNodeWritePowers(fs)));
  assert.equal(ours.makeReadPowers({ fs, url }).computeSha512, undefined);
});

test('read, maybeRead, canonical and maybeReadNow answer as the original for each location', async () => {
  for (const [name, make] of makers) {
    for (const location of locations) {
      for (const member of ['read', 'maybeRead', 'canonical', 'maybeReadNow']) {
        // A fresh original each time: its read never reads again after a location it cannot convert.
        const theirs = make(original);
        const mine = make(ours);
        if (theirs[member] === undefined) {
          assert.equal(mine[member], undefined, `${name} ${member}`);
          continue;
        }
        const expected = await settle(() => theirs[member](location));
        const actual = await settle(() => mine[member](location));
        assert.deepEqual(actual, expected, `${name}: ${member}(${location})`);
      }
    }
  }
});

test('fileURLToPath, pathToFileURL, isAbsolute and requireResolve answer as the original', async () => {
  const paths = ['/a/b.js', '/with space/x', '/per%cent', '/hash#', '/ünï', 'relative/x.js', '/dir/'];
  const specifiers = ['./lib/a.js', 'node:fs', 'fs', './missing.js', '../pkg/package.json'];
  for (const [name, make] of makers) {
    const theirs = make(original);
    const mine = make(ours);
    for (const location of locations) {
      assert.deepEqual(await settle(() => mine.fileURLToPath(location)), await settle(() => theirs.fileURLToPath(location)), `${name}: fileURLToPath(${location})`);
    }
    for (const p of paths) {
      assert.deepEqual(await settle(() => mine.pathToFileURL(p)), await settle(() => theirs.pathToFileURL(p)), `${name}: pathToFileURL(${p})`);
      assert.deepEqual(await settle(() => mine.isAbsolute(p)), await settle(() => theirs.isAbsolute(p)), `${name}: isAbsolute(${p})`);
    }
    const from = href('pkg/index.js');
    for (const specifier of specifiers) {
      assert.deepEqual(
        await settle(() => mine.requireResolve(from, specifier)),
        await settle(() => theirs.requireResolve(from, specifier)),
        `${name}: requireResolve(${specifier})`,
      );
    }
  }
});

test('computeSha512 gives the original lowercase hex digest', () => {
  const theirs = original.makeReadPowers({ fs, url, crypto });
  const mine = ours.makeReadPowers({ fs, url, crypto });
  for (const text of ['', 'a', 'x'.repeat(1000), '\u0000\u00ff']) {
    const bytes = new TextEncoder().encode(text);
    assert.equal(mine.computeSha512!(bytes), theirs.computeSha512!(bytes));
  }
  const random = crypto.randomBytes(257);
  assert.equal(mine.computeSha512!(random), theirs.computeSha512!(random));
});

test('write writes the bytes, and a failure rejects with a plain Error with the same message', async () => {
  const out = path.join(root, 'out');
  fs.mkdirSync(out, { recursive: true });
  const cases: [string, (m: Powers) => Powers][] = [
    ['makeWritePowers', m => m.makeWritePowers({ fs, url })],
    ['makeNodeWritePowers', m => m.makeNodeWritePowers(fs)],
  ];
  for (const [name, make] of cases) {
    for (const target of [`${name}.bin`, `no-such-dir/${name}.bin`, '']) {
      const location = url.pathToFileURL(path.join(out, target)).href + (target === '' ? '/' : '');
      const bytes = new Uint8Array([1, 2, 3, 255]);
      const expected = await settle(() => make(original).write(location, bytes));
      const written = fs.existsSync(path.join(out, target)) && target !== '' ? fs.readFileSync(path.join(out, target)) : undefined;
      if (written) fs.rmSync(path.join(out, target));
      const actual = await settle(() => make(ours).write(location, bytes));
      assert.deepEqual(actual, expected, `${name}: write(${target})`);
      if (written) assert.deepEqual(fs.readFileSync(path.join(out, target)), written);
    }
    assert.deepEqual(await settle(() => make(ours).write('https://x/y', new Uint8Array())), await settle(() => make(original).write('https://x/y', new Uint8Array())));
  }
});

test('reads go one at a time, and a location that cannot be read does not stop later reads (the original hangs)', async () => {
  const order: string[] = [];
  const slowFs = {
    ...fs,
    promises: {
      ...fs.promises,
      readFile: async (file: string) => {
        order.push(`start ${path.basename(file)}`);
        await new Promise(resolve => setTimeout(resolve, 5));
        order.push(`end ${path.basename(file)}`);
        return fs.promises.readFile(file);
      },
    },
  };
  const powers = ours.makeReadPowers({ fs: slowFs as unknown as ours.FsInterface, url });
  await assert.rejects(powers.read('https://example.com/'));
  const texts = await Promise.all([powers.read(href('pkg/lib/a.js')), powers.read(href('pkg/package.json'))]);
  assert.deepEqual(order, ['start a.js', 'end a.js', 'start package.json', 'end package.json']);
  assert.equal(Buffer.from(texts[0]).toString(), 'module.exports = 1;');
});

// #region synchronous views

/** The answers of a synchronous view about a path, for comparison. */
const answers = (view: ReturnType<typeof syncReadPowersOf>, p: string) => ({
  readFileText: view!.readFileText(p),
  isFile: view!.isFile(p),
  isDirectory: view!.isDirectory(p),
  realPath: view!.realPath(p),
  readDirectory: view!.readDirectory(p),
});

const syncPaths = [
  'pkg/package.json',
  'pkg/lib/a.js',
  'pkg/lib',
  'pkg',
  'missing.js',
  'empty-dir',
  'link-to-file.js',
  'link-to-dir',
  'dangling',
  'pkg/lib/a.js/inner.js',
  'with space/x.js',
  'per%cent/y.js',
  'bom.txt',
].map(p => path.join(root, p));

test('our makers attach a view of the same fs that answers as makeNodeReadPowers(fs)', () => {
  const reference = makeOwnSyncPowers(fs);
  for (const make of [ours.makeReadPowers, ours.makeReadNowPowers]) {
    const view = syncReadPowersOf(make({ fs, url, path }));
    assert.ok(view);
    for (const p of syncPaths) assert.deepEqual(answers(view, p), answers(reference, p), p);
  }
  assert.equal(syncReadPowersOf(ours.makeNodeReadPowers(fs))?.readFileText(path.join(root, 'pkg/lib/a.js')), 'module.exports = 1;');
});

test('a view follows a custom url: it reads where read reads', async () => {
  // Locations are file:///<relative>, mapped under root.
  const rootedUrl = {
    fileURLToPath: (location: string | URL) => path.join(root, url.fileURLToPath(location)),
    pathToFileURL: (p: string) => url.pathToFileURL(`/${path.relative(root, p)}`),
  } as unknown as ours.UrlInterface;
  const powers = ours.makeReadPowers({ fs, url: rootedUrl });
  assert.equal(Buffer.from(await powers.read('file:///pkg/lib/a.js')).toString(), 'module.exports = 1;');
  const view = syncReadPowersOf(powers)!;
  assert.equal(view.readFileText('/pkg/lib/a.js'), 'module.exports = 1;');
  assert.equal(view.isDirectory('/pkg/lib'), true);
  assert.equal(view.realPath('/link-to-dir/lib/a.js'), '/pkg/lib/a.js');
  assert.equal(view.readFileText(path.join(root, 'pkg/lib/a.js')), undefined);
});

test('a member replaced after making is not shadowed by the attached view', () => {
  const powers = ours.makeReadNowPowers({ fs, url, path });
  const file = path.join(root, 'pkg/lib/a.js');
  assert.equal(syncReadPowersOf(powers)!.readFileText(file), 'module.exports = 1;');
  powers.maybeReadNow = () => new TextEncoder().encode('replaced');
  assert.equal(syncReadPowersOf(powers)!.readFileText(file), 'replaced');
  const plain = ours.makeReadPowers({ fs, url });
  plain.read = async () => new Uint8Array();
  assert.equal(syncReadPowersOf(plain), undefined, 'no synchronous member is left to read through');
});

test("a view over the original's maybeReadNow: files as they are; directories as far as reads reveal them", () => {
  const view = syncReadPowersOf(original.makeReadNowPowers({ fs, url, path }))!;
  assert.ok(view);
  const reference = makeOwnSyncPowers(fs);
  for (const p of syncPaths) {
    assert.equal(view.readFileText(p), reference.readFileText(p), p);
    assert.equal(view.isFile(p), reference.isFile(p), p);
    assert.equal(view.readDirectory(p), undefined, p);
  }
  // A folder holding a package.json is a package directory.
  assert.equal(view.isDirectory(path.join(root, 'pkg')), true);
  assert.equal(view.realPath(path.join(root, 'pkg/')), path.join(root, 'pkg'));
  // Any other folder is unknown until a file under it has been read.
  const plain = path.join(root, 'pkg/lib/plain');
  assert.equal(view.isDirectory(plain), false);
  assert.equal(view.realPath(plain), undefined);
  assert.equal(view.readFileText(path.join(plain, 'b.txt')), 'b');
  assert.equal(view.isDirectory(plain), true);
  assert.equal(view.realPath(plain), plain);
  assert.equal(view.isDirectory(path.join(root, 'empty-dir')), false, 'no read can reveal an empty folder');
  assert.equal(view.isDirectory(path.join(root, 'missing')), false);
  assert.equal(view.isDirectory(path.join(root, 'pkg/lib/a.js')), false);
  // Symlinks are not followed: a path is its own real path.
  assert.equal(view.realPath(path.join(root, 'link-to-file.js')), path.join(root, 'link-to-file.js'));
  assert.equal(view.realPath(path.join(root, 'missing.js')), undefined);
});

test('our makers over an fs with no stat, realpath or readdir fall back to the maybeReadNow view', () => {
  const thinFs = { promises: fs.promises, readFileSync: fs.readFileSync } as unknown as ours.FsInterface;
  const view = syncReadPowersOf(ours.makeReadPowers({ fs: thinFs, url }))!;
  assert.equal(view.readFileText(path.join(root, 'pkg/lib/a.js')), 'module.exports = 1;');
  assert.equal(view.isFile(path.join(root, 'pkg/lib')), false);
  assert.equal(view.isDirectory(path.join(root, 'pkg')), true);
  assert.equal(view.readDirectory(path.join(root, 'pkg')), undefined);
});

test('our own ReadPowers pass as they are; an async read, or an object without sync members, has no view', () => {
  const own = makeOwnSyncPowers(fs);
  assert.equal(syncReadPowersOf(own), own);
  const readOnly = async (location: string) => fs.promises.readFile(url.fileURLToPath(location));
  assert.equal(syncReadPowersOf(readOnly), undefined);
  assert.equal(syncReadPowersOf(original.makeReadPowers({ fs, url })), undefined);
  assert.equal(syncReadPowersOf({ maybeReadNow: () => undefined }), undefined, 'the original requires fileURLToPath and isAbsolute too');
  for (const value of [undefined, null, 42, 'file:///']) assert.equal(syncReadPowersOf(value), undefined);
});

test('a view over a maybeReadNow that fails otherwise than "absent" reports the failure', () => {
  const failure = Object.assign(Error('EACCES: permission denied'), { code: 'EACCES' });
  const view = syncReadPowersOf({
    maybeReadNow: () => {
      throw failure;
    },
    fileURLToPath: url.fileURLToPath,
    isAbsolute: path.isAbsolute,
  })!;
  assert.throws(() => view.readFileText('/x'), failure);
  const absent = syncReadPowersOf({
    maybeReadNow: () => {
      throw Object.assign(Error('ENOTDIR'), { code: 'ENOTDIR' });
    },
    fileURLToPath: url.fileURLToPath,
    isAbsolute: path.isAbsolute,
  })!;
  assert.equal(absent.readFileText('/x'), undefined);
});

// #endregion

test.after(() => fs.rmSync(root, { recursive: true, force: true }));
