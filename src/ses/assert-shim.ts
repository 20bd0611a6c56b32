// endo/ses/assert-shim.js: installs assert on globalThis (the unredacting
// one; lockdown with errorTaming 'safe' replaces it with a redacting one).

import { fullAssert } from './errors/internal.js';
import { installGlobal } from './install-global.js';

installGlobal('assert', fullAssert);
