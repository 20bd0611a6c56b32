// The keys under which an archive's compartment map lists the modules a
// compartment reaches, as @endo/compartment-mapper computes them, so that
// either implementation finds them: a relative specifier is joined to its
// referrer's module specifier ("./lib/a.js" + "../b" -> "./b"); any other
// specifier is its own key ("ms", "ms/sub", "#internal", "node:fs").

const isRelative = (specifier: string): boolean =>
  specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');

/**
 * The key of `specifier` written in the module `referrer` (a module
 * specifier, "./..."). A relative specifier that climbs above the
 * package's root keeps its leading "../" parts: no module of the package
 * is listed under such a key, so looking it up fails, as it should.
 */
export const archiveKeyOf = (specifier: string, referrer: string): string => {
  if (!isRelative(specifier)) return specifier;
  const parts = referrer.split('/');
  parts.pop(); // the referrer's own file name
  const solution: string[] = [];
  let climbs = 0;
  for (const part of [...parts, ...specifier.split('/')]) {
    if (part === '.' || part === '') continue;
    if (part === '..') {
      if (solution.length > 0) solution.pop();
      else climbs += 1;
    } else {
      solution.push(part);
    }
  }
  return climbs > 0 ? [...Array(climbs).fill('..'), ...solution].join('/') : ['.', ...solution].join('/');
};

/** The key an archive uses for what one kind of module gets, when a require and an import of the same specifier differ. */
export const kindKeyOf = (key: string, kind: 'cjs' | 'esm'): string => `${kind === 'cjs' ? 'require' : 'import'}:${key}`;
