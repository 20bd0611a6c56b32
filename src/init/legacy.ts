// endo/init/legacy.js: as endo/init, for code that needs the severe override
// taming, with verbose, unredacted stacks (as @endo/init/legacy.js).
import { lockdown } from './pre-remoting.js';

export * from './pre-remoting.js';

lockdown({ overrideTaming: 'severe', stackFiltering: 'verbose', errorTaming: 'unsafe' });
