// Child process of the mapper suite: runs one program through the original
// @endo/compartment-mapper's importLocation under the original ses, with
// the same generous authority as ours (builtins through its `modules`
// option, which answers any specifier it holds as an exit module).
//   node launch-original.js <program path>
// A failure prints on stderr, exit 1.
import fs from 'node:fs';
import crypto from 'node:crypto';
import url from 'node:url';
import { generousAuthority, takeHostGlobals } from '../../test/support/host-authority.js';

declare const lockdown: (options?: object) => void;

type ImportLocation = (readPowers: object, moduleLocation: string, options: object) => Promise<unknown>;
interface OriginalMapper {
  importLocation: ImportLocation;
  makeReadPowers: (powers: { fs: object; url: object; crypto: object }) => object;
}

const program = process.argv[2];
if (program === undefined) throw Error('usage: launch-original.js <program>');

await import('ses');
const hostGlobals = takeHostGlobals();
lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });
// Through variables: the package's type declarations do not compile under
// our tsconfig.
// import.js, not the index, which loads archives and bundles as well (ours
// too is loaded by its import-location module alone).
const mapperSpecifier: string = '@endo/compartment-mapper/import.js';
const powersSpecifier: string = '@endo/compartment-mapper/node-powers.js';
const { importLocation } = (await import(mapperSpecifier)) as OriginalMapper;
const { makeReadPowers } = (await import(powersSpecifier)) as OriginalMapper;

importLocation(makeReadPowers({ fs, url, crypto }), url.pathToFileURL(program).href, generousAuthority(hostGlobals)).catch((error: unknown) => {
  process.stderr.write(`importLocation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
