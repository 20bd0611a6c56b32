// Transitional: the tests' and the bench's former entry point. importLocation
// is import.ts's; makeNodeReadPowers here is read-powers.ts's synchronous
// maker (not node-powers.ts's deprecated one of the same name).
export { importLocation } from './import.js';
export type { ImportLocationOptions } from './import.js';
export { makeSyncReadPowers as makeNodeReadPowers } from './read-powers.js';
export type { ReadPowers } from './read-powers.js';
