// Runs one corpus program through importLocation, in a process of its own:
// lockdown first, then importLocation with the host's globals (time,
// randomness and Intl included) and every Node builtin given to every
// package (the generous authority of the corpus measurement; policies
// narrow it later). Usage:
//   node corpus-runner.js <absolute path of the program> [--archive]
// With --archive, the program is first made into an archive (makeArchive),
// which then runs from memory (parseArchive), with no file system.
// A failure to load or run prints the error on stderr and exits 1.

import { lockdown } from '../../src/ses/index.js';
import { generousAuthority, takeHostGlobals } from '../support/host-authority.js';
import fs from 'node:fs';
import url from 'node:url';
import crypto from 'node:crypto';
import { importLocation, makeArchive, parseArchive } from '../../src/compartment-mapper/index.js';
import { makeReadPowers } from '../../src/compartment-mapper/node-powers.js';

const hostGlobals = takeHostGlobals();
lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });
const { globals, modules } = generousAuthority(hostGlobals);

const [program, mode] = process.argv.slice(2);
if (program === undefined) throw Error('usage: corpus-runner.js <program> [--archive]');
const powers = makeReadPowers({ fs, url, crypto });
const options = { globals, modules };
const running =
  mode === '--archive'
    ? makeArchive(powers, url.pathToFileURL(program).href).then(async bytes => (await parseArchive(bytes, program)).import(options))
    : importLocation(powers, url.pathToFileURL(program).href, options);
running.catch((error: unknown) => {
  process.stderr.write(`${mode === '--archive' ? 'archive' : 'importLocation'} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
