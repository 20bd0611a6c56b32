// The payload of the Syrup benchmark: 1000 records of the shape an OCapN
// application sends ({id, name, tags, amount, ok}), hardened.

export const RECORDS = 1000;

export const makeSyrupPayload = (harden: <T>(value: T) => T): unknown[] => {
  const records: unknown[] = [];
  for (let i = 0; i < RECORDS; i += 1) {
    records.push({
      id: i,
      name: `item number ${i}`,
      tags: ['alpha', 'beta', `tag-${i % 10}`],
      amount: BigInt(i) * 1_000_000_007n,
      ok: i % 2 === 0,
    });
  }
  return harden(records);
};
