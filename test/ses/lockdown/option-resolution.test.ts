// resolveLockdownOptions on its own (no lockdown, so all in one process):
// which environment variable each option reads, that the variable fills in
// only an absent option, and what a bad value in either place says. The
// effects of the resolved values are shown in child processes by
// environment-variables.test.ts; this file also covers what has no visible
// effect after lockdown (regExpTaming 'unsafe').

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  environmentVariableFor,
  lockdownOptionValues,
  resolveLockdownOptions,
  type LockdownOptions,
} from '../../../src/ses/lockdown-options.js';

/** The variables as the original's lockdown.js spells them. */
const expectedVariables: Record<string, string> = {
  errorTaming: 'LOCKDOWN_ERROR_TAMING',
  errorTrapping: 'LOCKDOWN_ERROR_TRAPPING',
  unhandledRejectionTrapping: 'LOCKDOWN_UNHANDLED_REJECTION_TRAPPING',
  reporting: 'LOCKDOWN_REPORTING',
  regExpTaming: 'LOCKDOWN_REGEXP_TAMING',
  localeTaming: 'LOCKDOWN_LOCALE_TAMING',
  consoleTaming: 'LOCKDOWN_CONSOLE_TAMING',
  evalTaming: 'LOCKDOWN_EVAL_TAMING',
  stackFiltering: 'LOCKDOWN_STACK_FILTERING',
  overrideTaming: 'LOCKDOWN_OVERRIDE_TAMING',
  overrideDebug: 'LOCKDOWN_OVERRIDE_DEBUG',
  domainTaming: 'LOCKDOWN_DOMAIN_TAMING',
  legacyRegeneratorRuntimeTaming: 'LOCKDOWN_LEGACY_REGENERATOR_RUNTIME_TAMING',
  __hardenTaming__: 'LOCKDOWN_HARDEN_TAMING',
};

const choiceOptions = Object.entries(lockdownOptionValues) as [keyof typeof lockdownOptionValues, readonly string[]][];

test('each option reads the environment variable the original reads', () => {
  for (const [option, variable] of Object.entries(expectedVariables)) {
    assert.equal(environmentVariableFor(option as Parameters<typeof environmentVariableFor>[0]), variable, option);
  }
});

test('with no option and no variable, every option gets its default (the first allowed value)', () => {
  const resolved = resolveLockdownOptions({}, {});
  for (const [option, allowed] of choiceOptions) assert.equal(resolved[option], allowed[0], option);
  assert.deepEqual(resolved.overrideDebug, []);
});

test('each variable fills in its absent option, with every non-default value', () => {
  for (const [option, allowed] of choiceOptions) {
    for (const value of allowed.slice(1)) {
      const resolved = resolveLockdownOptions({}, { [expectedVariables[option]!]: value });
      assert.equal(resolved[option], value, `${expectedVariables[option]}=${value}`);
    }
  }
});

test('an explicit option wins over its variable; an explicit undefined does not', () => {
  for (const [option, allowed] of choiceOptions) {
    const env = { [expectedVariables[option]!]: allowed[1]! };
    assert.equal(resolveLockdownOptions({ [option]: allowed[0] } as LockdownOptions, env)[option], allowed[0], option);
    assert.equal(resolveLockdownOptions({ [option]: undefined } as LockdownOptions, env)[option], allowed[1], option);
  }
});

test('a variable for one option leaves the others at their defaults', () => {
  const resolved = resolveLockdownOptions({}, { LOCKDOWN_REGEXP_TAMING: 'unsafe' });
  assert.equal(resolved.regExpTaming, 'unsafe');
  assert.equal(resolved.errorTaming, 'safe');
  assert.equal(resolved.localeTaming, 'safe');
});

test('LOCKDOWN_OVERRIDE_DEBUG is a comma-separated list, empty names dropped; an explicit list wins', () => {
  assert.deepEqual(resolveLockdownOptions({}, { LOCKDOWN_OVERRIDE_DEBUG: 'push,,toString,' }).overrideDebug, ['push', 'toString']);
  assert.deepEqual(resolveLockdownOptions({ overrideDebug: ['concat'] }, { LOCKDOWN_OVERRIDE_DEBUG: 'push' }).overrideDebug, [
    'concat',
  ]);
  assert.deepEqual(resolveLockdownOptions({ overrideDebug: [] }, { LOCKDOWN_OVERRIDE_DEBUG: 'push' }).overrideDebug, []);
});

test('an invalid variable value is a TypeError naming the variable, the value and the allowed values', () => {
  for (const [option, allowed] of choiceOptions) {
    const variable = expectedVariables[option]!;
    assert.throws(
      () => resolveLockdownOptions({}, { [variable]: 'Loud' }),
      (error: unknown) => {
        assert.ok(error instanceof TypeError, `${variable}: not a TypeError`);
        assert.match(error.message, new RegExp(`environment variable ${variable}\\b`));
        assert.match(error.message, /"Loud"/);
        for (const value of allowed) assert.ok(error.message.includes(JSON.stringify(value)), `${variable} lists ${value}`);
        return true;
      },
    );
  }
});

test('values are exact: case and spacing matter', () => {
  assert.throws(() => resolveLockdownOptions({}, { LOCKDOWN_ERROR_TAMING: 'UNSAFE' }), TypeError);
  assert.throws(() => resolveLockdownOptions({}, { LOCKDOWN_ERROR_TAMING: ' unsafe' }), TypeError);
});

test('an invalid explicit option is refused even when its variable is valid, naming the option', () => {
  assert.throws(
    () => resolveLockdownOptions({ errorTaming: 'loud' as 'safe' }, { LOCKDOWN_ERROR_TAMING: 'unsafe' }),
    (error: unknown) => error instanceof TypeError && /option errorTaming/.test(error.message) && !/environment/.test(error.message),
  );
});

test('an empty variable counts as unset', () => {
  assert.equal(resolveLockdownOptions({}, { LOCKDOWN_ERROR_TAMING: '' }).errorTaming, 'safe');
  assert.deepEqual(resolveLockdownOptions({}, { LOCKDOWN_OVERRIDE_DEBUG: '' }).overrideDebug, []);
});

test('the camel-case evalTaming spellings are accepted from the environment too', () => {
  assert.equal(resolveLockdownOptions({}, { LOCKDOWN_EVAL_TAMING: 'noEval' }).evalTaming, 'no-eval');
  assert.equal(resolveLockdownOptions({}, { LOCKDOWN_EVAL_TAMING: 'unsafeEval' }).evalTaming, 'unsafe-eval');
  assert.equal(resolveLockdownOptions({ evalTaming: 'safeEval' as 'safe-eval' }, {}).evalTaming, 'safe-eval');
});

test('the deprecated dateTaming and mathTaming warn through the given callback and are not resolved', () => {
  const warnings: string[] = [];
  const resolved = resolveLockdownOptions({ dateTaming: 'safe', mathTaming: 'unsafe' }, {}, message => warnings.push(message));
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!, /'dateTaming' option is deprecated/);
  assert.match(warnings[1]!, /'mathTaming' option is deprecated/);
  assert.equal('dateTaming' in resolved, false);
});

test('variables that are not LOCKDOWN_* options are ignored', () => {
  assert.doesNotThrow(() => resolveLockdownOptions({}, { LOCKDOWN_BOGUS: 'x', LOCKDOWN_REG_EXP_TAMING: 'x' }));
});
