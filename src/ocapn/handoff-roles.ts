// Third-party handoffs, the gifter's and the receiver's sides (spec/ocapn.md
// §7; the exporter's side is handoffs.ts).
//
// Gifter: a reference imported from session C (the exporter's) that we send
// in session B (the receiver's) is not proxied through us. We deposit it on
// C's bootstrap object (`deposit-gift gift-id ref`, gift-id 32 random bytes)
// and send, in its place, a desc:handoff-give naming B's key, C's location,
// the C session's ID and our side of it, and the gift-id, signed with our C
// session key.
//
// Receiver: a signed desc:handoff-give that arrives in session B stands for
// a promise. If the give names our key in B as its receiver, we connect to
// the exporter (or reuse our session with it), and send `withdraw-gift` with
// a desc:handoff-receive (that session's ID, our side of it, the next
// handoff count of that session, the give), signed with our B session key.
// The promise follows the answer: sends to it go to the exporter directly.

import { randomBytes } from 'node:crypto';
import { E, HandledPromise } from '../eventual-send/index.js';
import type { Passable } from '../pass-style/index.js';
import { isRecordLabelled, type SyrupValue } from './syrup/index.js';
import { formatPeerUri, type OcapnPeerLocator } from './locator.js';
import { signHandoffCertificate, type OcapnSession } from './session.js';
import type { makeGiftTable } from './handoffs.js';
import {
  certificateOf,
  makeCertificateValue,
  makeSignedHandoffGive,
  makeSignedHandoffReceive,
  readHandoffGive,
} from './handoff-certificates.js';
import { byteArrayOf } from './sturdy-refs.js';

const GIFT_ID_BYTES = 32;
const sink = (): void => {};
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export interface HandoffRolesOptions {
  /** Our session with `peer`: the live one or a new one. */
  connect(peer: OcapnPeerLocator): Promise<OcapnSession>;
  /** True if `peer` is this peer. */
  isOurs(peer: OcapnPeerLocator): boolean;
  /** Our gift table (for a give that names us as the exporter). */
  gifts: ReturnType<typeof makeGiftTable>;
}

export const makeHandoffRoles = ({ connect, isOurs, gifts }: HandoffRolesOptions) => {
  /** The session each import of a peer's came from. */
  const sessionOfImport = new WeakMap<object, OcapnSession>();
  /** Handoff counts we used as receiver, per exporter session (from 0). */
  const nextHandoffCount = new WeakMap<OcapnSession, bigint>();

  const onImport = (session: OcapnSession, value: object): void => {
    sessionOfImport.set(value, session);
  };

  // --- gifter ----------------------------------------------------------------

  /** The signed give to send in `receiverSession` for `value`, if it is another session's import. */
  const giveFor = (value: object, receiverSession: OcapnSession): SyrupValue | undefined => {
    const exporterSession = sessionOfImport.get(value);
    if (exporterSession === undefined || exporterSession === receiverSession) return undefined;
    const exporterLocation = exporterSession.peerLocation;
    if (exporterSession.isEnded || exporterLocation === undefined || exporterSession.id === undefined) {
      throw Error(`Cannot hand off a reference to an object of ${exporterLocation ? formatPeerUri(exporterLocation) : 'a peer'}: that session ended`);
    }
    const receiverKey = receiverSession.peerKey;
    if (receiverKey === undefined) throw Error('Cannot hand off a reference before the receiving session is established');
    const giftId = new Uint8Array(randomBytes(GIFT_ID_BYTES));
    const signedGive = makeSignedHandoffGive(
      { receiverKey, exporterLocation, session: exporterSession.id, gifterSide: exporterSession.ourKeyId, giftId },
      (message) => signHandoffCertificate(exporterSession, message),
    );
    // The deposit and the give may arrive in either order; the exporter waits.
    void E.sendOnly(exporterSession.getBootstrap())['deposit-gift'](byteArrayOf(giftId), value);
    return signedGive;
  };

  /** Syrup that stands for `value` in `session`: a certificate as is, or a handoff. */
  const writeElsewhere = (value: object, session: OcapnSession): SyrupValue | undefined =>
    certificateOf(value) ?? giveFor(value, session);

  // --- receiver --------------------------------------------------------------

  const refused = (why: string): Error => Error(`Handoff refused: ${why}`);

  /**
   * Starts the withdrawal of the gift a signed give (arrived in
   * `giverSession`) names; gives its answer (boxed, so that awaiting this
   * does not wait for the answer too).
   */
  const withdraw = async (signedGive: SyrupValue, giverSession: OcapnSession): Promise<{ answer: Promise<unknown> }> => {
    const give = readHandoffGive(signedGive);
    if (hex(give.receiverKey.id) !== hex(giverSession.ourKeyId)) {
      throw refused('the handoff-give names another receiver (its receiver-key is not our key in the session it came in)');
    }
    if (isOurs(give.exporterLocation)) {
      const answer = gifts.withdrawOwn(giverSession, signedGive);
      answer.catch(sink);
      return { answer };
    }
    const exporterSession = await connect(give.exporterLocation).catch((error: unknown) => {
      throw Error(`Handoff failed: cannot reach the exporter ${formatPeerUri(give.exporterLocation)}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const handoffCount = nextHandoffCount.get(exporterSession) ?? 0n;
    nextHandoffCount.set(exporterSession, handoffCount + 1n);
    const signedReceive = makeSignedHandoffReceive(
      { receivingSession: exporterSession.id!, receivingSide: exporterSession.ourKeyId, handoffCount, signedGive },
      (message) => signHandoffCertificate(giverSession, message),
    );
    const answer = E(exporterSession.getBootstrap())['withdraw-gift'](makeCertificateValue(signedReceive, 'desc:handoff-receive'));
    answer.catch(sink); // it is followed by the handoff's promise, which reports it
    return { answer };
  };

  /** What a `<desc:sig-envelope …>` from the peer stands for. */
  const makeSignedHandoff = (envelope: SyrupValue, session: OcapnSession): Passable => {
    const signed = isRecordLabelled(envelope, 'desc:sig-envelope') ? envelope.fields[0] : undefined;
    if (signed === undefined || !isRecordLabelled(signed, 'desc:handoff-give')) {
      // A signed handoff-receive: only the exporter's withdraw-gift uses it.
      return makeCertificateValue(envelope, 'desc:handoff-receive') as Passable;
    }
    // A promise whose sends, once it is the exporter's answer, go there.
    const promise = new HandledPromise<unknown>((resolve, reject) => {
      withdraw(envelope, session).then(({ answer }) => resolve(answer), reject);
    });
    promise.catch(sink);
    return promise as Passable;
  };

  return { onImport, writeElsewhere, makeSignedHandoff };
};
