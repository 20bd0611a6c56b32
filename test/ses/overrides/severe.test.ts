// Override-mistake fix at level 'severe': which library patterns work once the
// intrinsics are frozen (see run-level.ts and library-patterns.ts).

import { runOverrideLevelTests } from './run-level.js';

runOverrideLevelTests('severe');
