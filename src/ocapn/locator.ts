// OCapN locators: where a peer is (`ocapn-peer`) and which object of it a
// sturdy ref names (`ocapn-sturdyref`), in their Syrup records and their
// URI forms:
//
//   <ocapn-peer transport "designator" hints>      ocapn://<designator>.<transport>?k=v
//   <ocapn-sturdyref <ocapn-peer …> swiss-num>     ocapn://<designator>.<transport>/s/<swiss>?k=v
//
// Two peer locators name the same peer when their designator and transport
// match; hints only help reach it. Hints are a dictionary of strings, or
// `false` when there are none (the drafts); `{}` is read as none too (what
// the OCapN test suite sends). Swiss numbers are bytes on the wire (Endo and
// the suite; the draft says string) and their text in a URI.

import { syrupDictionary, syrupRecord, syrupSymbol, isRecordLabelled, type SyrupValue } from './syrup/index.js';

export type OcapnHints = Readonly<Record<string, string>>;

export interface OcapnPeerLocator {
  readonly transport: string;
  readonly designator: string;
  /** Connection hints for the netlayer, or false when there are none. */
  readonly hints: OcapnHints | false;
}

export interface OcapnSturdyRefLocator {
  readonly peer: OcapnPeerLocator;
  readonly swissNum: Uint8Array;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** A key that is equal for two locators of the same peer. */
export const peerKey = (peer: OcapnPeerLocator): string => `${peer.transport}:${peer.designator}`;

export const samePeer = (a: OcapnPeerLocator, b: OcapnPeerLocator): boolean =>
  a.transport === b.transport && a.designator === b.designator;

const checkTransport = (transport: string): string => {
  if (transport === '' || transport.includes('.')) {
    throw TypeError(`An OCapN transport name is not empty and has no ".": ${JSON.stringify(transport)}`);
  }
  return transport;
};

const checkHints = (hints: unknown): OcapnHints | false => {
  if (hints === false) return false;
  if (typeof hints !== 'object' || hints === null) throw TypeError('OCapN hints are a record of strings, or false');
  const entries = Object.entries(hints);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw TypeError(`The OCapN hint ${JSON.stringify(key)} must be a string`);
  }
  return entries.length === 0 ? false : Object.freeze({ ...(hints as Record<string, string>) });
};

export const makePeerLocator = (transport: string, designator: string, hints: OcapnHints | false = false): OcapnPeerLocator => {
  if (typeof designator !== 'string') throw TypeError('An OCapN designator is a string');
  return Object.freeze({ transport: checkTransport(transport), designator, hints: checkHints(hints) });
};

export const makeSturdyRefLocator = (peer: OcapnPeerLocator, swissNum: Uint8Array | string): OcapnSturdyRefLocator =>
  Object.freeze({
    peer,
    swissNum: typeof swissNum === 'string' ? textEncoder.encode(swissNum) : new Uint8Array(swissNum),
  });

// --- Syrup ---------------------------------------------------------------

export const peerToSyrup = (peer: OcapnPeerLocator): SyrupValue =>
  syrupRecord(
    syrupSymbol('ocapn-peer'),
    syrupSymbol(peer.transport),
    peer.designator,
    peer.hints === false ? false : syrupDictionary(Object.entries(peer.hints)),
  );

export const sturdyRefToSyrup = (ref: OcapnSturdyRefLocator): SyrupValue =>
  syrupRecord(syrupSymbol('ocapn-sturdyref'), peerToSyrup(ref.peer), ref.swissNum);

const hintsFromSyrup = (value: SyrupValue): OcapnHints | false => {
  if (value === false) return false;
  if (typeof value !== 'object' || (value as { type?: unknown }).type !== 'dictionary') {
    throw TypeError('Malformed ocapn-peer: hints must be a dictionary or false');
  }
  const hints: Record<string, string> = {};
  for (const [key, hint] of (value as { entries: ReadonlyArray<readonly [SyrupValue, SyrupValue]> }).entries) {
    if (typeof key !== 'string' || typeof hint !== 'string') {
      throw TypeError('Malformed ocapn-peer: each hint is a string named by a string');
    }
    hints[key] = hint;
  }
  return checkHints(hints);
};

export const peerFromSyrup = (value: SyrupValue): OcapnPeerLocator => {
  if (!isRecordLabelled(value, 'ocapn-peer') || value.fields.length !== 3) {
    throw TypeError('Malformed ocapn-peer: expected <ocapn-peer transport designator hints>');
  }
  const [transport, designator, hints] = value.fields;
  if (typeof transport !== 'object' || (transport as { type?: unknown }).type !== 'symbol') {
    throw TypeError('Malformed ocapn-peer: the transport must be a symbol');
  }
  if (typeof designator !== 'string') throw TypeError('Malformed ocapn-peer: the designator must be a string');
  return makePeerLocator((transport as { name: string }).name, designator, hintsFromSyrup(hints!));
};

export const sturdyRefFromSyrup = (value: SyrupValue): OcapnSturdyRefLocator => {
  if (!isRecordLabelled(value, 'ocapn-sturdyref') || value.fields.length !== 2) {
    throw TypeError('Malformed ocapn-sturdyref: expected <ocapn-sturdyref peer swiss-num>');
  }
  const [peer, swissNum] = value.fields;
  // Bytes as Endo and the test suite send; a string as the draft says.
  if (!(swissNum instanceof Uint8Array) && typeof swissNum !== 'string') {
    throw TypeError('Malformed ocapn-sturdyref: the swiss number must be bytes or a string');
  }
  return makeSturdyRefLocator(peerFromSyrup(peer!), swissNum);
};

// --- URIs ----------------------------------------------------------------

// RFC 3986 unreserved characters stay as they are; everything else is %XX.
const escapeComponent = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const unescapeComponent = (text: string, what: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    throw TypeError(`Malformed OCapN URI: bad %-escape in the ${what}`);
  }
};

const formatHints = (hints: OcapnHints | false): string =>
  hints === false
    ? ''
    : `?${Object.entries(hints)
        .map(([key, value]) => `${escapeComponent(key)}=${escapeComponent(value)}`)
        .join('&')}`;

export const formatPeerUri = (peer: OcapnPeerLocator): string =>
  `ocapn://${escapeComponent(peer.designator)}.${escapeComponent(peer.transport)}${formatHints(peer.hints)}`;

export const formatSturdyRefUri = (ref: OcapnSturdyRefLocator): string => {
  let swiss: string;
  try {
    swiss = textDecoder.decode(ref.swissNum);
  } catch {
    throw TypeError('This sturdy ref has a swiss number that is not text, which a URI cannot carry');
  }
  const { peer } = ref;
  return `ocapn://${escapeComponent(peer.designator)}.${escapeComponent(peer.transport)}/s/${escapeComponent(swiss)}${formatHints(peer.hints)}`;
};

const parseHints = (query: string | undefined): OcapnHints | false => {
  if (query === undefined || query === '') return false;
  const hints: Record<string, string> = {};
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw TypeError(`Malformed OCapN URI: the hint ${JSON.stringify(pair)} is not key=value`);
    const key = unescapeComponent(pair.slice(0, equals), 'hints');
    if (Object.hasOwn(hints, key)) throw TypeError(`Malformed OCapN URI: the hint ${JSON.stringify(key)} is given twice`);
    hints[key] = unescapeComponent(pair.slice(equals + 1), 'hints');
  }
  return hints;
};

const URI_PATTERN = /^ocapn:\/\/([^/?#]+)(?:\/s\/([^/?#]+))?(?:\?([^#]*))?$/;

/** A peer or sturdy-ref URI, parsed; anything else is a TypeError saying why. */
export const parseOcapnUri = (
  uri: string,
): { kind: 'peer'; peer: OcapnPeerLocator } | { kind: 'sturdyref'; sturdyRef: OcapnSturdyRefLocator } => {
  if (typeof uri !== 'string') throw TypeError('An OCapN URI is a string');
  const match = URI_PATTERN.exec(uri);
  if (match === null) {
    throw TypeError(`Not an OCapN URI (ocapn://<designator>.<transport>[/s/<swiss-num>][?hints]): ${JSON.stringify(uri.slice(0, 200))}`);
  }
  const [, host, swiss, query] = match as unknown as [string, string, string | undefined, string | undefined];
  // The last "." separates the designator (which may hold dots) from the transport.
  const dot = host.lastIndexOf('.');
  if (dot <= 0 || dot === host.length - 1) {
    throw TypeError(`Malformed OCapN URI: ${JSON.stringify(host)} is not <designator>.<transport>`);
  }
  const peer = makePeerLocator(
    unescapeComponent(host.slice(dot + 1), 'transport'),
    unescapeComponent(host.slice(0, dot), 'designator'),
    parseHints(query),
  );
  if (swiss === undefined) return { kind: 'peer', peer };
  return { kind: 'sturdyref', sturdyRef: makeSturdyRefLocator(peer, unescapeComponent(swiss, 'swiss number')) };
};
