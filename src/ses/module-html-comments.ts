// Finds, in module text, a `<!--` or `-->` that a Script would read as the
// start of a comment (ECMA-262 Annex B.1.1) but the Module goal reads as
// operators. The module's functor is compiled as a Script, so such text
// would hide code from the rewriter (which read it as a Module) and show it
// to V8: it is refused, as ses refuses it.
//
// An occurrence inside a comment, a string, a template's text or a regular
// expression is no comment to either goal. Otherwise `<!--` always starts one
// in a Script, and `-->` does when nothing but white space and comments
// stands before it on its line (a block comment holding a line break
// counts as a line break).

import type { Comment } from './parse-source.js';
import type { EsNode } from './scope-analysis.js';

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const WHITE_SPACE = /^\s$/;

interface Range {
  start: number;
  end: number;
}

const occurrences = (text: string, needle: string): number[] => {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
};

/** The ranges of the string literals, regular expressions and template texts of the tree. */
const textRanges = (program: EsNode): Range[] => {
  const ranges: Range[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const { type } = node as EsNode;
    if (typeof type !== 'string') return;
    if ((type === 'Literal' && (typeof (node as EsNode).value === 'string' || (node as EsNode).regex)) || type === 'TemplateElement') {
      ranges.push(node as EsNode);
      return;
    }
    for (const key in node) {
      if (key !== 'type' && key !== 'start' && key !== 'end' && key !== 'loc' && key !== 'range') walk((node as EsNode)[key]);
    }
  };
  walk(program);
  return ranges;
};

const inside = (ranges: readonly Range[], offset: number): boolean => ranges.some(({ start, end }) => start <= offset && offset < end);

/** Whether only white space and comments stand between the start of the line and `offset` (or the start of the text). */
const startsItsLine = (text: string, offset: number, comments: readonly Range[]): boolean => {
  for (let at = offset - 1; at >= 0; at -= 1) {
    const comment = comments.find(({ start, end }) => start <= at && at < end);
    if (comment !== undefined) {
      if (LINE_TERMINATOR.test(text.slice(comment.start, comment.end))) return true;
      at = comment.start;
      continue;
    }
    if (LINE_TERMINATOR.test(text[at])) return true;
    if (!WHITE_SPACE.test(text[at])) return false;
  }
  return true;
};

/** The offset of the first `<!--` or `-->` that a Script would read as a comment, or undefined. */
export const findHtmlLikeComment = (text: string, program: EsNode, comments: readonly Comment[]): number | undefined => {
  const openers = occurrences(text, '<!--');
  const closers = occurrences(text, '-->');
  if (openers.length === 0 && closers.length === 0) return undefined;
  const notCode: Range[] = [...comments, ...textRanges(program)];
  if (text.startsWith('#!')) notCode.push({ start: 0, end: text.search(LINE_TERMINATOR) === -1 ? text.length : text.search(LINE_TERMINATOR) });
  const found = [
    ...openers.filter(at => !inside(notCode, at)),
    ...closers.filter(at => !inside(notCode, at) && startsItsLine(text, at, comments)),
  ];
  return found.length > 0 ? Math.min(...found) : undefined;
};
