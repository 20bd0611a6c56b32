// A real application from node_modules (examples/app: ws and lodash-es as
// installed for this repository, and sneaky-pad, a small package that
// reaches for more than it needs), each package in a compartment of its
// own. The packages get the builtins and host globals a WebSocket server
// needs (a `process` with an empty environment and `nextTick`, and the clock), nothing else:
// sneaky-pad's reaches for the environment, process.binding, a shell, an
// undeclared package and the real global object fail, and the example
// prints how. Then the same application runs from an archive.
import crypto from 'node:crypto';
import fs from 'node:fs';
import url from 'node:url';
import { createRequire } from 'node:module';
import { lockdown } from '../src/ses/index.js';
import { importLocation, makeAndHashArchive, parseArchive } from '../src/compartment-mapper/index.js';
import { makeReadPowers } from '../src/compartment-mapper/node-powers.js';

const hostRequire = createRequire(import.meta.url);
// Taken before lockdown, which tames some of them.
const hostGlobals = { Buffer, setTimeout, clearTimeout, setImmediate, clearImmediate, queueMicrotask, TextEncoder, TextDecoder, URL };
lockdown({ errorTaming: 'unsafe' });

// ws reads process.env and calls process.nextTick: a process with an
// empty environment and nextTick, and nothing else.
const hostProcess = globalThis.process;
const process = Object.freeze({
  env: Object.freeze({}),
  nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]) => hostProcess.nextTick(callback, ...args),
});
// And the clock (lodash-es reads Date.now as it loads): the start compartment's Date.
const globals = { ...hostGlobals, console, process, Date };
// What ws needs, and no more: no child_process, no fs.
const builtins = ['events', 'http', 'https', 'net', 'tls', 'crypto', 'stream', 'url', 'zlib', 'buffer', 'util'];
const modules = Object.fromEntries(builtins.flatMap(name => [[name, hostRequire(name)], [`node:${name}`, hostRequire(name)]]));

const main = url.pathToFileURL(url.fileURLToPath(new URL('../../examples/app/main.mjs', import.meta.url))).href;
const powers = makeReadPowers({ fs, url, crypto });

const report = (attempts: Record<string, string>) => {
  for (const [what, outcome] of Object.entries(attempts)) console.log(`  sneaky-pad tried ${what}:\n    ${outcome}`);
};

console.log('From node_modules, one compartment per package:');
const { namespace } = (await importLocation(powers, main, { globals, modules })) as { namespace: { sneakyAttempts: Record<string, string> } };
report(namespace.sneakyAttempts);

console.log('\nFrom an archive (a zip with every module precompiled and hashed), with no file system:');
const { bytes, sha512 } = await makeAndHashArchive(powers, main);
console.log(`  ${bytes.length} bytes, compartment map SHA-512 ${sha512.slice(0, 16)}...`);
const archive = await parseArchive(bytes, 'demo-app.zip', { expectedSha512: sha512 });
await archive.import({ globals, modules });
