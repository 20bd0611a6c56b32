// Parsing CommonJS text as Node runs it: a sloppy script whose top level may
// `return` (Node wraps it in a function), with a hashbang line allowed.
//
// The analysis must never refuse text that V8 compiles, so acorn is made as
// lenient as V8 where they differ:
// - a call as the whole target of an assignment, an update or a for-in/of
//   head (`f() = 1`, `f()++`) compiles in V8 and throws a ReferenceError only
//   when it runs;
// - the body of a regular expression literal is not checked: acorn knows
//   different syntax than the engine does, and Node's cjs-module-lexer and
//   the original (Babel) do not check it either. The engine judges it when
//   the functor is compiled. Its flags are still checked, as Babel does.

import { Parser, type Options } from 'acorn';

type Node = { type: string; start: number; end: number; [key: string]: any };

/** The acorn methods overridden here (they are not in acorn's types). */
interface AcornInternals {
  toAssignable(node: Node | null, isBinding: boolean, refDestructuringErrors: unknown): unknown;
  checkLValSimple(expr: Node, bindingType?: number, checkClashes?: unknown): unknown;
}

const AcornBase = Parser as unknown as new (options: Options, input: string) => AcornInternals & { parse(): unknown };

class LenientCjsParser extends AcornBase {
  /** How many destructuring patterns are being converted: a call inside one stays an error, as in V8. */
  #patternDepth = 0;

  override toAssignable(node: Node | null, isBinding: boolean, refDestructuringErrors: unknown): unknown {
    if (node?.type === 'CallExpression' && !isBinding && this.#patternDepth === 0) return node;
    this.#patternDepth += 1;
    try {
      return super.toAssignable(node, isBinding, refDestructuringErrors);
    } finally {
      this.#patternDepth -= 1;
    }
  }

  override checkLValSimple(expr: Node, bindingType = 0, checkClashes?: unknown): unknown {
    // 0 is acorn's BIND_NONE: an assignment target, not a declaration.
    if (expr.type === 'CallExpression' && bindingType === 0) return undefined;
    return super.checkLValSimple(expr, bindingType, checkClashes);
  }

  validateRegExpPattern(): void {}
}

/** Parses CommonJS text; a syntax error names the location, line and column. */
export const parseCjs = (source: string, location: string | undefined): Node => {
  try {
    const options: Options = {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
      allowHashBang: true,
    };
    return new LenientCjsParser(options, source).parse() as Node;
  } catch (error) {
    const where = location === undefined ? '<unknown>' : JSON.stringify(location);
    throw SyntaxError(`Error transforming CJS source in ${where}: ${(error as Error).message}`, { cause: error });
  }
};
