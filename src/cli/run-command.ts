// `endo run <entry> [-- args]`: runs the application under its policy,
// each package in a compartment of its own with what the policy grants it
// (the application itself is trusted, as in LavaMoat). With --autopolicy,
// the policy is generated (and written) first; without a policy and without
// the flag, it says what to run.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import { parseArgs } from 'node:util';
import { importLocation } from '../compartment-mapper/import.js';
import { makeReadPowers } from '../compartment-mapper/node-powers.js';
import { loadAttenuators, splitAttenuations, withAttenuations } from '../policy/attenuators.js';
import { endowmentsFromPolicy, mayReachFromPolicy } from '../policy/enforce-policy.js';
import { takeHostGlobals, withStartCompartmentPowers } from '../policy/host-authority.js';
import { readPolicyFiles, resolvePolicyPaths } from '../policy/policy-files.js';
import { runShims } from '../policy/shims.js';
import { generateAndWritePolicy } from './policy-command.js';
import { policyFileOptions, policyFileUsage, policyPathOptionsOf } from './policy-file-options.js';
import { UsageError } from './usage-error.js';

export const runUsage = `Usage: endo run <entry> [options] [-- args...]

Runs the application whose entry module is <entry> under its policy: each
package in a compartment of its own, with only the globals, builtin modules
and packages its policy grants. The application's own modules are trusted.
A package that reaches for more gets an error naming the package, what it
asked for and the policy entry that would allow it. Arguments after --
are the application's (process.argv).

Options:
${policyFileUsage}
  -a, --autopolicy              generate (and write) the policy first
  -h, --help                    this help`;

export const runCommand = async (args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...policyFileOptions,
      autopolicy: { type: 'boolean', short: 'a' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${runUsage}\n`);
    return;
  }
  if (positionals.length === 0) throw new UsageError('endo run needs an entry module');
  const entry = path.resolve(positionals[0]!);
  const options = policyPathOptionsOf(values);
  const paths = resolvePolicyPaths(options);
  if (values.autopolicy) generateAndWritePolicy(entry, paths, err);
  else if (!fs.existsSync(paths.policyPath)) {
    throw Error(`No policy at ${paths.policyPath}: run \`endo policy ${positionals[0]}\` first (and review it), or add --autopolicy`);
  }
  const { merged } = readPolicyFiles(options);

  // Only the shims the policy names run before lockdown, with the whole realm.
  await runShims(merged.shims ?? [], options.projectRoot);
  // The host's globals before lockdown replaces some of them.
  const hostGlobals = takeHostGlobals();
  const { lockdown } = await import('../ses/index.js');
  lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });

  const { policy, attenuations } = splitAttenuations(merged);
  const attenuators = await loadAttenuators(attenuations, options.projectRoot);
  const grantable = withStartCompartmentPowers(hostGlobals);
  const endow = endowmentsFromPolicy(policy, grantable, paths.policyPath);
  process.argv = [process.argv[0]!, entry, ...positionals.slice(1)];
  await importLocation(makeReadPowers({ fs, url, crypto }), url.pathToFileURL(entry).href, {
    packageEndowments: withAttenuations(endow, attenuations, attenuators, grantable, { projectRoot: options.projectRoot }),
    mayReach: mayReachFromPolicy(policy, paths.policyPath),
  });
};
