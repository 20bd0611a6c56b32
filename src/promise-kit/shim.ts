// Replaces Promise.race with the non-leaking race of memo-race.ts (like
// @endo/promise-kit/shim.js, which @endo/init loads). It changes a shared
// intrinsic, so import it before lockdown; afterwards Promise is frozen and
// the assignment throws a TypeError.

import { memoRace } from './memo-race.js';

Promise.race = memoRace as typeof Promise.race;
