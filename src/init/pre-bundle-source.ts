// endo/init/pre-bundle-source.js: as endo/init/pre.js (the original keeps
// this name for bundlers that look for it).
export * from './pre.js';
