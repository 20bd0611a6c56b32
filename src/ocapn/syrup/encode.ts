// encodeSyrup: a value of the Syrup data model (value.ts) to its one
// canonical byte form: dictionaries by encoded key, sets by encoded item.

import type { SyrupValue } from './value.js';
import { SyrupWriter, type SyrupWriterOptions } from './writer.js';

/** Writes `value` with `writer`; throws TypeError on anything outside the data model. */
export const writeSyrupValue = (writer: SyrupWriter, value: SyrupValue): void => {
  switch (typeof value) {
    case 'boolean':
      writer.writeBoolean(value);
      return;
    case 'bigint':
      writer.writeInteger(value);
      return;
    case 'number':
      writer.writeFloat64(value);
      return;
    case 'string':
      writer.writeString(value);
      return;
    case 'object':
      break;
    default:
      throw TypeError(`Not a Syrup value: a ${typeof value}`);
  }
  if (value === null) throw TypeError('Not a Syrup value: null (Syrup has no null; OCapN writes <4\'null>)');
  if (Array.isArray(value)) {
    writer.openList();
    for (const item of value as readonly SyrupValue[]) writeSyrupValue(writer, item);
    writer.closeList();
    return;
  }
  if (value instanceof Uint8Array) {
    writer.writeBytes(value);
    return;
  }
  switch ((value as { type?: unknown }).type) {
    case 'symbol':
      writer.writeSymbol((value as { name: string }).name);
      return;
    case 'record': {
      const { label, fields } = value as { label: SyrupValue; fields: readonly SyrupValue[] };
      writer.openRecord();
      writeSyrupValue(writer, label);
      for (const field of fields) writeSyrupValue(writer, field);
      writer.closeRecord();
      return;
    }
    case 'dictionary': {
      const starts: number[] = [];
      const keyEnds: number[] = [];
      writer.openDictionary();
      for (const [key, entryValue] of (value as { entries: ReadonlyArray<readonly [SyrupValue, SyrupValue]> }).entries) {
        starts.push(writer.length);
        writeSyrupValue(writer, key);
        keyEnds.push(writer.length);
        writeSyrupValue(writer, entryValue);
      }
      writer.sortEntries(starts, keyEnds, 'dictionary');
      writer.closeDictionary();
      return;
    }
    case 'set': {
      const starts: number[] = [];
      writer.openSet();
      for (const item of (value as { items: readonly SyrupValue[] }).items) {
        starts.push(writer.length);
        writeSyrupValue(writer, item);
      }
      writer.sortEntries(starts, [...starts.slice(1), writer.length], 'set');
      writer.closeSet();
      return;
    }
    default:
      throw TypeError('Not a Syrup value: an object that is not a list, byte array, symbol, record, dictionary or set');
  }
};

/** The canonical Syrup bytes of `value`. */
export const encodeSyrup = (value: SyrupValue, options?: SyrupWriterOptions): Uint8Array => {
  const writer = new SyrupWriter(options);
  writeSyrupValue(writer, value);
  return writer.toBytes();
};
