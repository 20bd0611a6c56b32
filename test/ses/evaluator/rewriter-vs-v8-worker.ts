// The worker of rewriter-vs-v8-runner.ts: locks down, then takes one item
// at a time (a file and a mode), and reports how our pipeline read it and
// every name that reached the scope terminator while V8 ran the rewritten
// code. Some corpus programs loop forever: the run is a vm script with a
// time limit (V8 stops it), and the runner kills and replaces this worker
// should anything else hang, so each item is reported in two messages: its
// compile outcome first, then that it ran.

import { parentPort } from 'node:worker_threads';
import { Script } from 'node:vm';
import { lockdown, Compartment } from '../../../src/ses/index.js';
import { confineScript } from '../../../src/ses/confine-script.js';
import { getCompartmentFields } from '../../../src/ses/compartment.js';
import type { GeneratedCode } from '../../../src/ses/generated-code.js';
import { transformModule } from '../../../src/ses/module-transform.js';
import { FERAL_FUNCTION } from '../../../src/ses/commons.js';
import { observeNamesReachingTheTerminator, scopeTerminator } from '../../../src/ses/scope-terminator.js';
import { verifyGeneratedCode } from '../../../src/ses/verify-generated-code.js';
import type { CompileOutcome, Mode, WorkerReport } from './rewriter-vs-v8-types.js';

lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', reporting: 'none' });

const port = parentPort!;
const post = (report: WorkerReport) => port.postMessage(report);

let current = -1;
// Reported at most a few times per item: a program that loops could report millions.
let reportsLeft = 0;

/** The run of the current item, called by a vm script so that V8 stops it after RUN_LIMIT_MS. */
let runItem: () => unknown = () => undefined;
const RUN_LIMIT_MS = 100;
(globalThis as Record<string, unknown>).runCorpusItem = () => runItem();
const runWithTimeLimit = new Script('runCorpusItem()');
observeNamesReachingTheTerminator(name => {
  if (reportsLeft <= 0) return;
  reportsLeft -= 1;
  post({ kind: 'terminator', index: current, name: String(name) });
});

/** The names a direct eval sees in this test's caller: `(function (a, b) { return eval(src) })`. */
const DIRECT_EVAL_NAMES = ['a', 'b', 'arguments'];
const EVASIONS = { rejectDirectEval: false, evadeHtmlComments: true, evadeImportExpressions: true };

const codeOf = (error: unknown): string => {
  const message = String((error as Error)?.message);
  const code = /\((SES_[A-Z_]+|ENDO_[A-Z_]+)\)$/.exec(message);
  return code ? code[1] : (error as Error)?.name ?? typeof error;
};

/** V8's own compile of generated text, as the strict script the evaluator makes of it (not run). */
const compilesInV8 = (code: GeneratedCode): boolean => {
  try {
    new Script(`'use strict';\n${code.text}`);
    return true;
  } catch {
    return false;
  }
};

/** Compiles `source` in `mode` with our pipeline; returns a runner for the compiled code, or the outcome that stops it. */
const compile = (source: string, mode: Mode, compartment: Compartment): { outcome: CompileOutcome; run?: () => unknown } => {
  try {
    if (mode === 'function') {
      // The real constructor: the realm's syntax check, the rewrite, the verification and V8's compile; nothing runs.
      const made = new (compartment.globalThis.Function as FunctionConstructor)(source);
      return { outcome: { accepted: true }, run: () => made() };
    }
    if (mode === 'module') {
      const record = transformModule(source, 'file:///corpus.js');
      verifyGeneratedCode(record.functor);
      if (!compilesInV8(record.functor)) return { outcome: { accepted: false, code: 'V8_REFUSED_GENERATED' } };
      return {
        outcome: { accepted: true },
        run: () => {
          const { evaluateModuleFunctor } = getCompartmentFields(compartment);
          const functor = evaluateModuleFunctor(record.functor) as (...args: unknown[]) => Iterator<unknown> | AsyncIterator<unknown>;
          const empty = record.imports.map(() => Object.freeze(Object.create(null)));
          const body = functor(empty, () => {}, {}, () => Promise.reject(Error('no import here')), empty);
          const first = body.next();
          return first instanceof Promise ? first.then(() => body.next()) : body.next();
        },
      };
    }
    const options = mode === 'direct-eval' ? { ...EVASIONS, enclosingNames: DIRECT_EVAL_NAMES } : EVASIONS;
    const { code } = confineScript(source, options);
    verifyGeneratedCode(code);
    if (!compilesInV8(code)) return { outcome: { accepted: false, code: 'V8_REFUSED_GENERATED' } };
    const evadeAll = { __rejectSomeDirectEvalExpressions__: false, __evadeHtmlCommentTest__: true, __evadeImportExpressionTest__: true };
    compartment.globalThis.src = source;
    return {
      outcome: { accepted: true },
      run: () =>
        mode === 'script'
          ? compartment.evaluate(source, evadeAll)
          : compartment.evaluate('(function (a, b) { return eval(globalThis.src) })(1, 2)', {
              __rejectSomeDirectEvalExpressions__: false,
            }),
    };
  } catch (error) {
    return { outcome: { accepted: false, code: codeOf(error), message: String((error as Error)?.message).slice(0, 300) } };
  }
};

port.on('message', async ({ index, source, mode }: { index: number; source: string; mode: Mode }) => {
  current = index;
  reportsLeft = 5;
  const compartment = new Compartment({ __options__: true });
  const { outcome, run } = compile(source, mode, compartment);
  post({ kind: 'compiled', index, outcome });
  let timedOut = false;
  if (run !== undefined) {
    try {
      runItem = run;
      await runWithTimeLimit.runInThisContext({ timeout: RUN_LIMIT_MS });
    } catch (error) {
      // Most corpus programs throw soon (their globals and imports are
      // missing): only what reached the terminator matters.
      timedOut = (error as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    }
  }
  post({ kind: 'ran', index, timedOut });
});

// The instrument is live: a name looked up through the terminator is reported.
reportsLeft = 1;
FERAL_FUNCTION('terminator', 'with (terminator) { return typeof nameForTheSelfCheck; }')(scopeTerminator);
post({ kind: 'ready' });
