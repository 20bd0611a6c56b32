// A mistake on the command line: reported with the subcommand's usage, and
// the exit code EXIT_USAGE.
export class UsageError extends Error {
  override name = 'UsageError';
}
