// Reading OCapN operations: bytes from a peer, through the passable Syrup
// stream decoder, to checked operation objects (spec/ocapn.md §3). Every
// top-level value must be one `op:*` record with the right fields; anything
// else (an unknown label, a field of the wrong type, an op nested in
// another, a descriptor out of place) is a TypeError saying what, which the
// session answers by aborting. Descriptors become placeholders
// (descriptors.ts) that the session resolves when it acts on the op.
//
// Accepted on receipt (spec §10, both dialects): `op:deliver-only` as well
// as `op:deliver … f f`; `op:listen` with 2 fields (draft) or 3 (Endo, the
// test suite); `op:gc-exports`/`op:gc-answers` and the singular
// `op:gc-export`/`op:gc-answer` of the test suite at 6c146dc.

import { nameForPassableSymbol, type Passable } from '../pass-style/index.js';
import { makePassableSyrupStreamDecoder, syrupRecord, syrupSymbol, type SyrupDecodeLimits, type SyrupValue } from './syrup/index.js';
import { publicKeyBytesFromSyrup, signatureFromSyrup, type OcapnSignature } from './crypto.js';
import { makePeerLocator, makeSturdyRefLocator, type OcapnPeerLocator } from './locator.js';
import {
  isReferenceDescriptor,
  makePlaceholder,
  makeReferencePlaceholder,
  placeholderInfo,
  type DescriptorInfo,
  type ReferenceDescriptor,
  type ReferenceKind,
} from './descriptors.js';
import { passableToSyrup } from './passable-to-syrup.js';

export interface StartSessionOp {
  readonly op: 'start-session';
  readonly version: string;
  readonly publicKey: Uint8Array;
  readonly location: OcapnPeerLocator;
  /** The location as Syrup, for checking the signature over `<my-location location>`. */
  readonly locationSyrup: SyrupValue;
  readonly signature: OcapnSignature;
}

export interface DeliverOp {
  readonly op: 'deliver';
  readonly to: ReferenceDescriptor;
  /** May hold placeholders (only if argsHoldPlaceholders). */
  readonly args: readonly Passable[];
  /** False when no descriptor was read inside args: they need no placeholder replaced. */
  readonly argsHoldPlaceholders: boolean;
  readonly answerPosition: number | false;
  readonly resolveMe: ReferenceDescriptor | false;
}

export interface ListenOp {
  readonly op: 'listen';
  readonly to: ReferenceDescriptor;
  readonly resolveMe: ReferenceDescriptor;
  readonly wantsPartial: boolean;
}

export interface GetOp {
  readonly op: 'get';
  readonly receiver: ReferenceDescriptor;
  readonly field: string;
  readonly answerPosition: number;
}

export interface IndexOp {
  readonly op: 'index';
  readonly receiver: ReferenceDescriptor;
  readonly index: number;
  readonly answerPosition: number;
}

export interface UntagOp {
  readonly op: 'untag';
  readonly receiver: ReferenceDescriptor;
  readonly tag: string;
  readonly answerPosition: number;
}

export interface AbortOp {
  readonly op: 'abort';
  readonly reason: string;
}

export interface GcExportsOp {
  readonly op: 'gc-exports';
  readonly positions: readonly number[];
  readonly deltas: readonly number[];
}

export interface GcAnswersOp {
  readonly op: 'gc-answers';
  readonly positions: readonly number[];
}

export type OcapnOp = StartSessionOp | DeliverOp | ListenOp | GetOp | IndexOp | UntagOp | AbortOp | GcExportsOp | GcAnswersOp;

const malformed = (what: string): TypeError => TypeError(`Malformed OCapN message: ${what}`);

const RESOLVER_KINDS: readonly ReferenceKind[] = ['import-object', 'import-promise'];
const TARGET_KINDS: readonly ReferenceKind[] = ['export', 'answer'];

/** A position: a non-negative integer small enough to be a table key. */
const positionOf = (value: Passable, what: string): number => {
  if (typeof value !== 'bigint' || value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw malformed(`${what} must be a non-negative integer`);
  }
  return Number(value);
};

const referenceOf = (value: Passable, kinds: readonly ReferenceKind[], what: string): ReferenceDescriptor => {
  const info = placeholderInfo(value);
  if (!isReferenceDescriptor(info) || !kinds.includes(info.kind)) {
    throw malformed(`${what} must be ${kinds.map((kind) => `desc:${kind}`).join(' or ')}`);
  }
  return info;
};

const stringOf = (value: Passable, what: string): string => {
  if (typeof value !== 'string') throw malformed(`${what} must be a string`);
  return value;
};

const symbolNameOf = (value: Passable, what: string): string => {
  const name = typeof value === 'symbol' ? nameForPassableSymbol(value) : undefined;
  if (name === undefined) throw malformed(`${what} must be a symbol`);
  return name;
};

const positionsOf = (value: Passable, what: string): number[] => {
  if (!Array.isArray(value)) throw malformed(`${what} must be a list`);
  return value.map((item: Passable) => positionOf(item, `each of ${what}`));
};

const fieldCount = (label: string, fields: readonly Passable[], ...counts: number[]): void => {
  if (!counts.includes(fields.length)) {
    throw malformed(`<${label}> has ${fields.length} fields, not ${counts.join(' or ')}`);
  }
};

/** Plain Syrup of a field that may hold a peer or sig-envelope placeholder. */
const syrupOfField = (value: Passable, what: string): SyrupValue => {
  try {
    return passableToSyrup(value, (info) => {
      if (info.kind === 'peer') return info.syrup;
      if (info.kind === 'sig-envelope') return syrupRecord(syrupSymbol('desc:sig-envelope'), info.signed, info.signature);
      throw TypeError(`a desc:${info.kind} inside ${what}`);
    });
  } catch (error) {
    throw malformed(`${what}: ${(error as Error).message}`);
  }
};

const peerOf = (fields: readonly Passable[]): DescriptorInfo => {
  fieldCount('ocapn-peer', fields, 3);
  const [transport, designator, hints] = fields as [Passable, Passable, Passable];
  const transportName = symbolNameOf(transport, 'the transport of an ocapn-peer');
  const designatorText = stringOf(designator, 'the designator of an ocapn-peer');
  const hintsSyrup = hints === false ? false : syrupOfField(hints, 'the hints of an ocapn-peer');
  let locator: OcapnPeerLocator;
  try {
    const hintsRecord =
      hints === false ? false : Object.fromEntries((hintsSyrup as unknown as { entries: [SyrupValue, SyrupValue][] }).entries);
    locator = makePeerLocator(transportName, designatorText, hintsRecord as Record<string, string> | false);
  } catch (error) {
    throw malformed(`an ocapn-peer: ${(error as Error).message}`);
  }
  const syrup = syrupRecord(syrupSymbol('ocapn-peer'), syrupSymbol(transportName), designatorText, hintsSyrup);
  return { kind: 'peer', locator, syrup };
};

const opOf = (label: string, fields: readonly Passable[]): OcapnOp => {
  switch (label) {
    case 'op:start-session': {
      fieldCount(label, fields, 4);
      const [version, key, location, signature] = fields as [Passable, Passable, Passable, Passable];
      const info = placeholderInfo(location);
      if (info?.kind !== 'peer') throw malformed('the location of op:start-session must be an ocapn-peer');
      let publicKey: Uint8Array;
      let parsedSignature: OcapnSignature;
      try {
        publicKey = publicKeyBytesFromSyrup(syrupOfField(key, 'the session key'));
        parsedSignature = signatureFromSyrup(syrupOfField(signature, 'the location signature'));
      } catch (error) {
        throw malformed(`op:start-session: ${(error as Error).message}`);
      }
      return {
        op: 'start-session',
        version: stringOf(version, 'the captp-version of op:start-session'),
        publicKey,
        location: info.locator,
        locationSyrup: info.syrup,
        signature: parsedSignature,
      };
    }
    case 'op:deliver': {
      fieldCount(label, fields, 4);
      const [to, args, answerPosition, resolveMe] = fields as [Passable, Passable, Passable, Passable];
      if (!Array.isArray(args)) throw malformed('the args of op:deliver must be a list');
      return {
        op: 'deliver',
        to: referenceOf(to, TARGET_KINDS, 'the target of op:deliver'),
        args: args as readonly Passable[],
        argsHoldPlaceholders: true,
        answerPosition: answerPosition === false ? false : positionOf(answerPosition, 'the answer position of op:deliver'),
        resolveMe: resolveMe === false ? false : referenceOf(resolveMe, RESOLVER_KINDS, 'the resolve-me-desc of op:deliver'),
      };
    }
    case 'op:deliver-only': {
      fieldCount(label, fields, 2);
      const [to, args] = fields as [Passable, Passable];
      if (!Array.isArray(args)) throw malformed('the args of op:deliver-only must be a list');
      return {
        op: 'deliver',
        to: referenceOf(to, TARGET_KINDS, 'the target of op:deliver-only'),
        args: args as readonly Passable[],
        argsHoldPlaceholders: true,
        answerPosition: false,
        resolveMe: false,
      };
    }
    case 'op:listen': {
      fieldCount(label, fields, 2, 3);
      const [to, resolveMe, wantsPartial = false] = fields as [Passable, Passable, Passable?];
      if (typeof wantsPartial !== 'boolean') throw malformed('the wants-partial of op:listen must be a boolean');
      return {
        op: 'listen',
        to: referenceOf(to, TARGET_KINDS, 'the target of op:listen'),
        resolveMe: referenceOf(resolveMe, RESOLVER_KINDS, 'the listen-desc of op:listen'),
        wantsPartial,
      };
    }
    case 'op:get':
    case 'op:index':
    case 'op:untag': {
      fieldCount(label, fields, 3);
      const [receiver, key, answerPosition] = fields as [Passable, Passable, Passable];
      const common = {
        receiver: referenceOf(receiver, TARGET_KINDS, `the receiver of ${label}`),
        answerPosition: positionOf(answerPosition, `the answer position of ${label}`),
      };
      if (label === 'op:get') return { op: 'get', ...common, field: stringOf(key, 'the field name of op:get') };
      if (label === 'op:untag') return { op: 'untag', ...common, tag: stringOf(key, 'the tag of op:untag') };
      return { op: 'index', ...common, index: positionOf(key, 'the index of op:index') };
    }
    case 'op:abort': {
      fieldCount(label, fields, 1);
      return { op: 'abort', reason: stringOf(fields[0]!, 'the reason of op:abort') };
    }
    case 'op:gc-exports':
    case 'op:gc-export': {
      fieldCount(label, fields, 2);
      const positions = positionsOf(fields[0]!, `the export positions of ${label}`);
      const deltas = positionsOf(fields[1]!, `the wire deltas of ${label}`);
      if (positions.length !== deltas.length) throw malformed(`${label} has ${positions.length} positions but ${deltas.length} wire deltas`);
      return { op: 'gc-exports', positions, deltas };
    }
    case 'op:gc-answers':
    case 'op:gc-answer': {
      fieldCount(label, fields, 1);
      return { op: 'gc-answers', positions: positionsOf(fields[0]!, `the answer positions of ${label}`) };
    }
    default:
      throw malformed(`unknown operation <${label}>`);
  }
};

/** The placeholder for a record that is not an op, or a TypeError. */
const descriptorOf = (label: string, fields: readonly Passable[]): Passable => {
  switch (label) {
    case 'desc:export':
    case 'desc:answer':
    case 'desc:import-object':
    case 'desc:import-promise': {
      fieldCount(label, fields, 1);
      const kind = label.slice('desc:'.length) as ReferenceKind;
      return makeReferencePlaceholder(kind, positionOf(fields[0]!, `the position of <${label}>`));
    }
    case 'ocapn-peer':
      return makePlaceholder(peerOf(fields));
    case 'ocapn-sturdyref': {
      fieldCount(label, fields, 2);
      const peer = placeholderInfo(fields[0]);
      if (peer?.kind !== 'peer') throw malformed('the peer of an ocapn-sturdyref must be an ocapn-peer');
      const swiss = fields[1];
      let swissNum: Uint8Array | string;
      if (typeof swiss === 'string') swissNum = swiss;
      else if (swiss instanceof ArrayBuffer) swissNum = new Uint8Array(swiss.slice(0));
      else throw malformed('the swiss number of an ocapn-sturdyref must be bytes or a string');
      return makePlaceholder({ kind: 'sturdyref', locator: makeSturdyRefLocator(peer.locator, swissNum) });
    }
    case 'desc:handoff-give':
      fieldCount(label, fields, 5);
      return makePlaceholder({ kind: 'handoff-give', fields: fields.map((field) => syrupOfField(field, `a field of <${label}>`)) });
    case 'desc:handoff-receive': {
      fieldCount(label, fields, 4);
      const signedGive = fields[3]!;
      if (placeholderInfo(signedGive)?.kind !== 'sig-envelope') throw malformed('the signed-give of desc:handoff-receive must be a desc:sig-envelope');
      return makePlaceholder({
        kind: 'handoff-receive',
        fields: fields.map((field) => syrupOfField(field, `a field of <${label}>`)),
        signedGive,
      });
    }
    case 'desc:sig-envelope': {
      fieldCount(label, fields, 2);
      const [object, signature] = fields as [Passable, Passable];
      const info = placeholderInfo(object);
      if (info?.kind !== 'handoff-give' && info?.kind !== 'handoff-receive') {
        throw malformed('a desc:sig-envelope must hold a desc:handoff-give or desc:handoff-receive');
      }
      const signed = syrupRecord(syrupSymbol(`desc:${info.kind}`), ...info.fields);
      return makePlaceholder({ kind: 'sig-envelope', signed, object, signature: syrupOfField(signature, 'a signature') });
    }
    default:
      throw malformed(`unknown record <${label}>`);
  }
};

export interface OpReader {
  /** The ops completed by `chunk`, in order; throws (for good) on malformed input. */
  push(chunk: Uint8Array): OcapnOp[];
  /** Bytes held for an op not yet complete. */
  readonly pendingBytes: number;
}

/** A reader of one session's incoming byte stream. */
export const makeOpReader = (limits?: Partial<SyrupDecodeLimits>): OpReader => {
  // An op object holds byte arrays (a key, a signature), which harden must
  // not reach: the decoder gets an empty token and the op is kept here,
  // for the one push() that made it (a Map emptied each push: no weak
  // entries for the collector to trace).
  const opOfToken = new Map<object, OcapnOp>();
  let opsMade = 0;
  /** Placeholders made, in all, and before the current op's fields. */
  let placeholdersMade = 0;
  let placeholdersBeforeOp = 0;
  const decoder = makePassableSyrupStreamDecoder({
    limits,
    decodeRecord: (label, fields) => {
      if (label.startsWith('op:')) {
        const token = {};
        const op = opOf(label, fields);
        // Records are decoded inside out: the placeholders made since the
        // last op are this op's, one each for its to and resolve-me fields;
        // any more are inside its args.
        const inOp = placeholdersMade - placeholdersBeforeOp;
        placeholdersBeforeOp = placeholdersMade;
        if (op.op === 'deliver') {
          (op as { argsHoldPlaceholders: boolean }).argsHoldPlaceholders = inOp > 1 + (op.resolveMe === false ? 0 : 1);
        }
        opOfToken.set(token, op);
        opsMade += 1;
        return token;
      }
      const placeholder = descriptorOf(label, fields);
      placeholdersMade += 1;
      return placeholder;
    },
  });
  let failure: Error | undefined;
  return {
    push: (chunk) => {
      if (failure !== undefined) throw failure;
      try {
        opsMade = 0;
        // A Node Buffer's slice() is a view, not a copy: the decoder would hand
        // out (and make immutable) the socket's shared pool. A plain view copies.
        const plain = Object.getPrototypeOf(chunk) === Uint8Array.prototype ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        const values = decoder.push(plain);
        const result: OcapnOp[] = [];
        for (const value of values) {
          const op = typeof value === 'object' && value !== null ? opOfToken.get(value) : undefined;
          if (op === undefined) throw malformed('each message must be an op:* record');
          result.push(op);
        }
        // Each value is an op; if more ops were made than values, one was nested in another.
        if (opsMade !== values.length) throw malformed('an operation inside another');
        return result;
      } catch (error) {
        failure = error as Error;
        throw error;
      } finally {
        opOfToken.clear();
      }
    },
    get pendingBytes() {
      return decoder.pendingBytes;
    },
  };
};
