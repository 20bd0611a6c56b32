// The smallcaps format's string prefixes: a string whose first character
// is one of !"#$%&'()*+,- (codes 33 to 45) is special. `!` escapes a plain
// string, `#` names a constant, `+`/`-` a bigint, `%` a symbol, `$` a
// remotable, `&` a promise; the rest are reserved.

const BANG = 33;
const DASH = 45;

/** Whether the first character of `text` is a smallcaps prefix. */
export const startsSpecial = (text: string): boolean => {
  const code = text.charCodeAt(0); // NaN for '', which compares false
  return code >= BANG && code <= DASH;
};

/** The smallcaps encoding of a plain string. */
export const escapeString = (text: string): string => (startsSpecial(text) ? `!${text}` : text);
