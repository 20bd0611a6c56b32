// `endo archive <entry> -o <file>`: writes the application whose entry
// module is <entry> as an archive (endo/compartment-mapper's makeArchive)
// and prints the SHA-512 of its compartment map, which `parseArchive`'s
// `expectedSha512` checks.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import { parseArgs } from 'node:util';
import { makeAndHashArchive } from '../compartment-mapper/archive.js';
import { makeReadPowers } from '../compartment-mapper/node-powers.js';
import { UsageError } from './usage-error.js';

export const archiveUsage = `Usage: endo archive <entry> -o <file>

Writes the application whose entry module is <entry> (a file of a package
with its node_modules) as an archive: a zip holding compartment-map.json
and every module the entry reaches, precompiled and hashed. Prints the
SHA-512 of the compartment map, the archive's identity.

Options:
  -o, --output <file>  where to write the archive (required)
  -h, --help           this help`;

export const archiveCommand = async (args: string[], out: NodeJS.WritableStream): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out.write(`${archiveUsage}\n`);
    return;
  }
  if (positionals.length !== 1) throw new UsageError('endo archive takes one entry module');
  if (values.output === undefined) throw new UsageError('endo archive needs -o <file>');
  const entry = path.resolve(positionals[0]!);
  const { bytes, sha512 } = await makeAndHashArchive(makeReadPowers({ fs, url, crypto }), url.pathToFileURL(entry).href);
  const output = path.resolve(values.output);
  const temporary = `${output}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, output);
  out.write(`${sha512}\n`);
};
