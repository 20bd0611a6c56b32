// Parsing of scripts and modules for the evaluator and the module transform.
//
// Two parsers, one behaviour. meriyah parses about twice as fast as acorn
// (measured: evaluate() of new scripts and new ModuleSource() 1.3x faster
// end to end), so it goes first; its tree has the ESTree shapes our walkers read,
// as acorn's does (test/ses/evaluator/parser-equivalence.test.ts holds the
// two to that). acorn decides everything meriyah does not accept, so what is
// accepted, the tree, and how a program is refused are exactly what acorn
// alone gave:
// - syntax errors keep acorn's messages, which name the offending token
//   (meriyah places some at the end of the statement);
// - both parse scripts as strict code, as the evaluator runs them (acorn has
//   no option for it: StrictScriptParser starts it in strict mode), so that
//   strict mode's early errors (`delete x`, `eval = 1`, reserved words as
//   names) are syntax errors here and not at run time. meriyah's
//   `webcompat` stays on for what strict scripts keep of Annex B: HTML
//   comments (reported as comments, which confine-script.ts rejects) and
//   the legacy regular expression syntax;
// - meriyah asks the engine about regular expressions, acorn knows newer
//   syntax than Node 20 does: those go to acorn too, as before;
// - `lexical` makes meriyah check the early errors of redeclarations,
//   undeclared private names and exports of undeclared names, as acorn does.
// All of these are rare in real code: the fast path is the one that matters.
//
// Both parsers are loaded on first use (synchronously, through require), so
// that a program that only locks down never pays for them.

import { createRequire } from 'node:module';
import type { Options as AcornOptions, Parser as AcornParser } from 'acorn';
import type * as Meriyah from 'meriyah';
import type { EsNode } from './scope-analysis.js';
import { withCallAssignmentTargets } from './call-assignment-targets.js';

export interface Comment {
  block: boolean;
  text: string;
  start: number;
  end: number;
}

const requireHere = createRequire(import.meta.url);

let meriyahParse: typeof Meriyah.parse | undefined;
const getMeriyahParse = (): typeof Meriyah.parse => (meriyahParse ??= (requireHere('meriyah') as typeof Meriyah).parse);

/** What this module uses of an acorn parser (its constructor is not in acorn's types). */
interface AcornParserInstance {
  parse(): unknown;
  strict: boolean;
}
type AcornParserClass = new (options: AcornOptions, input: string) => AcornParserInstance;

let acornParser: AcornParserClass | undefined;
const getAcornParser = (): AcornParserClass =>
  (acornParser ??= (requireHere('acorn') as { Parser: typeof AcornParser }).Parser as unknown as AcornParserClass);

let strictScriptParser: AcornParserClass | undefined;
/**
 * acorn's parser, starting a script in strict mode (as a `'use strict'`
 * directive would), and taking a call as an assignment target as V8 does
 * (call-assignment-targets.ts): a script V8 compiles must be one we can
 * confine.
 */
export const getStrictScriptParser = (): AcornParserClass =>
  (strictScriptParser ??= class StrictScriptParser extends withCallAssignmentTargets(
    getAcornParser() as unknown as new (options: AcornOptions, input: string) => any,
  ) {
    constructor(options: AcornOptions, input: string) {
      super(options, input);
      this.strict = true;
    }
  } as unknown as AcornParserClass);

/** meriyah's tree, or undefined where acorn must decide (any error, a hashbang in a script). */
const parseWithMeriyah = (source: string, sourceType: 'script' | 'module', comments: Comment[] | undefined): EsNode | undefined => {
  // meriyah takes a hashbang in a script too; confine-script.ts turns the
  // hashbang of a program into a comment itself, where one is allowed.
  if (sourceType === 'script' && source.startsWith('#!')) return undefined;
  try {
    return getMeriyahParse()(source, {
      sourceType,
      ranges: { start: true, end: true },
      webcompat: sourceType === 'script',
      impliedStrict: true,
      lexical: true,
      onComment:
        comments &&
        ((type, text, start, end) => {
          comments.push({ block: type === 'MultiLine', text, start, end });
        }),
    }) as unknown as EsNode;
  } catch {
    if (comments) comments.length = 0;
    return undefined;
  }
};

/** acorn's tree; a syntax error keeps acorn's words and names the place. */
const parseWithAcorn = (
  source: string,
  sourceType: 'script' | 'module',
  comments: Comment[] | undefined,
  locationOnError: () => string,
): EsNode => {
  try {
    const Parser = sourceType === 'script' ? getStrictScriptParser() : getAcornParser();
    const options: AcornOptions = {
      ecmaVersion: 'latest',
      sourceType,
      allowHashBang: sourceType === 'module',
      onComment:
        comments &&
        ((block, text, start, end) => {
          comments.push({ block, text, start, end });
        }),
    };
    return new Parser(options, source).parse() as EsNode;
  } catch (error) {
    const { loc } = error as { loc?: { line: number; column: number } };
    if (!(error instanceof SyntaxError)) throw error;
    // acorn says "message (line:column)", column 0-based.
    const message = error.message.replace(/ \(\d+:\d+\)$/, '');
    const where = loc ? `${loc.line}:${loc.column + 1}` : '?';
    throw SyntaxError(`${message} at ${locationOnError()}:${where}`);
  }
};

/**
 * Parses `source` as a script or a module, collecting its comments (when
 * given an array for them: collecting costs, and modules rarely need them). A syntax
 * error is thrown as a SyntaxError that keeps acorn's words and names the
 * place: `<message> at <location>:<line>:<column>`, where `location` is
 * asked for only then (it may depend on the comments, as `//# sourceURL`).
 */
export const parseSource = (
  source: string,
  sourceType: 'script' | 'module',
  comments: Comment[] | undefined,
  locationOnError: () => string,
): EsNode => parseWithMeriyah(source, sourceType, comments) ?? parseWithAcorn(source, sourceType, comments, locationOnError);

/**
 * Parses generated code exactly as the evaluator will have V8 compile it: a
 * Script (Annex B's HTML-like comments are comments there), as strict code.
 * meriyah first, acorn where meriyah refuses; a SyntaxError if both do.
 */
export const parseAsCompiled = (text: string): EsNode => {
  try {
    return getMeriyahParse()(text, {
      sourceType: 'script',
      ranges: { start: true, end: true },
      webcompat: true,
      impliedStrict: true,
    }) as unknown as EsNode;
  } catch {
    const StrictScriptParser = getStrictScriptParser();
    return new StrictScriptParser({ ecmaVersion: 'latest', sourceType: 'script' }, text).parse() as EsNode;
  }
};

export interface Token {
  start: number;
  end: number;
}

/**
 * The tokens of one module statement, [start, end) of `text`, read by
 * meriyah from the statement's own text (a statement starts afresh in the
 * Module goal, so its tokens are those of the whole text). Comments and
 * white space between tokens are skipped with every line terminator the
 * language has.
 */
export const moduleStatementTokens = (text: string, start: number, end: number): Token[] => {
  const tokens: Token[] = [];
  getMeriyahParse()(text.slice(start, end), {
    sourceType: 'module',
    onToken: (_type: string, tokenStart: number, tokenEnd: number) => {
      tokens.push({ start: start + tokenStart, end: start + tokenEnd });
    },
  });
  return tokens;
};
