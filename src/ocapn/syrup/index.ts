// Syrup, OCapN's canonical binary serialization: the data model, a writer,
// a canonical encoder, a strict bounded decoder (whole input or a stream of
// concatenated values), and the passable mapping.

export type { SyrupValue, SyrupSymbol, SyrupRecord, SyrupDictionary, SyrupSet } from './value.js';
export { syrupSymbol, syrupRecord, syrupDictionary, syrupSet, isRecordLabelled } from './value.js';
export { SyrupWriter, type SyrupWriterOptions } from './writer.js';
export { encodeSyrup, writeSyrupValue } from './encode.js';
export { decodeSyrup, makeSyrupStreamDecoder, type SyrupStreamDecoder } from './decode.js';
export { DEFAULT_SYRUP_DECODE_LIMITS, type SyrupDecodeLimits } from './limits.js';
export { compareBytes } from './compare-bytes.js';
export {
  encodePassableSyrup,
  writePassableSyrup,
  decodePassableSyrup,
  makePassableSyrupStreamDecoder,
  type PassableSyrupEncodeOptions,
  type PassableSyrupDecodeOptions,
  type RecordKeyOrder,
} from './passable.js';
