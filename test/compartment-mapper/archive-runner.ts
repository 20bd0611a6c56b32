// endo's archives, for the archive tests, in a process of their own (one
// lockdown): `make <entry> <zip>` writes an archive of the entry;
// `run <zip> [expectedSha512]` runs one with console and path endowed;
// `import <entry>` runs the entry from the file system, as the archive's
// reference.
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import crypto from 'node:crypto';
import { lockdown } from '../../src/ses/index.js';
import { importLocation, makeArchive, parseArchive } from '../../src/compartment-mapper/index.js';
import { makeReadPowers } from '../../src/compartment-mapper/node-powers.js';

const [mode, first, second] = process.argv.slice(2);
const hostConsole = console;
lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });
const globals = { console: hostConsole };
const modules = { path };
const powers = makeReadPowers({ fs, url, crypto });
if (mode === 'make') {
  fs.writeFileSync(second!, await makeArchive(powers, url.pathToFileURL(first!).href));
} else if (mode === 'run') {
  const archive = await parseArchive(fs.readFileSync(first!), first, second === undefined ? {} : { expectedSha512: second });
  await archive.import({ globals, modules });
} else if (mode === 'import') {
  await importLocation(powers, url.pathToFileURL(first!).href, { globals, modules });
} else {
  throw Error(`unknown mode ${mode}`);
}
