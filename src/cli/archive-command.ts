// `endo archive <entry> -o <file>`: writes the application whose entry
// module is <entry> as an archive (endo/compartment-mapper's makeArchive)
// with its policy in it (archive-policy.ts), and prints the SHA-512 of its
// compartment map, which `endo run --sha512` and `parseArchive`'s
// `expectedSha512` check.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import { parseArgs } from 'node:util';
import { makeArchive } from '../compartment-mapper/archive.js';
import { makeReadPowers } from '../compartment-mapper/node-powers.js';
import { readPolicyFiles, resolvePolicyPaths } from '../policy/policy-files.js';
import { embedPolicy } from './archive-policy.js';
import { policyPathOptionsOf } from './policy-file-options.js';
import { generateAndWritePolicy } from './policy-command.js';
import { UsageError } from './usage-error.js';

export const archiveUsage = `Usage: endo archive <entry> -o <file> [options]

Writes the application whose entry module is <entry> (a file of a package
with its node_modules) as an archive: a zip holding compartment-map.json
and every module the entry reaches, precompiled and hashed, with the
application's policy (the policy file with its override merged) in it.
\`endo run <file>\` runs it under that policy. Prints the SHA-512 of the
compartment map, the archive's identity, which covers the policy too.

Options:
  -o, --output <file>           where to write the archive (required)
  -p, --policy <file>           the policy file (default: lavamoat/node/policy.json)
      --policy-override <file>  the override file (default: policy-override.json beside it)
      --project-root <dir>      where those paths start (default: the working directory)
  -a, --autopolicy              generate (and write) the policy first
  -h, --help                    this help`;

export const archiveCommand = async (args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      policy: { type: 'string', short: 'p' },
      'policy-override': { type: 'string' },
      'project-root': { type: 'string' },
      autopolicy: { type: 'boolean', short: 'a' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${archiveUsage}\n`);
    return;
  }
  if (positionals.length !== 1) throw new UsageError('endo archive takes one entry module');
  if (values.output === undefined) throw new UsageError('endo archive needs -o <file>');
  const entry = path.resolve(positionals[0]!);
  const pathOptions = policyPathOptionsOf(values);
  const paths = resolvePolicyPaths(pathOptions);
  if (values.autopolicy) generateAndWritePolicy(entry, paths, err);
  else if (!fs.existsSync(paths.policyPath)) {
    throw Error(`No policy at ${paths.policyPath}: run \`endo policy ${positionals[0]}\` first (and review it), or add --autopolicy`);
  }
  const { merged } = readPolicyFiles(pathOptions);
  const output = path.resolve(values.output);
  const archive = await makeArchive(makeReadPowers({ fs, url, crypto }), url.pathToFileURL(entry).href);
  const { bytes, sha512 } = embedPolicy(archive, merged, output);
  const temporary = `${output}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, output);
  out.write(`${sha512}\n`);
};
