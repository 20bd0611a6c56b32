// The second line of defence of the rewriting evaluator. Before generated
// code is compiled, it is parsed again exactly as V8 will compile it (a
// Script, with Annex B's HTML-like comments, strict), and refused unless:
//
// - no name is free in it but those the evaluator binds around it (the
//   compartment's global object, spelled `globalThis` or internally, the
//   unbound-names object, the direct-eval kit, a direct eval's scope, and
//   the evaluator's own `arguments`): every other free name was to be
//   rewritten into a property access;
// - every identifier with the internal prefix is one the rewriter wrote, at
//   the very offset where it wrote it (GeneratedCode.internals);
// - it holds no direct eval and no `import(...)` or `import.meta`: the
//   rewriter replaces them all.
//
// The rewriter read the source with its own parse, possibly in another goal
// (a module is read as a Module, its functor compiled as a Script). Should
// the two readings ever differ (a comment, string or template that the
// rewriter saw where V8 sees code), the code that only V8 sees would show
// up here as a free name, an internal name at an offset the rewriter did
// not write, or a change in the offsets of those it did write.

import { analyzeScript } from './scope-analysis.js';
import type { GeneratedCode } from './generated-code.js';
import { DIRECT_EVAL_BINDING, GLOBAL_BINDING, SCOPE_BINDING, UNBOUND_BINDING } from './internal-names.js';
import { parseAsCompiled } from './parse-source.js';

/** The names the evaluator binds around the code it compiles (make-evaluator.ts). */
const EVALUATOR_NAMES: readonly string[] = ['globalThis', 'arguments', GLOBAL_BINDING, UNBOUND_BINDING, DIRECT_EVAL_BINDING, SCOPE_BINDING];

const refusal = (code: GeneratedCode, problem: string): SyntaxError =>
  SyntaxError(
    `The rewritten code of ${code.location} does not read as the rewriter wrote it (${problem}); it is refused. ` +
      'This is a defect of the rewriter: please report the source. (ENDO_REWRITE_MISMATCH)',
  );

/** What is wrong with `code`, or undefined when it may be compiled. */
const findProblem = (code: GeneratedCode): string | undefined => {
  let program;
  try {
    program = parseAsCompiled(code.text);
  } catch (error) {
    return `it does not parse: ${(error as Error).message}`;
  }
  const analysis = analyzeScript(program, { implicitNames: EVALUATOR_NAMES });
  if (analysis.strictModeBindings.length > 0) return `a declaration of ${analysis.strictModeBindings[0].name}`;
  if (analysis.free.length > 0) return `the name ${JSON.stringify(analysis.free[0].name)} is free at offset ${analysis.free[0].node.start}`;
  if (analysis.directEvalCalls.length > 0) return `a direct eval at offset ${analysis.directEvalCalls[0].node.start}`;
  if (analysis.importExpressions.length > 0) return `an import expression at offset ${analysis.importExpressions[0].start}`;
  if (analysis.importMetas.length > 0) return `import.meta at offset ${analysis.importMetas[0].start}`;

  const found = analysis.internalIdentifiers.map(node => node.start).sort((a, b) => a - b);
  const written = code.internals; // ascending (GeneratedCode sorts them)
  for (let i = 0; i < Math.max(found.length, written.length); i += 1) {
    if (found[i] !== written[i]) {
      return found[i] === undefined || (written[i] !== undefined && written[i] < found[i])
        ? `the internal name written at offset ${written[i]} is not there`
        : `an internal name at offset ${found[i]} that the rewriter did not write`;
    }
  }
  return undefined;
};

/** Throws a SyntaxError (ENDO_REWRITE_MISMATCH) unless `code` reads as the rewriter wrote it. */
export const verifyGeneratedCode = (code: GeneratedCode): void => {
  const problem = findProblem(code);
  if (problem !== undefined) throw refusal(code, problem);
};
