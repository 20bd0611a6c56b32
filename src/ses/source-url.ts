// The name a source gives itself in a `//# sourceURL=name` or
// `/*# sourceURL=name */` comment, found as ses finds it for its
// rejection messages: among the key=value comments that end the text
// (nothing but whitespace after them); the first sourceURL of that run wins.

const trailingMetaComment = /(?:\s*\/\/\s*[@#]\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*([^\s*]*)|\/\*\s*[@#]\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*([^\s*]*)\s*\*\/)\s*$/;

export const trailingSourceUrl = (text: string): string => {
  let name = '<unknown>';
  let rest = text;
  for (;;) {
    const match = trailingMetaComment.exec(rest);
    if (match === null || match[0].length === 0) return name;
    rest = rest.slice(0, rest.length - match[0].length);
    const [, lineKey, lineValue, blockKey, blockValue] = match;
    if (lineKey === 'sourceURL') name = lineValue;
    else if (blockKey === 'sourceURL') name = blockValue;
  }
};
