// Archives (makeArchive, parseArchive, importArchive) over a small tree
// (test/fixtures/archive/app): an archive runs as node runs the program;
// archives made by either implementation run in either; the compartment map
// names compartments and files as the original does, and CommonJS records
// are the original's bytes; a damaged or forged archive is refused before
// anything runs, with an error that names what is wrong.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fs from 'node:fs';
import url, { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import fc from 'fast-check';
import { hashLocation, makeAndHashArchive, makeArchive, mapLocation, parseArchive } from '../../src/compartment-mapper/index.js';
import { makeReadPowers } from '../../src/compartment-mapper/node-powers.js';
import { readZip, writeZip } from '../../src/compartment-mapper/zip.js';

const app = fileURLToPath(new URL('../../../test/fixtures/archive/app/', import.meta.url));
const originalRunner = fileURLToPath(new URL('../../../test/fixtures/archive/original-runner.mjs', import.meta.url));
const oursRunner = fileURLToPath(new URL('./archive-runner.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'endo-archive-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const run = (args: string[]): string => execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const node = (entry: string) => run([join(app, entry)]);
const ours = (mode: string, ...args: string[]) => run([oursRunner, mode, ...args]);
const original = (mode: string, ...args: string[]) => run([originalRunner, mode, ...args]);

const powers = makeReadPowers({ fs, url, crypto });
const decoder = new TextDecoder();

for (const entry of ['main.cjs', 'main.mjs']) {
  test(`${entry}: from an archive, the program prints what it prints under node`, () => {
    const zip = join(work, `ours-${entry}.zip`);
    ours('make', join(app, entry), zip);
    assert.equal(ours('run', zip), node(entry));
  });
}

for (const entry of ['portable.cjs', 'portable.mjs']) {
  test(`${entry}: archives made by either implementation run in either, as under node`, () => {
    const expected = node(entry);
    const oursZip = join(work, `ours-${entry}.zip`);
    const originalZip = join(work, `original-${entry}.zip`);
    ours('make', join(app, entry), oursZip);
    original('make', join(app, entry), originalZip);
    assert.equal(ours('run', oursZip), expected, 'ours in ours');
    assert.equal(ours('run', originalZip), expected, "the original's in ours");
    assert.equal(original('run', oursZip), expected, 'ours in the original');
    assert.equal(original('run', originalZip), expected, "the original's in the original");
  });
}

test("the compartment map names compartments and files as the original's; CommonJS and JSON records are the original's bytes", () => {
  const oursZip = join(work, 'map-ours.zip');
  const originalZip = join(work, 'map-original.zip');
  ours('make', join(app, 'portable.cjs'), oursZip);
  original('make', join(app, 'portable.cjs'), originalZip);
  const mapOf = (zip: string) => JSON.parse(decoder.decode(readZip(readFileSync(zip)).get('compartment-map.json')!));
  const oursMap = mapOf(oursZip);
  const originalMap = mapOf(originalZip);
  assert.deepEqual(oursMap.entry, originalMap.entry);
  assert.deepEqual(Object.keys(oursMap.compartments), Object.keys(originalMap.compartments));
  // Two packages named "shared": the original's -n1 for the second in order.
  assert.ok(Object.hasOwn(oursMap.compartments, 'shared-v2.0.0-n1'));
  let compared = 0;
  for (const [name, compartment] of Object.entries<{ name: string; label: string; modules: Record<string, Record<string, string>> }>(oursMap.compartments)) {
    const theirs = originalMap.compartments[name];
    assert.equal(compartment.name, theirs.name);
    assert.equal(compartment.label, theirs.label);
    for (const [specifier, module] of Object.entries(compartment.modules)) {
      if (module.location === undefined) continue;
      assert.deepEqual(module, theirs.modules[specifier], `${name} ${specifier}`);
      compared += 1;
    }
  }
  assert.ok(compared >= 6, `compared ${compared} module files`);
});

test('an archive holds no path of the machine that made it', async () => {
  const bytes = await makeArchive(powers, url.pathToFileURL(join(app, 'main.cjs')).href);
  for (const [path, contents] of readZip(bytes)) {
    assert.ok(!decoder.decode(contents).includes(app), `${path} names ${app}`);
  }
});

test('makeAndHashArchive, hashLocation, mapLocation and parseArchive agree on the SHA-512 of the compartment map', async () => {
  const location = url.pathToFileURL(join(app, 'main.mjs')).href;
  const { bytes, sha512 } = await makeAndHashArchive(powers, location);
  assert.equal(await hashLocation(powers, location), sha512);
  const mapBytes = await mapLocation(powers, location);
  assert.equal(crypto.createHash('sha512').update(mapBytes).digest('hex'), sha512);
  assert.equal((await parseArchive(bytes, 'app.zip', { expectedSha512: sha512 })).sha512, sha512);
});

test('options that would change how files load are refused, not ignored', async () => {
  const location = url.pathToFileURL(join(app, 'main.cjs')).href;
  await assert.rejects(makeArchive(powers, location, { parserForLanguage: {} }), /Archiving does not support the "parserForLanguage" option/);
  await assert.rejects(makeArchive(powers, location, { languageForExtension: { xsonp: 'json' } }), /"languageForExtension" option/);
  await assert.rejects(mapLocation(powers, location, { moduleTransforms: {} }), /"moduleTransforms" option/);
});

// Damaged and forged archives: refused by parseArchive, before anything runs.
const archiveFiles = async (): Promise<Map<string, Uint8Array>> =>
  readZip(await makeArchive(powers, url.pathToFileURL(join(app, 'main.cjs')).href));
const encoder = new TextEncoder();
const editMap = (files: Map<string, Uint8Array>, edit: (map: any) => void): Uint8Array => {
  const map = JSON.parse(decoder.decode(files.get('compartment-map.json')!));
  edit(map);
  files.set('compartment-map.json', encoder.encode(JSON.stringify(map)));
  return writeZip(files);
};

test('a compartment map that is not the expected one is refused, naming both hashes', async () => {
  const { bytes, sha512 } = await makeAndHashArchive(powers, url.pathToFileURL(join(app, 'main.cjs')).href);
  const wrong = sha512.replace(/^./, c => (c === '0' ? '1' : '0'));
  await assert.rejects(parseArchive(bytes, 'app.zip', { expectedSha512: wrong }), error => {
    assert.match((error as Error).message, /failed a SHA-512 integrity check, expected .*, got .*, for archive "app\.zip"/);
    return true;
  });
});

test('a module whose bytes changed is refused, naming the module, the file and both hashes', async () => {
  const files = await archiveFiles();
  const path = 'cjs-dep-v1.0.0/index.js';
  const record = decoder.decode(files.get(path)!);
  files.set(path, encoder.encode(record.replace('helper', 'HELPER')));
  await assert.rejects(parseArchive(writeZip(files), 'app.zip'), /Module \.\/index\.js of compartment "cjs-dep-v1\.0\.0" failed a SHA-512 integrity check: cjs-dep-v1\.0\.0\/index\.js has [0-9a-f]{128}, the compartment map says [0-9a-f]{128}/);
});

test('a file the map does not list, or a listed file that is missing, is refused', async () => {
  const extra = await archiveFiles();
  extra.set('cjs-dep-v1.0.0/stowaway.js', encoder.encode('{}'));
  await assert.rejects(parseArchive(writeZip(extra), 'app.zip'), /extraneous files: \["cjs-dep-v1\.0\.0\/stowaway\.js"\]/);
  const missing = await archiveFiles();
  missing.delete('cjs-dep-v1.0.0/index.js');
  await assert.rejects(parseArchive(writeZip(missing), 'app.zip'), /lacks cjs-dep-v1\.0\.0\/index\.js, module \.\/index\.js of compartment "cjs-dep-v1\.0\.0"/);
});

test('a map that links to a compartment it lacks, escapes its folder, or has unknown fields is refused', async () => {
  const cases: Array<[(map: any) => void, RegExp]> = [
    [map => (map.compartments['archive-app-v1.0.0'].modules['cjs-dep'].compartment = 'nowhere-v1'), /links to compartment "nowhere-v1", which the map does not have/],
    [map => (map.compartments['archive-app-v1.0.0'].modules['./main.cjs'].location = '../../etc/passwd'), /must be a relative path inside the compartment/],
    [map => (map.compartments['archive-app-v1.0.0'].extra = true), /has unexpected properties \["extra"\]/],
    [map => (map.entry.compartment = 'absent'), /the entry compartment "absent" is not among its compartments/],
    [map => (map.compartments = {}), /"compartments" must be a non-empty object/],
  ];
  for (const [edit, expected] of cases) {
    await assert.rejects(parseArchive(editMap(await archiveFiles(), edit), 'app.zip'), expected);
  }
});

test('two compartments whose files would share a path are refused', async () => {
  // Compartment cjs-dep-v1.0.0 moved to folder "x/y" and the application to
  // folder "x", which lists a file "y/index.js": both are /x/y/index.js.
  const files = await archiveFiles();
  const map = JSON.parse(decoder.decode(files.get('compartment-map.json')!));
  const moved = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) {
    if (path.startsWith('cjs-dep-v1.0.0/')) moved.set(`x/y/${path.slice('cjs-dep-v1.0.0/'.length)}`, bytes);
    else if (path.startsWith('archive-app-v1.0.0/')) moved.set(`x/${path.slice('archive-app-v1.0.0/'.length)}`, bytes);
    else if (path !== 'compartment-map.json') moved.set(path, bytes);
  }
  map.compartments['cjs-dep-v1.0.0'].location = 'x/y';
  map.compartments['archive-app-v1.0.0'].location = 'x';
  const dependencyIndex = map.compartments['cjs-dep-v1.0.0'].modules['./index.js'];
  map.compartments['archive-app-v1.0.0'].modules['./y/index.js'] = { ...dependencyIndex, location: 'y/index.js' };
  moved.set('compartment-map.json', encoder.encode(JSON.stringify(map)));
  await assert.rejects(
    parseArchive(writeZip(moved), 'app.zip'),
    /module \.\/y\/index\.js of compartment archive-app-v1\.0\.0 has the path \/x\/y\/index\.js, which module \.\/index\.js of compartment cjs-dep-v1\.0\.0 has too|module \.\/index\.js of compartment cjs-dep-v1\.0\.0 has the path \/x\/y\/index\.js, which module \.\/y\/index\.js of compartment archive-app-v1\.0\.0 has too/,
  );
});

test('property: any edit of compartment-map.json is accepted or refused with a clear error, never a crash', async () => {
  const original = await archiveFiles();
  const mapText = decoder.decode(original.get('compartment-map.json')!);
  const values = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.nat(), values), { minLength: 1, maxLength: 3 }), async edits => {
      const map = JSON.parse(mapText);
      // Walk to a pseudo-random object of the map and set a field of it.
      for (const [seed, value] of edits) {
        let target: any = map;
        let depth = seed % 5;
        while (depth-- > 0) {
          const keys = Object.keys(target).filter(key => typeof target[key] === 'object' && target[key] !== null);
          if (keys.length === 0) break;
          target = target[keys[seed % keys.length]!];
        }
        const keys = Object.keys(target);
        target[keys.length > 0 ? keys[seed % keys.length]! : 'x'] = value;
      }
      const files = new Map(original);
      files.set('compartment-map.json', encoder.encode(JSON.stringify(map)));
      try {
        await parseArchive(writeZip(files), 'app.zip');
      } catch (error) {
        assert.ok(error instanceof Error);
        assert.doesNotMatch(error.message, /Cannot read properties|is not a function|is not iterable|undefined/);
        assert.match(error.message, /archive|Archive/);
      }
    }),
    { numRuns: 300 },
  );
});
