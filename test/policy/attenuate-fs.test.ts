// fs limited to a directory (src/policy/attenuate-fs.ts), tried as a package
// would try to get out: absolute and relative paths, `..`, symbolic links to
// files and folders outside, two-path functions, descriptors it did not
// open, Buffer and URL paths, the promises API, streams; and from inside a
// compartment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FsLimitError, limitFsToDirectory } from '../../src/policy/attenuate-fs.js';
import { lockdown, Compartment } from '../../src/ses/index.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'endo-fs-limit-')));
process.on('exit', () => rmSync(base, { recursive: true, force: true }));
const inside = join(base, 'inside');
const outside = join(base, 'outside');
mkdirSync(inside);
mkdirSync(outside);
writeFileSync(join(inside, 'mine.txt'), 'mine');
writeFileSync(join(outside, 'secret.txt'), 'secret');
symlinkSync(join(outside, 'secret.txt'), join(inside, 'link-to-secret'));
symlinkSync(outside, join(inside, 'link-to-outside'));

const limited = limitFsToDirectory(inside) as unknown as typeof fs;
const refused = (action: () => unknown) => assert.throws(action, FsLimitError);

test('inside the directory: read, write, list, make folders, rename within', () => {
  assert.equal(limited.readFileSync(join(inside, 'mine.txt'), 'utf8'), 'mine');
  limited.writeFileSync(join(inside, 'new.txt'), 'new');
  assert.equal(fs.readFileSync(join(inside, 'new.txt'), 'utf8'), 'new');
  limited.mkdirSync(join(inside, 'a', 'b'), { recursive: true });
  limited.renameSync(join(inside, 'new.txt'), join(inside, 'a', 'b', 'moved.txt'));
  assert.ok(limited.readdirSync(inside).includes('a'));
  assert.equal(limited.existsSync(join(inside, 'a', 'b', 'moved.txt')), true);
});

test('outside: absolute paths, `..`, Buffer and URL paths are refused, naming the path and the limit', () => {
  assert.throws(() => limited.readFileSync(join(outside, 'secret.txt')), /fs\.readFileSync may not reach ".*secret\.txt": this package's fs is limited to /);
  refused(() => limited.readFileSync(join(inside, '..', 'outside', 'secret.txt')));
  refused(() => limited.readFileSync(Buffer.from(join(outside, 'secret.txt'))));
  refused(() => limited.readFileSync(pathToFileURL(join(outside, 'secret.txt'))));
  refused(() => limited.readFileSync('/etc/passwd'));
  refused(() => limited.writeFileSync(join(outside, 'planted.txt'), 'x'));
  refused(() => limited.readdirSync(base));
  assert.equal(fs.existsSync(join(outside, 'planted.txt')), false);
});

test('symbolic links inside that point outside lead nowhere: to a file, through a folder, to a new file', () => {
  refused(() => limited.readFileSync(join(inside, 'link-to-secret')));
  refused(() => limited.readFileSync(join(inside, 'link-to-outside', 'secret.txt')));
  refused(() => limited.writeFileSync(join(inside, 'link-to-outside', 'planted.txt'), 'x'));
  assert.equal(fs.existsSync(join(outside, 'planted.txt')), false);
  // Nor can the package make such a link.
  refused(() => limited.symlinkSync(join(outside, 'secret.txt'), join(inside, 'another-link')));
});

test('two-path functions check both paths', () => {
  refused(() => limited.copyFileSync(join(outside, 'secret.txt'), join(inside, 'copy.txt')));
  refused(() => limited.renameSync(join(inside, 'mine.txt'), join(outside, 'mine.txt')));
  refused(() => limited.linkSync(join(outside, 'secret.txt'), join(inside, 'hard-link')));
  assert.equal(fs.existsSync(join(inside, 'copy.txt')), false);
});

test('descriptors: only those this view opened, and not after they are closed', () => {
  refused(() => limited.readSync(0, Buffer.alloc(1)));
  const foreign = fs.openSync(join(outside, 'secret.txt'), 'r');
  try {
    refused(() => limited.readSync(foreign, Buffer.alloc(6)));
    refused(() => limited.readFileSync(foreign));
    refused(() => limited.fstatSync(foreign));
  } finally {
    fs.closeSync(foreign);
  }
  const own = limited.openSync(join(inside, 'mine.txt'), 'r');
  const buffer = Buffer.alloc(4);
  limited.readSync(own, buffer);
  assert.equal(buffer.toString(), 'mine');
  limited.closeSync(own);
  refused(() => limited.fstatSync(own));
});

test('the promises API and streams are limited alike', async () => {
  assert.equal(await limited.promises.readFile(join(inside, 'mine.txt'), 'utf8'), 'mine');
  await assert.rejects(async () => limited.promises.readFile(join(outside, 'secret.txt')), FsLimitError);
  refused(() => limited.createReadStream(join(outside, 'secret.txt')));
  const text = await new Promise<string>((resolve, reject) => {
    let data = '';
    limited.createReadStream(join(inside, 'mine.txt'), 'utf8').on('data', chunk => (data += chunk)).on('end', () => resolve(data)).on('error', reject);
  });
  assert.equal(text, 'mine');
});

test('what reaches files without a check is not there; the view is frozen', () => {
  const view = limited as unknown as Record<string, unknown>;
  for (const name of ['Dir', 'ReadStream', 'WriteStream', 'FileReadStream', 'openAsBlob']) assert.equal(view[name], undefined, name);
  assert.ok(Object.isFrozen(limited) && Object.isFrozen(limited.promises) && Object.isFrozen(limited.readFileSync));
  assert.throws(() => {
    'use strict';
    (view as { readFileSync: unknown }).readFileSync = fs.readFileSync;
  }, TypeError);
});

test('from inside a compartment, the limit holds', () => {
  lockdown({ errorTaming: 'unsafe' });
  const compartment = new Compartment({ __options__: true, globals: { fs: limited, inside, outside } });
  assert.equal(compartment.evaluate(`fs.readFileSync(inside + '/mine.txt', 'utf8')`), 'mine');
  const attempts = compartment.evaluate(`
    const tries = {
      absolute: () => fs.readFileSync(outside + '/secret.txt', 'utf8'),
      viaCall: () => fs.readFileSync.call(null, outside + '/secret.txt', 'utf8'),
      replace: () => { fs.readFileSync = () => 'mine'; return 'replaced'; },
    };
    Object.fromEntries(Object.entries(tries).map(([name, attempt]) => {
      try { return [name, 'got ' + String(attempt())]; } catch (error) { return [name, error.name]; }
    }));
  `) as Record<string, string>;
  assert.equal(attempts.absolute, 'FsLimitError');
  assert.equal(attempts.viaCall, 'FsLimitError');
  assert.equal(attempts.replace, 'TypeError');
});
