// Parsing of scripts and modules with acorn, for the evaluator and the module
// transform. acorn is half of what importing endo/ses loads: it is loaded on
// the first parse instead (synchronously, through its CommonJS build), so
// that a program that only locks down never pays for it.

import { createRequire } from 'node:module';
import type { Parser as AcornParser } from 'acorn';
import type { EsNode } from './scope-analysis.js';

export interface Comment {
  block: boolean;
  text: string;
  start: number;
  end: number;
}

let acornParser: typeof AcornParser | undefined;
const getParser = (): typeof AcornParser =>
  (acornParser ??= (createRequire(import.meta.url)('acorn') as { Parser: typeof AcornParser }).Parser);

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
): EsNode => {
  const Parser = getParser();
  try {
    return Parser.parse(source, {
      ecmaVersion: 'latest',
      sourceType,
      allowHashBang: sourceType === 'module',
      onComment: (block, text, start, end) => {
        comments.push({ block, text, start, end });
      },
    }) as unknown as EsNode;
  } catch (error) {
    if (error instanceof SyntaxError) {
      // acorn says "message (line:column)"; keep its words, name the source.
      const withLocation = error as SyntaxError & { loc?: { line: number; column: number } };
      const message = error.message.replace(/ \(\d+:\d+\)$/, '');
      const where = withLocation.loc ? `${withLocation.loc.line}:${withLocation.loc.column + 1}` : '?';
      throw SyntaxError(`${message} at ${locationOnError()}:${where}`);
    }
    throw error;
  }
};
