// Where in a package's own code a refused power was asked for: the first
// frame of a V8 stack that is neither endo's own code (its dist/ folder)
// nor Node's internals, as "file:line:column" (the file relative to the
// project root when inside it). A policy refusal names it, so the reader
// goes straight to the line that asked.
//
// Lines are exact: the compartments' module wrappers keep the text's line
// breaks and name each module by its file URL (`//# sourceURL`). Columns are
// those of the text that ran, so they are exact only where nothing earlier
// on the line was rewritten: each free name before the point counts 11 more
// (ses's confine-script.ts spells `x` as `globalThis.x`), a CommonJS
// module's first line counts its wrapper's prefix, and an ES module's
// counts its rewritten import/export syntax.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StackFrame {
  /** The frame's file: a path for file: URLs and plain paths, else the URL as written (node:fs, https://...). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** endo's own compiled code: this file is dist/src/policy/violation-site.js. */
const ownCodeFolder = fileURLToPath(new URL('../../', import.meta.url));

// "    at name (location:line:column)" or "    at location:line:column".
// A frame of code evaluated without a name ("eval at f (...), <anonymous>:1:2")
// names no file and does not match.
const framePattern = /^\s*at (?:.*? \()?((?:file|node|https?|data):[^\s()]*|\/[^():]*|[A-Za-z]:\\[^():]*):(\d+):(\d+)\)?\s*$/;

/** The frames of a V8 stack string that name a file, innermost first. */
export const stackFrames = (stack: string): StackFrame[] => {
  const frames: StackFrame[] = [];
  for (const text of stack.split('\n')) {
    const match = framePattern.exec(text);
    if (match === null) continue;
    const [, location, line, column] = match;
    let file = location!;
    if (file.startsWith('file:')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    frames.push({ file, line: Number(line), column: Number(column) });
  }
  return frames;
};

const isOwnOrHostFrame = (frame: StackFrame): boolean =>
  frame.file.startsWith('node:') || frame.file.startsWith(ownCodeFolder);

/** The first frame of a stack that is the application's code (a package's or its own). */
export const callerFrame = (stack: string | undefined): StackFrame | undefined =>
  stack === undefined ? undefined : stackFrames(stack).find(frame => !isOwnOrHostFrame(frame));

/**
 * The caller's frame at this point: the first frame, outside endo and
 * Node, of the stack that leads here. The stack is taken deep, since
 * endo's loader frames can come before the package's.
 */
export const currentCallerFrame = (): StackFrame | undefined => {
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 100;
  } catch {
    // A realm that froze the limit keeps its own.
  }
  const { stack } = new Error('(where)');
  try {
    Error.stackTraceLimit = limit;
  } catch {
    // As above.
  }
  return callerFrame(stack);
};

/** A file (a path or a file: URL) as a path relative to `projectRoot` when inside it, else as it is. */
export const describeFile = (file: string, projectRoot: string = process.cwd()): string => {
  const filePath = file.startsWith('file:') ? fileURLToPath(file) : file;
  if (!path.isAbsolute(filePath)) return filePath;
  const relative = path.relative(projectRoot, filePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
};

/** A frame as "file:line:column", the file relative to `projectRoot` when inside it. */
export const describeFrame = (frame: StackFrame, projectRoot: string = process.cwd()): string =>
  `${describeFile(frame.file, projectRoot)}:${frame.line}:${frame.column}`;

/**
 * Whether `file` can be a file of the package whose canonical name is
 * `label` ("a>b"): inside a node_modules folder named for the label's last
 * dependency name. A refusal names a site only when it is, so that a stack
 * reaching the refusal through another package's call never blames that one.
 */
export const isFileOfPackage = (file: string, label: string): boolean => {
  const name = label.split('>').at(-1)!;
  const parts = file.split(/[\\/]/);
  const last = parts.lastIndexOf('node_modules');
  if (last === -1) return false;
  const owner = parts[last + 1]?.startsWith('@') ? `${parts[last + 1]}/${parts[last + 2]}` : parts[last + 1];
  return owner === name;
};
