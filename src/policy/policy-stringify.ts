// Policy files written byte for byte as LavaMoat writes them, so that a
// project moving between LavaMoat and Endo sees no churn in review diffs.
// LavaMoat indents by two spaces, sorts every object's keys, and sorts a
// canonical name (`a>b>c`) by its path read backwards (`c<b<a`), which puts a
// package's nested copies next to each other. Its empty objects and arrays
// are written across two lines (`{` newline `}`), unlike JSON.stringify.

const INDENT = '  ';

/** The text a key sorts by: a `>` path reversed and joined with `<`. */
const sortTextOf = (key: string): string => (key.includes('>') ? key.split('>').reverse().join('<') : key);

/**
 * LavaMoat's key order. It never calls two different keys equal, even when
 * their sort texts match; this comparator keeps that, so that the same sort
 * over the same key list gives the same order.
 */
const compareKeys = (left: string, right: string): number => {
  if (left === right) return 0;
  return sortTextOf(left) < sortTextOf(right) ? -1 : 1;
};

/** A value's own `toJSON`, honoured as JSON.stringify honours it. */
const toJsonValue = (value: unknown): unknown => {
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return toJSON.call(value);
  }
  return value;
};

/**
 * One value as text at a nesting depth; undefined for what JSON leaves out
 * (undefined, functions, symbols).
 */
const writeValue = (input: unknown, depth: number, open: Set<object>): string | undefined => {
  const value = toJsonValue(input);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const closing = `\n${INDENT.repeat(depth)}`;
  const itemIndent = `\n${INDENT.repeat(depth + 1)}`;
  if (Array.isArray(value)) {
    // A for loop, not map: holes in a sparse array are written as null.
    const items: string[] = [];
    for (let index = 0; index < value.length; index += 1) {
      items.push(itemIndent + (writeValue(value[index], depth + 1, open) ?? 'null'));
    }
    return `[${items.join(',')}${closing}]`;
  }
  if (open.has(value)) throw new TypeError('Converting circular structure to JSON');
  open.add(value);
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort(compareKeys)) {
    const text = writeValue(record[key], depth + 1, open);
    if (text !== undefined) members.push(`${itemIndent}${JSON.stringify(key)}: ${text}`);
  }
  open.delete(value);
  return `{${members.join(',')}${closing}}`;
};

/**
 * The text of a policy as LavaMoat's `jsonStringifySortedPolicy` writes it
 * (no trailing newline).
 */
export const stringifyPolicy = (policy: object): string => {
  const text = writeValue(policy, 0, new Set());
  if (text === undefined) throw new TypeError('Failed to stringify policy');
  return text;
};
