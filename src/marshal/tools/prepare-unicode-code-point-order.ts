// Import this before endo/marshal, which reads these options when it loads,
// as @endo/marshal's tools/prepare-unicode-code-point-order.js is imported:
// rank order then compares strings by Unicode code point, and strings with
// lone surrogates are passable, so that tests can rank them.

process.env.ENDO_RANK_STRINGS = 'unicode-code-point-order';
process.env.ONLY_WELL_FORMED_STRINGS_PASSABLE = 'disabled';

export {};
