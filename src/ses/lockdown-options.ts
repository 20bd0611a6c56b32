// The options of lockdown(): their allowed values (default first) and the
// environment variable each falls back to. Kept as data so that validation,
// defaults and error messages all come from one table.

export const lockdownOptionValues = {
  errorTaming: ['safe', 'unsafe', 'unsafe-debug'],
  errorTrapping: ['platform', 'exit', 'abort', 'report', 'none'],
  unhandledRejectionTrapping: ['report', 'none'],
  reporting: ['platform', 'console', 'none'],
  regExpTaming: ['safe', 'unsafe'],
  localeTaming: ['safe', 'unsafe'],
  consoleTaming: ['safe', 'unsafe'],
  evalTaming: ['safe-eval', 'unsafe-eval', 'no-eval'],
  stackFiltering: ['concise', 'omit-frames', 'shorten-paths', 'verbose'],
  overrideTaming: ['moderate', 'min', 'severe'],
  domainTaming: ['safe', 'unsafe'],
  legacyRegeneratorRuntimeTaming: ['safe', 'unsafe-ignore'],
  __hardenTaming__: ['safe', 'unsafe'],
} as const;

type ChoiceOptionName = keyof typeof lockdownOptionValues;

export type LockdownOptions = {
  -readonly [K in ChoiceOptionName]?: (typeof lockdownOptionValues)[K][number];
} & {
  /** Property names whose overriding is reported. */
  overrideDebug?: string[];
  /** Deprecated; accepted and ignored with a warning, as by the original. */
  dateTaming?: unknown;
  mathTaming?: unknown;
};

export type ResolvedLockdownOptions = Required<Omit<LockdownOptions, 'dateTaming' | 'mathTaming'>>;

/** Old camel-case spellings of evalTaming values that the original also accepts. */
const evalTamingAliases: Record<string, string> = {
  safeEval: 'safe-eval',
  unsafeEval: 'unsafe-eval',
  noEval: 'no-eval',
};

/**
 * The environment variable each option falls back to, spelled out rather
 * than derived from the option name: the spellings are the original's
 * (regExpTaming -> LOCKDOWN_REGEXP_TAMING, __hardenTaming__ ->
 * LOCKDOWN_HARDEN_TAMING), which no simple case conversion gives
 * (one made LOCKDOWN_REG_EXP_TAMING, so that variable was ignored).
 */
export const lockdownEnvironmentVariables = {
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
} as const satisfies Record<ChoiceOptionName | 'overrideDebug', string>;

/** The environment variable that `option` falls back to. */
export const environmentVariableFor = (option: keyof typeof lockdownEnvironmentVariables): string =>
  lockdownEnvironmentVariables[option];

const quoteList = (values: readonly string[]) => values.map(v => JSON.stringify(v)).join(', ');

const describeValue = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : typeof value === 'symbol' ? String(value) : `${typeof value} ${String(value)}`;

/**
 * Validates `options` and fills in each absent option from its environment
 * variable, else its default. Throws a TypeError naming any unknown option or
 * value and what is allowed instead.
 */
export const resolveLockdownOptions = (
  options: LockdownOptions = {},
  env: Record<string, string | undefined> = {},
  warn: (message: string) => void = () => {},
): ResolvedLockdownOptions => {
  if (typeof options !== 'object' || options === null) {
    throw TypeError(`lockdown(): options must be an object, got ${describeValue(options)}`);
  }
  const known = new Set<PropertyKey>([...Object.keys(lockdownOptionValues), 'overrideDebug', 'dateTaming', 'mathTaming']);
  const unknown = Reflect.ownKeys(options).filter(key => !known.has(key));
  if (unknown.length > 0) {
    throw TypeError(
      `lockdown(): unknown option ${unknown.map(k => describeValue(k)).join(', ')}; the options are ${quoteList([...known].map(String))}`,
    );
  }
  for (const deprecated of ['dateTaming', 'mathTaming'] as const) {
    if (options[deprecated] !== undefined) {
      warn(`SES The '${deprecated}' option is deprecated and does nothing. In the future specifying it will be an error.`);
    }
  }

  const resolved: Record<string, unknown> = {};
  for (const [name, allowed] of Object.entries(lockdownOptionValues) as [ChoiceOptionName, readonly string[]][]) {
    const variable = environmentVariableFor(name);
    let value: unknown = options[name];
    let source = `option ${name}`;
    // An empty variable counts as unset (`LOCKDOWN_X= node app` clears a
    // setting); the original would refuse '' as a value.
    if (value === undefined && env[variable] !== undefined && env[variable] !== '') {
      value = env[variable];
      source = `environment variable ${variable}`;
    }
    if (value === undefined) {
      value = allowed[0];
    }
    if (name === 'evalTaming' && typeof value === 'string' && value in evalTamingAliases) {
      value = evalTamingAliases[value];
    }
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw TypeError(`lockdown(): ${source} has unknown value ${describeValue(value)}; allowed values are ${quoteList(allowed)}`);
    }
    resolved[name] = value;
  }

  let overrideDebug: unknown = options.overrideDebug;
  if (overrideDebug === undefined) {
    const fromEnv = env[environmentVariableFor('overrideDebug')];
    overrideDebug = fromEnv ? fromEnv.split(',').filter(name => name !== '') : [];
  }
  if (!Array.isArray(overrideDebug) || !overrideDebug.every(name => typeof name === 'string')) {
    throw TypeError(`lockdown(): option overrideDebug must be an array of property names, got ${describeValue(overrideDebug)}`);
  }
  resolved.overrideDebug = [...overrideDebug];
  return resolved as ResolvedLockdownOptions;
};
