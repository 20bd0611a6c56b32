// The two token writers decodeToJustin prints with: the indenting one
// (a newline and two spaces per level before each element or property,
// a space between tokens except before ',' and ')'), and the compact one
// (no whitespace, except a space where two tokens would otherwise fuse:
// two identifier characters, '<<', '>>', '++', '--', and the HTML comment
// openers '<!' and '->'; a ',' right before a closing bracket is dropped).
// The spacing rules are @endo/marshal 1.10's, so the text is the same.

import { assert as assertions } from '../ses/errors/index.js';
import type { AssertionFunctions } from '../ses/errors/index.js';

// Typed so TypeScript treats assert(...) as an assertion.
const assert: AssertionFunctions = assertions;

export interface JustinWriter {
  /** Writes an opening bracket and goes one level deeper. */
  open(bracket: string): void;
  /** Starts a new line (the compact writer ignores this). */
  line(): void;
  /** Writes one token. */
  next(token: string): void;
  /** Goes one level up and writes a closing bracket. */
  close(bracket: string): void;
  /** The text written. */
  done(): string;
}

export const makeIndentingWriter = (): JustinWriter => {
  const pieces: string[] = [];
  let level = 0;
  let spaceBeforeNext = false;
  const line = (): void => {
    spaceBeforeNext = false;
    pieces.push('\n', '  '.repeat(level));
  };
  return {
    open(bracket) {
      level += 1;
      if (spaceBeforeNext) pieces.push(' ');
      spaceBeforeNext = false;
      pieces.push(bracket);
    },
    line,
    next(token) {
      if (spaceBeforeNext && token !== ',' && token !== ')') pieces.push(' ');
      spaceBeforeNext = true;
      pieces.push(token);
    },
    close(bracket) {
      assert(level >= 1);
      level -= 1;
      line();
      pieces.push(bracket);
    },
    done() {
      assert.equal(level, 0);
      return pieces.join('');
    },
  };
};

const FUSING_PAIR = /^(?:\w\w|<<|>>|\+\+|--|<!|->)$/;

export const makeCompactWriter = (): JustinWriter => {
  const pieces: string[] = [];
  return {
    open(bracket) {
      pieces.push(bracket);
    },
    line() {},
    next(token) {
      const last = pieces[pieces.length - 1];
      if (last !== undefined && last.length >= 1 && token.length >= 1) {
        if (FUSING_PAIR.test(last[last.length - 1]! + token[0]!)) pieces.push(' ');
      }
      pieces.push(token);
    },
    close(bracket) {
      if (pieces[pieces.length - 1] === ',') pieces.pop();
      pieces.push(bracket);
    },
    done() {
      return pieces.join('');
    },
  };
};
