// Import this before endo/marshal, which reads these options when it loads,
// as @endo/marshal's tools/prepare-error-if-order-choice-matters.js is
// imported: rank order then compares strings both ways, throwing where the
// two orders disagree, and strings with lone surrogates are passable, so
// that tests can rank them.

process.env.ENDO_RANK_STRINGS = 'error-if-order-choice-matters';
process.env.ONLY_WELL_FORMED_STRINGS_PASSABLE = 'disabled';

export {};
