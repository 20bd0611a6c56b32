// endo/ses/lockdown-shim.js: installs lockdown, repairIntrinsics and
// hardenIntrinsics on globalThis (harden follows from repairIntrinsics()).

// Immutable ArrayBuffers, installed on import as ses 2's lockdown module installs them.
import './immutable-arraybuffer.js';
import { realmKit } from './realm-kit.js';
import { installGlobal } from './install-global.js';

installGlobal('lockdown', realmKit.lockdown);
installGlobal('repairIntrinsics', realmKit.repairIntrinsics);
installGlobal('hardenIntrinsics', realmKit.hardenIntrinsics);
