// endo/ses/compartment-shim.js: installs Compartment on globalThis. Before
// lockdown, its compartments share the host's unhardened intrinsics.

import { realmKit } from './realm-kit.js';
import { installGlobal } from './install-global.js';

installGlobal('Compartment', realmKit.Compartment);
