// Module specifiers inside a package, as the compartment map writes them:
// always relative ("./lib/x.js"), never escaping the package. `relativize`
// turns a package.json path ("lib/x.js", "./lib/../x.js") into that form, and
// `joinSpecifier` names a package's module from outside ("pkg" + "./x.js" is
// "pkg/x.js"). Both refuse a path that climbs above the package, because a
// package.json must not be able to point a compartment at files outside it.

const quote = JSON.stringify;

/** Collapses `.`, empty and `..` parts; undefined when `..` climbs past the start. */
const collapseParts = (parts: readonly string[]): string[] | undefined => {
  const kept: string[] = [];
  for (const part of parts) {
    if (part === '.' || part === '') continue;
    if (part === '..') {
      if (kept.length === 0) return undefined;
      kept.pop();
    } else {
      kept.push(part);
    }
  }
  return kept;
};

/** "lib/x.js" and "./lib/./x.js" become "./lib/x.js"; "" and "." become ".". */
export const relativize = (path: string): string => {
  const kept = collapseParts(path.split('/'));
  if (kept === undefined) {
    throw Error(`Module specifier ${quote(path)} must not traverse behind an empty path`);
  }
  return ['.', ...kept].join('/');
};

/** The specifier another package uses for `relativePath` of package `base`. */
export const joinSpecifier = (base: string, relativePath: string): string => {
  const parts = relativePath.split('/');
  if (parts.length > 1 && parts[0] === '') {
    throw Error(`Module specifier ${quote(relativePath)} must not start with "/"`);
  }
  if (parts[0] !== '.') {
    throw Error(`Internal module specifier ${quote(relativePath)} must be relative`);
  }
  const kept = collapseParts(parts);
  if (kept === undefined) {
    throw Error(
      `Module specifier ${quote(relativePath)} via base ${quote(base)} must not refer to a module outside of the base`,
    );
  }
  return [base, ...kept].join('/');
};

/** True for "." and "./..." specifiers, the ones that name a module of the same package. */
export const isRelativeSpecifier = (specifier: string): boolean =>
  specifier === '.' || specifier.startsWith('./');
