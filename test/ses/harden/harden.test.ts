// harden's guarantees as a user sees them after lockdown(): everything
// reachable (own string and symbol keys, values, getters, setters,
// prototypes) ends frozen; a frozen object's unfrozen children are still
// reached; typed arrays keep writable elements; getters are never called; and
// when a step throws midway (a proxy trap), no object of that graph is taken
// to be hardened, so a retry walks it again. Proxy traps may call harden
// re-entrantly, including on the graph being hardened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ses from '../../../src/ses/index.js';

ses.lockdown();
const harden = ses.harden;
const { isFrozen, isExtensible, getOwnPropertyDescriptor } = Object;

test('primitives pass through; objects come back as the same object', () => {
  for (const value of [undefined, null, 0, -0, 1n, 'text', true, Symbol('s')]) {
    assert.equal(harden(value), value);
  }
  const object = {};
  assert.equal(harden(object), object);
  assert.equal(harden(object), object, 'a second harden returns it too');
});

test('a graph with cycles is frozen through and through', () => {
  const a: any = { name: 'a' };
  const b: any = { name: 'b', a };
  a.b = b;
  a.self = a;
  a.list = [b, { deep: { deeper: [] } }];
  harden(a);
  for (const object of [a, b, a.list, a.list[1], a.list[1].deep, a.list[1].deep.deeper]) {
    assert.ok(isFrozen(object));
  }
});

test('an already frozen object is still walked: its unfrozen children are frozen', () => {
  const child = { grandchild: {} };
  const parent = Object.freeze({ child });
  harden(parent);
  assert.ok(isFrozen(child));
  assert.ok(isFrozen(child.grandchild));

  // The same through a frozen array and a sealed object.
  const inArray = {};
  harden(Object.freeze([inArray]));
  assert.ok(isFrozen(inArray));
  const inSealed = {};
  harden(Object.seal({ inSealed }));
  assert.ok(isFrozen(inSealed));
});

test('prototypes are walked and frozen', () => {
  const grandProto = { inherited: {} };
  const proto = Object.create(grandProto);
  const object = Object.create(proto);
  harden(object);
  assert.ok(isFrozen(proto));
  assert.ok(isFrozen(grandProto));
  assert.ok(isFrozen(grandProto.inherited));

  // A frozen object whose prototype is not.
  const unfrozenProto = { method() {} };
  harden(Object.freeze(Object.create(unfrozenProto)));
  assert.ok(isFrozen(unfrozenProto));
  assert.ok(isFrozen(unfrozenProto.method));
});

test('class instances: the prototype, the methods and the constructor are frozen', () => {
  class Point {
    x = 1;
    norm() {
      return this.x;
    }
    static origin = {};
  }
  const point = harden(new Point());
  assert.ok(isFrozen(Point.prototype));
  assert.ok(isFrozen(Point.prototype.norm));
  assert.ok(isFrozen(Point));
  assert.ok(isFrozen(Point.origin));
  assert.equal(point.norm(), 1);
});

test('functions: their prototype object and own properties are frozen', () => {
  function plain() {}
  (plain as any).extra = { more: {} };
  harden(plain);
  assert.ok(isFrozen(plain));
  assert.ok(isFrozen(plain.prototype));
  assert.ok(isFrozen((plain as any).extra.more));
});

test('getters and setters are frozen and never called', () => {
  const getter = () => {
    throw Error('a getter was called');
  };
  const setter = (_value: unknown) => {
    throw Error('a setter was called');
  };
  (getter as any).attached = {};
  const object = {};
  Object.defineProperty(object, 'accessor', { get: getter, set: setter, configurable: true });
  Object.defineProperty(object, 'getOnly', { get: getter, configurable: true });
  harden(object);
  assert.ok(isFrozen(object));
  assert.ok(isFrozen(getter));
  assert.ok(isFrozen(setter));
  assert.ok(isFrozen((getter as any).attached));
  assert.equal(getOwnPropertyDescriptor(object, 'accessor')!.configurable, false);
});

test('symbol-keyed properties (unique, registered, well-known) are walked', () => {
  const unique = Symbol('unique');
  const registered = Symbol.for('registered');
  const values = { unique: {}, registered: {}, wellKnown: {}, hidden: {} };
  const object: any = {
    [unique]: values.unique,
    [registered]: values.registered,
    [Symbol.iterator]: values.wellKnown,
  };
  Object.defineProperty(object, Symbol('non-enumerable'), { value: values.hidden, enumerable: false });
  harden(object);
  for (const value of Object.values(values)) assert.ok(isFrozen(value));
});

test('non-enumerable string-keyed properties are walked', () => {
  const hidden = {};
  const object = {};
  Object.defineProperty(object, 'hidden', { value: hidden, enumerable: false, writable: true, configurable: true });
  harden(object);
  assert.ok(isFrozen(hidden));
});

test('typed arrays: non-extensible, elements writable, other properties frozen', () => {
  const bytes: any = new Uint8Array([1, 2, 3]);
  bytes.label = { name: 'bytes' };
  harden(bytes);
  assert.equal(isExtensible(bytes), false);
  bytes[0] = 42;
  assert.equal(bytes[0], 42, 'elements stay writable');
  const labelDesc = getOwnPropertyDescriptor(bytes, 'label')!;
  assert.equal(labelDesc.writable, false);
  assert.equal(labelDesc.configurable, false);
  assert.ok(isFrozen(bytes.label));
  assert.ok(isFrozen(Object.getPrototypeOf(Uint8Array.prototype)), '%TypedArray%.prototype');

  // An empty typed array, a DataView and an ArrayBuffer harden too.
  assert.ok(isFrozen(harden(new Float64Array(0))));
  const view = harden(new DataView(new ArrayBuffer(4)));
  assert.ok(isFrozen(view));
  view.setUint8(0, 7);
  assert.equal(view.getUint8(0), 7, 'the bytes stay mutable');
});

test('Map and Set: the object is frozen, the contents stay mutable', () => {
  const map = harden(new Map([['k', {}]]));
  assert.ok(isFrozen(map));
  map.set('other', 1);
  assert.equal(map.get('other'), 1);
  assert.equal(isFrozen(map.get('k')), false, 'entries are not properties');
});

test('errors harden, and keep a readable stack', () => {
  const error = harden(TypeError('boom'));
  assert.ok(isFrozen(error));
  assert.equal(typeof error.stack, 'string');
  assert.equal(error.message, 'boom');
});

test('a proxy is frozen through its traps, and what it holds is hardened', () => {
  const inner = {};
  const target = { inner };
  const proxy = new Proxy(target, {});
  harden(proxy);
  assert.ok(isFrozen(proxy));
  assert.ok(isFrozen(target));
  assert.ok(isFrozen(inner));
});

/** A proxy over `target` whose ownKeys trap throws on its `failOnCall`-th call while `armed.on`. */
const makeThrowingProxy = (target: object, failOnCall: number, armed = { on: true }) => {
  let calls = 0;
  const proxy = new Proxy(target, {
    ownKeys(t) {
      calls += 1;
      if (armed.on && calls === failOnCall) throw Error('ownKeys trap refuses');
      return Reflect.ownKeys(t);
    },
  });
  return { proxy, armed };
};

for (const failOnCall of [1, 2]) {
  test(`a trap that throws midway (ownKeys call ${failOnCall}) leaves no object of the graph hardened`, () => {
    const late = {};
    const pending = { inner: {} };
    const { proxy, armed } = makeThrowingProxy({ late }, failOnCall);
    // Met in this order: root, sibling, proxy; then the sibling is frozen and
    // `pending` met; then the proxy throws.
    const sibling = { pending };
    const root = { sibling, proxy };

    assert.throws(() => harden(root), /ownKeys trap refuses/);
    assert.equal(isFrozen(late), false, 'not reached');
    assert.equal(isFrozen(pending), false, 'met, not yet frozen');

    // Neither the root nor an object met before the throw counts as
    // hardened: hardening them again walks them again.
    harden(sibling);
    assert.ok(isFrozen(pending) && isFrozen(pending.inner), 'sibling was walked again');
    armed.on = false;
    harden(root);
    assert.ok(isFrozen(late), 'root was walked again');
    assert.ok(isFrozen(proxy));
  });
}

test('a throwing getPrototypeOf trap: nothing is marked, a retry succeeds', () => {
  let refuse = true;
  const holder = { child: {} };
  const proxy = new Proxy(holder, {
    getPrototypeOf(t) {
      if (refuse) throw Error('getPrototypeOf refuses');
      return Reflect.getPrototypeOf(t);
    },
  });
  const root = { first: { data: {} }, proxy };
  assert.throws(() => harden(root), /getPrototypeOf refuses/);
  refuse = false;
  harden(root);
  assert.ok(isFrozen(holder.child));
  assert.ok(isFrozen(root.first.data));
});

test('the same failing proxy reached twice keeps failing, and never counts as hardened', () => {
  const { proxy } = makeThrowingProxy({}, 1);
  assert.throws(() => harden({ proxy }), /ownKeys trap refuses/);
  // Its second ownKeys call (from a second harden) succeeds: then it is hardened.
  harden(proxy);
  assert.ok(isFrozen(proxy));
});

test('re-entrant harden from a trap, on another graph, works', () => {
  const other = { nested: {} };
  let reentered = false;
  const proxy = new Proxy(
    { own: {} },
    {
      getPrototypeOf(t) {
        if (!reentered) {
          reentered = true;
          harden(other);
        }
        return Reflect.getPrototypeOf(t);
      },
    },
  );
  const root = { proxy, after: { more: {} } };
  harden(root);
  assert.ok(reentered);
  assert.ok(isFrozen(other.nested));
  assert.ok(isFrozen(root.after.more));
  assert.ok(isFrozen(proxy));
});

test('re-entrant harden of the graph under way returns only once that graph is all frozen', () => {
  const far = { farther: {} };
  const root: any = { before: {}, far };
  let reentered = false;
  let sawFrozen: boolean | undefined;
  const proxy = new Proxy(
    { own: {} },
    {
      ownKeys(t) {
        if (!reentered) {
          reentered = true;
          // The outer walk has met `far` but not frozen it yet: a nested
          // harden must not take it for hardened.
          harden(root);
          sawFrozen = isFrozen(far) && isFrozen(far.farther) && isFrozen(root.before);
        }
        return Reflect.ownKeys(t);
      },
    },
  );
  root.proxy = proxy;
  root.last = far; // met after the proxy, walked after it
  harden(root);
  assert.equal(sawFrozen, true);
  assert.ok(isFrozen(far.farther));
});

test('a re-entrant harden that throws (caught in the trap) spoils neither walk', () => {
  const { proxy: bad } = makeThrowingProxy({ badInner: {} }, 1);
  let caught: unknown;
  let reentered = false;
  const outerProxy = new Proxy(
    { good: {} },
    {
      getPrototypeOf(t) {
        if (!reentered) {
          reentered = true;
          try {
            harden({ bad });
          } catch (error) {
            caught = error;
          }
        }
        return Reflect.getPrototypeOf(t);
      },
    },
  );
  const root = { outerProxy, tail: { end: {} } };
  harden(root);
  assert.match(String(caught), /ownKeys trap refuses/);
  assert.ok(isFrozen(root.tail.end));
  assert.ok(isFrozen(outerProxy));
  // The failed nested graph is retried by a later harden.
  harden(bad);
  assert.ok(isFrozen(bad));
});

test('harden is itself hardened and registered under Symbol.for("harden")', () => {
  assert.ok(isFrozen(harden));
  assert.equal((Object as any)[Symbol.for('harden')], harden);
});
