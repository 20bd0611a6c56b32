// endo/eventual-send's utilities (like @endo/eventual-send/utils.js).
export { getMethodNames } from './method-names.js';
