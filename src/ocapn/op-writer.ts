// Writing OCapN operations (spec/ocapn.md §3) with a SyrupWriter. Passable
// arguments are written by the caller's `writeValue` (the session's, whose
// writeReference names references as descriptors).
//
// Dialects (spec §10): 'draft' (the default) follows the CapTP draft:
// fire-and-forget is `op:deliver … f f`, `op:listen` has 2 fields, GC ops
// are `op:gc-exports`/`op:gc-answers`. 'test-suite-6c146dc' is what the
// OCapN test suite at commit 6c146dc requires of what it receives:
// `op:deliver-only`, a 3-field `op:listen` (wants-partial false), and the
// singular `op:gc-export`/`op:gc-answer`. 'endo-ocapn-1.1.1' is what
// Endo's @endo/ocapn 1.1.1 (endojs/endo 1fa6c227) accepts: the draft's
// forms except `op:listen`, which it reads only with the third
// wants-partial field (a 2-field op:listen makes it drop the session).
// All forms are accepted on receipt whatever the dialect (operations.ts).

import { SyrupWriter, writeSyrupValue, type SyrupValue } from './syrup/index.js';
import { publicKeyToSyrup, signatureToSyrup, type OcapnSignature } from './crypto.js';
import type { ReferenceKind } from './descriptors.js';

export type OcapnDialect = 'draft' | 'test-suite-6c146dc' | 'endo-ocapn-1.1.1';

export const OCAPN_DIALECTS: readonly OcapnDialect[] = ['draft', 'test-suite-6c146dc', 'endo-ocapn-1.1.1'];

export const writeDescriptor = (writer: SyrupWriter, kind: ReferenceKind, position: number): void => {
  writer.openLabelledRecord(`desc:${kind}`);
  writer.writeInteger(BigInt(position));
  writer.closeRecord();
};

export interface Reference {
  readonly kind: ReferenceKind;
  readonly position: number;
}

export const writeStartSession = (
  writer: SyrupWriter,
  version: string,
  publicKey: Uint8Array,
  location: SyrupValue,
  signature: OcapnSignature,
): void => {
  writer.openLabelledRecord('op:start-session');
  writer.writeString(version);
  writeSyrupValue(writer, publicKeyToSyrup(publicKey));
  writeSyrupValue(writer, location);
  writeSyrupValue(writer, signatureToSyrup(signature));
  writer.closeRecord();
};

/**
 * `<op:deliver to args answer-pos resolve-me>`; with neither an answer nor
 * a resolver, the dialect's fire-and-forget form.
 */
export const writeDeliver = (
  writer: SyrupWriter,
  dialect: OcapnDialect,
  to: Reference,
  writeArgs: (writer: SyrupWriter) => void,
  answerPosition: number | false,
  resolveMe: Reference | false,
): void => {
  const only = answerPosition === false && resolveMe === false && dialect === 'test-suite-6c146dc';
  writer.openLabelledRecord(only ? 'op:deliver-only' : 'op:deliver');
  writeDescriptor(writer, to.kind, to.position);
  writer.openList();
  writeArgs(writer);
  writer.closeList();
  if (!only) {
    if (answerPosition === false) writer.writeBoolean(false);
    else writer.writeInteger(BigInt(answerPosition));
    if (resolveMe === false) writer.writeBoolean(false);
    else writeDescriptor(writer, resolveMe.kind, resolveMe.position);
  }
  writer.closeRecord();
};

export const writeListen = (writer: SyrupWriter, dialect: OcapnDialect, to: Reference, resolveMe: Reference): void => {
  writer.openLabelledRecord('op:listen');
  writeDescriptor(writer, to.kind, to.position);
  writeDescriptor(writer, resolveMe.kind, resolveMe.position);
  // wants-partial: we want one notification, on settlement.
  if (dialect !== 'draft') writer.writeBoolean(false);
  writer.closeRecord();
};

/** `<op:get receiver "field" answer-pos>`, `<op:index receiver n answer-pos>`, `<op:untag receiver "tag" answer-pos>`. */
export const writeSelect = (
  writer: SyrupWriter,
  op: 'get' | 'index' | 'untag',
  receiver: Reference,
  key: string | number,
  answerPosition: number,
): void => {
  writer.openLabelledRecord(`op:${op}`);
  writeDescriptor(writer, receiver.kind, receiver.position);
  if (typeof key === 'number') writer.writeInteger(BigInt(key));
  else writer.writeString(key);
  writer.writeInteger(BigInt(answerPosition));
  writer.closeRecord();
};

export const writeAbort = (writer: SyrupWriter, reason: string): void => {
  writer.openLabelledRecord('op:abort');
  writer.writeString(reason);
  writer.closeRecord();
};

const writePositions = (writer: SyrupWriter, positions: readonly number[]): void => {
  writer.openList();
  for (const position of positions) writer.writeInteger(BigInt(position));
  writer.closeList();
};

export const writeGcExports = (writer: SyrupWriter, dialect: OcapnDialect, positions: readonly number[], deltas: readonly number[]): void => {
  writer.openLabelledRecord(dialect === 'test-suite-6c146dc' ? 'op:gc-export' : 'op:gc-exports');
  writePositions(writer, positions);
  writePositions(writer, deltas);
  writer.closeRecord();
};

export const writeGcAnswers = (writer: SyrupWriter, dialect: OcapnDialect, positions: readonly number[]): void => {
  writer.openLabelledRecord(dialect === 'test-suite-6c146dc' ? 'op:gc-answer' : 'op:gc-answers');
  writePositions(writer, positions);
  writer.closeRecord();
};
