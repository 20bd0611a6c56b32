// Logging of what a CapTP peer can make us log, bounded. The peer chooses
// error messages (a method name it calls, a reason it rejects with), how
// many errors an AggregateError holds, and how often we fail; logged
// whole, an 8 MB method name logs 8 MB and a flood of calls to missing
// methods logs one error each. So, per CapTP connection:
// - a value is logged as the original logs it when it is small (so the
//   console output of ordinary errors is the original's), and otherwise as
//   a one-line summary with its strings shortened and the full sizes noted;
//   deciding which is a walk with an explicit stack and a node budget,
//   never recursion on the peer's data;
// - each kind of report (exception or sent error, by error name) has a
//   token bucket: a burst of reports, then one a second; the ones over it
//   are counted, and the count is logged at 10, 100, 1000, ... and before
//   the next one that is logged.

const { getOwnPropertyDescriptor } = Object;
const { ownKeys } = Reflect;

/** The longest string logged whole, in UTF-16 code units. */
export const DEFAULT_MAX_LOGGED_CHARS = 1000;
/** Reports of one kind logged in a burst before rate limiting starts. */
export const DEFAULT_LOG_BURST = 10;
/** Reports of one kind logged per second once the burst is spent. */
export const DEFAULT_LOGS_PER_SECOND = 1;

/** An object with more own properties than this is not logged whole. */
const MAX_LOGGED_KEYS = 100;
/** The walk that decides whether a value is small stops after this many objects. */
const MAX_WALKED_OBJECTS = 200;
/** Nor does it go deeper than this. */
const MAX_WALKED_DEPTH = 8;

/**
 * `text` if it has at most `maxChars` characters, else its start and a
 * note of its full length (never cutting a surrogate pair in two).
 */
export const truncateForLog = (text: string, maxChars: number = DEFAULT_MAX_LOGGED_CHARS): string => {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… (truncated: ${text.length} characters in all)`;
};

/** An own data property's value, without running a getter or a proxy's get trap. */
const ownDataValue = (object: object, key: PropertyKey): unknown => {
  const descriptor = getOwnPropertyDescriptor(object, key);
  return descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
};

/**
 * Whether `value` is small enough to hand to the console as it is: no
 * string longer than maxChars, no object with more than MAX_LOGGED_KEYS own
 * properties, at most MAX_WALKED_OBJECTS objects within MAX_WALKED_DEPTH.
 * Errors are walked through their own properties (message, cause, errors).
 */
const isSmallEnoughToLog = (root: unknown, maxChars: number): boolean => {
  const stack: [unknown, number][] = [[root, 0]];
  const seen = new Set<object>();
  try {
    while (stack.length > 0) {
      const [value, depth] = stack.pop()!;
      if (typeof value === 'string') {
        if (value.length > maxChars) return false;
        continue;
      }
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
      if (seen.has(value)) continue;
      seen.add(value);
      if (seen.size > MAX_WALKED_OBJECTS || depth > MAX_WALKED_DEPTH) return false;
      const keys = ownKeys(value);
      if (keys.length > MAX_LOGGED_KEYS) return false;
      for (const key of keys) {
        if (typeof key === 'string' && key.length > maxChars) return false;
        // The stack repeats the message; the console prints it in its own bounded way.
        if (key === 'stack' && value instanceof Error) continue;
        stack.push([ownDataValue(value, key), depth + 1]);
      }
    }
  } catch {
    // A proxy that throws is not worth a second attempt.
    return false;
  }
  return true;
};

const KNOWN_ERROR_NAMES = new Set([
  'Error',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'AggregateError',
]);

/** A name for the kind of `value` that the peer cannot vary without bound. */
const kindOf = (value: unknown): string => {
  if (value instanceof Error) {
    const name = ownDataValue(value, 'name') ?? value.name;
    return typeof name === 'string' && KNOWN_ERROR_NAMES.has(name) ? name : 'Error';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
};

/** A one-line description of a value too large to log whole. */
const summarize = (value: unknown, maxChars: number): string => {
  if (typeof value === 'string') return truncateForLog(value, maxChars);
  if (value instanceof Error) {
    const message = ownDataValue(value, 'message');
    const text = typeof message === 'string' ? message : '';
    const errors = ownDataValue(value, 'errors');
    const cause = ownDataValue(value, 'cause');
    const extras: string[] = [];
    if (Array.isArray(errors)) extras.push(`${errors.length} nested errors`);
    if (cause !== undefined) extras.push(`a cause (${kindOf(cause)})`);
    const withExtras = extras.length > 0 ? ` [with ${extras.join(' and ')}, not logged]` : '';
    return `${kindOf(value)}: ${truncateForLog(text, maxChars)}${withExtras} (too large to log whole)`;
  }
  if (Array.isArray(value)) return `(an array of ${value.length} elements, too large to log whole)`;
  return `(${kindOf(value) === 'function' ? 'a function' : 'an object'} too large to log whole)`;
};

/** `value` as it is if it is small, else its summary. */
export const loggableValue = (value: unknown, maxChars: number = DEFAULT_MAX_LOGGED_CHARS): unknown =>
  isSmallEnoughToLog(value, maxChars) ? value : summarize(value, maxChars);

export type PeerErrorLogOptions = {
  /** Where reports go (default: the global console, looked up when each is logged). */
  console?: Pick<Console, 'log' | 'error'>;
  maxChars?: number;
  burst?: number;
  perSecond?: number;
  /** Milliseconds, for tests (default Date.now). */
  now?: () => number;
};

export type PeerErrorLog = {
  /** CapTP's default onReject: `CapTP <id> exception: <reason>`, bounded. */
  reportException: (reason: unknown) => void;
  /** The marshal's marshalSaveError: `Temporary logging of sent error <error>`, bounded. */
  saveSentError: (error: Error) => void;
};

type Bucket = { tokens: number; refilledAt: number; suppressed: number; nextMilestone: number };

/** The bounded log of one CapTP connection named `ourId`. */
export const makePeerErrorLog = (ourId: string, options: PeerErrorLogOptions = {}): PeerErrorLog => {
  const {
    maxChars = DEFAULT_MAX_LOGGED_CHARS,
    burst = DEFAULT_LOG_BURST,
    perSecond = DEFAULT_LOGS_PER_SECOND,
    now = Date.now,
  } = options;
  const out = (): Pick<Console, 'log' | 'error'> => options.console ?? console;
  // Keys are a fixed few (two report kinds times the known error names and typeofs).
  const buckets = new Map<string, Bucket>();

  /** Whether a report of kind `key` may be logged now; counts it if not. */
  const mayLog = (key: string, tellSuppressed: (count: number, soFar: boolean) => void): boolean => {
    const time = now();
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: burst, refilledAt: time, suppressed: 0, nextMilestone: 10 };
      buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((time - bucket.refilledAt) / 1000) * perSecond);
    bucket.refilledAt = time;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (bucket.suppressed > 0) tellSuppressed(bucket.suppressed, false);
      bucket.suppressed = 0;
      bucket.nextMilestone = 10;
      return true;
    }
    bucket.suppressed += 1;
    if (bucket.suppressed >= bucket.nextMilestone) {
      tellSuppressed(bucket.suppressed, true);
      bucket.nextMilestone *= 10;
    }
    return false;
  };

  const reportException = (reason: unknown): void => {
    const kind = kindOf(reason);
    const tell = (count: number, soFar: boolean): void =>
      out().error('CapTP', ourId, `${count} more exceptions like this (${kind}) ${soFar ? 'not logged so far' : 'were not logged'}`);
    if (!mayLog(`exception ${kind}`, tell)) return;
    out().error('CapTP', ourId, 'exception:', loggableValue(reason, maxChars));
  };

  const saveSentError = (error: Error): void => {
    const kind = kindOf(error);
    const tell = (count: number, soFar: boolean): void =>
      out().log(`CapTP ${ourId}: ${count} more sent errors like this (${kind}) ${soFar ? 'not logged so far' : 'were not logged'}`);
    if (!mayLog(`sent ${kind}`, tell)) return;
    out().log('Temporary logging of sent error', loggableValue(error, maxChars));
  };

  return { reportException, saveSentError };
};
