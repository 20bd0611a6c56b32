// The zip container of archives: what we write, @endo/zip (the original's
// reader) reads, and the reverse; and bytes from anywhere are refused,
// with a reason, unless they are a plain archive of stored files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { readZip as readZipOriginal, writeZip as writeZipOriginal } from '@endo/zip';
import { readZip, writeZip } from '../../src/compartment-mapper/zip.js';

const text = (value: string) => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const sample = new Map<string, Uint8Array>([
  ['compartment-map.json', text('{"entry":{}}')],
  ['app-v1.0.0/index.js', text('export default 1;\n')],
  ['app-v1.0.0/10', text('integer-like file name')],
  ['app-v1.0.0/empty.js', text('')],
  ['dir/ünïcode ☃.js', text('snow')],
]);

test('what we write reads back the same, in order, and the same files give the same bytes', () => {
  const bytes = writeZip(sample);
  const read = readZip(bytes);
  assert.deepEqual([...read.keys()], [...sample.keys()]);
  for (const [name, content] of sample) assert.equal(decode(read.get(name)!), decode(content), name);
  assert.deepEqual(writeZip(sample), bytes);
});

test('the original reads what we write, and we read what it writes', async () => {
  const ours = writeZip(sample);
  const theirReader = await readZipOriginal(ours, 'ours.zip');
  for (const [name, content] of sample) assert.equal(decode(await theirReader.read(name)), decode(content), name);

  const writer = writeZipOriginal();
  for (const [name, content] of sample) await writer.write(name, content);
  const theirs = await writer.snapshot();
  const read = readZip(theirs);
  for (const [name, content] of sample) assert.equal(decode(read.get(name)!), decode(content), name);
});

/** Replaces every occurrence of `from` in `bytes` by `to` (same length). */
const patched = (bytes: Uint8Array, from: string, to: string): Uint8Array => {
  const copy = bytes.slice();
  const [f, t] = [text(from), text(to)];
  for (let i = 0; i + f.length <= copy.length; i += 1) {
    if (f.every((b, k) => copy[i + k] === b)) copy.set(t, i);
  }
  return copy;
};

test('refused with a reason: compressed files, names outside the archive, duplicates, too many files or bytes, not a zip', () => {
  const refuses = (bytes: Uint8Array, reason: RegExp, limits = {}) =>
    assert.throws(() => readZip(bytes, limits), (error: Error) => error.message.startsWith('Bad archive:') && reason.test(error.message));

  refuses(zipSync({ 'a.js': text('x'.repeat(1000)) }, { level: 6 }), /"a\.js" is compressed/);
  for (const name of ['../escape.js', '/absolute.js', 'a//b.js', 'a/./b.js', 'back\\slash.js']) {
    refuses(zipSync({ [name]: [text('x'), { level: 0 }] }, {}), /file name/);
  }
  // fflate cannot write this name itself.
  refuses(patched(writeZip(new Map([['aaaaaaaaa', text('x')]])), 'aaaaaaaaa', '__proto__'), /file name "__proto__"/);
  refuses(patched(writeZip(new Map([['aa', text('1')], ['bb', text('2')]])), 'bb', 'aa'), /"aa" appears twice/);
  refuses(writeZip(sample), /more than 3 files/, { maxEntries: 3 });
  refuses(writeZip(sample), /more than 10 bytes/, { maxTotalBytes: 10 });
  refuses(text('not a zip at all'), /not a readable zip file/);
  refuses(new Uint8Array(0), /not a readable zip file/);
});

test('we refuse to write a name that we would refuse to read', () => {
  assert.throws(() => writeZip(new Map([['../x', text('')]])), /Bad archive: the file name "\.\.\/x"/);
});

test('property: any bytes, and any corruption of an archive, give back files or a "Bad archive" Error, nothing else', () => {
  const archive = writeZip(sample);
  const onlyBadArchive = (bytes: Uint8Array) => {
    try {
      readZip(bytes);
    } catch (error) {
      assert.ok(error instanceof Error && error.message.startsWith('Bad archive:'), String(error));
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), onlyBadArchive), { numRuns: 300 });
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(archive.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), edits => {
      const corrupted = archive.slice();
      for (const [at, value] of edits) corrupted[at] = value;
      onlyBadArchive(corrupted);
    }),
    { numRuns: 300 },
  );
});

test('property: any set of well-named files makes the round trip', () => {
  const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/).filter(s => s !== '__proto__');
  const name = fc.array(segment, { minLength: 1, maxLength: 3 }).map(parts => parts.join('/'));
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(name, fc.uint8Array({ maxLength: 64 })), { selector: ([n]) => n, maxLength: 10 }), entries => {
      const files = new Map(entries);
      const read = readZip(writeZip(files));
      // (Integer-like names are written first: see writeZip.)
      assert.deepEqual([...read.keys()].sort(), [...files.keys()].sort());
      for (const [n, bytes] of files) assert.deepEqual([...read.get(n)!], [...bytes]);
    }),
    { numRuns: 200 },
  );
});
