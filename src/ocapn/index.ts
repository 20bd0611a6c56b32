// endo/ocapn: OCapN peers. Syrup (./syrup), keys and IDs, locators,
// netlayers, and the CapTP session engine with its client API (makeOcapn).

export * from './syrup/index.js';
export * from './crypto.js';
export * from './locator.js';
export type { OcapnChannel, OcapnNetlayer, OcapnNetlayerFactory } from './netlayer.js';
export { makeOcapn, type Ocapn, type OcapnOptions } from './client.js';
export type { OcapnSession } from './session.js';
export { DEFAULT_OCAPN_QUOTAS, type OcapnQuotas } from './quotas.js';
export { OCAPN_DIALECTS, type OcapnDialect } from './op-writer.js';
export { OCAPN_CAPTP_VERSION } from './handshake.js';
export { makeOpReader, type OcapnOp, type OpReader } from './operations.js';
