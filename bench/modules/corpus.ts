// The corpus the modules suite measures on: the installed `lodash-es`
// package (about 640 small ES modules), its entry point, and its files'
// texts. Located through Node's resolver so that the dist/ layout does not
// matter.
import { readdirSync, readFileSync } from 'node:fs';

/** URL of the lodash-es package directory, with a trailing slash. */
export const corpusRoot = new URL('./', import.meta.resolve('lodash-es/package.json'));

/** URL of the module that imports the whole library. */
export const corpusEntry = new URL('lodash.js', corpusRoot);

/** Every .js file of the package, as `[url, text]`, read in one go (so that reading is never timed). */
export const readCorpus = (): [url: string, text: string][] =>
  readdirSync(corpusRoot)
    .filter(name => name.endsWith('.js'))
    .sort()
    .map(name => {
      const url = new URL(name, corpusRoot);
      return [url.href, readFileSync(url, 'utf8')];
    });
