// Turns the source of a script into the code a compartment runs: parsed once,
// checked for the source rejections, and with every free name rewritten into
// an access on the compartment's global object, so that global reads and
// writes are ordinary (fast, inline-cached) property accesses.
//
// The rewriting, for a free name `x` (G is the global object the evaluator
// binds, U the "unbound" object whose accessors implement a missing name,
// E the direct-eval kit):
//   read / typeof / call    x        ->  G.x          (a missing name reads
//                                                       undefined, as in the
//                                                       original; calls get
//                                                       G as `this`, as a
//                                                       `with` scope gives)
//   assignment target       x = v    ->  ("x" in G ? G : U).x = v
//   shorthand property      { x }    ->  { x: G.x }
//   direct eval             eval(s)  ->  E.direct(() => this, ["a", () => a, v => a = v, ...])(s)
// U's setter throws `ReferenceError: x is not defined`, or, in
// sloppyGlobalsMode, defines the property on G.
//
// A direct eval hands the kit an accessor pair for each name bound where the
// call is; the kit confines the source with those names as its enclosing
// names, which become accesses on a scope object S built from the pairs
// (`a` -> `S.a`), and runs it through the evaluator (make-evaluator.ts).
// Strict eval code declares nothing in the caller's scope, so reading and
// writing the caller's bindings is all it can do with them.
//
// A rewrite that begins with `(` at the start of an expression statement
// gets `void 0, ` before it: after a line without a semicolon, `(` would
// continue the previous line as a call where the source had a new statement.
//
// G is spelled `globalThis` (bound to the global object by the evaluator)
// unless the program binds that name itself, so that the messages V8 builds
// from source text read `globalThis.foo is not a function`; otherwise it is
// an internal name (internal-names.ts) that no program can declare.
//
// Line numbers are preserved: every edit stays on the line it replaces.
// Results are memoised by source text, since the outcome is a pure function
// of the source and the options that shape it.

import { code, GeneratedCode, internal, joinFragments, replacement, applyEdits, type Edit, type Fragment } from './generated-code.js';
import {
  DIRECT_EVAL_BINDING,
  GLOBAL_BINDING,
  SCOPE_BINDING,
  UNBOUND_BINDING,
  VALUE_BINDING,
} from './internal-names.js';
import { parseSource, type Comment } from './parse-source.js';
import { analyzeScript, type EsNode, type FreeReference, type ScriptAnalysis } from './scope-analysis.js';
import { lineNumberAt, makeRejection, reservedNameError, strictModeBindingError } from './source-rejections.js';
import { trailingSourceUrl } from './source-url.js';

/** The readable spelling of G, when the program leaves that name free. */
const READABLE_GLOBAL_BINDING = 'globalThis';

export interface ConfineOptions {
  /** Reject calls of the plain name `eval` (the default for `compartment.evaluate`). */
  rejectDirectEval: boolean;
  /** The source is `(function anonymous(...) {...})`, assembled by a compartment's `Function`: a leading `#!` is no comment. */
  functionBody?: boolean;
  /** For the source of a direct eval: the names bound around the call (see above). */
  enclosingNames?: readonly string[];
}

export interface ConfinedScript {
  code: GeneratedCode;
  /** Whether `this` appears outside every function (arrows aside): a direct eval must then be handed the caller's. */
  usesTopLevelThis: boolean;
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

/**
 * How a name that is not a plain variable of the code is read: a module's
 * import (a property of a binding view) or an enclosing name of a direct
 * eval's code (a property of the scope object).
 */
export interface Alias {
  access: Fragment;
  /** A property read: called, it must not pass its object as `this`. */
  isPropertyRead: boolean;
  /** Whether code may assign it (an import may not). */
  writable: boolean;
}

export interface ConfinementContext {
  /** How G is spelled. */
  global: Fragment;
  /** The alias of a top-level name (a module's imports), if it has one. */
  topLevelAlias?: (name: string) => Alias | undefined;
}

const enclosingAlias = (name: string): Alias => ({ access: code`${internal(SCOPE_BINDING)}.${name}`, isPropertyRead: true, writable: true });

/** `void 0, ` before a rewrite that begins with `(` at the start of an expression statement (see above). */
const guarded = (analysis: ScriptAnalysis, node: EsNode, fragment: Fragment): Fragment =>
  fragment.text.startsWith('(') && analysis.statementStarts.has(node.start) ? code`void 0, ${fragment}` : fragment;

/**
 * The edit that replaces a reference with `access`. A shorthand property
 * keeps its key: `{ x }` -> `{ x: access }`, but `{ __proto__ }` ->
 * `{ ["__proto__"]: access }`, since `__proto__: v` would set the prototype
 * (and clash with another `__proto__: v` in the same literal).
 */
const referenceEdit = (analysis: ScriptAnalysis, ref: FreeReference, access: Fragment): Edit => {
  if (!ref.shorthandKey) return replacement(ref.node, guarded(analysis, ref.node, access));
  const key = ref.name === '__proto__' ? '["__proto__"]' : ref.name;
  return replacement(ref.node, code`${key}: ${access}`);
};

const aliasEdit = (analysis: ScriptAnalysis, ref: FreeReference, alias: Alias): Edit =>
  referenceEdit(analysis, ref, ref.isCallee && alias.isPropertyRead ? code`(0, ${alias.access})` : alias.access);

/**
 * The edits that confine analysed code (scripts here, modules in
 * module-transform.ts): free names to the global object, enclosing names
 * and aliased top-level names to their accesses, direct evals to the kit.
 */
export const confinementEdits = (analysis: ScriptAnalysis, context: ConfinementContext): Edit[] => {
  const { global, topLevelAlias } = context;
  const edits: Edit[] = [];
  for (const ref of analysis.free) {
    const access =
      ref.kind === 'write'
        ? code`(${JSON.stringify(ref.name)} in ${global} ? ${global} : ${internal(UNBOUND_BINDING)}).${ref.name}`
        : code`${global}.${ref.name}`;
    edits.push(referenceEdit(analysis, ref, access));
  }
  for (const ref of analysis.enclosingReferences) edits.push(aliasEdit(analysis, ref, enclosingAlias(ref.name)));
  if (topLevelAlias !== undefined) {
    for (const ref of analysis.topLevelReferences) {
      const alias = topLevelAlias(ref.name);
      if (alias !== undefined) edits.push(aliasEdit(analysis, ref, alias));
    }
  }
  for (const { node, visible } of analysis.directEvalCalls) {
    const bindings = visible.map(({ name, place }) => {
      const alias = place === 'enclosing' ? enclosingAlias(name) : place === 'top' ? topLevelAlias?.(name) : undefined;
      const access = alias?.access ?? code`${name}`;
      // Strict code cannot assign `arguments`; an import is read-only.
      const value = internal(VALUE_BINDING);
      const setter = name === 'arguments' || (alias !== undefined && !alias.writable) ? code`0` : code`(${value}) => ${access} = ${value}`;
      return code`${JSON.stringify(name)}, () => ${access}, ${setter}`;
    });
    const kit = code`${internal(DIRECT_EVAL_BINDING)}.direct(() => this, [${joinFragments(bindings, ', ')}])`;
    edits.push(replacement(node.callee, kit));
  }
  return edits;
};

/** The spelling of the global object in rewritten code: readable unless the code binds `globalThis`. */
export const globalBindingFor = (analysis: ScriptAnalysis): Fragment =>
  analysis.bindsGlobalThis ? internal(GLOBAL_BINDING) : code`${READABLE_GLOBAL_BINDING}`;

/** The first HTML-like comment among `comments` (Annex B's `<!--` and line-start `-->`), if any. */
const firstHtmlComment = (source: string, comments: readonly Comment[]): Comment | undefined =>
  comments.find(comment => !comment.block && (source.startsWith('<!--', comment.start) || source.startsWith('-->', comment.start)));

/** Parses, checks and rewrites `source`; throws the rejection or syntax error. */
const confine = (original: string, options: ConfineOptions): ConfinedScript => {
  // A leading `#!` line is a comment in a script that V8 evaluates (and in
  // an eval), as in ses; `//` says the same to every parser, and to V8.
  const source = !options.functionBody && original.startsWith('#!') ? `//${original.slice(2)}` : original;
  const comments: Comment[] = [];
  // The rejections name the source as ses's do (from the key=value
  // comments that end the text); compiled code keeps its own comments.
  const rejectionLocation = () => trailingSourceUrl(source);
  const rejectHtmlComment = (comment: Comment) =>
    makeRejection('SES_HTML_COMMENT_REJECTED', rejectionLocation(), lineNumberAt(source, comment.start));
  let program: EsNode;
  try {
    program = parseSource(source, 'script', comments, () => sourceUrlOf(comments));
  } catch (error) {
    // ses rejects HTML-like comments before it parses: one that comes
    // before a syntax error is the error to report.
    const htmlComment = firstHtmlComment(source, comments);
    throw htmlComment === undefined ? error : rejectHtmlComment(htmlComment);
  }
  const location = () => sourceUrlOf(comments);

  const htmlComment = firstHtmlComment(source, comments);
  if (htmlComment !== undefined) throw rejectHtmlComment(htmlComment);

  // `arguments` at the top of a program is the evaluator's own arguments
  // object (holding only the source), as in the original; a direct eval's
  // code sees the caller's, if any, as an enclosing name.
  const { enclosingNames } = options;
  const analysis = analyzeScript(program, enclosingNames ? { enclosingNames } : { implicitNames: ['arguments'] });
  if (analysis.strictModeBindings.length > 0) throw strictModeBindingError(analysis.strictModeBindings[0], source, location());
  if (analysis.internalIdentifiers.length > 0) throw reservedNameError(analysis.internalIdentifiers[0], source, location());
  const { importExpressions, evalCalls } = analysis;
  if (importExpressions.length > 0) {
    throw makeRejection('SES_IMPORT_REJECTED', rejectionLocation(), lineNumberAt(source, importExpressions[0].start));
  }
  if (options.rejectDirectEval && evalCalls.length > 0) {
    throw makeRejection('SES_EVAL_REJECTED', rejectionLocation(), lineNumberAt(source, evalCalls[0].start));
  }

  const edits = confinementEdits(analysis, { global: globalBindingFor(analysis) });
  return {
    code: new GeneratedCode(applyEdits(source, edits), location()),
    usesTopLevelThis: analysis.thisExpressions.some(({ owner }) => owner === null),
  };
};

// Memoisation: one bounded map per combination of options, least recently
// used first out. Large sources are not kept, so the caches cannot grow past
// a few megabytes.
const CACHE_ENTRIES = 512;
const CACHE_MAX_SOURCE_LENGTH = 16 * 1024;
const caches = new Map<number, Map<string, ConfinedScript>>();

/** A number for each combination of the options that shape the result. */
const optionsCode = (options: ConfineOptions): number =>
  (options.rejectDirectEval ? 1 : 0) | (options.functionBody ? 2 : 0) | (options.enclosingNames ? 4 : 0);

export const confineScript = (source: string, options: ConfineOptions): ConfinedScript => {
  if (source.length > CACHE_MAX_SOURCE_LENGTH) return confine(source, options);
  const optionBits = optionsCode(options);
  let cache = caches.get(optionBits);
  if (cache === undefined) caches.set(optionBits, (cache = new Map()));
  // The names, as JSON, end at their first ']' outside a string: no two inputs share a key.
  const key = options.enclosingNames ? `${JSON.stringify(options.enclosingNames)}${source}` : source;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key); // re-insert as most recent
    cache.set(key, hit);
    return hit;
  }
  const confined = confine(source, options);
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, confined);
  return confined;
};
