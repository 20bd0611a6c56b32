// Locks the realm down with endo/ses, with endo's HandledPromise installed,
// before any transport module loads: import this first.

import { lockdown } from '../../src/ses/index.js';
import '../../src/eventual-send/index.js';

lockdown();
