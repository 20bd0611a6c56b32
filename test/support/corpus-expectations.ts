// What the corpus (test/fixtures/corpus) is expected to do in compartments:
// the programs that print what they print under plain node, and the ones
// that do not yet, each with its cause. corpus.test.ts (importLocation and
// archives) and corpus-lavamoat.test.ts (endo run under generated
// policies, beside LavaMoat) both hold the corpus to these lists.

export const agreeing: readonly string[] = [
  'ajv.cjs', 'async.cjs', 'axios.mjs', 'big.js.mjs', 'chalk.mjs', 'classnames.cjs', 'commander.cjs', 'cookie.cjs',
  'date-fns.mjs', 'dayjs.cjs', 'debug.cjs', 'decimal.js.mjs', 'deepmerge.cjs', 'dotenv.cjs',
  'escape-string-regexp.mjs', 'fast-deep-equal.cjs', 'he.cjs', 'immer.mjs', 'joi.cjs', 'js-yaml.mjs',
  'kleur.mjs', 'lru-cache.mjs', 'marked.mjs', 'mime.mjs', 'minimist.cjs', 'moment.cjs', 'ms.cjs',
  'mustache.mjs', 'p-limit.mjs', 'picocolors.cjs', 'qs.cjs', 'rxjs.mjs', 'semver.cjs', 'validator.cjs',
  'ws.mjs', 'yaml.mjs', 'zod.mjs', 'luxon.mjs', 'nanoid.mjs', 'uuid.mjs', 'yargs.mjs', 'handlebars.cjs', 'express.cjs',
];

export const notYet: Readonly<Record<string, string>> = {
  // bluebird's errors.js defines __BluebirdErrorTypes__ on the shared, frozen Error constructor (a write to a built-in: a shim's job).
  'bluebird.cjs': 'writes to a frozen built-in',
  // ejs reads the global object with (new Function('return this;'))(): compartment code is strict, so `this` is undefined.
  'ejs.mjs': 'sloppy-mode global this',
  // lodash's and lodash-es' template() compiles `with (obj) {...}` through Function: compartments evaluate strict code only.
  'lodash-es.mjs': '`with` in template (strict mode)',
  'lodash.cjs': '`with` in template (strict mode)',
  // underscore's template compiles `with (obj) {...}` through new Function: compartments evaluate strict code only.
  'underscore.cjs': '`with` in template (strict mode)',
};
