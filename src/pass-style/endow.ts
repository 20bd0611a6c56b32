// endo/pass-style/endow.js: the symbol under which a host (liveslots, for
// one) puts a passStyleOf function on globalThis before endo/pass-style
// loads, so that every copy of the package in that realm uses the host's.
// pass-style-of.ts says how it is honoured.

export { PassStyleOfEndowmentSymbol } from './pass-style-of.js';
