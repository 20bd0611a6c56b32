// The options that name the policy files, as LavaMoat's flags name them,
// shared by `endo policy` and `endo run`.
import path from 'node:path';
import type { PolicyPathOptions } from '../policy/policy-files.js';

export const policyFileOptions = {
  policy: { type: 'string', short: 'p' },
  'policy-override': { type: 'string', short: 'o' },
  'project-root': { type: 'string' },
} as const;

export const policyFileUsage = `  -p, --policy <file>           the policy file (default: lavamoat/node/policy.json)
  -o, --policy-override <file>  the override file (default: policy-override.json beside it)
      --project-root <dir>      where those paths start (default: the working directory)`;

/** Where the policy files are, from the parsed options. */
export const policyPathOptionsOf = (values: { policy?: string; 'policy-override'?: string; 'project-root'?: string }): PolicyPathOptions => ({
  projectRoot: path.resolve(values['project-root'] ?? '.'),
  policyPath: values.policy,
  overridePath: values['policy-override'],
});
