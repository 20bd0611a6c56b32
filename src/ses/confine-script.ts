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
//   direct eval             eval(s)  ->  (E.arm(), eval(E.source([names], s)))
// U's setter throws `ReferenceError: x is not defined`, or, in
// sloppyGlobalsMode, defines the property on G.
//
// G is spelled `globalThis` (bound to the global object by the evaluator)
// unless the program binds that name itself, so that the messages V8 builds
// from source text read `globalThis.foo is not a function`; otherwise it is
// a name no program can reach.
//
// A direct eval stays a real direct eval, so that its code sees the local
// scope: E.arm() lets the next lookup of `eval` yield the realm's eval, and
// E.source confines the source string first, told which names are bound where
// the call is (those stay as written; other free names go to G as above).
//
// In a body made by a compartment's `Function`, `this` of the function
// itself becomes `(this ?? G)`, as a sloppy function's `this` defaults to
// the global object (lodash finds its global with `Function('return this')()`);
// so does `this` at the top of a direct eval's source in such a function.
//
// Line numbers are preserved: every edit stays on the line it replaces.
// Results are memoised by source text, since the outcome is a pure function
// of the source and the options that shape it.

import { keys, objectHasOwn } from './commons.js';
import { parseSource, type Comment } from './parse-source.js';
import { analyzeScript, type EsNode, type ScriptAnalysis } from './scope-analysis.js';
import { applyEdits, replacement, wrapping, type Edit } from './source-edits.js';
import { lineNumberAt, makeRejection } from './source-rejections.js';

/** The names the rewritten code uses for G and U; no program can declare or reach them unrewritten. */
export const GLOBAL_BINDING = '$h\u200d_global';
export const UNBOUND_BINDING = '$h\u200d_unbound';
export const DIRECT_EVAL_BINDING = '$h\u200d_eval';
/** The readable spelling of G, when the program leaves that name free. */
const READABLE_GLOBAL_BINDING = 'globalThis';

export interface ConfineOptions {
  /** Reject calls of the plain name `eval` (the default for `compartment.evaluate`). */
  rejectDirectEval: boolean;
  /** Turn HTML comments into line comments instead of rejecting them. */
  evadeHtmlComments: boolean;
  /** Turn `import(` into `__import__(` instead of rejecting it. */
  evadeImportExpressions: boolean;
  /**
   * Whose `this` defaults to the global object, as in sloppy code: that of
   * the function a compartment's `Function` made (the source is then
   * `(function anonymous(...) {...})`), or, for the source of a direct eval
   * in such a function, that of the program.
   */
  defaultThis?: 'function-body' | 'program';
  /** For the source of a direct eval: the names bound around the call, which stay as written. */
  enclosingNames?: readonly string[];
  /**
   * For the source of a direct eval in a module: the module's import
   * bindings seen at the call, each with the expression that reads it
   * (imports are not variables once the module is compiled).
   */
  aliases?: Readonly<Record<string, string>>;
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

const writeTarget = (global: string, name: string) => `(${JSON.stringify(name)} in ${global} ? ${global} : ${UNBOUND_BINDING}).${name}`;

/** The owner (see ThisReference) whose `this` defaults to the global object; undefined for none. */
const defaultedOwnerOf = (program: EsNode, defaultThis: ConfineOptions['defaultThis']): EsNode | null | undefined =>
  defaultThis === 'function-body' ? program.body[0]?.expression : defaultThis === 'program' ? null : undefined;

/**
 * The edits that confine analysed code (scripts here, modules in
 * module-transform.ts): free names to the global object `global`, direct
 * evals through the direct-eval kit, and the defaulted `this`.
 */
export const confinementEdits = (
  analysis: ScriptAnalysis,
  global: string,
  defaultedOwner: EsNode | null | undefined,
  aliases: Readonly<Record<string, string>> = {},
  /** For a module: the import bindings visible at a direct eval, among its top-level names, as aliases. */
  aliasesAt: (topLevelNames: string[]) => Record<string, string> | undefined = () => undefined,
): Edit[] => {
  const edits: Edit[] = [];
  for (const ref of analysis.free) {
    const alias = objectHasOwn(aliases, ref.name) ? aliases[ref.name] : undefined;
    // An alias is a property read; called, it must not get its object as `this`.
    const aliasAccess = alias !== undefined && ref.isCallee ? `(0, ${alias})` : alias;
    const access = aliasAccess ?? (ref.kind === 'write' ? writeTarget(global, ref.name) : `${global}.${ref.name}`);
    edits.push(replacement(ref.node, ref.shorthandKey ? `${ref.name}: ${access}` : access));
  }
  for (const { node, owner } of analysis.thisExpressions) {
    if (owner === defaultedOwner) edits.push(replacement(node, `(this ?? ${global})`));
  }
  for (const { node, visibleNames, thisOwner, topLevelNames } of analysis.directEvalCalls) {
    edits.push(...wrapping(node.start, node.end, `(${DIRECT_EVAL_BINDING}.arm(), `, ')'));
    const [first] = node.arguments as EsNode[];
    if (first === undefined) continue;
    const method = thisOwner === defaultedOwner ? 'sourceWithDefaultThis' : 'source';
    // Aliased names (imports) are not variables: the eval'd code must rewrite them, not keep them.
    const callAliases = { ...pickAliases(aliases, visibleNames), ...aliasesAt(topLevelNames) };
    const kept = visibleNames.filter(name => !objectHasOwn(callAliases, name));
    const aliasArgument = keys(callAliases).length > 0 ? `, ${JSON.stringify(callAliases)}` : '';
    edits.push(...wrapping(first.start, first.end, `${DIRECT_EVAL_BINDING}.${method}(${JSON.stringify(kept)}, `, `${aliasArgument})`));
  }
  return edits;
};

/** The aliases of names that stay visible (not shadowed) at a nested direct eval. */
const pickAliases = (aliases: Readonly<Record<string, string>>, visibleNames: readonly string[]): Record<string, string> => {
  const picked: Record<string, string> = {};
  for (const name of keys(aliases)) if (!visibleNames.includes(name)) picked[name] = aliases[name];
  return picked;
};

/** The spelling of the global object in rewritten code: readable unless the code binds `globalThis`. */
export const globalBindingFor = (analysis: ScriptAnalysis, nested: boolean): string =>
  nested || analysis.bindsGlobalThis ? GLOBAL_BINDING : READABLE_GLOBAL_BINDING;

/** Parses, checks and rewrites `source`; throws the rejection or syntax error. */
const confine = (source: string, options: ConfineOptions): string => {
  const comments: Comment[] = [];
  const program = parseSource(source, 'script', comments, () => sourceUrlOf(comments));
  const edits: Edit[] = [];

  for (const comment of comments) {
    if (comment.block) continue;
    const opener = source.startsWith('<!--', comment.start) ? 4 : source.startsWith('-->', comment.start) ? 3 : 0;
    if (opener === 0) continue;
    if (!options.evadeHtmlComments) {
      throw makeRejection('SES_HTML_COMMENT_REJECTED', sourceUrlOf(comments), lineNumberAt(source, comment.start));
    }
    edits.push(replacement({ start: comment.start, end: comment.start + opener }, '//'.padEnd(opener, ' ')));
  }

  // Names that the evaluator's function provides: `arguments` at top level
  // is the evaluator's own arguments object (holding only the source), as
  // in the original.
  const { enclosingNames } = options;
  const analysis = analyzeScript(program, enclosingNames ?? ['arguments']);
  const { importExpressions, evalCalls } = analysis;
  const global = globalBindingFor(analysis, enclosingNames !== undefined);

  for (const node of importExpressions) {
    if (!options.evadeImportExpressions) {
      throw makeRejection('SES_IMPORT_REJECTED', sourceUrlOf(comments), lineNumberAt(source, node.start));
    }
    edits.push(replacement({ start: node.start, end: node.start + 'import'.length }, '__import__'));
  }
  if (options.rejectDirectEval && evalCalls.length > 0) {
    throw makeRejection('SES_EVAL_REJECTED', sourceUrlOf(comments), lineNumberAt(source, evalCalls[0].start));
  }

  edits.push(...confinementEdits(analysis, global, defaultedOwnerOf(program, options.defaultThis), options.aliases));
  return applyEdits(source, edits);
};

// Memoisation: one bounded map per combination of options, least recently
// used first out. Large sources are not kept, so the caches cannot grow past
// a few megabytes.
const CACHE_ENTRIES = 512;
const CACHE_MAX_SOURCE_LENGTH = 16 * 1024;
const caches = new Map<number, Map<string, string>>();

/** A number for each combination of the options that shape the result. */
const optionsCode = (options: ConfineOptions): number =>
  (options.rejectDirectEval ? 1 : 0) |
  (options.evadeHtmlComments ? 2 : 0) |
  (options.evadeImportExpressions ? 4 : 0) |
  (options.defaultThis === 'function-body' ? 8 : options.defaultThis === 'program' ? 16 : 0) |
  (options.enclosingNames ? 32 : 0) |
  (options.aliases ? 64 : 0);

export const confineScript = (source: string, options: ConfineOptions): string => {
  if (source.length > CACHE_MAX_SOURCE_LENGTH) return confine(source, options);
  const code = optionsCode(options);
  let cache = caches.get(code);
  if (cache === undefined) caches.set(code, (cache = new Map()));
  // The names and aliases, as JSON, end at their first ']' or '}' outside a string: no two inputs share a key.
  let key = source;
  if (options.enclosingNames) key = `${JSON.stringify(options.enclosingNames)}${key}`;
  if (options.aliases) key = `${JSON.stringify(options.aliases)}${key}`;
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
