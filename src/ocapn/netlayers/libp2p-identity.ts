// A libp2p netlayer's stable identity: its private key, from which its peer
// id (the designator in its OCapN locators) follows. Peers find each other
// again across restarts only if the key is kept, so these helpers make a
// fresh Ed25519 key and save and load it in libp2p's protobuf key format,
// in a file only its owner may read.

import { readFile, writeFile } from 'node:fs/promises';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import type { PrivateKey } from '@libp2p/interface';

export type { PrivateKey } from '@libp2p/interface';

/** A fresh Ed25519 libp2p private key. */
export const generateLibp2pPrivateKey = (): Promise<PrivateKey> => generateKeyPair('Ed25519');

/** The key's bytes (libp2p's protobuf PrivateKey encoding), to store. */
export const libp2pPrivateKeyToBytes = (key: PrivateKey): Uint8Array => privateKeyToProtobuf(key);

/** A key from its stored bytes; a TypeError says when they are not a libp2p private key. */
export const libp2pPrivateKeyFromBytes = (bytes: Uint8Array): PrivateKey => {
  try {
    return privateKeyFromProtobuf(bytes);
  } catch (error) {
    throw TypeError(`These ${bytes.length} bytes are not a libp2p private key (protobuf encoded)`, { cause: error });
  }
};

/** The peer id a key gives, in its string form: the designator of the netlayer's locators. */
export const libp2pPeerIdOfKey = (key: PrivateKey): string => peerIdFromPrivateKey(key).toString();

/**
 * Writes the key to `path`, readable and writable by its owner only. It
 * refuses to replace an existing file (an identity lost is a peer lost)
 * unless `overwrite` is true.
 */
export const saveLibp2pPrivateKey = async (path: string, key: PrivateKey, { overwrite = false } = {}): Promise<void> => {
  await writeFile(path, libp2pPrivateKeyToBytes(key), { mode: 0o600, flag: overwrite ? 'w' : 'wx' });
};

/** Reads a key saved by saveLibp2pPrivateKey. */
export const loadLibp2pPrivateKey = async (path: string): Promise<PrivateKey> => libp2pPrivateKeyFromBytes(await readFile(path));

/**
 * The key in `path`, or a fresh one saved there when the file does not
 * exist yet: a peer that keeps its identity from one run to the next.
 */
export const loadOrCreateLibp2pPrivateKey = async (path: string): Promise<PrivateKey> => {
  try {
    return await loadLibp2pPrivateKey(path);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
  }
  const key = await generateLibp2pPrivateKey();
  await saveLibp2pPrivateKey(path, key);
  return key;
};
