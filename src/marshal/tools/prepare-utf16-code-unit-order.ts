// Import this before endo/marshal, which reads these options when it loads,
// as @endo/marshal's tools/prepare-utf16-code-unit-order.js is imported:
// rank order then compares strings by UTF-16 code unit (the default), and
// strings with lone surrogates are passable, so that tests can rank them.

process.env.ENDO_RANK_STRINGS = 'utf16-code-unit-order';
process.env.ONLY_WELL_FORMED_STRINGS_PASSABLE = 'disabled';

export {};
