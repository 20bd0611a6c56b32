// `endo policy <entry>`: generates the application's policy, merges the
// override over it (as LavaMoat does), writes it, and prints a review:
// per package, the powers it gets, the dangerous ones marked, and what
// changed since the policy that was there. --json prints the same as data.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import { parseArgs } from 'node:util';
import { makeReadPowers } from '../compartment-mapper/node-powers.js';
import { userCacheDirectory } from '../compartment-mapper/user-cache-directory.js';
import { generatePolicy } from '../policy/generate-policy.js';
import { mergePolicy } from '../policy/policy-merge.js';
import { readPolicyFile, readPolicyOverride, resolvePolicyPaths, writePolicy, type PolicyPaths } from '../policy/policy-files.js';
import { formatReview, reviewPolicy } from '../policy/review-policy.js';
import type { LavaMoatPolicy } from '../policy/policy-types.js';
import { policyFileOptions, policyFileUsage, policyPathOptionsOf } from './policy-file-options.js';
import { UsageError } from './usage-error.js';

export const policyUsage = `Usage: endo policy <entry> [options]

Generates the policy of the application whose entry module is <entry>:
what each of its packages may use (globals, builtin modules, other
packages, native code), found in every module Node can load. Merges the
override file over it, writes it, and prints a review: each package's
powers, the dangerous ones marked [!], and what changed since the last
policy (new powers first). The override file is never written.

Options:
${policyFileUsage}
      --json                    print the review as JSON
  -h, --help                    this help`;

const readIfThere = (file: string): LavaMoatPolicy | undefined => (fs.existsSync(file) ? readPolicyFile(file) : undefined);

/** Generates the policy of `entry`, merges the override over it, writes it; progress and merge warnings on `err`. */
export const generateAndWritePolicy = (entry: string, paths: PolicyPaths, err: NodeJS.WritableStream) => {
  const override = readPolicyOverride(paths);
  // Progress on stderr, for large graphs: every 200 modules.
  const { policy: generated, dynamic, moduleCount } = generatePolicy(makeReadPowers({ fs, url, crypto }), url.pathToFileURL(entry).href, {
    // Analyses kept in this user's cache (HMAC-checked; ENDO_CACHE=0 turns it off).
    analysisCacheDirectory: userCacheDirectory('module-analyses'),
    onModule: count => {
      if (count % 200 === 0) err.write(`endo policy: ${count} modules analysed\n`);
    },
  });
  const { policy, warnings } = mergePolicy(generated, override, { overrideFile: paths.overridePath });
  writePolicy(paths.policyPath, policy, { overridePath: paths.overridePath });
  for (const warning of warnings) err.write(`endo policy: ${warning.message}\n`);
  return { policy, dynamic, moduleCount };
};

export const policyCommand = async (args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...policyFileOptions,
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${policyUsage}\n`);
    return;
  }
  if (positionals.length !== 1) throw new UsageError('endo policy takes one entry module');
  const entry = path.resolve(positionals[0]!);
  const paths = resolvePolicyPaths(policyPathOptionsOf(values));
  const previous = readIfThere(paths.policyPath);
  const { policy, dynamic, moduleCount } = generateAndWritePolicy(entry, paths, err);
  const reviews = reviewPolicy(policy, previous);
  if (values.json) {
    out.write(`${JSON.stringify({ policyFile: paths.policyPath, moduleCount, packages: reviews, dynamic }, null, 2)}\n`);
    return;
  }
  out.write(`Wrote ${paths.policyPath} (${moduleCount} modules analysed).\n\n`);
  out.write(formatReview(reviews, dynamic));
};
