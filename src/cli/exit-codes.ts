// The `endo` command's exit codes (documented in the README): a script can
// tell a usage mistake from an application that failed, and both from an
// application stopped by its policy.
export const EXIT_OK = 0;
/** The application threw, or an archive or policy could not be made. */
export const EXIT_FAILURE = 1;
/** The command line is wrong: an unknown subcommand or option, a missing argument. */
export const EXIT_USAGE = 2;
