// Text edits of a parsed source: each replaces a range, or inserts at an
// offset, and all are applied in one pass. Edits never add line breaks, so
// the result keeps the source's line numbers.

export interface Edit {
  start: number;
  end: number;
  text: string;
  /**
   * Orders edits at the same offset: closers of what ends there first
   * (innermost first), then openers of what starts there (outermost first),
   * then the replacement of the node that starts there.
   */
  rank: number;
}

const REPLACEMENT_RANK = Number.MAX_SAFE_INTEGER;

/** Replaces the text of `node` (any range) with `text`. */
export const replacement = (node: { start: number; end: number }, text: string): Edit => ({
  start: node.start,
  end: node.end,
  text,
  rank: REPLACEMENT_RANK,
});

/** Inserts `open` before and `close` after the range [start, end). */
export const wrapping = (start: number, end: number, open: string, close: string): Edit[] => [
  { start, end: start, text: open, rank: 2 ** 40 - (end - start) },
  { start: end, end, text: close, rank: end - start },
];

/** The source with the edits applied (which must not overlap but by nesting insertions). */
export const applyEdits = (source: string, edits: Edit[]): string => {
  if (edits.length === 0) return source;
  edits.sort((a, b) => a.start - b.start || a.rank - b.rank);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
};
