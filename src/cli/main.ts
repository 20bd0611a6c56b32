// The `endo` command: a thin shell over the library. Each subcommand parses
// its own arguments (util.parseArgs) and has its own --help; this file
// dispatches and turns failures into exit codes (exit-codes.ts).
//
// A subcommand's module is imported only when that subcommand runs: start-up
// of `endo run` then loads no generator, archiver or install-script runner.
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { UsageError } from './usage-error.js';

type CommandFunction = (args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<void>;

/** What a subcommand's module gives: the command and its usage text. */
interface LoadedSubcommand {
  readonly usage: string;
  readonly run: CommandFunction;
}

interface Subcommand {
  readonly summary: string;
  load(): Promise<LoadedSubcommand>;
}

const subcommands: Record<string, Subcommand> = {
  policy: {
    summary: "generate the application's policy and review it",
    load: async () => {
      const { policyCommand, policyUsage } = await import('./policy-command.js');
      return { usage: policyUsage, run: policyCommand };
    },
  },
  run: {
    summary: 'run an application under its policy',
    load: async () => {
      const { runCommand, runUsage } = await import('./run-command.js');
      return { usage: runUsage, run: runCommand };
    },
  },
  archive: {
    summary: 'write an application as an archive',
    load: async () => {
      const { archiveCommand, archiveUsage } = await import('./archive-command.js');
      return { usage: archiveUsage, run: archiveCommand };
    },
  },
  scripts: {
    summary: 'run only the install scripts the allow-list allows',
    load: async () => {
      const { scriptsCommand, scriptsUsage } = await import('./scripts-command.js');
      return { usage: scriptsUsage, run: scriptsCommand };
    },
  },
};

export const mainUsage = `Usage: endo <command> [options]

Commands:
${Object.entries(subcommands)
  .map(([name, { summary }]) => `  ${name.padEnd(10)}${summary}`)
  .join('\n')}

Run 'endo <command> --help' for a command's options.
Exit codes: 0 done; 1 the application or the command failed; 2 wrong command line.`;

/** Runs the command line `args` (without node and the script); gives the exit code. */
export const main = async (
  args: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> => {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? err : out).write(`${mainUsage}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const subcommand = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (subcommand === undefined) {
    err.write(`endo: unknown command ${JSON.stringify(name)}\n\n${mainUsage}\n`);
    return EXIT_USAGE;
  }
  const loaded = await subcommand.load();
  try {
    await loaded.run(rest, out, err);
    return EXIT_OK;
  } catch (error) {
    // parseArgs reports unknown options and missing values with ERR_PARSE_ARGS_* codes.
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      err.write(`endo ${name}: ${(error as Error).message}\n\n${loaded.usage}\n`);
      return EXIT_USAGE;
    }
    err.write(`endo ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
};
