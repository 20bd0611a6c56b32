// op:start-session, both ways (spec/ocapn.md §5): each side signs its own
// location, wrapped as `<my-location <ocapn-peer …>>`, with the fresh key of
// this session, and checks the peer's. The draft's op text omits the
// wrapper; the implementation guide, Endo and the test suite all sign it.

import { encodeSyrup, syrupRecord, syrupSymbol, type SyrupValue } from './syrup/index.js';
import { makeOcapnPublicKey, type OcapnKeyPair, type OcapnPublicKey, type OcapnSignature } from './crypto.js';
import type { StartSessionOp } from './operations.js';

export const OCAPN_CAPTP_VERSION = '1.0';

/** The bytes a location signature covers. */
export const locationSignedBytes = (location: SyrupValue): Uint8Array =>
  encodeSyrup(syrupRecord(syrupSymbol('my-location'), location));

export const signLocation = (keyPair: OcapnKeyPair, location: SyrupValue): OcapnSignature =>
  keyPair.sign(locationSignedBytes(location));

/**
 * The peer's session key, once its op:start-session is found acceptable;
 * otherwise an Error saying why (the session aborts with that reason).
 */
export const checkStartSession = (op: StartSessionOp): OcapnPublicKey => {
  if (op.version !== OCAPN_CAPTP_VERSION) {
    throw Error(`Unsupported CapTP version ${JSON.stringify(op.version.slice(0, 100))}: this peer speaks ${OCAPN_CAPTP_VERSION}`);
  }
  let key: OcapnPublicKey;
  try {
    key = makeOcapnPublicKey(op.publicKey);
  } catch {
    throw Error('Invalid session key in op:start-session');
  }
  if (!key.verify(locationSignedBytes(op.locationSyrup), op.signature)) {
    throw Error('Invalid location signature in op:start-session');
  }
  return key;
};
