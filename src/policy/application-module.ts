// The modules a policy names for the application itself (shims and
// attenuators) are found as the application's own `require` would find
// them: from its folder, so that they come from its own node_modules.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL of `specifier` resolved from `projectRoot`; `what` names it in errors ("The shim", "The attenuator"). */
export const resolveFromApplication = (specifier: string, projectRoot: string, what: string): string => {
  const require = createRequire(path.join(projectRoot, 'package.json'));
  try {
    return pathToFileURL(require.resolve(specifier)).href;
  } catch (cause) {
    throw new Error(`${what} ${JSON.stringify(specifier)} named in the policy cannot be found from ${projectRoot}`, { cause });
  }
};
