// The text-level source transforms ses offers in `ses/tools.js`, with the
// same answers: conservative regular-expression checks and evasions that
// work without a parser, so they refuse some harmless text (an `import(`
// in a string, a `<!--` in a comment). Our evaluator does not rely on them:
// it rejects by parsing (source-rejections.ts). They are here for code that
// composes its own transform chains, as the `transforms` option allows.

import { freeze } from './commons.js';
import { makeRejection, type RejectionCode } from './source-rejections.js';
import { trailingSourceUrl } from './source-url.js';

type Transform = (source: string) => string;

// Written so that this file holds no HTML-like comment token itself.
const htmlCommentPattern = new RegExp(`(?:${'<'}!--|--${'>'})`, 'g');
// `import` followed by `(` or the start of a comment, unless it is a
// property name (`.import(`); `...import(` is a spread of a call.
const importPattern = /(^|[^.]|\.\.\.)\bimport(\s*(?:\(|\/[/*]))/g;
const directEvalPattern = /(^|[^.])\beval(\s*\()/;

/** The 1-based line of the first match, counting `\n` only (as ses does), or -1. */
const firstMatchLine = (source: string, pattern: RegExp): number => {
  pattern.lastIndex = 0;
  const match = pattern.exec(source);
  pattern.lastIndex = 0;
  if (match === null) return -1;
  // A match that begins with the `\n` before `import` names the next line.
  const at = match.index + (source[match.index] === '\n' ? 1 : 0);
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < at; i = source.indexOf('\n', i + 1)) line += 1;
  return line;
};

const rejectWhere = (pattern: RegExp, code: RejectionCode): Transform => source => {
  const line = firstMatchLine(source, pattern);
  if (line < 0) return source;
  throw makeRejection(code, trailingSourceUrl(source), line);
};

export const rejectHtmlComments: Transform = rejectWhere(htmlCommentPattern, 'SES_HTML_COMMENT_REJECTED');
export const rejectImportExpressions: Transform = rejectWhere(importPattern, 'SES_IMPORT_REJECTED');
export const rejectSomeDirectEvalExpressions: Transform = rejectWhere(directEvalPattern, 'SES_EVAL_REJECTED');

/** Spaces out each `<!--` and `-->`, as the operators they are in module code (this changes literals that hold them). */
export const evadeHtmlCommentTest: Transform = source =>
  source.replace(htmlCommentPattern, token => (token[0] === '<' ? '< ! --' : '-- >'));

/** Renames each suspect `import` to `__import__` (a call of whatever that name is in scope). */
export const evadeImportExpressionTest: Transform = source =>
  source.replace(importPattern, (_match, before: string, after: string) => `${before}__import__${after}`);

/** The two rejections that must come last in a transform chain. */
export const mandatoryTransforms: Transform = source => rejectImportExpressions(rejectHtmlComments(source));

export const applyTransforms = (source: string, transforms: readonly Transform[]): string => {
  let result = source;
  for (let i = 0; i < transforms.length; i += 1) result = transforms[i](result);
  return result;
};

export const transforms = freeze({
  rejectHtmlComments: freeze(rejectHtmlComments),
  evadeHtmlCommentTest: freeze(evadeHtmlCommentTest),
  rejectImportExpressions: freeze(rejectImportExpressions),
  evadeImportExpressionTest: freeze(evadeImportExpressionTest),
  rejectSomeDirectEvalExpressions: freeze(rejectSomeDirectEvalExpressions),
  mandatoryTransforms: freeze(mandatoryTransforms),
  applyTransforms: freeze(applyTransforms),
});
