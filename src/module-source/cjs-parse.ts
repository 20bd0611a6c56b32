// Parsing CommonJS text as Node runs it: a sloppy script whose top level may
// `return` (Node wraps it in a function), with a hashbang line allowed.
//
// The analysis must never refuse text that V8 compiles, so acorn is made as
// lenient as V8 where they differ:
// - a call as the whole target of an assignment, as V8 takes it
//   (call-assignment-targets.ts);
// - the body of a regular expression literal is not checked: acorn knows
//   different syntax than the engine does, and Node's cjs-module-lexer and
//   the original (Babel) do not check it either. The engine judges it when
//   the functor is compiled. Its flags are still checked, as Babel does.
//
// meriyah parses first, being two to three times faster; acorn (lenient as
// above) decides whatever meriyah refuses, and words the syntax errors.
// Nothing here confines code: the functor is confined when a compartment
// evaluates it.

import { Parser, type Options } from 'acorn';
import { parse as meriyahParse } from 'meriyah';
import { withCallAssignmentTargets } from '../ses/call-assignment-targets.js';

type Node = { type: string; start: number; end: number; [key: string]: any };

class LenientCjsParser extends withCallAssignmentTargets(Parser as unknown as new (options: Options, input: string) => any) {
  validateRegExpPattern(): void {}
}

const parseWithMeriyah = (source: string): Node | undefined => {
  try {
    return meriyahParse(source, {
      sourceType: 'script',
      ranges: { start: true, end: true },
      webcompat: true,
      globalReturn: true,
      lexical: true,
    }) as unknown as Node;
  } catch {
    return undefined;
  }
};

/** Parses CommonJS text; a syntax error names the location, line and column. */
export const parseCjs = (source: string, location: string | undefined): Node => {
  const fast = parseWithMeriyah(source);
  if (fast !== undefined) return fast;
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
