// makeMessageBreakpointTester(optionName), as @endo/eventual-send/utils.js
// has it: a debugging aid that says when a message delivered to (or sent
// by) an object should stop in the debugger. The breakpoints come from the
// environment variable `optionName` (ENDO_DELIVERY_BREAKPOINTS,
// ENDO_SEND_BREAKPOINTS), as JSON:
//
//   { "<tag>": { "<method name>": "*" | <count> } }
//
// where the tag is an object's toStringTag without its `Alleged: ` or
// `DebugName: ` prefix, and "*" stands for any tag or any method. "*" (or
// a count of 0) breaks on every matching message; a count n lets n
// matching messages go by, then breaks on each one after.
//
// Without the variable there is no tester: undefined.
//
// Unlike the original, a recipient without a string tag (a plain object,
// undefined, a number) matches only "*" tags instead of throwing a
// TypeError: switching breakpoints on must not change what a program does.

import { entries, freeze, hostEnvironment, isArray, objectHasOwn } from '../ses/commons.js';
import { Fail, q } from '../ses/errors/index.js';

type Count = '*' | number;
type Breakpoints = Record<string, Record<string, Count>>;

export interface MessageBreakpointTester {
  getBreakpoints(): unknown;
  setBreakpoints(breakpoints?: unknown): void;
  shouldBreakpoint(recipient: any, methodName: PropertyKey | undefined | null): boolean;
}

const TAG_PREFIXES = ['Alleged: ', 'DebugName: '];

/** The tag without the prefix Far and friends put before the name. */
const plainTag = (tag: string): string => {
  for (const prefix of TAG_PREFIXES) if (tag.startsWith(prefix)) return tag.slice(prefix.length);
  return tag;
};

/** The recipient's tag as breakpoints name it, if it has a string tag. */
const tagOf = (recipient: any): string | undefined => {
  if (recipient === undefined || recipient === null) return undefined;
  const tag = recipient[Symbol.toStringTag];
  return typeof tag === 'string' ? plainTag(tag) : undefined;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !isArray(value);

export const makeMessageBreakpointTester = (optionName: string): MessageBreakpointTester | undefined => {
  let breakpoints: unknown = JSON.parse(hostEnvironment()[optionName] ?? 'null');
  if (breakpoints === null) return undefined;

  // By method name, then by tag: the counts, which shouldBreakpoint counts down.
  let byMethod: Record<string, Record<string, Count>> = Object.create(null);

  const setBreakpoints = (newBreakpoints: unknown = breakpoints): void => {
    isRecord(newBreakpoints) || Fail`Expected ${q(optionName)} option to be a JSON breakpoints record`;
    const table: Record<string, Record<string, Count>> = Object.create(null);
    for (const [tag, methods] of entries(newBreakpoints as Breakpoints)) {
      tag === plainTag(tag) || Fail`Just use simple tag ${q(plainTag(tag))} rather than ${q(tag)}`;
      isRecord(methods) || Fail`Expected ${q(optionName)} option's ${q(tag)} to be a JSON methods breakpoints record`;
      for (const [methodName, count] of entries(methods)) {
        const valid = count === '*' || (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0);
        valid || Fail`Expected ${q(optionName)} option's ${q(tag)}.${q(methodName)} to be "*" or a non-negative integer`;
        if (!objectHasOwn(table, methodName)) table[methodName] = Object.create(null);
        table[methodName][tag] = count;
      }
    }
    breakpoints = newBreakpoints;
    byMethod = table;
  };

  const shouldBreakpoint = (recipient: any, methodName: PropertyKey | undefined | null): boolean => {
    if (methodName === undefined || methodName === null) return false;
    const byTag = byMethod[methodName as string] ?? byMethod['*'];
    if (byTag === undefined) return false;
    let tag = tagOf(recipient);
    if (tag === undefined || byTag[tag] === undefined) tag = '*';
    const count = byTag[tag];
    if (count === undefined) return false;
    if (count === '*' || count === 0) return true;
    byTag[tag] = count - 1; // let this one go by
    return false;
  };

  const tester = freeze({
    getBreakpoints: freeze(() => breakpoints),
    setBreakpoints: freeze(setBreakpoints),
    shouldBreakpoint: freeze(shouldBreakpoint),
  });
  tester.setBreakpoints();
  return tester;
};
freeze(makeMessageBreakpointTester);
