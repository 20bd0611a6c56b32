// The synchronous read powers of what a caller passed as powers, or an error
// that says what to pass instead.
import type { ReadPowers } from './read-powers.js';
import { syncReadPowersOf } from './read-powers-adapter.js';

export const requireSyncReadPowers = (powers: unknown, caller: string): ReadPowers => {
  const sync = syncReadPowersOf(powers);
  if (sync === undefined) {
    throw TypeError(
      `${caller} reads files synchronously (a CommonJS require loads in place), so it needs read powers that can: ` +
        'pass makeReadPowers({ fs, url, crypto }) or makeReadNowPowers(...) from endo/compartment-mapper/node-powers.js, not a bare read function',
    );
  }
  return sync;
};

export type WriteFn = (location: string, bytes: Uint8Array) => Promise<void> | void;

/** The write function of what a caller passed: a function, or powers with `write`. */
export const writeFnOf = (write: WriteFn | { write: WriteFn }): WriteFn => (typeof write === 'function' ? write : write.write);
