// A source map (version 3) from a generated text to the source it was made
// from, where every line of the one is the same line of the other (the
// module program keeps line numbers: see sync-module-program.ts). Each
// generated line maps, from its first column, to the start of its source
// line: as precise as a stack trace's line number.

import { lineNumberAt } from '../ses/source-rejections.js';

export interface LineSourceMap {
  version: 3;
  sources: string[];
  sourcesContent: string[];
  names: string[];
  mappings: string;
}

// Base64 VLQ of the segment [0, 0, 0, 0] is "AAAA"; of [0, 0, +1, 0] it is
// "AACA": column 0, the one source, one line further, column 0.
const FIRST_LINE = 'AAAA';
const NEXT_LINE = 'AACA';

/** Lines after the last source line (the program's closing lines) map to nothing. */
export const lineSourceMap = (generated: string, source: string, sourceName: string): LineSourceMap => {
  const mapped = Math.min(lineNumberAt(generated, generated.length), lineNumberAt(source, source.length));
  const segments = [FIRST_LINE];
  for (let line = 2; line <= mapped; line += 1) segments.push(NEXT_LINE);
  return { version: 3, sources: [sourceName], sourcesContent: [source], names: [], mappings: segments.join(';') };
};
