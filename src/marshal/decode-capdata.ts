// The capdata decoder: JSON.parse's output → the passable it encodes. It
// walks the parsed tree once, depth-first, rebuilding in place (the parsed
// arrays and records are fresh and ours alone, and already have the right
// names in the right order): each `@qclass` object is replaced by what it
// stands for, each array and record is frozen and vouched for as passable
// (passable-marks.ts) once everything in it is checked. Nesting is checked
// against maxDepth before each descent, so no input can exhaust the stack.

import { makeTagged, passableSymbolForName, passStyleOf } from '../pass-style/index.js';
import { checkString, vouchFor } from './passable-marks.js';
import { QCLASS } from './qclass.js';
import { failType, q, tooDeep } from './reject.js';
import { reviveError } from './revive-error.js';
import type { DecodedErrorFields } from './revive-error.js';
import type { SlotReviver } from './revive-slot.js';
import { DecodeLimitCounter, NO_DECODE_LIMITS, type DecodeLimits } from './decode-limits.js';

const { isArray } = Array;
const { keys, hasOwn, freeze, defineProperty } = Object;

/** The fields of an error encoding that are not extras. */
const ERROR_FIELDS = new Set([QCLASS, 'errorId', 'message', 'name', 'cause', 'errors']);

export class CapDataDecoder {
  readonly #slots: SlotReviver;
  readonly #maxDepth: number;
  readonly #limits: DecodeLimitCounter;

  constructor(slots: SlotReviver, maxDepth: number, limits: Readonly<DecodeLimits> = NO_DECODE_LIMITS) {
    this.#slots = slots;
    this.#maxDepth = maxDepth;
    this.#limits = new DecodeLimitCounter(limits);
  }

  /** Decodes any parsed JSON value found at nesting `depth`. */
  decode(node: unknown, depth: number): unknown {
    if (typeof node === 'object' && node !== null) return this.#decodeObject(node, depth);
    if (typeof node === 'string') checkString(node);
    return node;
  }

  #decodeObject(node: any, depth: number): unknown {
    if (isArray(node)) {
      if (depth >= this.#maxDepth) tooDeep(this.#maxDepth);
      for (let i = 0; i < node.length; i += 1) {
        const child = node[i];
        if (typeof child === 'object' && child !== null) node[i] = this.#decodeObject(child, depth + 1);
        else if (typeof child === 'string') checkString(child);
      }
      vouchFor(node, 'copyArray');
      return node;
    }
    if (hasOwn(node, QCLASS)) return this.#decodeSpecial(node, depth);
    if (depth >= this.#maxDepth) tooDeep(this.#maxDepth);
    const names = keys(node);
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i]!;
      const child = node[name];
      if (typeof child === 'object' && child !== null) node[name] = this.#decodeObject(child, depth + 1);
      else if (typeof child === 'string') checkString(child);
    }
    vouchFor(node, 'copyRecord');
    return node;
  }

  #decodeSpecial(node: any, depth: number): unknown {
    const qclass = node[QCLASS];
    if (typeof qclass !== 'string') failType`invalid ${q(QCLASS)} typeof ${q(typeof qclass)}`;
    switch (qclass) {
      case 'undefined':
        return undefined;
      case 'NaN':
        return NaN;
      case 'Infinity':
        return Infinity;
      case '-Infinity':
        return -Infinity;
      case 'bigint': {
        const { digits } = node;
        if (typeof digits !== 'string') failType`invalid digits typeof ${q(typeof digits)}`;
        return this.#limits.bigint(digits as string);
      }
      case '@@asyncIterator':
        // A deprecated encoding some old senders still use.
        return Symbol.asyncIterator;
      case 'symbol':
        return passableSymbolForName(node.name);
      case 'tagged': {
        if (depth >= this.#maxDepth) tooDeep(this.#maxDepth);
        const { tag } = node;
        if (typeof tag !== 'string') failType`The tag of a tagged record must be a string: ${q(tag)}`;
        return makeTagged(tag, this.decode(node.payload, depth + 1) as any);
      }
      case 'slot': {
        const { iface, index } = node;
        for (const name of keys(node)) {
          if (name !== QCLASS && name !== 'iface' && name !== 'index') {
            failType`unexpected encoded slot properties ${q(name)}`;
          }
        }
        if (iface !== undefined && typeof iface !== 'string') failType`invalid iface typeof ${q(typeof iface)}`;
        return this.#slots.revive(index, iface);
      }
      case 'error':
        if (depth >= this.#maxDepth) tooDeep(this.#maxDepth);
        return this.#decodeError(node, depth);
      case 'hilbert':
        if (depth >= this.#maxDepth) tooDeep(this.#maxDepth);
        return this.#decodeHilbert(node, depth);
      case 'ibid':
        return failType`The capData protocol no longer supports ${q(QCLASS)} ${q(qclass)}`;
      default:
        return failType`unrecognized ${q(QCLASS)} ${q(qclass)}`;
    }
  }

  #decodeError(node: any, depth: number): Error {
    this.#limits.enterError(node, ERROR_FIELDS);
    try {
      return this.#decodeErrorFields(node, depth);
    } finally {
      this.#limits.leaveError();
    }
  }

  #decodeErrorFields(node: any, depth: number): Error {
    const fields: DecodedErrorFields = {
      name: this.decode(node.name, depth + 1),
      message: this.decode(node.message, depth + 1),
      errorId: node.errorId ? this.decode(node.errorId, depth + 1) : undefined,
      extras: [],
    };
    if (node.cause) fields.cause = this.decode(node.cause, depth + 1);
    if (node.errors) fields.errors = this.decode(node.errors, depth + 1);
    for (const name of keys(node)) {
      if (!ERROR_FIELDS.has(name)) fields.extras.push([name, this.decode(node[name], depth + 1)]);
    }
    return reviveError(fields);
  }

  /** A record that has its own `@qclass` property. */
  #decodeHilbert(node: any, depth: number): unknown {
    if (!hasOwn(node, 'original')) failType`Invalid Hilbert Hotel encoding ${node}`;
    const record: Record<string, unknown> = { [QCLASS]: this.decode(node.original, depth + 1) };
    if (hasOwn(node, 'rest')) {
      const { rest } = node;
      if (typeof rest !== 'object' || rest === null || isArray(rest) || keys(rest).length === 0) {
        failType`Rest encoding must be a non-empty object: ${rest}`;
      }
      if (hasOwn(rest, QCLASS)) failType`Rest must not contain its own definition of ${q(QCLASS)}`;
      const decodedRest = this.#decodeObject(rest, depth + 1) as Record<string, unknown>;
      for (const name of keys(decodedRest)) {
        defineProperty(record, name, { value: decodedRest[name], enumerable: true, writable: true, configurable: true });
      }
    }
    freeze(record);
    passStyleOf(record);
    return record;
  }
}
