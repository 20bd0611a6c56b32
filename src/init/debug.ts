// endo/init/debug.js: as endo/init, with the settings for debugging: error
// stacks kept on errors, the lightest override taming (as @endo/init/debug.js).
import { lockdown } from './pre-remoting.js';

export * from './pre-remoting.js';

lockdown({ errorTaming: 'unsafe', overrideTaming: 'min' });
