// OCapN locators: the URI and Syrup forms of peers and sturdy refs, exact
// bytes for known cases, round trips for arbitrary ones, and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  formatPeerUri,
  formatSturdyRefUri,
  makePeerLocator,
  makeSturdyRefLocator,
  parseOcapnUri,
  peerFromSyrup,
  peerToSyrup,
  samePeer,
  sturdyRefFromSyrup,
  sturdyRefToSyrup,
} from '../../src/ocapn/locator.js';
import { decodeSyrup, encodeSyrup } from '../../src/ocapn/syrup/index.js';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

test('the test suite’s kind of locator: URI, hints, Syrup bytes', () => {
  const uri = 'ocapn://0a1b2c.tcp-testing-only?host=127.0.0.1&port=22045';
  const parsed = parseOcapnUri(uri);
  assert.equal(parsed.kind, 'peer');
  const { peer } = parsed as { peer: ReturnType<typeof makePeerLocator> };
  assert.deepEqual({ ...peer, hints: { ...(peer.hints as object) } }, {
    transport: 'tcp-testing-only',
    designator: '0a1b2c',
    hints: { host: '127.0.0.1', port: '22045' },
  });
  assert.equal(formatPeerUri(peer), uri);
  assert.equal(
    latin1(encodeSyrup(peerToSyrup(peer))),
    `<10'ocapn-peer16'tcp-testing-only6"0a1b2c{4"host9"127.0.0.14"port5"22045}>`,
  );
});

test('a peer without hints has false; {} on the wire is read as none', () => {
  const peer = makePeerLocator('onion', 'abc');
  assert.equal(latin1(encodeSyrup(peerToSyrup(peer))), `<10'ocapn-peer5'onion3"abcf>`);
  assert.equal(formatPeerUri(peer), 'ocapn://abc.onion');
  assert.equal(peerFromSyrup(decodeSyrup(bytesOf(`<10'ocapn-peer5'onion3"abc{}>`))).hints, false);
});

test('a sturdy ref: the last dot splits designator and transport; the swiss number is bytes', () => {
  const parsed = parseOcapnUri('ocapn://my.host.name.tcp-testing-only/s/JadQ0%2B%2BRzsD4M%2B40uLxTWVaVqM10DcBJ?host=h&port=1');
  assert.equal(parsed.kind, 'sturdyref');
  const ref = (parsed as any).sturdyRef;
  assert.equal(ref.peer.designator, 'my.host.name');
  assert.equal(ref.peer.transport, 'tcp-testing-only');
  assert.equal(Buffer.from(ref.swissNum).toString(), 'JadQ0++RzsD4M+40uLxTWVaVqM10DcBJ');
  const bytes = encodeSyrup(sturdyRefToSyrup(ref));
  assert.match(latin1(bytes), /^<15'ocapn-sturdyref<10'ocapn-peer.*>32:JadQ0\+\+RzsD4M\+40uLxTWVaVqM10DcBJ>$/);
  const back = sturdyRefFromSyrup(decodeSyrup(bytes));
  assert.ok(samePeer(back.peer, ref.peer));
  assert.equal(formatSturdyRefUri(back), 'ocapn://my.host.name.tcp-testing-only/s/JadQ0%2B%2BRzsD4M%2B40uLxTWVaVqM10DcBJ?host=h&port=1');
});

test('peers are the same by designator and transport, whatever the hints', () => {
  assert.ok(samePeer(makePeerLocator('t', 'd', { a: '1' }), makePeerLocator('t', 'd')));
  assert.ok(!samePeer(makePeerLocator('t', 'd'), makePeerLocator('u', 'd')));
  assert.ok(!samePeer(makePeerLocator('t', 'd'), makePeerLocator('t', 'e')));
});

const transport = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const hints = fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), text, { minKeys: 1, maxKeys: 4 }), { nil: undefined });

test('any locator survives URI and Syrup round trips', () => {
  fc.assert(
    fc.property(transport, text.filter(d => d !== ''), hints, text.filter(s => s !== ''), (t, designator, h, swiss) => {
      const peer = makePeerLocator(t, designator, h ?? false);
      const viaUri = parseOcapnUri(formatPeerUri(peer));
      assert.equal(viaUri.kind, 'peer');
      assert.deepEqual((viaUri as any).peer, peer);
      assert.deepEqual(peerFromSyrup(decodeSyrup(encodeSyrup(peerToSyrup(peer)))), peer);
      const ref = makeSturdyRefLocator(peer, swiss);
      assert.deepEqual((parseOcapnUri(formatSturdyRefUri(ref)) as any).sturdyRef, ref);
      assert.deepEqual(sturdyRefFromSyrup(decodeSyrup(encodeSyrup(sturdyRefToSyrup(ref)))), ref);
    }),
    { numRuns: 300 },
  );
});

test('malformed URIs and records are refused with the reason', () => {
  assert.throws(() => parseOcapnUri('http://a.b'), /Not an OCapN URI/);
  assert.throws(() => parseOcapnUri('ocapn://nodot'), /is not <designator>.<transport>/);
  assert.throws(() => parseOcapnUri('ocapn://a.b?x'), /not key=value/);
  assert.throws(() => parseOcapnUri('ocapn://a.b?x=1&x=2'), /given twice/);
  assert.throws(() => parseOcapnUri('ocapn://a%zz.b'), /bad %-escape/);
  assert.throws(() => peerFromSyrup(decodeSyrup(bytesOf(`<10'ocapn-peer5"onion3"abcf>`))), /transport must be a symbol/);
  assert.throws(() => peerFromSyrup(decodeSyrup(bytesOf(`<10'ocapn-peer5'onion3"abc{1"a1+}>`))), /each hint is a string/);
  assert.throws(() => sturdyRefFromSyrup(decodeSyrup(bytesOf(`<15'ocapn-sturdyref<10'ocapn-peer1't1"df>1+>`))), /swiss number/);
  assert.throws(() => makePeerLocator('a.b', 'd'), /no "."/);
});
