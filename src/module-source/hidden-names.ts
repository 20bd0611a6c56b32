// The names that the original @endo/module-source writes into the programs
// it makes (`__syncModuleProgram__`): its functor's parameters, the
// parameter of its import updaters, and the prefix of the local names it
// gives to exported bindings that it renames. They are spelled with U+034F
// COMBINING GRAPHEME JOINER, as the original spells them, so that a program
// made here runs in the original's loader and one made there runs here.
//
// They are not our evaluator's internal names (src/ses/internal-names.ts,
// with U+200D): a program is confined like any script before it runs, so
// these are only its own parameters there. A module whose text uses one of
// them is refused, as the original refuses it, so that the names the
// program binds are always the ones written here.

const PREFIX = '$h\u034f_';
export const HIDDEN_CONST_VAR_PREFIX = '$c\u034f_';
export const HIDDEN_A = `${PREFIX}a`;
export const HIDDEN_IMPORT = `${PREFIX}import`;
export const HIDDEN_IMPORT_SELF = `${PREFIX}importSelf`;
export const HIDDEN_IMPORTS = `${PREFIX}imports`;
export const HIDDEN_ONCE = `${PREFIX}once`;
/** As long as `import.meta`, so that the columns after it stay. */
export const HIDDEN_META = `${PREFIX}___meta`;
export const HIDDEN_LIVE = `${PREFIX}live`;

export const HIDDEN_IDENTIFIERS: readonly string[] = Object.freeze([
  HIDDEN_A,
  HIDDEN_IMPORT,
  HIDDEN_IMPORT_SELF,
  HIDDEN_IMPORTS,
  HIDDEN_ONCE,
  HIDDEN_META,
  HIDDEN_LIVE,
]);
