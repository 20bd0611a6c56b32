// The capdata format's marker key: an object with an own `@qclass` property
// stands for a value JSON cannot express (undefined, NaN, a bigint, a slot,
// an error, ...).

export const QCLASS = '@qclass';
