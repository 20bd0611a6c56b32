// The one lockdown kit of this realm, which endo/ses and its side entries
// (lockdown-shim.js, compartment-shim.js, ...) share: whichever of them is
// imported first makes it.

import { makeLockdownKit } from './lockdown.js';
import type { Harden } from './make-hardener.js';
import { setRedaction } from './errors/internal.js';

// Until lockdown says otherwise, errors are not redacted.
setRedaction(false);

export const realmKit = makeLockdownKit({
  onHardened(realHarden) {
    harden = realHarden;
  },
});

/** Throws until the intrinsics are hardened; then it is the real harden (a live binding). */
export let harden: Harden = realmKit.hardenBeforeLockdown;
