// The loader against the original ses 2.3.0, on what both run: virtual
// module sources and every descriptor form built from them. One program,
// run in a fresh process against ours and against the original (never
// both in one realm); both must report the same things.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { implementations, reportFromChild } from '../lockdown/run-child.js';

const program = `
lockdown();
const results = {};
const log = [];
const constant = (name, value) => ({ imports: [], exports: [name], execute(target) { log.push('run ' + name); target[name] = value; } });
const settle = async promise => { try { await promise; return 'ok'; } catch (e) { return [e.name, e.message]; } };

// A virtual module importing another one itself, and a namespace's shape.
{
  let setLive;
  const c = new Compartment({ __options__: true, name: 'c',
    resolveHook: s => s.replace('./', ''),
    modules: {
      dep: { source: constant('fromDep', 'dep') },
      main: { source: { imports: ['./dep'], exports: ['zed', 'alpha', 'live'], execute(target, compartment, resolved) {
        log.push('main runs with ' + JSON.stringify(resolved));
        target.alpha = compartment.importNow(resolved['./dep']).fromDep;
        target.zed = 26; target.live = 1; setLive = v => { target.live = v; };
      } } },
    } });
  const box = await c.import('main');
  results.boxKeys = Object.keys(box);
  const ns = box.namespace;
  // The original lists a virtual module's exports in declaration order, ours sorts them as ECMA-262 does.
  results.keys = Reflect.ownKeys(ns).map(String).sort();
  results.values = { ...ns };
  // The original leaves a virtual module's namespace extensible, with setters; ours seals it.
  results.prototype = Object.getPrototypeOf(ns);
  setLive(2);
  results.live = ns.live;
  results.sameNamespace = c.importNow('main') === ns && c.module('main') === ns;
  results.order = [...log];
}

// Placeholders and namespace descriptors across compartments.
{
  log.length = 0;
  const provider = new Compartment({ __options__: true, name: 'provider', modules: { lib: { source: constant('x', 1) } } });
  const placeholder = provider.module('lib');
  const consumer = new Compartment({ __options__: true, name: 'consumer', modules: {
    direct: placeholder,
    named: { namespace: 'lib', compartment: provider },
    viaPlaceholder: { namespace: placeholder },
    plain: { namespace: { a: 1, b: 2 } },
    legacy: { specifier: 'lib', compartment: provider },
    copied: { source: 'lib', compartment: provider },
    recorded: { record: constant('y', 2), specifier: 'alsoRecorded' },
  } });
  const direct = (await consumer.import('direct')).namespace;
  results.crossSame = [
    direct === placeholder,
    (await consumer.import('named')).namespace === placeholder,
    (await consumer.import('viaPlaceholder')).namespace === placeholder,
    (await consumer.import('legacy')).namespace === placeholder,
    (await consumer.import('copied')).namespace === placeholder,
  ];
  results.plain = { ...(await consumer.import('plain')).namespace };
  results.recorded = [(await consumer.import('recorded')).namespace.y, consumer.importNow('alsoRecorded').y];
  results.crossOrder = [...log];
}

// Errors: rethrow identity, refusals, importNow without importNowHook.
{
  const failure = Error('boom');
  const c = new Compartment({ __options__: true, name: 'errors', modules: {
    bad: { source: { imports: [], exports: [], execute() { throw failure; } } },
    alias: 'elsewhere',
  }, importHook: async s => { throw Error('missing ' + s); } });
  const first = await c.import('bad').catch(e => e);
  const second = await c.import('bad').catch(e => e);
  results.rethrowsSame = [first === failure, second === failure];
  // The original lists only each cause's message; ours adds where it happened.
  results.alias = await settle(c.import('alias')).then(([name, message]) => [name, message.includes('Cannot map module "alias" to "elsewhere" in parent compartment, use {source} module descriptor')]);
  results.importNowWithoutHook = (() => { try { c.importNow('x'); return 'ok'; } catch (e) { return [e.name, e.message.slice(0, e.message.indexOf(' (') )]; } })();
  const aggregated = await c.import('nope').catch(e => e);
  results.aggregatedPrefix = [aggregated.name, aggregated.message.slice(0, aggregated.message.indexOf('underlying') + 'underlying failures: '.length)];
  results.typeChecks = [await settle(c.import(1)), await settle(c.load(1))];
  results.noBox = await (async () => {
    const n = new Compartment({ __options__: true, __noNamespaceBox__: true, modules: { m: { source: constant('x', 7) } } });
    const ns = await n.import('m');
    return [n.__noNamespaceBox__, ns.x, 'namespace' in ns];
  })();
}
report(results);
`;

test('virtual module sources and descriptors behave as in the original ses', () => {
  const [ours, original] = implementations.map(implementation => reportFromChild(implementation, program));
  assert.deepEqual(ours, original);
});

test('where ours departs on purpose: namespaces as Node shows them (sorted, sealed, data properties)', () => {
  const probe = `
    lockdown();
    const c = new Compartment({ __options__: true, modules: { m: { source: { imports: [], exports: ['b', 'a'], execute(t) { t.a = 1; t.b = 2; } } } } });
    const ns = c.importNow('m');
    const { value, writable, get } = Object.getOwnPropertyDescriptor(ns, 'a');
    report({ keys: Object.keys(ns), extensible: Object.isExtensible(ns), value, writable, getter: typeof get });`;
  assert.deepEqual(reportFromChild('ours', probe), { keys: ['a', 'b'], extensible: false, value: 1, writable: true, getter: 'undefined' });
  assert.deepEqual(reportFromChild('original', probe), { keys: ['b', 'a'], extensible: true, getter: 'function' });
});
