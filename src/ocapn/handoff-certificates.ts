// The two certificates of a third-party handoff (spec/ocapn.md §7), each a
// record carried in a `<desc:sig-envelope record signature>`:
//
//   <desc:handoff-give receiver-key exporter-location session gifter-side gift-id>
//     made by the gifter, signed with its key in the gifter–exporter session;
//   <desc:handoff-receive receiving-session receiving-side handoff-count signed-give>
//     made by the receiver, signed with its key in the gifter–receiver session.
//
// Here: building and signing them, reading their fields back (every field
// checked for its type), and checking a signature. Certificates are public:
// what makes them safe is who can sign them, not who sees them.

import { encodeSyrup, isRecordLabelled, syrupRecord, syrupSymbol, type SyrupRecord, type SyrupValue } from './syrup/index.js';
import { Far } from '../pass-style/index.js';
import {
  makeOcapnPublicKey,
  publicKeyBytesFromSyrup,
  publicKeyToSyrup,
  signatureFromSyrup,
  signatureToSyrup,
  type OcapnPublicKey,
  type OcapnSignature,
} from './crypto.js';
import { peerFromSyrup, peerToSyrup, type OcapnPeerLocator } from './locator.js';

export type Signer = (message: Uint8Array) => OcapnSignature;

/** A `<desc:sig-envelope signed signature>` as Syrup. */
export const sigEnvelope = (signed: SyrupValue, signature: OcapnSignature): SyrupValue =>
  syrupRecord(syrupSymbol('desc:sig-envelope'), signed, signatureToSyrup(signature));

const signedEnvelope = (record: SyrupValue, sign: Signer): SyrupValue => sigEnvelope(record, sign(encodeSyrup(record)));

export interface HandoffGive {
  readonly receiverKey: OcapnPublicKey;
  readonly exporterLocation: OcapnPeerLocator;
  /** The gifter–exporter session ID. */
  readonly session: Uint8Array;
  /** The gifter's public ID in the gifter–exporter session. */
  readonly gifterSide: Uint8Array;
  readonly giftId: Uint8Array;
}

export interface HandoffReceive {
  /** The exporter–receiver session ID. */
  readonly receivingSession: Uint8Array;
  /** The receiver's public ID in the exporter–receiver session. */
  readonly receivingSide: Uint8Array;
  readonly handoffCount: bigint;
  /** The gifter's signed give, as Syrup (signed and checked as such). */
  readonly signedGive: SyrupValue;
}

/** A handoff certificate is malformed: says which field and why. */
const malformed = (what: string): TypeError => TypeError(`Malformed handoff certificate: ${what}`);

const bytesField = (value: SyrupValue | undefined, what: string): Uint8Array => {
  if (!(value instanceof Uint8Array)) throw malformed(`${what} must be bytes`);
  return value;
};

/** The signed give the gifter sends in place of the reference. */
export const makeSignedHandoffGive = (give: HandoffGive, signWithGifterExporterKey: Signer): SyrupValue =>
  signedEnvelope(
    syrupRecord(
      syrupSymbol('desc:handoff-give'),
      publicKeyToSyrup(give.receiverKey.bytes),
      peerToSyrup(give.exporterLocation),
      give.session,
      give.gifterSide,
      give.giftId,
    ),
    signWithGifterExporterKey,
  );

/** The signed receive the receiver passes to the exporter's withdraw-gift. */
export const makeSignedHandoffReceive = (receive: HandoffReceive, signWithGifterReceiverKey: Signer): SyrupValue =>
  signedEnvelope(
    syrupRecord(
      syrupSymbol('desc:handoff-receive'),
      receive.receivingSession,
      receive.receivingSide,
      receive.handoffCount,
      receive.signedGive,
    ),
    signWithGifterReceiverKey,
  );

/** The parts of a `<desc:sig-envelope …>` holding a record labelled `label`. */
export const openEnvelope = (envelope: SyrupValue, label: string): { signed: SyrupRecord; signature: OcapnSignature } => {
  if (!isRecordLabelled(envelope, 'desc:sig-envelope') || envelope.fields.length !== 2) {
    throw malformed(`expected a desc:sig-envelope holding a ${label}`);
  }
  const [signed, signature] = envelope.fields as [SyrupValue, SyrupValue];
  if (!isRecordLabelled(signed, label)) throw malformed(`the desc:sig-envelope must hold a ${label}`);
  let parsed: OcapnSignature;
  try {
    parsed = signatureFromSyrup(signature);
  } catch (error) {
    throw malformed(`the signature of the ${label}: ${(error as Error).message}`);
  }
  return { signed, signature: parsed };
};

export const readHandoffGive = (signedGive: SyrupValue): HandoffGive & { signature: OcapnSignature; signed: SyrupValue } => {
  const { signed, signature } = openEnvelope(signedGive, 'desc:handoff-give');
  if (signed.fields.length !== 5) throw malformed('a desc:handoff-give has 5 fields');
  const [receiverKey, exporterLocation, session, gifterSide, giftId] = signed.fields as SyrupValue[];
  let key: OcapnPublicKey;
  let location: OcapnPeerLocator;
  try {
    key = makeOcapnPublicKey(publicKeyBytesFromSyrup(receiverKey!));
  } catch (error) {
    throw malformed(`the receiver-key: ${(error as Error).message}`);
  }
  try {
    location = peerFromSyrup(exporterLocation!);
  } catch (error) {
    throw malformed(`the exporter-location: ${(error as Error).message}`);
  }
  return {
    receiverKey: key,
    exporterLocation: location,
    session: bytesField(session, 'the session of the handoff-give'),
    gifterSide: bytesField(gifterSide, 'the gifter-side of the handoff-give'),
    giftId: bytesField(giftId, 'the gift-id of the handoff-give'),
    signature,
    signed,
  };
};

export const readHandoffReceive = (signedReceive: SyrupValue): HandoffReceive & { signature: OcapnSignature; signed: SyrupValue } => {
  const { signed, signature } = openEnvelope(signedReceive, 'desc:handoff-receive');
  if (signed.fields.length !== 4) throw malformed('a desc:handoff-receive has 4 fields');
  const [receivingSession, receivingSide, handoffCount, signedGive] = signed.fields as SyrupValue[];
  if (typeof handoffCount !== 'bigint' || handoffCount < 0n) throw malformed('the handoff-count must be a non-negative integer');
  return {
    receivingSession: bytesField(receivingSession, 'the receiving-session of the handoff-receive'),
    receivingSide: bytesField(receivingSide, 'the receiving-side of the handoff-receive'),
    handoffCount,
    signedGive: signedGive!,
    signature,
    signed,
  };
};

/** True if `signature` is `key`'s signature of the Syrup bytes of `signed`. */
export const isSignedBy = (signed: SyrupValue, signature: OcapnSignature, key: OcapnPublicKey): boolean => {
  try {
    return key.verify(encodeSyrup(signed), signature);
  } catch {
    return false;
  }
};

// A certificate as a passable value: a far object that the session writes
// as the certificate's Syrup, verbatim (a signed give we received and pass
// on, a signed receive for withdraw-gift). Only this module makes them.
const certificateOfValue = new WeakMap<object, SyrupValue>();

export const makeCertificateValue = (signedCertificate: SyrupValue, label: string): object => {
  const value = Far(`OCapN signed ${label}`, {});
  certificateOfValue.set(value, signedCertificate);
  return value;
};

/** The certificate `value` stands for, if it is one. */
export const certificateOf = (value: unknown): SyrupValue | undefined =>
  typeof value === 'object' && value !== null ? certificateOfValue.get(value) : undefined;
