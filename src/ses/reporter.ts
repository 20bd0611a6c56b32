// Where lockdown's own warnings go (the `reporting` option). Never stdout:
// a program's output must stay its own, so 'platform' writes to stderr on
// Node, and 'console' uses whatever console.warn is at the time of the
// report (which on Node is stderr too).

import { globalThisRef } from './commons.js';

export type Reporting = 'platform' | 'console' | 'none';

export interface Reporter {
  warn(message: string): void;
}

const mute: Reporter = { warn() {} };

export const chooseReporter = (reporting: Reporting): Reporter => {
  if (reporting === 'none') return mute;
  const proc = (globalThisRef as any).process;
  // `in` does not run Node's stderr getter, which sets up the stream (a
  // millisecond or two): that waits for the first warning.
  if (reporting === 'platform' && typeof proc === 'object' && proc !== null && 'stderr' in proc) {
    return { warn: message => proc.stderr.write(`${message}\n`) };
  }
  return {
    warn: message => {
      const console = (globalThisRef as any).console;
      if (typeof console?.warn === 'function') console.warn(message);
    },
  };
};

/**
 * What lockdown says about the unpermitted intrinsics it removed, as ses
 * says it: a group label, then a line for each property, indented.
 */
export const removalReport = (removed: readonly string[], tolerated: readonly string[]): string => {
  const lines = ['SES Removing unpermitted intrinsics'];
  for (const path of removed) {
    lines.push(`  Removing intrinsics.${path}`);
    if (tolerated.includes(path)) lines.push(`  Tolerating undeletable intrinsics.${path} === undefined`);
  }
  return lines.join('\n');
};
