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
import type { PackageEndowments } from '../compartment-mapper/application-linker.js';
import { importLocation } from '../compartment-mapper/import.js';
import { makeReadPowers } from '../compartment-mapper/node-powers.js';
import { userCacheDirectory } from '../compartment-mapper/user-cache-directory.js';
import { loadAttenuators, splitAttenuations, withAttenuations } from '../policy/attenuators.js';
import { endowmentsFromPolicy, mayReachFromPolicy } from '../policy/enforce-policy.js';
import { takeHostGlobals, withStartCompartmentPowers } from '../policy/host-authority.js';
import { readPolicyFiles, resolvePolicyPaths } from '../policy/policy-files.js';
import type { LavaMoatPolicy } from '../policy/policy-types.js';
import { runShims } from '../policy/shims.js';
import { policyFileOptions, policyFileUsage, policyPathOptionsOf } from './policy-file-options.js';
import { UsageError } from './usage-error.js';

export const runUsage = `Usage: endo run <entry> [options] [-- args...]
       endo run <archive.zip> [--sha512 <hex>] [-- args...]

Runs the application whose entry module is <entry> under its policy: each
package in a compartment of its own, with only the globals, builtin modules
and packages its policy grants. The application's own modules are trusted.
A package that reaches for more gets an error naming the package, what it
asked for and the policy entry that would allow it. Arguments after --
are the application's (process.argv).

An archive made by \`endo archive\` runs under the policy it carries; with
--sha512, only if its compartment map has that SHA-512 (what \`endo archive\`
printed).

Options:
${policyFileUsage}
  -a, --autopolicy              generate (and write) the policy first
      --sha512 <hex>            the archive's expected SHA-512
  -h, --help                    this help`;

/** What starts the application, given what enforces its policy. */
type Start = (enforcement: {
  packageEndowments: (label: string) => PackageEndowments;
  mayReach: (from: string, to: string, referrer?: string) => true | Error;
}) => Promise<unknown>;

/**
 * Lockdown, then the application under `policy`: what the policy grants
 * (attenuated where it says so) and nothing else. The shims it names ran
 * before this, if any.
 */
const runUnderPolicy = async (policy: LavaMoatPolicy, policyFile: string, projectRoot: string, start: Start): Promise<void> => {
  // The host's globals before lockdown replaces some of them.
  const hostGlobals = takeHostGlobals();
  const { lockdown } = await import('../ses/index.js');
  lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });

  const { policy: plain, attenuations } = splitAttenuations(policy);
  const attenuators = await loadAttenuators(attenuations, projectRoot);
  const grantable = withStartCompartmentPowers(hostGlobals);
  const endow = endowmentsFromPolicy(plain, grantable, policyFile, projectRoot);
  await start({
    packageEndowments: withAttenuations(endow, attenuations, attenuators, grantable, { projectRoot }),
    mayReach: mayReachFromPolicy(plain, policyFile, projectRoot),
  });
};

const isArchive = (file: string): boolean => file.endsWith('.zip');

export const runCommand = async (args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...policyFileOptions,
      autopolicy: { type: 'boolean', short: 'a' },
      sha512: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${runUsage}\n`);
    return;
  }
  if (positionals.length === 0) throw new UsageError('endo run needs an entry module');
  const entry = path.resolve(positionals[0]!);
  const pathOptions = policyPathOptionsOf(values);
  const applicationArgs = positionals.slice(1);

  if (isArchive(entry)) {
    if (values.autopolicy || values.policy !== undefined || values['policy-override'] !== undefined) {
      throw new UsageError('an archive runs under the policy it carries: --autopolicy, --policy and --policy-override do not apply');
    }
    const { parseArchive } = await import('../compartment-mapper/import-archive.js');
    const { policyOfArchive } = await import('./archive-policy.js');
    const bytes = fs.readFileSync(entry);
    // Checked first (hashes, shape), then its policy read; the policy's mayReach is known only under lockdown.
    let policyReach: ((from: string, to: string, referrer?: string) => true | Error) | undefined;
    const archive = await parseArchive(bytes, entry, {
      expectedSha512: values.sha512,
      mayReach: (from, to, referrer) => policyReach?.(from, to, referrer) ?? Error('The policy is not in force yet'),
    });
    const policy = policyOfArchive(bytes, entry);
    await runUnderPolicy(policy, `the policy in ${entry}`, pathOptions.projectRoot, async ({ packageEndowments, mayReach }) => {
      policyReach = mayReach;
      process.argv = [process.argv[0]!, entry, ...applicationArgs];
      await archive.import({ packageEndowments });
    });
    return;
  }
  if (values.sha512 !== undefined) throw new UsageError('--sha512 is for running an archive');

  const paths = resolvePolicyPaths(pathOptions);
  if (values.autopolicy) (await import('./policy-command.js')).generateAndWritePolicy(entry, paths, err);
  else if (!fs.existsSync(paths.policyPath)) {
    throw Error(`No policy at ${paths.policyPath}: run \`endo policy ${positionals[0]}\` first (and review it), or add --autopolicy`);
  }
  const { merged } = readPolicyFiles(pathOptions);
  // Only the shims the policy names run before lockdown, with the whole realm.
  await runShims(merged.shims ?? [], pathOptions.projectRoot);
  await runUnderPolicy(merged, paths.policyPath, pathOptions.projectRoot, async enforcement => {
    process.argv = [process.argv[0]!, entry, ...applicationArgs];
    try {
      // Compiled modules kept in this user's cache (HMAC-checked, and every entry verified again before it runs); ENDO_CACHE=0 turns it off.
      await importLocation(makeReadPowers({ fs, url, crypto }), url.pathToFileURL(entry).href, {
        ...enforcement,
        cacheDirectory: userCacheDirectory('compiled-modules'),
      });
    } catch (error) {
      // A withheld global or builtin member fails as plain JavaScript does: say which grant it lacked.
      const { explainFailure } = await import('./explain-failure.js');
      const explanation = explainFailure(error, { entry, policy: merged, policyPath: paths.policyPath, projectRoot: pathOptions.projectRoot });
      if (explanation === undefined) throw error;
      throw Error(`${(error as Error).message}\n${explanation}`, { cause: error });
    }
  });
};
