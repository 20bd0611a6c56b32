// One scenario per lockdown option (two for evalTaming): a program that
// calls lockdown with some options and shows the option's effect, and how
// to read that effect from what the child printed or reported. The
// environment-variable tests run each scenario with the variable set and
// the option absent (the variable's value must take effect), and with the
// option also passed explicitly as its default (the option must win).
//
// Data only: environment-variables.test.ts walks it.

import type { ChildOutcome } from './run-child.js';

export interface OptionScenario {
  option: string;
  variable: string;
  /** A non-default value, set in the environment. */
  envValue: string;
  /** The option's default, passed explicitly to show that it beats the environment. */
  defaultValue: unknown;
  /** Runs before the implementation is imported. */
  prelude?: string;
  /** The child's program; `OPTIONS` is where the lockdown options literal goes. */
  body: string;
  /** Reads the effect from the child's outcome. */
  observe(outcome: ChildOutcome): unknown;
  /** The effect under the default value, and under the environment's value. */
  whenDefault: unknown;
  whenEnv: unknown;
  /** Why the effect cannot be told apart (the test then shows parity with the original only). */
  indistinguishable?: string;
}

const firstReport = (outcome: ChildOutcome) => outcome.reports[0];

/** Whether the child kept running after a failure, and how it exited. */
const survival = (outcome: ChildOutcome) => ({
  survived: outcome.reports.includes('survived'),
  exitedWithError: outcome.status !== 0,
});

export const optionScenarios: OptionScenario[] = [
  {
    option: 'errorTaming',
    variable: 'LOCKDOWN_ERROR_TAMING',
    envValue: 'unsafe',
    defaultValue: 'safe',
    // 'safe' blanks the stacks that compartments can read; 'unsafe' keeps them.
    body: `lockdown(OPTIONS); report(new Compartment().evaluate("new Error('x').stack").length > 0);`,
    observe: firstReport,
    whenDefault: false,
    whenEnv: true,
  },
  {
    option: 'errorTrapping',
    variable: 'LOCKDOWN_ERROR_TRAPPING',
    envValue: 'report',
    defaultValue: 'platform',
    // 'platform' exits on an uncaught exception (Node); 'report' logs it and carries on.
    body: `lockdown(OPTIONS);
      setTimeout(() => { throw Error('uncaught on purpose'); }, 0);
      setTimeout(() => report('survived'), 150);`,
    observe: survival,
    whenDefault: { survived: false, exitedWithError: true },
    whenEnv: { survived: true, exitedWithError: false },
  },
  {
    option: 'unhandledRejectionTrapping',
    variable: 'LOCKDOWN_UNHANDLED_REJECTION_TRAPPING',
    envValue: 'none',
    defaultValue: 'report',
    // 'report' logs an unhandled rejection and carries on; 'none' leaves it
    // to Node, which (with lockdown's error trapping) ends the process.
    body: `lockdown(OPTIONS);
      Promise.reject(Error('rejected on purpose'));
      setTimeout(() => report('survived'), 150);`,
    observe: survival,
    whenDefault: { survived: true, exitedWithError: false },
    whenEnv: { survived: false, exitedWithError: true },
  },
  {
    option: 'reporting',
    variable: 'LOCKDOWN_REPORTING',
    envValue: 'none',
    defaultValue: 'platform',
    // An unknown property is removed, and the removal is reported unless 'none'.
    body: `Array.prototype.bogusExtra = 1; lockdown(OPTIONS); report(null);`,
    observe: outcome => outcome.stderr.includes('bogusExtra'),
    whenDefault: true,
    whenEnv: false,
  },
  {
    option: 'regExpTaming',
    variable: 'LOCKDOWN_REGEXP_TAMING',
    envValue: 'unsafe',
    defaultValue: 'safe',
    body: `lockdown(OPTIONS); report(typeof RegExp.prototype.compile);`,
    observe: firstReport,
    whenDefault: 'undefined',
    whenEnv: 'undefined',
    indistinguishable:
      "the permits table removes RegExp.prototype.compile whatever regExpTaming says (the original does too), so 'unsafe' has no effect that survives lockdown",
  },
  {
    option: 'localeTaming',
    variable: 'LOCKDOWN_LOCALE_TAMING',
    envValue: 'unsafe',
    defaultValue: 'safe',
    // 'safe' compares code units ('a' > 'B') and formats as toString does.
    body: `lockdown(OPTIONS); report(['a'.localeCompare('B'), (1234.5).toLocaleString('en-US')]);`,
    observe: firstReport,
    whenDefault: [1, '1234.5'],
    whenEnv: [-1, '1,234.5'],
  },
  {
    option: 'consoleTaming',
    variable: 'LOCKDOWN_CONSOLE_TAMING',
    envValue: 'unsafe',
    defaultValue: 'safe',
    // The tamed console prints an error's stack (the untamed one prints a
    // hardened error as `{}`).
    body: `lockdown(OPTIONS); console.log('logged', TypeError('shown by the console')); report(null);`,
    observe: outcome => outcome.stdout.includes('TypeError#1: shown by the console'),
    whenDefault: true,
    whenEnv: false,
  },
  {
    option: 'evalTaming',
    variable: 'LOCKDOWN_EVAL_TAMING',
    envValue: 'no-eval',
    defaultValue: 'safe-eval',
    body: `lockdown(OPTIONS);
      const failure = caught(() => eval('1 + 1'));
      report(failure === null ? 'evaluated' : failure[1].includes('SES_NO_EVAL') ? 'SES_NO_EVAL' : failure);`,
    observe: firstReport,
    whenDefault: 'evaluated',
    whenEnv: 'SES_NO_EVAL',
  },
  {
    option: 'evalTaming',
    variable: 'LOCKDOWN_EVAL_TAMING',
    envValue: 'unsafe-eval',
    defaultValue: 'safe-eval',
    // 'unsafe-eval' leaves the host's eval (sloppy indirect eval sees the global object).
    body: `const hostEval = eval; lockdown(OPTIONS);
      report([eval === hostEval, typeof (0, eval)('(function () { return this; })()')]);`,
    observe: firstReport,
    whenDefault: [false, 'undefined'],
    whenEnv: [true, 'object'],
  },
  {
    option: 'stackFiltering',
    variable: 'LOCKDOWN_STACK_FILTERING',
    envValue: 'verbose',
    defaultValue: 'concise',
    // 'concise' drops built-in frames such as Array.map from printed stacks.
    body: `lockdown(OPTIONS); [1].map(function printer() { console.error(Error('printed')); }); report(null);`,
    observe: outcome => outcome.stderr.includes('at Array.map'),
    whenDefault: false,
    whenEnv: true,
  },
  {
    option: 'overrideTaming',
    variable: 'LOCKDOWN_OVERRIDE_TAMING',
    envValue: 'min',
    defaultValue: 'moderate',
    // 'moderate' lets an object inheriting from Array.prototype get its own push; 'min' does not.
    body: `lockdown(OPTIONS); const inheritor = Object.create(Array.prototype);
      report(caught(() => { inheritor.push = () => 0; }) === null);`,
    observe: firstReport,
    whenDefault: true,
    whenEnv: false,
  },
  {
    option: 'overrideDebug',
    variable: 'LOCKDOWN_OVERRIDE_DEBUG',
    envValue: 'push,',
    defaultValue: [],
    // Each use of an override named in overrideDebug is reported.
    body: `lockdown(OPTIONS); const inheritor = Object.create(Array.prototype); inheritor.push = () => 0; report(null);`,
    observe: outcome => outcome.stderr.includes('Override property push'),
    whenDefault: false,
    whenEnv: true,
  },
  {
    option: 'domainTaming',
    variable: 'LOCKDOWN_DOMAIN_TAMING',
    envValue: 'unsafe',
    defaultValue: 'safe',
    // 'safe' refuses to lock down once Node domains are active.
    prelude: `const { create } = await import('node:domain'); create().run(() => {});`,
    body: `const failure = caught(() => lockdown(OPTIONS)); report(failure !== null && failure[1].includes('SES_NO_DOMAINS'));`,
    observe: firstReport,
    whenDefault: true,
    whenEnv: false,
  },
  {
    option: 'legacyRegeneratorRuntimeTaming',
    variable: 'LOCKDOWN_LEGACY_REGENERATOR_RUNTIME_TAMING',
    envValue: 'unsafe-ignore',
    defaultValue: 'safe',
    // Old regenerator-runtime assigns %IteratorPrototype%[Symbol.iterator]:
    // 'unsafe-ignore' lets the assignment pass silently (and change nothing).
    body: `lockdown(OPTIONS);
      const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
      const before = iteratorPrototype[Symbol.iterator];
      const failure = caught(() => { iteratorPrototype[Symbol.iterator] = function () { return this; }; });
      report([failure === null, iteratorPrototype[Symbol.iterator] === before]);`,
    observe: firstReport,
    whenDefault: [false, true],
    whenEnv: [true, true],
  },
  {
    option: '__hardenTaming__',
    variable: 'LOCKDOWN_HARDEN_TAMING',
    envValue: 'unsafe',
    defaultValue: 'safe',
    body: `lockdown(OPTIONS); const hardened = harden({});
      report([harden.isFake === true, caught(() => { hardened.added = 1; }) === null]);`,
    observe: firstReport,
    whenDefault: [false, false],
    whenEnv: [true, true],
  },
];
