// endo/eventual-send's utilities (like @endo/eventual-send/utils.js).
export { getMethodNames } from './method-names.js';
export { makeMessageBreakpointTester } from './message-breakpoints.js';
export type { MessageBreakpointTester } from './message-breakpoints.js';
