// fast-check generators of LavaMoat policies for the differential tests.
// Names come from small pools so that generated pairs collide often: the
// same resource on both sides, a dotted path beside its ancestor, a `>`
// name beside its reversed look-alike, and names that Object.prototype has.

import fc from 'fast-check';

export const resourceNames = ['a', 'b', 'a>b', 'b>a', 'c>b>a', '$root$', 'constructor', 'toString'] as const;

const globalPaths = [
  'a',
  'a.b',
  'a.b.c',
  'a.c',
  'process',
  'process.env',
  'process.env.DEBUG',
  'console',
  'console.log',
  'fetch',
  'hasOwnProperty',
] as const;

const builtinPaths = ['fs', 'fs.readFile', 'fs.promises', 'fs.promises.readFile', 'path', 'path.join', 'node:fs'] as const;

const globalsArbitrary = fc.dictionary(fc.constantFrom(...globalPaths), fc.constantFrom(true, false, 'write', 'read'), {
  maxKeys: 6,
});

const builtinArbitrary = fc.dictionary(fc.constantFrom(...builtinPaths), fc.boolean(), { maxKeys: 5 });

const packagesArbitrary = fc.dictionary(fc.constantFrom(...resourceNames), fc.boolean(), { maxKeys: 3 });

const metaArbitrary = fc.dictionary(
  fc.constantFrom('origin', 'note'),
  fc.oneof(fc.string({ maxLength: 4 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 })),
  { maxKeys: 2 },
);

export const resourceArbitrary = fc.record(
  {
    globals: globalsArbitrary,
    builtin: builtinArbitrary,
    packages: packagesArbitrary,
    native: fc.boolean(),
    meta: metaArbitrary,
    env: fc.constant('unfrozen' as const),
  },
  { requiredKeys: [] },
);

const includeArbitrary = fc.array(
  fc.oneof(
    fc.constantFrom(...resourceNames),
    fc.record({ name: fc.constantFrom(...resourceNames), entry: fc.constantFrom('./index.js', './lib/x.js') }),
  ),
  { maxLength: 4 },
);

const resolutionsArbitrary = fc.dictionary(
  fc.constantFrom(...resourceNames),
  fc.dictionary(fc.constantFrom('./x', 'y'), fc.constantFrom('./a.js', './b.js'), { maxKeys: 2 }),
  { maxKeys: 2 },
);

export const policyArbitrary = fc.record(
  {
    resources: fc.dictionary(fc.constantFrom(...resourceNames), resourceArbitrary, { maxKeys: 4 }),
    resolutions: resolutionsArbitrary,
    root: fc.record({ usePolicy: fc.constantFrom(...resourceNames) }, { requiredKeys: [] }),
    include: includeArbitrary,
  },
  { requiredKeys: ['resources'] },
);

/** Keys that stress the sort: `>` paths, their `<` look-alikes, integer-like keys. */
const awkwardKey = fc.constantFrom('a>b', 'b<a', 'a', 'b', 'c>a', 'a>c', 'ä', '', '0', '10', '2', 'B', 'a>b>c', 'c<b<a');

/** JSON objects of any shape with awkward keys, for the stringify comparison. */
export const jsonObjectArbitrary = fc.dictionary(
  awkwardKey,
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.dictionary(awkwardKey, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 5 }),
    fc.constant({}),
    fc.constant([]),
  ),
  { maxKeys: 8 },
);
