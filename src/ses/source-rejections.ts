// The three source rejections of confined code, each a SyntaxError carrying
// the original system's error code and the source location.
//
// Unlike the original, which matches regular expressions against the raw
// text, these fire only on real syntax found by the parser: an HTML comment
// token, an `import(...)` expression, a call of the plain name `eval`. A
// comment or a string that merely mentions `import(` or `<!--` is accepted.
//
// Also here: the other refusals of a source's syntax that the rewriters
// make themselves (strict mode's bindings of eval and arguments, which
// meriyah lets through in some patterns, and the reserved internal names).

export type RejectionCode = 'SES_HTML_COMMENT_REJECTED' | 'SES_IMPORT_REJECTED' | 'SES_EVAL_REJECTED';

const descriptions: Record<RejectionCode, string> = {
  SES_HTML_COMMENT_REJECTED: 'HTML comment',
  SES_IMPORT_REJECTED: 'import expression',
  SES_EVAL_REJECTED: 'direct eval expression',
};

/** 1-based line number of `offset` in `source` (any ECMAScript line terminator). */
export const lineNumberAt = (source: string, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset; i += 1) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 0x2028 || c === 0x2029 || (c === 13 && source.charCodeAt(i + 1) !== 10)) line += 1;
  }
  return line;
};

/** A SyntaxError for the node at `offset`, named as a parser names it: `message at location:line:column`. */
export const syntaxErrorAt = (message: string, source: string, offset: number, location: string): SyntaxError => {
  const line = lineNumberAt(source, offset);
  let lineStart = offset;
  while (lineStart > 0 && !/[\n\r\u2028\u2029]/.test(source[lineStart - 1])) lineStart -= 1;
  return SyntaxError(`${message} at ${location}:${line}:${offset - lineStart + 1}`);
};

/** The strict mode error of a program that declares `eval` or `arguments`, in acorn's words. */
export const strictModeBindingError = (node: { name?: string; start: number }, source: string, location: string): SyntaxError =>
  syntaxErrorAt(`Binding ${node.name} in strict mode`, source, node.start, location);

/** A SyntaxError for an identifier that uses the internal prefix (internal-names.ts). */
export const reservedNameError = (node: { name?: string; start: number }, source: string, location: string): SyntaxError =>
  SyntaxError(`The identifier ${JSON.stringify(node.name)} is reserved for rewritten code at ${location}:${lineNumberAt(source, node.start)}`);

export const makeRejection = (code: RejectionCode, sourceUrl: string, line: number): SyntaxError =>
  SyntaxError(`Possible ${descriptions[code]} rejected at ${sourceUrl}:${line}. (${code})`);
