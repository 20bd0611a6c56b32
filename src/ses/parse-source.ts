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
// - meriyah parses scripts as strict code (the evaluator runs them strict
//   anyway), where the grammar is the sloppy one less some early errors, so
//   a script it accepts has the tree acorn gives. Sloppy-only syntax goes to
//   acorn: meriyah's `webcompat` takes more of it than acorn does (a call
//   as an assignment target). `webcompat` stays on for what strict scripts
//   keep of Annex B: HTML comments (reported as comments, which
//   confine-script.ts rejects) and the legacy regular expression syntax;
// - meriyah asks the engine about regular expressions, acorn knows newer
//   syntax than Node 20 does: those go to acorn too, as before;
// - `lexical` makes meriyah check the early errors of redeclarations,
//   undeclared private names and exports of undeclared names, as acorn does.
// All of these are rare in real code: the fast path is the one that matters.
//
// Both parsers are loaded on first use (synchronously, through require), so
// that a program that only locks down never pays for them.

import { createRequire } from 'node:module';
import type { Parser as AcornParser } from 'acorn';
import type * as Meriyah from 'meriyah';
import type { EsNode } from './scope-analysis.js';

export interface Comment {
  block: boolean;
  text: string;
  start: number;
  end: number;
}

const requireHere = createRequire(import.meta.url);

let meriyahParse: typeof Meriyah.parse | undefined;
const getMeriyahParse = (): typeof Meriyah.parse => (meriyahParse ??= (requireHere('meriyah') as typeof Meriyah).parse);

let acornParser: typeof AcornParser | undefined;
const getAcornParser = (): typeof AcornParser =>
  (acornParser ??= (requireHere('acorn') as { Parser: typeof AcornParser }).Parser);

/** meriyah's tree, or undefined where acorn must decide (any error, a hashbang in a script). */
const parseWithMeriyah = (source: string, sourceType: 'script' | 'module', comments: Comment[]): EsNode | undefined => {
  // meriyah takes a hashbang in a script too; a script here is a function's body.
  if (sourceType === 'script' && source.startsWith('#!')) return undefined;
  try {
    return getMeriyahParse()(source, {
      sourceType,
      ranges: { start: true, end: true },
      webcompat: sourceType === 'script',
      impliedStrict: true,
      lexical: true,
      onComment: (type, text, start, end) => {
        comments.push({ block: type === 'MultiLine', text, start, end });
      },
    }) as unknown as EsNode;
  } catch {
    comments.length = 0;
    return undefined;
  }
};

/** acorn's tree; a syntax error keeps acorn's words and names the place. */
const parseWithAcorn = (
  source: string,
  sourceType: 'script' | 'module',
  comments: Comment[],
  locationOnError: () => string,
): EsNode => {
  try {
    return getAcornParser().parse(source, {
      ecmaVersion: 'latest',
      sourceType,
      allowHashBang: sourceType === 'module',
      onComment: (block, text, start, end) => {
        comments.push({ block, text, start, end });
      },
    }) as unknown as EsNode;
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
 * Parses `source` as a script or a module, collecting its comments. A syntax
 * error is thrown as a SyntaxError that keeps acorn's words and names the
 * place: `<message> at <location>:<line>:<column>`, where `location` is
 * asked for only then (it may depend on the comments, as `//# sourceURL`).
 */
export const parseSource = (
  source: string,
  sourceType: 'script' | 'module',
  comments: Comment[],
  locationOnError: () => string,
): EsNode => parseWithMeriyah(source, sourceType, comments) ?? parseWithAcorn(source, sourceType, comments, locationOnError);
