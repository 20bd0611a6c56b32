// Runs a snippet against the original `ses` (after its `lockdown(options)`) in a child
// process and returns what the snippet returns, through JSON. The original and
// ours never share a process. In the snippet, `c` is a fresh Compartment and
// `caught(thunk)` gives `[constructorName, message]` of what the thunk throws
// (or null).

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

export const runInOriginalSes = (snippet: string, lockdownOptions: Record<string, unknown> = {}): any => {
  const program = `
import 'ses';
lockdown(${JSON.stringify(lockdownOptions)});
const c = new Compartment();
const caught = thunk => {
  try { thunk(); return null; } catch (e) { return [e.constructor.name, e.message]; }
};
const result = await (async () => { ${snippet} })();
process.stdout.write(JSON.stringify(result));
`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', program], {
      cwd: repoRoot,
      encoding: 'utf8',
    }),
  );
};

/** `[constructorName, message]` of what `thunk` throws, or null: the same shape as the child's `caught`. */
export const caught = (thunk: () => unknown): [string, string] | null => {
  try {
    thunk();
    return null;
  } catch (error) {
    const e = error as Error;
    return [e.constructor.name, e.message];
  }
};
