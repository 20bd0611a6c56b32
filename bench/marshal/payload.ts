// The data the marshal benchmarks move: 1000 records of strings, numbers,
// bigints, booleans and nested arrays. `jsonSafe` gives the same shape with
// bigints written as strings, for the plain-JSON floor.

export const RECORDS = 1000;

export const makePayload = (jsonSafe = false): unknown[] => {
  const records: unknown[] = [];
  for (let i = 0; i < RECORDS; i += 1) {
    const amount = BigInt(i) * 1_000_000_007n;
    records.push({
      id: i,
      name: `item number ${i}`,
      amount: jsonSafe ? `${amount}` : amount,
      ratio: i / 7,
      active: i % 2 === 0,
      tags: ['alpha', 'beta', `tag-${i % 10}`],
      matrix: [
        [i, i + 1, i + 2],
        ['x', 'y', { depth: i % 3 }],
      ],
    });
  }
  return records;
};
