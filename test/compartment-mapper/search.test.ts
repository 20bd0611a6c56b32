// search.ts against the original @endo/compartment-mapper search (which loads
// without ses, so both run in this process): for the same module locations,
// over the same read powers, the same package found, the same text, the same
// module specifier, and the same errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as url from 'node:url';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import * as originalPowers from '@endo/compartment-mapper/node-powers.js';
import * as ourPowers from '../../src/compartment-mapper/node-powers.js';
import { search } from '../../src/compartment-mapper/search.js';

// search.js is not among the original's subpath exports; load it by file.
const originalSearchFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@endo/compartment-mapper/node-powers.js')),
  'src/search.js',
);
const { search: originalSearch } = (await import(url.pathToFileURL(originalSearchFile).href)) as {
  search: (powers: unknown, location: string) => Promise<unknown>;
};

// Under the temporary folder, where no package.json lies above (checked below).
const root = fs.realpathSync(fs.mkdtempSync(path.join(tmpdir(), 'search-')));
const write = (relative: string, text: string) => {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};
write('app/package.json', '{"name":"app"}');
write('app/main.js', '');
write('app/lib/deep/er/m.js', '');
write('app/node_modules/dep/package.json', '{"name":"dep"}');
write('app/node_modules/dep/index.js', '');
write('app/with space/per%cent/x.js', '');
write('app/ünï/u.js', '');
write('bom/package.json', '\uFEFF{"name":"bom"}');
write('bom/m.js', '');
write('empty/package.json', '');
write('empty/m.js', '');
write('only-bom/package.json', '\uFEFF');
write('dir-descriptor/package.json/inside.txt', '');
write('dir-descriptor/m.js', '');
write('loose/m.js', '');
fs.symlinkSync(path.join(root, 'app/lib'), path.join(root, 'app/linked-lib'));
fs.symlinkSync(path.join(root, 'app'), path.join(root, 'linked-app'));

const href = (relative: string) => url.pathToFileURL(path.join(root, relative)).href;

const moduleLocations = [
  href('app/main.js'),
  href('app/lib/deep/er/m.js'),
  href('app/lib/missing.js'),
  href('app/lib'),
  `${href('app/lib')}/`,
  `${href('app')}/`,
  href('app/node_modules/dep/index.js'),
  href('app/node_modules/dep'),
  href('app/with space/per%cent/x.js'),
  `file://${root}/app/with%20space/per%25cent/x.js`,
  href('app/ünï/u.js'),
  `file://${root}/app/./lib/../main.js`,
  `file://${root}/app//lib//m.js`,
  `${href('app/main.js')}?query#fragment`,
  href('app/linked-lib/deep/er/m.js'),
  href('linked-app/main.js'),
  href('bom/m.js'),
  href('empty/m.js'),
  href('only-bom/m.js'),
  href('dir-descriptor/m.js'),
  href('loose/m.js'),
  href('app/main.js/inner.js'),
];

const settle = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    return { result: await run() };
  } catch (error) {
    const e = error as { name?: unknown; message?: unknown; code?: unknown };
    return { error: { name: e.name, message: e.message, code: e.code } };
  }
};

const readBytes = async (location: string) => fs.promises.readFile(url.fileURLToPath(location));

/** The kinds of read powers the original accepts, built by the original's makers or ours. */
const powersKinds: [string, (m: Record<string, any>) => unknown][] = [
  ['makeReadPowers', m => m.makeReadPowers({ fs, url })],
  ['makeReadNowPowers', m => m.makeReadNowPowers({ fs, url })],
  ['makeNodeReadPowers (no url)', m => m.makeNodeReadPowers(fs)],
  ['a bare read function', () => readBytes],
  ['an object with read only', () => ({ read: readBytes })],
];

test('no package.json above the temporary folder (the "none found" cases rely on it)', () => {
  for (let folder = root; ; folder = path.dirname(folder)) {
    assert.equal(fs.existsSync(path.join(path.dirname(folder), 'package.json')), false, folder);
    if (path.dirname(folder) === folder) break;
  }
});

test('search finds what the original finds, and fails as it fails', async () => {
  for (const [kind, make] of powersKinds) {
    for (const powersFrom of [originalPowers, ourPowers]) {
      for (const location of moduleLocations) {
        const expected = await settle(() => originalSearch(make(originalPowers), location));
        const actual = await settle(() => search(make(powersFrom) as never, location));
        assert.deepEqual(actual, expected, `${kind} (${powersFrom === ourPowers ? 'ours' : 'original'}): ${location}`);
      }
    }
  }
});

test('the nearest package.json wins, and the module is named relative to it', async () => {
  const powers = ourPowers.makeReadPowers({ fs, url });
  assert.deepEqual(await search(powers, href('app/node_modules/dep/index.js')), {
    packageLocation: `${href('app/node_modules/dep')}/`,
    packageDescriptorText: '{"name":"dep"}',
    packageDescriptorLocation: href('app/node_modules/dep/package.json'),
    moduleSpecifier: './index.js',
  });
  const deep = (await search(powers, href('app/lib/deep/er/m.js'))) as { moduleSpecifier: string };
  assert.equal(deep.moduleSpecifier, './lib/deep/er/m.js');
  assert.equal(((await search(powers, `${href('app')}/`)) as { moduleSpecifier: string }).moduleSpecifier, '.');
});

test('escaped names stay escaped in the locations and the specifier', async () => {
  const found = await search(ourPowers.makeReadPowers({ fs, url }), href('app/with space/per%cent/x.js'));
  assert.equal(found.moduleSpecifier, './with%20space/per%25cent/x.js');
});

test('no package.json along the path rejects naming the module', async () => {
  const location = href('loose/m.js');
  await assert.rejects(search(ourPowers.makeReadPowers({ fs, url }), location), {
    message: `Cannot find package.json along path to ${JSON.stringify(location)}`,
  });
});

test('a read that fails otherwise than "absent" rejects search (through maybeRead)', async () => {
  const failure = Error('EACCES: permission denied');
  const powers = { read: readBytes, maybeRead: async () => Promise.reject(failure) };
  await assert.rejects(search(powers, href('app/main.js')), failure);
  assert.deepEqual(
    await settle(() => search(powers, href('app/main.js'))),
    await settle(() => originalSearch(powers, href('app/main.js'))),
  );
});

test('property: over any module location, ours and the original agree (a virtual tree of package.json files)', async () => {
  // Segments with the characters URLs treat specially: escapes, dots, empty segments, spaces, "?" and "#".
  const segment = fc.oneof(
    fc.constantFrom('', '.', '..', '%2e', '%2E%2e', 'a', 'a b', '%20', '%25', '%2F', 'ü', '?q', '#h', 'package.json'),
    fc.stringMatching(/^[a-z0-9%._ -]{1,6}$/),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(segment, { maxLength: 6 }), fc.array(fc.nat(7), { maxLength: 3 }), async (segments, depths) => {
      const location = `file:///${segments.join('/')}`;
      // package.json files at some of the folders above the module, by depth.
      const folders = new Set(depths.map(depth => `file:///${segments.slice(0, depth).map(s => `${s}/`).join('')}`));
      const descriptors = new Set<string>();
      for (const folder of folders) {
        try {
          descriptors.add(new URL('package.json', folder).href);
        } catch {
          // a folder URL that does not parse holds nothing
        }
      }
      const powers = {
        read: async (at: string) => {
          if (descriptors.has(at)) return new TextEncoder().encode(`{"at":${JSON.stringify(at)}}`);
          throw Error(`ENOENT: ${at}`);
        },
      };
      assert.deepEqual(await settle(() => search(powers, location)), await settle(() => originalSearch(powers, location)), location);
    }),
    { numRuns: 500 },
  );
});

test.after(() => fs.rmSync(root, { recursive: true, force: true }));
