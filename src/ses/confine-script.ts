// Turns the source of a script into the code a compartment runs: parsed once
// with acorn, checked for the source rejections, and with every free name
// rewritten into an access on the compartment's global object, so that global
// reads and writes are ordinary (fast, inline-cached) property accesses.
//
// The rewriting, for a free name `x` (G is the global object the evaluator
// binds, U the "unbound" object whose accessors implement a missing name):
//   read / typeof / call    x        ->  G.x          (a missing name reads
//                                                       undefined, as in the
//                                                       original; calls get
//                                                       G as `this`, as a
//                                                       `with` scope gives)
//   assignment target       x = v    ->  ("x" in G ? G : U).x = v
//   shorthand property      { x }    ->  { x: G.x }
// U's setter throws `ReferenceError: x is not defined`, or, in
// sloppyGlobalsMode, defines the property on G.
//
// Line numbers are preserved: every edit stays on the line it replaces.
// Results are memoised by source text, since the outcome is a pure function
// of the source and the options that shape it.

import { Parser } from 'acorn';
import { analyzeScript, type EsNode } from './scope-analysis.js';
import { lineNumberAt, makeRejection } from './source-rejections.js';

/** The names the rewritten code uses for G and U; no program can declare or reach them unrewritten. */
export const GLOBAL_BINDING = '$h\u200d_global';
export const UNBOUND_BINDING = '$h\u200d_unbound';

export interface ConfineOptions {
  /** Reject calls of the plain name `eval` (the default for `compartment.evaluate`). */
  rejectDirectEval: boolean;
  /** Turn HTML comments into line comments instead of rejecting them. */
  evadeHtmlComments: boolean;
  /** Turn `import(` into `__import__(` instead of rejecting it. */
  evadeImportExpressions: boolean;
}

interface Comment {
  block: boolean;
  text: string;
  start: number;
  end: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const SOURCE_URL = /^[#@]\s*sourceURL\s*=\s*(\S+)\s*$/;

/** The name that `//# sourceURL=` gives the source, as error locations show it. */
const sourceUrlOf = (comments: Comment[]): string => {
  for (let i = comments.length - 1; i >= 0; i -= 1) {
    const match = SOURCE_URL.exec(comments[i].text);
    if (match) return match[1];
  }
  return '<unknown>';
};

const parse = (source: string, comments: Comment[]): EsNode => {
  try {
    return Parser.parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowHashBang: false,
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
      throw SyntaxError(`${message} at ${sourceUrlOf(comments)}:${where}`);
    }
    throw error;
  }
};

const applyEdits = (source: string, edits: Edit[]): string => {
  if (edits.length === 0) return source;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
};

const writeTarget = (name: string) => `(${JSON.stringify(name)} in ${GLOBAL_BINDING} ? ${GLOBAL_BINDING} : ${UNBOUND_BINDING}).${name}`;

/** Parses, checks and rewrites `source`; throws the rejection or syntax error. */
const confine = (source: string, options: ConfineOptions): string => {
  const comments: Comment[] = [];
  const program = parse(source, comments);
  const edits: Edit[] = [];

  for (const comment of comments) {
    if (comment.block) continue;
    const opener = source.startsWith('<!--', comment.start) ? 4 : source.startsWith('-->', comment.start) ? 3 : 0;
    if (opener === 0) continue;
    if (!options.evadeHtmlComments) {
      throw makeRejection('SES_HTML_COMMENT_REJECTED', sourceUrlOf(comments), lineNumberAt(source, comment.start));
    }
    edits.push({ start: comment.start, end: comment.start + opener, text: '//'.padEnd(opener, ' ') });
  }

  // Names that the evaluator's function provides: `arguments` at top level
  // is the evaluator's own arguments object (holding only the source), as
  // in the original.
  const { free, importExpressions, evalCalls } = analyzeScript(program, ['arguments']);

  for (const node of importExpressions) {
    if (!options.evadeImportExpressions) {
      throw makeRejection('SES_IMPORT_REJECTED', sourceUrlOf(comments), lineNumberAt(source, node.start));
    }
    edits.push({ start: node.start, end: node.start + 'import'.length, text: '__import__' });
  }
  if (options.rejectDirectEval && evalCalls.length > 0) {
    throw makeRejection('SES_EVAL_REJECTED', sourceUrlOf(comments), lineNumberAt(source, evalCalls[0].start));
  }

  for (const ref of free) {
    const access = ref.kind === 'write' ? writeTarget(ref.name) : `${GLOBAL_BINDING}.${ref.name}`;
    const text = ref.shorthandKey ? `${ref.name}: ${access}` : access;
    edits.push({ start: ref.node.start, end: ref.node.end, text });
  }
  return applyEdits(source, edits);
};

// Memoisation: bounded, least recently used first out. Large sources are not
// kept, so the cache cannot grow past a few megabytes.
const CACHE_ENTRIES = 512;
const CACHE_MAX_SOURCE_LENGTH = 16 * 1024;
const cache = new Map<string, string>();

export const confineScript = (source: string, options: ConfineOptions): string => {
  if (source.length > CACHE_MAX_SOURCE_LENGTH) return confine(source, options);
  const key = `${+options.rejectDirectEval}${+options.evadeHtmlComments}${+options.evadeImportExpressions}${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key); // re-insert as most recent
    cache.set(key, hit);
    return hit;
  }
  const code = confine(source, options);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, code);
  return code;
};
