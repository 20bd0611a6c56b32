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

/** One line for a whole list, cut short so that it stays one line. */
export const summarize = (what: string, items: readonly string[], shown = 8): string => {
  const head = items.slice(0, shown).join(', ');
  const rest = items.length > shown ? `, and ${items.length - shown} more` : '';
  return `SES ${what} (${items.length}): ${head}${rest}`;
};
