// The corpus program lodash-es.mjs without its template() call, which no
// compartment can run (template compiles `with`, refused in strict mode):
// the mapper benchmark times this copy. Same import of lodash-es.
import _, { camelCase, chunk, cloneDeep, debounce, get, groupBy, isEqual, merge, sortBy, uniqBy } from 'lodash-es';

const users = [
  { name: 'ann', age: 36, active: true },
  { name: 'bob', age: 40, active: false },
  { name: 'cid', age: 1, active: true },
];
const copy = cloneDeep(users);
console.log(JSON.stringify({
  chunk: chunk([1, 2, 3, 4, 5], 2),
  groupBy: groupBy(users, 'active'),
  sortBy: sortBy(users, ['age']).map(u => u.name),
  get: get({ a: [{ b: { c: 3 } }] }, 'a[0].b.c'),
  merge: merge({ a: { x: 1 } }, { a: { y: 2 } }),
  camel: camelCase('Foo Bar-baz'),
  uniqBy: uniqBy([2.1, 1.2, 2.3], Math.floor),
  clone: [isEqual(copy, users), copy !== users && copy[0] !== users[0]],
  chain: _.chain(users).filter('active').map('name').join('+').value(),
  debounceType: typeof debounce(() => {}, 10).flush,
}));
