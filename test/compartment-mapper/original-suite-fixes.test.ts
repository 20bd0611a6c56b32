// Behaviour the original @endo/compartment-mapper's own test suite expects
// of a public function, where ours fell short (found by running that suite
// against ours). An archive with bytes before the zip (the suite's
// "makeArchive / parseArchive with a prefix": zips allow any prefix, as a
// self-extracting stub has) reads as the same archive.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import url, { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import { join } from 'node:path';
import { readZip as readZipOriginal } from '@endo/zip';
import { readZip, writeZip } from '../../src/compartment-mapper/zip.js';
import { makeArchive, parseArchive } from '../../src/compartment-mapper/index.js';
import { makeReadPowers } from '../../src/compartment-mapper/node-powers.js';

const text = (value: string) => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const withPrefix = (prefix: Uint8Array, zip: Uint8Array) => {
  const bytes = new Uint8Array(prefix.length + zip.length);
  bytes.set(prefix, 0);
  bytes.set(zip, prefix.length);
  return bytes;
};

const sample = new Map<string, Uint8Array>([
  ['compartment-map.json', text('{"entry":{}}')],
  ['app-v1.0.0/index.js', text('export default 1;\n')],
]);

// Zero bytes (the suite's prefix), and bytes that look like an end record.
for (const prefix of [new Uint8Array(10), new Uint8Array([0x50, 0x4b, 0x05, 0x06])]) {
  test(`a zip after ${prefix.length} bytes of prefix reads as the zip alone, as the original's reader reads it`, async () => {
    const bytes = withPrefix(prefix, writeZip(sample));
    const read = readZip(bytes);
    assert.deepEqual([...read.keys()], [...sample.keys()]);
    const theirs = await readZipOriginal(bytes, 'prefixed.zip');
    for (const [name, content] of sample) {
      assert.equal(decode(read.get(name)!), decode(content), name);
      assert.equal(decode(await theirs.read(name)), decode(content), `${name} (original's reader)`);
    }
  });
}

test('a zip after a self-extracting stub reads as the zip alone', () => {
  const read = readZip(withPrefix(text('#!/bin/sh\nexec unzip "$0"\n'), writeZip(sample)));
  assert.deepEqual([...read.keys()], [...sample.keys()]);
  for (const [name, content] of sample) assert.equal(decode(read.get(name)!), decode(content), name);
});

test('a prefix does not hide damage: a zip whose directory points before the start is still refused', () => {
  const zip = writeZip(sample);
  // Cut the first local header away: the directory's offsets now point at nothing.
  assert.throws(() => readZip(zip.subarray(4)), /^Error: Bad archive/);
  assert.throws(() => readZip(new Uint8Array(64)), /^Error: Bad archive/);
});

test('parseArchive reads an archive of ours with 10 bytes before it, as the original does', async () => {
  const powers = makeReadPowers({ fs, url, crypto });
  const app = fileURLToPath(new URL('../../../test/fixtures/archive/app/', import.meta.url));
  const location = url.pathToFileURL(join(app, 'portable.mjs')).href;
  const archive = await makeArchive(powers, location);
  const plain = await parseArchive(archive, 'plain.zip');
  const prefixed = await parseArchive(withPrefix(new Uint8Array(10), archive), 'prefixed.zip');
  assert.equal(prefixed.sha512, plain.sha512);
  assert.equal(typeof prefixed.import, 'function');
});
