// endo/far: the few names most code needs to make and talk to remote
// objects, as @endo/far exports them.
export { E } from '../eventual-send/index.js';
export { Far, getInterfaceOf, passStyleOf } from '../pass-style/index.js';
