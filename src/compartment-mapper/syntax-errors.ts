// The error for a module file that does not compile: it names the package,
// the file, the line and column (1-based, as editors count), the parser's
// reason, and what to do. The parsers word their positions in two ways,
// "reason at <url>:line:column" (ES modules, 1-based column) and acorn's
// "reason (line:column)" (CommonJS, 0-based column); both are read here so
// the message is the same whichever compiled the file.

export interface CompileSite {
  /** The package's compartment label ("$root$", "a>b") or name. */
  readonly packageLabel: string;
  /** Absolute path of the module file. */
  readonly filename: string;
}

export interface SourcePosition {
  readonly line: number;
  /** 1-based; undefined when the parser gave a line only. */
  readonly column: number | undefined;
}

const transformPrefix = /^Error transforming (?:CJS )?source in "(?:[^"\\]|\\.)*": /;
const acornPosition = / \((\d+):(\d+)\)$/;
const urlPosition = / at \S+?:(\d+)(?::(\d+))?$/;

/** The parser's reason without its location, and the position if the message gives one. */
export const readCompileMessage = (message: string): { reason: string; position: SourcePosition | undefined } => {
  const text = message.replace(transformPrefix, '');
  const acorn = acornPosition.exec(text);
  if (acorn !== null) {
    return { reason: text.slice(0, acorn.index), position: { line: Number(acorn[1]), column: Number(acorn[2]) + 1 } };
  }
  const url = urlPosition.exec(text);
  if (url !== null) {
    const column = url[2] === undefined ? undefined : Number(url[2]);
    return { reason: text.slice(0, url.index), position: { line: Number(url[1]), column } };
  }
  return { reason: text, position: undefined };
};

const describePosition = (position: SourcePosition | undefined): string =>
  position === undefined
    ? ''
    : ` at line ${position.line}${position.column === undefined ? '' : `, column ${position.column}`}`;

/**
 * The Error to throw when compiling the file at `site.filename` threw
 * `error`: a SyntaxError (when the original was one) whose message says
 * which package and file, where and why, with the original as its cause.
 */
export const compileError = (error: unknown, site: CompileSite): Error => {
  const original = error instanceof Error ? error.message : String(error);
  const { reason, position } = readCompileMessage(original);
  const message =
    `Package ${JSON.stringify(site.packageLabel)} cannot load ${site.filename}: ` +
    `syntax error${describePosition(position)}: ${reason}. ` +
    'Fix the file (or use a version of the package that parses), and check that its module format ' +
    '(its extension, or "type" in its package.json) is the one it is written in.';
  const isSyntaxError = error instanceof Error && error.name === 'SyntaxError';
  return isSyntaxError ? SyntaxError(message, { cause: error }) : Error(message, { cause: error });
};

/**
 * Runs `compile` (a ModuleSource or CjsModuleSource constructor call) and
 * rethrows its SyntaxError as {@link compileError} says; any other failure
 * (reading the file, say) passes through unchanged.
 */
export const compiling = <T>(site: CompileSite, compile: () => T): T => {
  try {
    return compile();
  } catch (error) {
    if (error instanceof Error && error.name === 'SyntaxError') throw compileError(error, site);
    throw error;
  }
};
