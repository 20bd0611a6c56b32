// Child process of the mapper suite: runs one program through endo's
// importLocation, after lockdown, with the corpus's generous authority.
//   node launch-ours.js <program path> [cache directory]
// The optional cache directory is importLocation's `cacheDirectory` (a
// compiled-module cache keyed by content hash). A failure prints on
// stderr, exit 1.
import { lockdown } from '../../src/ses/index.js';
import { importLocation, type ImportLocationOptions } from '../../src/compartment-mapper/import.js';
import { makeSyncReadPowers } from '../../src/compartment-mapper/read-powers.js';
import { generousAuthority, takeHostGlobals } from '../../test/support/host-authority.js';

const [program, cacheDirectory] = process.argv.slice(2);
if (program === undefined) throw Error('usage: launch-ours.js <program> [cache directory]');

const hostGlobals = takeHostGlobals();
lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });
const options: ImportLocationOptions = generousAuthority(hostGlobals);
if (cacheDirectory !== undefined) options.cacheDirectory = cacheDirectory;

importLocation(makeSyncReadPowers(), program, options).catch((error: unknown) => {
  process.stderr.write(`importLocation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
