// A location written after `//# sourceURL=` must stay on that comment's
// line: a line terminator in it would turn the rest into code. A location
// is kept only when it reads as a URL, in the URL's own serialization (which
// has no line terminators), as the original does; anything else gets no
// comment at all.

export const sanitizeSourceUrl = (sourceUrl: unknown): string | undefined => {
  if (typeof sourceUrl !== 'string') return undefined;
  try {
    return new URL(sourceUrl).href;
  } catch {
    return undefined;
  }
};
