// Override-mistake fix at level 'min': which library patterns work once the
// intrinsics are frozen (see run-level.ts and library-patterns.ts).

import { runOverrideLevelTests } from './run-level.js';

runOverrideLevelTests('min');
