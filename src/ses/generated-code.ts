// Code that the rewriters generate, built so that the place of every
// internal name in it is known: each piece is a Fragment, its text with the
// offsets at which internal names (internal-names.ts) start. The final text
// is a GeneratedCode, the only thing the evaluator compiles; before it does,
// verify-generated-code.ts parses it again as V8 will and checks that the
// identifiers with the internal prefix are exactly these.
//
// Edits of a parsed source replace ranges or insert at offsets, and are
// applied in one pass. They must not overlap, and no two may insert at one
// offset (their order would be a guess): applyEdits refuses both, so that a
// wrong offset cannot silently put text out of order. Edits never add line
// breaks, so the result keeps the source's line numbers.

import { freeze } from './commons.js';
import { isInternalName } from './internal-names.js';

export interface Fragment {
  readonly text: string;
  /** Offsets in `text` where an internal name starts. */
  readonly internals: readonly number[];
}

const NO_INTERNALS: readonly number[] = freeze([]);

const IDENTIFIER_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

/** Whether `name` may stand in generated code as an identifier (or after a `.`), as written. */
export const isIdentifierName = (name: string): boolean => IDENTIFIER_NAME.test(name);

/** A fragment that spells one internal name. */
export const internal = (name: string): Fragment => {
  if (!isInternalName(name)) throw TypeError(`Internal: ${name} is not an internal name`);
  return { text: name, internals: [0] };
};

/**
 * A template tag that assembles fragments: interpolated strings are taken as
 * they are (they must hold no internal name), fragments keep the places of
 * their internal names.
 */
export const code = (strings: TemplateStringsArray, ...parts: (string | Fragment)[]): Fragment => {
  let text = strings[0];
  let internals: number[] | undefined;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i];
    if (typeof part === 'string') {
      text += part;
    } else {
      for (const at of part.internals) (internals ??= []).push(text.length + at);
      text += part.text;
    }
    text += strings[i + 1];
  }
  return { text, internals: internals ?? NO_INTERNALS };
};

/** The fragments one after the other, `separator` between them. */
export const joinFragments = (fragments: readonly Fragment[], separator: string): Fragment => {
  let text = '';
  const internals: number[] = [];
  for (let i = 0; i < fragments.length; i += 1) {
    if (i > 0) text += separator;
    for (const at of fragments[i].internals) internals.push(text.length + at);
    text += fragments[i].text;
  }
  return { text, internals };
};

export interface Edit {
  start: number;
  end: number;
  fragment: Fragment;
}

const asFragment = (text: string | Fragment): Fragment => (typeof text === 'string' ? { text, internals: NO_INTERNALS } : text);

/** Replaces the text of the range (a node, or any range) with `text`. */
export const replacement = (range: { start: number; end: number }, text: string | Fragment): Edit => ({
  start: range.start,
  end: range.end,
  fragment: asFragment(text),
});

/** Inserts `text` at `offset`. */
export const insertion = (offset: number, text: string | Fragment): Edit => ({ start: offset, end: offset, fragment: asFragment(text) });

/**
 * The source with the edits applied. Throws when two edits overlap or two
 * insert at one offset; an insertion at the start of a replaced range goes
 * before the replacement.
 */
export const applyEdits = (source: string, edits: Edit[]): Fragment => {
  if (edits.length === 0) return { text: source, internals: NO_INTERNALS };
  edits.sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  let text = '';
  const internals: number[] = [];
  let at = 0;
  let previous: Edit | undefined;
  for (const edit of edits) {
    if (edit.start > edit.end || edit.end > source.length) {
      throw RangeError(`Internal: an edit of the range ${edit.start}..${edit.end} does not fit a source of length ${source.length}`);
    }
    if (edit.start < at) throw RangeError(`Internal: overlapping edits at offset ${edit.start} of the source`);
    if (previous !== undefined && previous.start === edit.start && previous.end === previous.start && edit.end === edit.start) {
      throw RangeError(`Internal: two insertions at offset ${edit.start} of the source`);
    }
    text += source.slice(at, edit.start);
    for (const offset of edit.fragment.internals) internals.push(text.length + offset);
    text += edit.fragment.text;
    at = edit.end;
    previous = edit;
  }
  return { text: text + source.slice(at), internals };
};

/**
 * Rewritten code, ready to be verified and compiled: the evaluator compiles
 * nothing else. Only the rewriters make one (no package entry point exports
 * this class), and the brand cannot be forged: a proxy or a copy lacks it.
 */
export class GeneratedCode {
  /** Set once the code has passed verify-generated-code.ts (private fields stay writable in a frozen object). */
  #verified = false;
  readonly text: string;
  readonly internals: readonly number[];
  /** Where the source came from, for messages. */
  readonly location: string;
  constructor(fragment: Fragment, location: string) {
    this.text = fragment.text;
    this.internals = freeze([...fragment.internals].sort((a, b) => a - b));
    this.location = location;
    freeze(this);
  }
  /**
   * The text of `code`, once `verify` has accepted it (the first time only).
   * Throws a TypeError for anything that is not a GeneratedCode.
   */
  static verifiedText(code: GeneratedCode, verify: (code: GeneratedCode) => void): string {
    if (!(typeof code === 'object' && code !== null && #verified in code)) throw TypeError('Internal: only generated code is evaluated');
    if (!code.#verified) {
      verify(code);
      code.#verified = true;
    }
    return code.text;
  }
}
freeze(GeneratedCode.prototype);
freeze(GeneratedCode);
