// What the host's evaluators allow, probed once before lockdown relies on
// them. Our evaluator reaches the realm's `eval` as a direct eval (see
// scope-terminator.ts): if `eval` was replaced before endo/ses was loaded
// (by a wrapper, say), that call would be an indirect eval in the global
// scope instead, so lockdown refuses to go on, as ses does.

import { FERAL_EVAL, FERAL_FUNCTION } from './commons.js';

export interface HostEvaluators {
  functionAllowed: boolean;
  evalAllowed: boolean;
  /** undefined when it could not be probed (no Function or no eval). */
  directEvalAllowed: boolean | undefined;
}

export const probeHostEvaluators = (): HostEvaluators => {
  let functionAllowed = true;
  try {
    FERAL_FUNCTION('return true')();
  } catch {
    // A content security policy, or a host that refuses code generation.
    functionAllowed = false;
  }
  let evalAllowed = true;
  try {
    FERAL_EVAL('true');
  } catch {
    evalAllowed = false;
  }
  let directEvalAllowed: boolean | undefined;
  if (functionAllowed && evalAllowed) {
    // Only a direct eval sees the function's own `probe`; an indirect one
    // looks for a global and throws (sloppy code may name a parameter eval).
    directEvalAllowed = FERAL_FUNCTION(
      'eval',
      'const probe = 1; try { return eval("probe") === 1; } catch (error) { return false; }',
    )(FERAL_EVAL) as boolean;
  }
  return { functionAllowed, evalAllowed, directEvalAllowed };
};

export const directEvalUnavailableError = (): TypeError =>
  TypeError(
    "SES cannot initialize unless 'eval' is the original intrinsic 'eval', suitable for direct eval (dynamically scoped eval) (SES_DIRECT_EVAL)",
  );
