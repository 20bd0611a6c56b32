// How the start compartment's view of a stack is trimmed, per lockdown's
// `stackFiltering` option: 'concise' and 'omit-frames' leave out the frames
// of infrastructure (Node internals, dependencies, the assertion machinery
// that built the error), 'concise' and 'shorten-paths' cut long path prefixes
// down to what a reader needs, 'verbose' shows every frame as V8 wrote it.
// The patterns are data, kept at the top; the functions below only apply
// them. Frames come either from V8 call sites or from parsing stack text (when
// V8's own formatting is left in place), and both are filtered the same way.

import { freeze } from './commons.js';
import { arrayFilter, arrayMap, regexpTest, stringSplit } from './errors/primordials.js';

export type StackFiltering = 'concise' | 'omit-frames' | 'shorten-paths' | 'verbose';

/** One frame, whatever it was read from. */
export interface StackFrame {
  /** The frame as V8 prints it after "at ", e.g. `foo (file:///a/b.js:3:7)`. */
  readonly text: string;
  /** `null` for a built-in (`Array.map (<anonymous>)`), `undefined` for eval'd code. */
  readonly fileName: string | null | undefined;
  readonly functionName: string | null | undefined;
}

// A frame whose file matches one of these is infrastructure, left out of
// 'concise' and 'omit-frames' stacks.
const infrastructureFilePatterns: readonly RegExp[] = freeze([
  // a dependency of the current package
  /\/node_modules\//,
  // Node itself: its internals, and its public modules (`node:events`,
  // `node:async_hooks`, ...), which the original ses still showed
  /^(?:node:)?internal\//,
  /^node:/,
  // the steps of building an error with assert: the original ses, and ours
  /\/packages\/ses\/src\/error\/assert\.js$/,
  /\/(?:dist\/)?src\/ses\/errors\/[\w-]+\.[jt]s$/,
  // the machinery of eventual send, between a message and its delivery
  /\/packages\/eventual-send\/src\//,
  /\/(?:dist\/)?src\/eventual-send\//,
  // the glue exposing error details to AVA
  /\/packages\/ses-ava\/src\/ses-ava-test\.js$/,
]);

// Functions whose names start with this asked to be left out of stacks.
const hiddenFunctionPrefix = '__HIDE_';

// Each pattern captures `before` (the text left of a path) and `kept` (the
// part of the path worth keeping); the first that matches shortens the frame
// to `before + kept`.
const pathShortenings: readonly RegExp[] = freeze([
  // `(/abs/.../src/x.js:1:2)` -> `(src/x.js:1:2)`: an elided path keeps its tail
  /^(?<before>(?:.*[( ])?)[\w:/-]*\/\.\.\.\/(?<kept>.+)$/,
  // `(.../src/x.js:1:2)` -> `(src/x.js:1:2)`
  /^(?<before>(?:.*[( ])?)\.\.\.\/(?<kept>.+)$/,
  // `(/home/me/repo/packages/a/x.js:1:2)` -> `(packages/a/x.js:1:2)`: monorepo convention
  /^(?<before>(?:.*[( ])?)[\w:/-]*\/(?<kept>packages\/.+)$/,
  // `(file://rel/x.js:1:2)` -> `(rel/x.js:1:2)`; `file:///abs` stays, being clickable
  /^(?<before>(?:.*[( ])?)file:\/\/(?<kept>[^/].*)$/,
]);

const frameLinePattern = /^\s+at (?<frame>.*)$/;
const locationSuffixPattern = /(?::\d+){1,2}$/;

/** Should this frame appear under 'concise' or 'omit-frames'? */
export const isFrameShown = (frame: StackFrame): boolean => {
  const { fileName, functionName } = frame;
  if (typeof functionName === 'string' && functionName.startsWith(hiddenFunctionPrefix)) return false;
  // Built-ins say nothing about the program; eval'd code (undefined) is the
  // program, e.g. code running in a compartment.
  if (fileName === null) return false;
  if (typeof fileName !== 'string') return true;
  for (const pattern of infrastructureFilePatterns) {
    if (regexpTest(pattern, fileName)) return false;
  }
  return true;
};

/** The frame text with a long path prefix cut, per `pathShortenings`. */
export const shortenFrameText = (text: string): string => {
  for (const pattern of pathShortenings) {
    const groups = pattern.exec(text)?.groups;
    if (groups) return `${groups.before}${groups.kept}`;
  }
  return text;
};

/**
 * Reads a frame's file and function out of V8's text for it, for stacks we
 * only have as text: `fn (file:1:2)`, `file:1:2`, `async fn (file:1:2)`,
 * `new C (file:1:2)`, `Array.map (<anonymous>)`, `eval (eval at f (file:1:2), <anonymous>:1:1)`.
 */
export const parseFrameText = (text: string): StackFrame => {
  let location = text;
  let functionName: string | null = null;
  if (text.endsWith(')')) {
    // The location is the last balanced parenthesized group.
    let depth = 0;
    let open = -1;
    for (let i = text.length - 1; i >= 0; i -= 1) {
      const c = text[i];
      if (c === ')') depth += 1;
      else if (c === '(') {
        depth -= 1;
        if (depth === 0) {
          open = i;
          break;
        }
      }
    }
    if (open > 0) {
      location = text.slice(open + 1, -1);
      functionName = text.slice(0, open).trim().replace(/^(?:async |new )/, '');
    }
  }
  let fileName: string | null | undefined;
  if (location === '<anonymous>' || location === 'native' || location === 'index 0') fileName = null;
  else if (location.startsWith('eval at ')) fileName = undefined;
  else fileName = location.replace(locationSuffixPattern, '');
  return freeze({ text, fileName, functionName });
};

/**
 * Splits V8 stack text into its header (`Name: message`, possibly over
 * several lines) and its frames.
 */
export const parseStackText = (stack: string): { header: string; frames: StackFrame[] } => {
  const lines = stringSplit(stack, '\n');
  const headerLines: string[] = [];
  const frames: StackFrame[] = [];
  for (const line of lines) {
    const groups = frameLinePattern.exec(line)?.groups;
    if (groups) frames.push(parseFrameText(groups.frame));
    else if (frames.length === 0) headerLines.push(line);
    // Text after the frames (rare) is dropped, as V8 never writes any.
  }
  return { header: headerLines.join('\n'), frames };
};

/**
 * Renders the frames that `stackFiltering` keeps, each as `\n  at <frame>`
 * (the shape of the original ses, which its console relies on).
 */
export const renderFrames = (frames: readonly StackFrame[], stackFiltering: StackFiltering): string => {
  const omitFrames = stackFiltering === 'concise' || stackFiltering === 'omit-frames';
  const shortenPaths = stackFiltering === 'concise' || stackFiltering === 'shorten-paths';
  const shown = omitFrames ? arrayFilter(frames, isFrameShown) : frames;
  return arrayMap(shown, frame => `\n  at ${shortenPaths ? shortenFrameText(frame.text) : frame.text}`).join('');
};

freeze(isFrameShown);
freeze(shortenFrameText);
freeze(parseFrameText);
freeze(parseStackText);
freeze(renderFrames);
